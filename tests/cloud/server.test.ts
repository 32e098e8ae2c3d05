// What `npm start` runs: the local server on the embedded database, migrated
// and seeded, answering real HTTP on one port — API and H5 app together.
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer } from '../../cloud/src/server';

let dir: string;
let base: string;
let stop: () => Promise<void>;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'qi-server-'));
  const h5 = join(dir, 'h5');
  await mkdir(h5);
  await writeFile(join(h5, 'index.html'), '<!doctype html><title>质量服务</title>');
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
});
