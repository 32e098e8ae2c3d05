// The Vercel function as it is deployed: built by the script vercel.json's
// buildCommand runs (npm run build:vercel), imported from cloud/api/index.js by
// a bare `node` (no tsx, no loader, in a fresh process), serving real requests
// through its exported handler against a fresh migrated database.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { issueToken } from '../../cloud/src/auth/session';
import { loadConfig } from '../../cloud/src/config';
import { migrate } from '../../cloud/src/db';
import { seed } from '../../cloud/src/db/seed';
import { createDeps } from '../../cloud/src/deps';
import { swaggerUiDistDir } from '../../cloud/src/routes/docs';
import { CLOUD_DIR, EXTERNAL, PUBLIC_DIR, REPO_ROOT, vercelBundleFigures } from '../../cloud/scripts/build';
import { createTestDb, describePostgres, type TestDb } from '../support/db';
import { needBody, newKey } from '../support/api';

const SESSION_SECRET = randomBytes(24).toString('base64');
const DATA_KEY = randomBytes(32).toString('base64');
const vercelJson = JSON.parse(readFileSync(join(CLOUD_DIR, 'vercel.json'), 'utf8'));

/** Imports the deployed entry, serves its default export over HTTP, prints the port. */
const CHILD = `
import http from 'node:http';
const { default: handler } = await import(process.env.ENTRY);
if (typeof handler !== 'function') throw new Error('the entry exports no handler');
const server = http.createServer(handler).listen(0, '127.0.0.1', () => console.log('READY ' + server.address().port));
`;

function startFunction(env: Record<string, string>): Promise<{ child: ChildProcess; base: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', CHILD], {
      cwd: tmpdir(),
      // Nothing of the test runner's environment (NODE_OPTIONS, loaders): what Vercel gives the function.
      env: { PATH: process.env.PATH ?? '', ENTRY: pathToFileURL(join(CLOUD_DIR, 'api/index.js')).href, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /READY (\d+)/.exec(out);
      if (m) resolve({ child, base: `http://127.0.0.1:${m[1]}` });
    });
    child.stderr!.on('data', (c: Buffer) => (err += c.toString()));
    child.on('exit', (code) => reject(new Error(`the built function did not start (exit ${code}):\n${err}${out}`)));
  });
}

