// What `npm start` runs: the local server on the embedded database, migrated
// and seeded, answering real HTTP on one port — API and H5 app together.
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { get, type IncomingHttpHeaders } from 'node:http';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer } from '../../cloud/src/server';

/** A hashed stylesheet with no .br/.gz beside it (a build that skipped precompression). */
const CSS_PATH = '/css/app.89abcdef.css';
const CSS = Array.from({ length: 300 }, (_, i) => `.item-${i} { color: #1f66d6; padding: ${i % 8}px; }`).join('\n');
const PNG = Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), Buffer.alloc(4096, 1)]);

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

let dir: string;
let base: string;
let stop: () => Promise<void>;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'qi-server-'));
  const h5 = join(dir, 'h5');
  await mkdir(h5);
  await writeFile(join(h5, 'index.html'), '<!doctype html><title>质量服务</title>');
  await mkdir(join(h5, 'css'));
  await writeFile(join(h5, CSS_PATH), CSS);
  await writeFile(join(h5, 'logo.png'), PNG);
  const port = 20000 + Math.floor(Math.random() * 20000);
  const started = await startServer({
    DEMO_MODE: '1',
    DB_DRIVER: 'pglite',
    DATA_DIR: join(dir, 'data'),
    H5_DIR: h5,
    PORT: String(port),
    HOST: '127.0.0.1',
  });
  stop = started.stop;
  base = `http://127.0.0.1:${port}`;
});
afterAll(async () => {
  await stop?.();
  await rm(dir, { recursive: true, force: true });
});

describe('the local server', () => {
  it('serves the API over HTTP on the embedded database with the demo personas', async () => {
    const login = await fetch(`${base}/api/auth/dev`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ persona: 'enterprise' }),
    });
    expect(login.status).toBe(200);
    const { token } = (await login.json()) as { token: string };
    const created = await fetch(`${base}/api/needs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'Idempotency-Key': 'server-test-1' },
      body: JSON.stringify({
        title: '计量器具检定',
        description: '需要对电子秤进行检定校准',
        categories: ['metrology'],
        contactName: '林晓华',
        contactPhone: '13800000000',
      }),
    });
    expect(created.status).toBe(201);
    const list = (await (await fetch(`${base}/api/needs`, { headers: { authorization: `Bearer ${token}` } })).json()) as {
      items: unknown[];
    };
    expect(list.items).toHaveLength(1);
  });

  it("answers an unknown /api path with the JSON 404 envelope, not the static files' plain text", async () => {
    for (const path of ['/api/nope', '/api/nope/deeper.json', '/api']) {
      const res = await fetch(`${base}${path}`);
      expect(res.status).toBe(404);
      expect(res.headers.get('content-type')).toMatch(/application\/json/);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('not_found');
    }
  });

  it('serves the H5 app at / on the same port', async () => {
    const res = await fetch(`${base}/`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('质量服务');
  });

  it('compresses an H5 file the build left no .br/.gz for, once, as negotiated; an image goes as it is', async () => {
    const br = await rawGet(`${base}${CSS_PATH}`, { 'accept-encoding': 'gzip, deflate, br' });
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(brotliDecompressSync(br.body).toString('utf8')).toBe(CSS);
    const gz = await rawGet(`${base}${CSS_PATH}`, { 'accept-encoding': 'gzip' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.body).toString('utf8')).toBe(CSS);
    expect(gz.headers['etag']).not.toBe(br.headers['etag']);
    const png = await rawGet(`${base}/logo.png`, { 'accept-encoding': 'gzip, br' });
    expect(png.headers['content-encoding']).toBeUndefined();
    expect(png.headers['content-type']).toBe('image/png');
    expect(png.headers['cache-control']).toBe('no-cache'); // no hash in its name
    expect(png.body.equals(PNG)).toBe(true);
  });

  it('serves only the files of the build: other paths, and ones leaving the folder, get the JSON 404', async () => {
    for (const path of ['/nope.js', '/css/../../etc/passwd', '/%2e%2e/%2e%2e/etc/passwd', '/%E0%A4%A']) {
      const res = await rawGet(`${base}${path}`);
      expect(res.status, path).toBe(404);
      expect(res.headers['content-type']).toMatch(/application\/json/);
    }
  });
});
