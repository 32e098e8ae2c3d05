// The production server for hosts other than Vercel: built by `npm run
// build:server` into cloud/dist/server.js and run by plain `node` (what `npm run
// serve` does), on a fresh database it migrates itself, serving the API and an
// H5 folder with the security headers.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { MIGRATIONS_DIR } from '../../cloud/src/db';
import { inlineScriptHashes } from '../../cloud/src/securityHeaders';
import { REPO_ROOT, SERVER_BUNDLE } from '../../cloud/scripts/build';
import { createTestDb, describePostgres, type TestDb } from '../support/db';
import rootPackage from '../../package.json';

const INDEX_HTML = '<!doctype html><title>质量服务</title><script>document.documentElement.dataset.ok = "1"</script><div id="app"></div>';

describePostgres('the production server (npm run build:server, npm run serve)', () => {
  let testDb: TestDb;
  let h5: string;
  let child: ChildProcess | undefined;
  let base: string;

  beforeAll(async () => {
    const built = spawnSync('npm', ['run', 'build:server'], { cwd: REPO_ROOT, encoding: 'utf8', timeout: 180_000 });
    expect(built.status, `npm run build:server failed:\n${built.stdout}\n${built.stderr}`).toBe(0);

    testDb = await createTestDb();
    h5 = await mkdtemp(join(tmpdir(), 'qi-prod-h5-'));
    await writeFile(join(h5, 'index.html'), INDEX_HTML);
    const port = 20000 + Math.floor(Math.random() * 20000);
    base = `http://127.0.0.1:${port}`;
    const [command, ...args] = rootPackage.scripts.serve.split(' ');
    expect(command).toBe('node');
    child = spawn(process.execPath, args, {
      cwd: REPO_ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        DATABASE_URL: testDb.url!,
        SESSION_SECRET: randomBytes(24).toString('base64'),
        DATA_KEY: randomBytes(32).toString('base64'),
        H5_DIR: h5,
        PORT: String(port),
        HOST: '127.0.0.1',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    await new Promise<void>((resolve, reject) => {
      let out = '';
      child!.stdout!.on('data', (c: Buffer) => {
        out += c.toString();
        if (out.includes('[server] listening')) resolve();
      });
      child!.stderr!.on('data', (c: Buffer) => (out += c.toString()));
      child!.on('exit', (code) => reject(new Error(`node ${args.join(' ')} exited (${code}):\n${out}`)));
    });
  }, 240_000);

  afterAll(async () => {
    if (child && child.exitCode === null) {
      const exited = new Promise((r) => child!.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
    await testDb?.drop();
    if (h5) await rm(h5, { recursive: true, force: true });
  });

  it('runs compiled JavaScript: the script starts node on the bundle', () => {
    expect(rootPackage.scripts.serve).toBe(`node ${SERVER_BUNDLE.slice(REPO_ROOT.length + 1)}`);
  });

  it('migrates the database at start with the migrations shipped beside the bundle', async () => {
    const files = (await readdir(MIGRATIONS_DIR)).filter((f) => f.endsWith('.sql'));
    const { rows } = await testDb.db.query<{ n: number }>('SELECT count(*)::int AS n FROM schema_migrations');
    expect(rows[0]!.n).toBe(files.length);
  });

  it('serves the API, with the API’s security headers', async () => {
    const res = await fetch(`${base}/api/categories`);
    expect(res.status).toBe(200);
    expect((await res.json()) as unknown[]).toHaveLength(11);
    expect(res.headers.get('content-security-policy')).toBe("default-src 'none'; frame-ancestors 'none'");
  });

  it('serves the H5 app under a CSP that allows its inline script by hash, and nobody may frame it', async () => {
    const res = await fetch(`${base}/`);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe(INDEX_HTML);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain(`script-src 'self' ${inlineScriptHashes(INDEX_HTML)[0]}`);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
  });

  it('is not in demo mode: the dev login is closed', async () => {
    const res = await fetch(`${base}/api/auth/dev`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"persona":"manager"}',
    });
    expect(res.status).not.toBe(200);
  });
});