describePostgres('the Vercel function, built and run as deployed', () => {
  let testDb: TestDb;
  let fn: { child: ChildProcess; base: string } | undefined;
  let token: string;
  let managerToken: string;

  beforeAll(async () => {
    const built = spawnSync('npm', ['run', 'build:vercel'], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
      timeout: 180_000,
      env: { ...process.env, VERCEL: '' },
    });
    expect(built.status, `npm run build:vercel failed:\n${built.stdout}\n${built.stderr}`).toBe(0);

    testDb = await createTestDb();
    await migrate(testDb.db);
    const deps = createDeps(testDb.db, loadConfig({ SESSION_SECRET, DATA_KEY }));
    await seed(testDb.db, deps.pii);
    const { rows } = await testDb.db.query<{ id: string }>(`SELECT id FROM users WHERE persona = 'enterprise'`);
    token = await issueToken(rows[0]!.id, SESSION_SECRET, 3600, new Date());
    const manager = await testDb.db.query<{ id: string }>(`SELECT id FROM users WHERE persona = 'manager'`);
    managerToken = await issueToken(manager.rows[0]!.id, SESSION_SECRET, 3600, new Date());

    fn = await startFunction({ DATABASE_URL: testDb.url!, SESSION_SECRET, DATA_KEY });
  }, 240_000);

  afterAll(async () => {
    if (fn) {
      const exited = new Promise((r) => fn!.child.once('exit', r));
      fn.child.kill('SIGTERM');
      await exited;
    }
    await testDb?.drop();
  });

  it('is built by the script vercel.json runs, and vercel.json sends /api/* to the built entry', () => {
    expect(vercelJson.buildCommand).toContain('npm run build:vercel');
    expect(vercelJson.regions).toEqual(['hkg1']);
    expect(vercelJson.rewrites).toContainEqual({ source: '/api/(.*)', destination: '/api' });
    expect(Object.keys(vercelJson.functions)).toEqual(['api/index.js']);
    expect(existsSync(join(CLOUD_DIR, 'api/index.ts'))).toBe(false); // it would be a second, uncompiled entry
    // The H5 build's js/ and css/ files carry content hashes: cached for a year, as the production server does.
    expect(vercelJson.headers).toContainEqual({
      source: '/(js|css)/(.*)',
      headers: [{ key: 'Cache-Control', value: 'public, max-age=31536000, immutable' }],
    });
  });

  it('imports nothing but Node’s own modules and the native addons Vercel traces; never the embedded database', () => {
    const meta = JSON.parse(readFileSync(join(CLOUD_DIR, 'dist/vercel/meta.json'), 'utf8')) as {
      outputs: Record<string, { imports: { path: string; external?: boolean }[] }>;
    };
    const builtins = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));
    const external = Object.values(meta.outputs).flatMap((o) => o.imports.filter((i) => i.external).map((i) => i.path));
    expect(external.filter((p) => !builtins.has(p) && !EXTERNAL.includes(p))).toEqual([]);
    expect(external).not.toContain('@electric-sql/pglite');
  });

  it('loads at most 1 MB at a cold start; the Excel export, the PDF writer, the lunar calendar and QR drawing load at first use', () => {
    const meta = JSON.parse(readFileSync(join(CLOUD_DIR, 'dist/vercel/meta.json'), 'utf8')) as Parameters<typeof vercelBundleFigures>[0] & {
      outputs: Record<string, { inputs: Record<string, unknown> }>;
    };
    const figures = vercelBundleFigures(meta);
    expect(figures.coldStartBytes, JSON.stringify(figures)).toBeLessThanOrEqual(1_000_000);
    // The metafile's sizes are the files' sizes.
    for (const file of figures.coldStartFiles) expect(readFileSync(join(REPO_ROOT, file)).length).toBe(meta.outputs[file]!.bytes);
    const coldInputs = figures.coldStartFiles.flatMap((f) => Object.keys(meta.outputs[f]!.inputs));
    for (const lazy of [
      'node_modules/exceljs/',
      'node_modules/lunar-typescript/',
      'node_modules/qrcode/',
      'node_modules/swagger-ui-dist/',
      'node_modules/pdfkit/',
      'node_modules/fontkit/',
    ]) {
      expect(coldInputs.filter((i) => i.includes(lazy))).toEqual([]);
    }
    // Of zod's locales, only the two in use are bundled.
    const allInputs = Object.values(meta.outputs).flatMap((o) => Object.keys(o.inputs));
    expect(allInputs.filter((i) => i.includes('zod/v4/locales/')).sort()).toEqual([
      'node_modules/zod/v4/locales/en.js',
      'node_modules/zod/v4/locales/zh-CN.js',
    ]);
  });

  it('answers GET /api/categories from the handler, with the API’s security headers', async () => {
    const res = await fetch(`${fn!.base}/api/categories`);
    expect(res.status).toBe(200);
    expect((await res.json()) as unknown[]).toHaveLength(11);
    expect(res.headers.get('content-security-policy')).toBe("default-src 'none'; frame-ancestors 'none'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('serves the API reference page, whose assets are in the static output', async () => {
    const res = await fetch(`${fn!.base}/api/docs`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('SwaggerUIBundle');
    expect(res.headers.get('content-security-policy')).toMatch(/script-src 'self' 'sha256-[^']+'/);
    for (const m of html.matchAll(/(?:href|src)="(\/api\/docs\/assets\/[^"]+)"/g)) {
      const file = join(PUBLIC_DIR, m[1]!);
      expect(existsSync(file), `${m[1]} is not in the static output`).toBe(true);
      expect(readFileSync(file).equals(readFileSync(join(swaggerUiDistDir(), m[1]!.split('/').pop()!)))).toBe(true);
    }
    expect(html.match(/\/api\/docs\/assets\//g)).toHaveLength(2);
    const doc = await fetch(`${fn!.base}/api/openapi.json`);
    expect(doc.status).toBe(200);
  });

  it('takes a signed-in POST /api/needs and stores it', async () => {
    const res = await fetch(`${fn!.base}/api/needs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'Idempotency-Key': newKey() },
      body: JSON.stringify(needBody({ title: '部署后的第一条需求' })),
    });
    expect(res.status, await res.clone().text()).toBe(201);
    const created = (await res.json()) as { id: string };
    const { rows } = await testDb.db.query<{ title: string }>('SELECT title FROM needs WHERE id = $1', [created.id]);
    expect(rows).toEqual([{ title: '部署后的第一条需求' }]);
  });

  it('refuses to start without a database instead of falling back to the embedded one', async () => {
    await expect(startFunction({ SESSION_SECRET, DATA_KEY })).rejects.toThrow(/no database for the Vercel function: set POSTGRES_URL/);
  });

  it('draws a station poster PNG with the native renderer and the bundled font', async () => {
    const res = await fetch(`${fn!.base}/api/stations/HKC001/qrcode.png?poster=1`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(
      Buffer.from(await res.arrayBuffer())
        .subarray(1, 4)
        .toString(),
    ).toBe('PNG');
  });

  it('exports the statistics workbook with the lazily loaded exceljs chunk', async () => {
    const res = await fetch(`${fn!.base}/api/stats/overview.xlsx?from=2026-01-01&to=2026-12-31`, {
      headers: { authorization: `Bearer ${managerToken}` },
    });
    expect(res.status, await res.clone().text()).toBe(200);
    const bytes = await res.arrayBuffer();
    expect(Buffer.from(bytes).subarray(0, 2).toString()).toBe('PK'); // a zip: the workbook
    const { default: ExcelJS } = await import('exceljs');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(bytes);
    expect(wb.worksheets.length).toBeGreaterThan(1);
  });
});
