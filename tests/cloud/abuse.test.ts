// Abuse: the client address (the socket unless a trusted proxy is named),
// rate limits shared through Postgres, demo mode only when asked for, and
// input the database could not store refused with 400 at the schema level.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { sign } from 'hono/jwt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../cloud/src/app';
import { loadConfig, startDemoMode } from '../../cloud/src/config';
import { migrate } from '../../cloud/src/db';
import { createPgDb } from '../../cloud/src/db/pg';
import { seed } from '../../cloud/src/db/seed';
import { createDeps } from '../../cloud/src/deps';
import { normalizeAddress } from '../../cloud/src/rateLimit';
import { createTestApi, jsonClient, needBody, newKey, RELAXED_RATE_LIMITS, type TestApi } from '../support/api';
import { createTestDb } from '../support/db';

const NOW = new Date('2026-12-01T08:00:15Z'); // 45 s before the minute's window closes
const login = (persona = 'enterprise', headers: Record<string, string> = {}) => ({ body: { persona }, headers });

describe('the client address', () => {
  it('ignores X-Forwarded-For unless a trusted proxy is configured: a spoofed flood of sign-ins gets 429', async () => {
    const api = await createTestApi({ RATE_LIMIT_SIGNIN_PER_MINUTE: '20' });
    try {
      api.setNow(NOW);
      const statuses: number[] = [];
      for (let i = 0; i < 60; i++) {
        const r = await api.request(
          'POST',
          '/api/auth/dev',
          login('enterprise', { 'x-forwarded-for': `198.51.100.${i}`, 'x-real-ip': `203.0.113.${i}` }),
        );
        statuses.push(r.status);
      }
      expect(statuses.filter((s) => s === 200)).toHaveLength(20);
      expect(statuses.slice(20).every((s) => s === 429)).toBe(true);
      const last = await api.request('POST', '/api/auth/dev', login());
      expect(last.body.error.code).toBe('rate_limited');
      expect(last.body.error.message).toMatch(/频繁/);
      expect(last.headers.get('retry-after')).toBe('45');
    } finally {
      await api.close();
    }
  });

  it('takes the address from the socket over real HTTP, whatever the headers say', async () => {
    const api = await createTestApi({ RATE_LIMIT_SIGNIN_PER_MINUTE: '5' });
    api.setNow(NOW);
    const server = serve({ fetch: createApp(api.deps).fetch, port: 0, hostname: '127.0.0.1' });
    try {
      if (!server.listening) await new Promise<void>((resolve) => server.once('listening', () => resolve()));
      const { port } = server.address() as AddressInfo;
      const http = jsonClient((path, init) => fetch(`http://127.0.0.1:${port}${path}`, init));
      const statuses: number[] = [];
      for (let i = 0; i < 12; i++) {
        statuses.push((await http.request('POST', '/api/auth/dev', login('enterprise', { 'x-forwarded-for': `198.51.100.${i}` }))).status);
      }
      expect(statuses).toEqual([...Array(5).fill(200), ...Array(7).fill(429)]);
      const { rows } = await api.deps.db.query<{ bucket: string; count: number }>('SELECT bucket, count FROM rate_limits');
      expect(rows).toEqual([{ bucket: 'signin:addr:127.0.0.1', count: 12 }]);
    } finally {
      await new Promise((resolve) => server.close(resolve));
      await api.close();
    }
  });

  it('believes the header a trusted proxy sets, counting hops from the right of X-Forwarded-For', async () => {
    const api = await createTestApi({ RATE_LIMIT_SIGNIN_PER_MINUTE: '2', TRUST_PROXY_HEADER: 'X-Forwarded-For', TRUST_PROXY_HOPS: '1' });
    try {
      api.setNow(NOW);
      // The client forges the left part; the proxy appends what it saw.
      const via = (forged: string, seen: string) => login('enterprise', { 'x-forwarded-for': `${forged}, ${seen}` });
      expect((await api.request('POST', '/api/auth/dev', via('1.1.1.1', '203.0.113.9'))).status).toBe(200);
      expect((await api.request('POST', '/api/auth/dev', via('2.2.2.2', '203.0.113.9'))).status).toBe(200);
      expect((await api.request('POST', '/api/auth/dev', via('3.3.3.3', '203.0.113.9'))).status).toBe(429);
      expect((await api.request('POST', '/api/auth/dev', via('3.3.3.3', '203.0.113.10'))).status).toBe(200);
    } finally {
      await api.close();
    }
  });

  it('uses x-vercel-forwarded-for on Vercel, and an IPv6 client by its /64', () => {
    expect(loadConfig({ DEMO_MODE: '1', VERCEL: '1' }).trustProxy).toEqual({ header: 'x-vercel-forwarded-for', hops: 1 });
    expect(loadConfig({ DEMO_MODE: '1' }).trustProxy).toBeNull();
    expect(normalizeAddress('::ffff:10.1.2.3')).toBe('10.1.2.3');
    expect(normalizeAddress('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64');
    expect(normalizeAddress('2001:db8:1:2:bbbb:cccc:dddd:eeee')).toBe('2001:db8:1:2::/64');
    expect(normalizeAddress('not-an-ip')).toBeNull();
    expect(normalizeAddress('1.2.3.4\u0000')).toBeNull();
  });
});

describe('rate limits', () => {
  it('are kept in the database: two app instances on one database share the count', async () => {
    const { db, url, drop } = await createTestDb();
    const second = url ? createPgDb(url) : db; // a second pool where there is a server
    try {
      await migrate(db);
      const config = loadConfig({ DEMO_MODE: '1', ...RELAXED_RATE_LIMITS, RATE_LIMIT_SIGNIN_PER_MINUTE: '10' });
      const a = createDeps(db, config, { now: () => NOW });
      await seed(db, a.pii);
      const apps = [createApp(a), createApp(createDeps(second, config, { now: () => NOW }))];
      const statuses: number[] = [];
      for (let i = 0; i < 16; i++) {
        const res = await apps[i % 2]!.request('/api/auth/dev', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ persona: 'enterprise' }),
        });
        statuses.push(res.status);
      }
      expect(statuses.filter((s) => s === 200)).toHaveLength(10);
      expect(statuses.slice(10).every((s) => s === 429)).toBe(true);
    } finally {
      if (second !== db) await second.close();
      await drop();
    }
  });

  it('start again in the next window, and old windows are pruned', async () => {
    const api = await createTestApi({ RATE_LIMIT_SIGNIN_PER_MINUTE: '1' });
    try {
      api.setNow(NOW);
      expect((await api.request('POST', '/api/auth/dev', login())).status).toBe(200);
      expect((await api.request('POST', '/api/auth/dev', login())).status).toBe(429);
      api.setNow(new Date(NOW.getTime() + 60_000));
      expect((await api.request('POST', '/api/auth/dev', login())).status).toBe(200);
      // Far later, the next prune (every 50 limited requests) deletes the old windows.
      api.setNow(new Date(NOW.getTime() + 3600_000));
      for (let i = 0; i < 50; i++) await api.request('POST', '/api/auth/dev', login());
      const { rows } = await api.deps.db.query<{ n: number }>('SELECT count(*)::int AS n FROM rate_limits WHERE window_start < $1', [
        new Date(NOW.getTime() + 3000_000),
      ]);
      expect(rows[0]!.n).toBe(0);
    } finally {
      await api.close();
    }
  });

  it('limit every creating POST per signed-in user, whatever the address', async () => {
    const api = await createTestApi({ RATE_LIMIT_CREATE_PER_MINUTE: '3', TRUST_PROXY_HEADER: 'x-real-ip' });
    try {
      api.setNow(NOW);
      const ent = await api.login('enterprise');
      const post = (path: string, body: unknown, ip: string, token = ent) =>
        api.request('POST', path, { token, body, headers: { 'Idempotency-Key': newKey(), 'x-real-ip': ip } });
      expect((await post('/api/needs', needBody(), '203.0.113.1')).status).toBe(201);
      expect((await post('/api/stations/HKC001/checkins', {}, '203.0.113.2')).status).toBe(201);
      expect(
        (await post('/api/complaints', { targetKind: 'staff', content: '服务专员态度不好，电话一直没人接听' }, '203.0.113.3')).status,
      ).toBe(201);
      const needs = async () => (await api.deps.db.query<{ n: number }>('SELECT count(*)::int AS n FROM needs')).rows[0]!.n;
      const before = await needs();
      const over = await post('/api/needs', needBody(), '203.0.113.4');
      expect(over.status).toBe(429);
      expect(over.body.error).toMatchObject({ code: 'rate_limited', message: '提交过于频繁，请稍后再试' });
      expect(Number(over.headers.get('retry-after'))).toBe(45);
      // Counted by the statement that writes the need: refused, it wrote nothing (nor took a number).
      expect(await needs()).toBe(before);
      // Another user is not held back; reading is never limited.
      expect((await post('/api/needs', needBody(), '203.0.113.4', await api.login('enterprise2'))).status).toBe(201);
      expect((await api.request('GET', '/api/needs', { token: ent })).status).toBe(200);
    } finally {
      await api.close();
    }
  });

  it('count a signed-in submission the server refused before writing, so the next one meets the limit', async () => {
    const api = await createTestApi({ RATE_LIMIT_CREATE_PER_MINUTE: '2' });
    try {
      api.setNow(NOW);
      const ent = await api.login('enterprise');
      const post = (body: unknown) => api.request('POST', '/api/needs', { token: ent, body, headers: { 'Idempotency-Key': newKey() } });
      expect((await post(needBody({ title: '' }))).status).toBe(400);
      expect((await post(needBody({ stationId: '00000000-0000-4000-8000-000000000000', channel: 'station_qr' }))).status).toBe(422);
      expect((await post(needBody())).status).toBe(429);
    } finally {
      await api.close();
    }
  });

  it('limit creating POSTs per address too, uploads included, signed in or not', async () => {
    const api = await createTestApi({ RATE_LIMIT_CREATE_PER_ADDRESS_PER_MINUTE: '4', TRUST_PROXY_HEADER: 'x-real-ip' });
    try {
      api.setNow(NOW);
      const tokens = [await api.login('enterprise'), await api.login('enterprise2')];
      const upload = (token: string, ip: string) => {
        const form = new FormData();
        form.append('file', new Blob(['你好'], { type: 'text/plain' }), 'a.txt');
        return api.fetch('/api/uploads', {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'Idempotency-Key': newKey(), 'x-real-ip': ip },
          body: form,
        });
      };
      const statuses = [];
      for (let i = 0; i < 3; i++) statuses.push((await upload(tokens[i % 2]!, '198.51.100.1')).status);
      statuses.push((await api.request('POST', '/api/needs', { body: needBody(), headers: { 'x-real-ip': '198.51.100.1' } })).status); // anonymous: 401, counted
      statuses.push((await upload(tokens[0]!, '198.51.100.1')).status);
      statuses.push((await upload(tokens[1]!, '198.51.100.2')).status);
      expect(statuses).toEqual([201, 201, 201, 401, 429, 201]);
    } finally {
      await api.close();
    }
  });
});

