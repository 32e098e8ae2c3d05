// The production server for hosts other than Vercel: built by `npm run
// build:server` into cloud/dist/server.js and run by plain `node` (what `npm run
// serve` does), on a fresh database it migrates itself, serving the API and an
// H5 folder with the security headers.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { get, type IncomingHttpHeaders } from 'node:http';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { MIGRATIONS_DIR } from '../../cloud/src/db';
import { inlineScriptHashes } from '../../cloud/src/securityHeaders';
import { REPO_ROOT, SERVER_BUNDLE } from '../../cloud/scripts/build';
import { createTestDb, describePostgres, type TestDb } from '../support/db';
import rootPackage from '../../package.json';

const INDEX_HTML = '<!doctype html><title>质量服务</title><script>document.documentElement.dataset.ok = "1"</script><div id="app"></div>';
/** A hashed chunk as the H5 build names them, large enough to be worth compressing. */
const APP_JS_PATH = '/js/app.0123abcd.js';
const APP_JS = Array.from({ length: 400 }, (_, i) => `export const label${i} = '需求 ${i}：计量、标准、检验检测、认证认可';`).join('\n');

/** A GET as sent, without fetch's own decompression: status, headers and the bytes on the wire. */
function rawGet(
  url: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    get(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
    }).on('error', reject);
  });
}

const decode = (r: { headers: IncomingHttpHeaders; body: Buffer }) =>
  r.headers['content-encoding'] === 'br'
    ? brotliDecompressSync(r.body)
    : r.headers['content-encoding'] === 'gzip'
      ? gunzipSync(r.body)
      : r.body;

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
    await mkdir(join(h5, 'js'));
    await writeFile(join(h5, APP_JS_PATH), APP_JS);
    // What npm run build:h5 does after Taro's build: .br and .gz beside each text file.
    const pre = spawnSync(process.execPath, ['miniapp/scripts/precompress.mjs', h5], { cwd: REPO_ROOT, encoding: 'utf8' });
    expect(pre.status, pre.stderr).toBe(0);
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

  it('sends the H5 files brotli- or gzip-compressed as Accept-Encoding asks, hashed ones cached as immutable', async () => {
    for (const [accept, encoding] of [
      ['gzip, deflate, br', 'br'],
      ['gzip', 'gzip'],
      ['br;q=0.5, gzip;q=0.9', 'gzip'],
      ['identity', undefined],
      ['', undefined],
    ] as const) {
      const res = await rawGet(`${base}${APP_JS_PATH}`, accept ? { 'accept-encoding': accept } : {});
      expect(res.status).toBe(200);
      expect(res.headers['content-encoding'], accept).toBe(encoding);
      expect(res.headers['vary']).toMatch(/accept-encoding/i);
      expect(res.headers['content-type']).toBe('text/javascript; charset=utf-8');
      expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      expect(Number(res.headers['content-length'])).toBe(res.body.length);
      if (encoding) expect(res.body.length).toBeLessThan(Buffer.byteLength(APP_JS) / 4);
      expect(decode(res).toString('utf8')).toBe(APP_JS);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
    }
  });

  it('has index.html revalidated on every load (no-cache), answering 304 while it is unchanged', async () => {
    const res = await rawGet(`${base}/`, { 'accept-encoding': 'br, gzip' });
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('no-cache');
    expect(decode(res).toString('utf8')).toBe(INDEX_HTML);
    const etag = res.headers['etag'];
    expect(etag).toMatch(/^"[^"]+"$/);
    const again = await rawGet(`${base}/index.html`, { 'accept-encoding': 'br, gzip', 'if-none-match': etag! });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
    expect((await rawGet(`${base}/`, { 'if-none-match': '"something-else"' })).status).toBe(200);
  });

  it('compresses the API’s replies as negotiated; the decompressed JSON is the reply', async () => {
    const plain = await rawGet(`${base}/api/openapi.json`);
    expect(plain.headers['content-encoding']).toBeUndefined();
    const doc = JSON.parse(plain.body.toString('utf8')) as { openapi: string };
    expect(doc.openapi).toMatch(/^3\./);
    for (const [accept, encoding] of [
      ['br, gzip', 'br'],
      ['gzip', 'gzip'],
    ] as const) {
      const res = await rawGet(`${base}/api/openapi.json`, { 'accept-encoding': accept });
      expect(res.status).toBe(200);
      expect(res.headers['content-encoding']).toBe(encoding);
      expect(res.headers['content-type']).toBe(plain.headers['content-type']);
      expect(res.headers['content-security-policy']).toBe("default-src 'none'; frame-ancestors 'none'");
      expect(res.headers['vary']).toMatch(/accept-encoding/i);
      expect(res.body.length).toBeLessThan(plain.body.length / 3);
      expect(JSON.parse(decode(res).toString('utf8'))).toEqual(doc);
    }
    // A small reply goes as it is (compressing a few hundred bytes saves nothing).
    const small = await rawGet(`${base}/api/nope`, { 'accept-encoding': 'br, gzip' });
    expect(small.status).toBe(404);
    expect(small.headers['content-encoding']).toBeUndefined();
    expect((JSON.parse(small.body.toString('utf8')) as { error: { code: string } }).error.code).toBe('not_found');
    expect(small.headers['content-security-policy']).toBe("default-src 'none'; frame-ancestors 'none'");
    // The API reference page keeps its own policy through the middleware (it was lost once: the node
    // server's Response dropped the headers set on it when its body was read).
    const docs = await rawGet(`${base}/api/docs`, { 'accept-encoding': 'gzip, deflate, br, zstd' });
    expect(docs.status).toBe(200);
    expect(docs.headers['content-security-policy']).toMatch(/script-src 'self' 'sha256-/);
    expect(docs.headers['x-content-type-options']).toBe('nosniff');
  });
});