describe('demo mode', () => {
  const SECRETS = { SESSION_SECRET: 'x'.repeat(40), DATA_KEY: Buffer.alloc(32, 7).toString('base64') };

  it('is on for npm start only when asked for, or on the embedded database without production secrets', () => {
    expect(startDemoMode({}, 'pglite')).toBe(true);
    expect(startDemoMode({ DEMO_MODE: '1', ...SECRETS }, 'pg')).toBe(true);
    expect(startDemoMode({ DEMO_MODE: '0' }, 'pglite')).toBe(false);
    expect(startDemoMode(SECRETS, 'pglite')).toBe(false);
    expect(startDemoMode({ SESSION_SECRET: SECRETS.SESSION_SECRET }, 'pglite')).toBe(false);
    expect(startDemoMode({ DATA_KEY: SECRETS.DATA_KEY }, 'pglite')).toBe(false);
    expect(startDemoMode({}, 'pg')).toBe(false);
    expect(startDemoMode({}, 'vercel')).toBe(false);
  });

  /** Runs `npm start`'s entry on an embedded database in a temp folder; resolves once it listens. */
  async function npmStart(env: Record<string, string>) {
    const dir = await mkdtemp(join(tmpdir(), 'qi-start-'));
    const port = 20000 + Math.floor(Math.random() * 20000);
    const child = spawn(process.execPath, ['--import', 'tsx', 'cloud/src/start.ts'], {
      env: {
        PATH: process.env.PATH,
        SKIP_H5_BUILD: '1',
        H5_DIR: join(dir, 'no-h5'),
        DB_DRIVER: 'pglite',
        DATA_DIR: join(dir, 'data'),
        PORT: String(port),
        HOST: '127.0.0.1',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    await new Promise<void>((resolve, reject) => {
      const timer = setInterval(() => out.includes('listening on') && (clearInterval(timer), resolve()), 100);
      child.once('exit', (code) => (clearInterval(timer), reject(new Error(`npm start exited ${code}: ${out}`))));
    });
    return {
      out: () => out,
      login: () =>
        fetch(`http://127.0.0.1:${port}/api/auth/dev`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ persona: 'manager' }),
        }),
      async stop() {
        child.kill('SIGTERM');
        await new Promise((resolve) => (child.exitCode !== null ? resolve(null) : child.once('exit', resolve)));
        await rm(dir, { recursive: true, force: true });
      },
    };
  }

  it('npm start with the production secrets set runs without the demo login, and says demo mode is off', async () => {
    const server = await npmStart(SECRETS);
    try {
      const r = await server.login();
      expect(r.status).toBe(404);
      expect(((await r.json()) as any).error.code).toBe('not_found');
      expect(server.out()).toContain('demo mode: off');
      expect(server.out()).not.toContain('DEMO MODE IS ON');
    } finally {
      await server.stop();
    }
  }, 120_000);

  it('npm start on the embedded database without secrets runs the demo, and says so loudly', async () => {
    const server = await npmStart({});
    try {
      expect((await server.login()).status).toBe(200);
      expect(server.out()).toContain('DEMO MODE IS ON');
    } finally {
      await server.stop();
    }
  }, 120_000);

  it('answers /api/auth/dev with the 404 envelope when it is off', async () => {
    const prod = await createTestApi({ DEMO_MODE: '0', ...SECRETS });
    try {
      const r = await prod.request('POST', '/api/auth/dev', login('manager'));
      expect(r.status).toBe(404);
      expect(r.body.error.code).toBe('not_found');
    } finally {
      await prod.close();
    }
  });
});

describe('input the database cannot store', () => {
  let api: TestApi;
  let ent: string, spec: string, mgr: string;
  beforeAll(async () => {
    api = await createTestApi();
    [ent, spec, mgr] = [await api.login('enterprise'), await api.login('specialist'), await api.login('manager')];
  });
  afterAll(() => api?.close());

  const expect400 = (r: { status: number; body: any }) => {
    expect(r.status, JSON.stringify(r.body)).toBe(400);
    expect(r.body.error.code).toBe('validation_failed');
  };

  it('refuses NUL and other controls in path parameters and queries', async () => {
    expect400(await api.request('GET', '/api/stations/%00'));
    expect400(await api.request('GET', '/api/stations/HKC%0A001'));
    expect400(await api.request('GET', '/api/needs/by-number/%00', { token: ent }));
    expect400(await api.request('GET', '/api/needs?q=%00', { token: spec }));
    expect400(await api.request('GET', '/api/needs?q=%E0%A4%A', { token: spec })); // malformed encoding
    expect400(await api.request('GET', '/api/needs?cursor=%00', { token: spec }));
    expect((await api.request('GET', '/api/needs?q=%E6%A4%B0', { token: spec })).status).toBe(200);
  });

  it('refuses NUL, controls and lone surrogates in JSON string fields', async () => {
    const create = (over: Record<string, unknown>) =>
      api.request('POST', '/api/needs', { token: ent, body: needBody(over), headers: { 'Idempotency-Key': newKey() } });
    const nul = await create({ title: '椰子汁\u0000检测' });
    expect400(nul);
    expect(nul.body.error.issues).toEqual([{ path: 'title', message: '需求标题不能包含换行或控制字符' }]);
    expect400(await create({ contactName: '林\u0007晓华' }));
    expect400(await create({ description: '我司椰子汁准备出口\u001b东盟，需要检测' }));
    expect400(await create({ title: '椰子汁\ud800检测' }));
    expect400(await create({ attachments: [{ name: 'a\u0000.png', url: '/api/uploads/x', size: 1, mime: 'image/png' }] }));
    // Line breaks and tabs stay in multi-line text; a trailing newline in a title is trimmed.
    const ok = await create({ title: '椰子汁检测\n', description: '第一行\n第二行\t说明\r\n第三行' });
    expect(ok.status).toBe(201);
    expect(ok.body.title).toBe('椰子汁检测');
    expect(ok.body.description).toBe('第一行\n第二行\t说明\r\n第三行');
    expect400(
      await api.request('PUT', '/api/me/enterprise', { token: ent, body: { name: '椰\u0000子', creditCode: '91460000MA5T0000X1' } }),
    );
    expect400(
      await api.request('POST', '/api/complaints', {
        token: ent,
        body: { targetKind: 'staff', content: '服务专员态度不好\u0000电话一直没人接' },
        headers: { 'Idempotency-Key': newKey() },
      }),
    );
  });

  it('refuses an upload whose file name holds a control character', async () => {
    for (const [name, field] of [
      ['a\u0000.txt', undefined],
      ['a.txt', 'b\u0001.txt'],
    ] as const) {
      const form = new FormData();
      if (field) form.append('name', field);
      form.append('file', new Blob(['你好'], { type: 'text/plain' }), name);
      const res = await api.fetch('/api/uploads', {
        method: 'POST',
        headers: { authorization: `Bearer ${ent}`, 'Idempotency-Key': newKey() },
        body: form,
      });
      expect(res.status).toBe(400);
      expect(((await res.json()) as any).error.message).toMatch(/控制字符/);
    }
  });

  it('bounds every integer that reaches an int4 column', async () => {
    const limits = (await api.request('GET', '/api/settings/time-limits', { token: mgr })).body.limits;
    for (const version of [2 ** 31, 2 ** 53 - 1, 1e300]) {
      expect400(await api.request('PUT', '/api/settings/time-limits', { token: mgr, body: { version, limits } }));
    }
    const need = await api.request('POST', '/api/needs', { token: ent, body: needBody(), headers: { 'Idempotency-Key': newKey() } });
    expect400(
      await api.request('POST', `/api/needs/${need.body.id}/actions`, { token: spec, body: { action: 'accept', version: 2 ** 31 } }),
    );
    expect(
      (await api.request('POST', `/api/needs/${need.body.id}/actions`, { token: spec, body: { action: 'accept', version: 2 ** 31 - 1 } }))
        .status,
    ).toBe(409);
  });

  it('refuses signed tokens whose sub is not a uuid or that carry no exp', async () => {
    const me = await api.request('GET', '/api/me', { token: ent });
    const secret = api.deps.config.sessionSecret;
    const exp = Math.floor(Date.now() / 1000) + 600;
    for (const payload of [
      { sub: 'not-a-uuid', exp },
      { sub: 42, exp },
      { sub: "' OR 1=1 --", exp },
      { sub: me.body.user.id },
      { sub: me.body.user.id, exp: 'never' },
    ]) {
      const r = await api.request('GET', '/api/me', { token: await sign(payload as any, secret, 'HS256') });
      expect(r.status, JSON.stringify(payload)).toBe(401);
      expect(r.body.error.code).toMatch(/unauthorized|session_expired/);
    }
    expect((await api.request('GET', '/api/me', { token: await sign({ sub: me.body.user.id, exp }, secret, 'HS256') })).status).toBe(200);
  });

  it('answers unknown /api paths with the 404 envelope', async () => {
    for (const [method, path] of [
      ['GET', '/api/nope'],
      ['GET', '/api'],
      ['DELETE', '/api/needs'],
      ['GET', '/api/needs/x/y/z'],
    ] as const) {
      const r = await api.request(method, path, { token: ent });
      expect(r.status).toBe(404);
      expect(r.body.error).toMatchObject({ code: 'not_found', message: '接口不存在' });
    }
  });
});
