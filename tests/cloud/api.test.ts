// The app's front: sign-in, sessions, the error contract for bad requests,
// the OpenAPI document, the catalogue and stations.
import {
  API_PATHS,
  CALENDAR_PATHS,
  COMPLAINT_PATHS,
  PII_ACCESS_PATHS,
  STATS_PATHS,
  DIRECTORY_PATHS,
  MANAGE_DIRECTORY_PATHS,
  IDEMPOTENCY_HEADER,
  SETTINGS_PATHS,
  UPLOAD_PATHS,
  WORKBENCH_PATHS,
  ARCHIVE_PATHS,
  EVALUATION_PATHS,
  FOLLOW_UP_PATHS,
  STAFF_PATHS,
  MEMBER_PATHS,
  PRIVACY_PATHS,
  RATING_LINK_PATHS,
} from '@qi/shared';
import { sign } from 'hono/jwt';
import { z } from 'zod';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestApi, needBody, newKey, STATION_OPEN_AT, type TestApi } from '../support/api';
import { APP_ID, APP_SECRET, WechatStandIn } from '../support/wechat-stand-in';

const wx = new WechatStandIn();
let api: TestApi;

beforeAll(async () => {
  await wx.start();
  api = await createTestApi({ WECHAT_APP_ID: APP_ID, WECHAT_APP_SECRET: APP_SECRET, WECHAT_API_BASE_URL: wx.baseUrl });
});
afterAll(async () => {
  await api?.close();
  await wx.stop();
});

describe('signing in', () => {
  it('exchanges a WeChat code through code2Session and creates an enterprise account once', async () => {
    wx.sessions.set('code-1', { openid: 'o-test-openid-1', session_key: 'sk1' });
    wx.sessions.set('code-2', { openid: 'o-test-openid-1', session_key: 'sk2' });
    const a = await api.request('POST', '/api/auth/wechat', { body: { code: 'code-1' } });
    expect(a.status).toBe(200);
    expect(a.body.user.roles).toEqual(['enterprise']);
    const b = await api.request('POST', '/api/auth/wechat', { body: { code: 'code-2' } });
    expect(b.body.user.id).toBe(a.body.user.id);
    const me = await api.request('GET', '/api/me', { token: b.body.token });
    expect(me.status).toBe(200);
    expect(me.body.enterprise).toBeNull();
  });

  it('lets a new WeChat user fill in its enterprise, checking the credit code, and then submit a need', async () => {
    wx.sessions.set('code-new', { openid: 'o-new-owner', session_key: 'sk' });
    const { token } = (await api.request('POST', '/api/auth/wechat', { body: { code: 'code-new' } })).body;
    const early = await api.request('POST', '/api/needs', { token, body: needBody(), headers: { 'Idempotency-Key': newKey() } });
    expect(early.status).toBe(422);
    const bad = await api.request('PUT', '/api/me/enterprise', {
      token,
      body: { name: '海口新星食品有限公司', creditCode: '91460105MA5T8H3R2A' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.issues[0].message).toContain('统一社会信用代码');
    // the code of a seeded enterprise that already has an account
    const taken = await api.request('PUT', '/api/me/enterprise', { token, body: { name: '冒名公司', creditCode: '91460105MA5T8H3R2K' } });
    expect(taken.status).toBe(409);
    const { creditCodeCheckChar, orgCodeCheckChar } = await import('@qi/shared');
    const code = `91460100MA5TX000${orgCodeCheckChar('MA5TX000')}`;
    const ok = await api.request('PUT', '/api/me/enterprise', {
      token,
      body: { name: '海口新星食品有限公司', creditCode: code + creditCodeCheckChar(code), contactName: '吴新星' },
    });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body.enterprise.name).toBe('海口新星食品有限公司');
    expect(ok.body.user.name).toBe('吴新星');
    const later = await api.request('POST', '/api/needs', { token, body: needBody(), headers: { 'Idempotency-Key': newKey() } });
    expect(later.status).toBe(201);
  });

  it('answers an invalid WeChat code with 401 wechat_login_failed', async () => {
    const r = await api.request('POST', '/api/auth/wechat', { body: { code: 'never-issued' } });
    expect(r.status).toBe(401);
    expect(r.body.error.code).toBe('wechat_login_failed');
  });

  it('answers 502 when WeChat cannot be reached', async () => {
    const down = await createTestApi({ WECHAT_APP_ID: APP_ID, WECHAT_APP_SECRET: APP_SECRET, WECHAT_API_BASE_URL: 'http://127.0.0.1:9' });
    try {
      const r = await down.request('POST', '/api/auth/wechat', { body: { code: 'x' } });
      expect(r.status).toBe(502);
      expect(r.body.error.code).toBe('upstream_unavailable');
    } finally {
      await down.close();
    }
  });

  it('signs in every demo persona with its roles', async () => {
    const expected = {
      enterprise: 'enterprise',
      enterprise2: 'enterprise',
      specialist: 'specialist',
      provider: 'provider',
      manager: 'manager',
      supervisor: 'supervisor',
    } as const;
    for (const [persona, role] of Object.entries(expected)) {
      const token = await api.login(persona as keyof typeof expected);
      const me = await api.request('GET', '/api/me', { token });
      expect(me.status).toBe(200);
      expect(me.body.roles).toContain(role);
    }
    const prov = await api.request('GET', '/api/me', { token: await api.login('provider') });
    expect(prov.body.institution.name).toBeTruthy();
    const spec = await api.request('GET', '/api/me', { token: await api.login('specialist') });
    expect(spec.body.stations[0].kind).toBe('center');
  });

  it('signs in a new account, as a first WeChat sign-in would: each time another, an enterprise user without an enterprise', async () => {
    const a = await api.request('POST', '/api/auth/dev', { body: { newAccount: true } });
    const b = await api.request('POST', '/api/auth/dev', { body: { newAccount: true } });
    expect(a.status).toBe(200);
    expect(a.body.user).toMatchObject({ name: '微信用户', roles: ['enterprise'] });
    expect(b.body.user.id).not.toBe(a.body.user.id);
    const me = await api.request('GET', '/api/me', { token: a.body.token });
    expect(me.body.enterprise).toBeNull();
  });

  it('refuses an unknown persona with 400', async () => {
    const r = await api.request('POST', '/api/auth/dev', { body: { persona: 'root' } });
    expect(r.status).toBe(400);
    expect(r.body.error.issues[0].path).toBe('persona');
  });

  it('has no dev login outside demo mode (404)', async () => {
    const prod = await createTestApi({ DEMO_MODE: '0', SESSION_SECRET: 'x'.repeat(40), DATA_KEY: Buffer.alloc(32, 7).toString('base64') });
    try {
      const r = await prod.request('POST', '/api/auth/dev', { body: { persona: 'enterprise' } });
      expect(r.status).toBe(404);
    } finally {
      await prod.close();
    }
  });

  it('refuses to start outside demo mode without secrets', async () => {
    const { loadConfig } = await import('../../cloud/src/config');
    expect(() => loadConfig({})).toThrow(/SESSION_SECRET/);
    expect(loadConfig({}.constructor === Object ? { DEMO_MODE: '1' } : {}).demoMode).toBe(true);
  });
});

describe('sessions', () => {
  it('answers a missing, malformed or forged token with 401', async () => {
    expect((await api.request('GET', '/api/me')).status).toBe(401);
    expect((await api.request('GET', '/api/me', { headers: { authorization: 'Basic abc' } })).status).toBe(401);
    const forged = await sign({ sub: 'x', exp: Math.floor(Date.now() / 1000) + 60 }, 'not-the-secret', 'HS256');
    const r = await api.request('GET', '/api/me', { token: forged });
    expect(r.status).toBe(401);
    expect(r.body.error.message).toMatch(/登录/);
  });

  it('answers an expired token with 401 session_expired', async () => {
    const me = await api.request('GET', '/api/me', { token: await api.login('enterprise') });
    const expired = await sign(
      { sub: me.body.user.id, iat: 1, exp: Math.floor(Date.now() / 1000) - 10 },
      api.deps.config.sessionSecret,
      'HS256',
    );
    const r = await api.request('GET', '/api/me', { token: expired });
    expect(r.status).toBe(401);
    expect(r.body.error.code).toBe('session_expired');
  });

  it('refuses a token it accepted before once it has expired, and a copy of it with its signature changed', async () => {
    const me = await api.request('GET', '/api/me', { token: await api.login('enterprise') });
    const exp = Math.floor(Date.now() / 1000) + 2;
    const token = await sign({ sub: me.body.user.id, iat: exp - 60, exp }, api.deps.config.sessionSecret, 'HS256');
    expect((await api.request('GET', '/api/me', { token })).status).toBe(200);
    // A character inside the signature (the last one also carries padding bits).
    const at = token.length - 10;
    const other = token[at] === 'A' ? 'B' : 'A';
    expect((await api.request('GET', '/api/me', { token: token.slice(0, at) + other + token.slice(at + 1) })).status).toBe(401);
    await new Promise((done) => setTimeout(done, (exp + 0.2) * 1000 - Date.now()));
    const r = await api.request('GET', '/api/me', { token });
    expect(r.status).toBe(401);
    expect(r.body.error.code).toBe('session_expired');
  });
});

describe('bad requests', () => {
  it('answers malformed JSON with 400 malformed_json', async () => {
    const r = await api.request('POST', '/api/needs', {
      token: await api.login('enterprise'),
      raw: '{"title": ',
      headers: { 'Idempotency-Key': newKey() },
    });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('malformed_json');
    expect(r.body.error.message).toMatch(/JSON/);
  });

  it('answers a body that is not JSON with 415', async () => {
    const r = await api.request('POST', '/api/auth/dev', {
      raw: 'persona=enterprise',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(r.status).toBe(415);
  });

  it('answers an oversized body with 413', async () => {
    const r = await api.request('POST', '/api/needs', {
      token: await api.login('enterprise'),
      body: needBody({ description: '很'.repeat(300_000) }),
      headers: { 'Idempotency-Key': newKey() },
    });
    expect(r.status).toBe(413);
    expect(r.body.error.code).toBe('payload_too_large');
  });

  it('answers wrong types and unknown fields with 400 and every issue', async () => {
    const r = await api.request('POST', '/api/needs', {
      token: await api.login('enterprise'),
      body: { ...needBody(), title: 42, categories: 'testing', isAdmin: true },
      headers: { 'Idempotency-Key': newKey() },
    });
    expect(r.status).toBe(400);
    const paths = r.body.error.issues.map((i: { path: string }) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['title', 'categories', '']));
  });

  it('answers a JSON array or null body with 400', async () => {
    for (const raw of ['[]', 'null', '"x"']) {
      const r = await api.request('POST', '/api/auth/dev', { raw });
      expect(r.status).toBeGreaterThanOrEqual(400);
      expect(r.status).toBeLessThan(500);
    }
  });

  it('answers an unknown API path with a 404 in the contract shape', async () => {
    const r = await api.request('GET', '/api/nothing-here');
    expect(r.status).toBe(404);
    expect(r.body.error.code).toBe('not_found');
  });
});

describe('the API description', () => {
  /** Every path table of the contract: each entry must be an operation, each operation an entry. */
  const PATH_TABLES = {
    API_PATHS,
    CALENDAR_PATHS,
    COMPLAINT_PATHS,
    DIRECTORY_PATHS,
    MANAGE_DIRECTORY_PATHS,
    PII_ACCESS_PATHS,
    SETTINGS_PATHS,
    STATS_PATHS,
    UPLOAD_PATHS,
    WORKBENCH_PATHS,
    ARCHIVE_PATHS,
    EVALUATION_PATHS,
    FOLLOW_UP_PATHS,
    STAFF_PATHS,
    MEMBER_PATHS,
    RATING_LINK_PATHS,
    PRIVACY_PATHS,
  };
  const tabled = Object.values(PATH_TABLES).flatMap((t) => Object.values(t) as string[]);
  type Op = {
    operationId?: string;
    summary?: string;
    security?: unknown[];
    parameters?: any[];
    requestBody?: any;
    responses: Record<string, any>;
  };
  const operations = (doc: { paths: Record<string, Record<string, Op>> }) =>
    Object.entries(doc.paths).flatMap(([path, item]) =>
      Object.entries(item).map(([method, op]) => ({ key: `${method.toUpperCase()} ${path}`, path, method, op })),
    );

  it('serves an OpenAPI 3.1 document naming every path of the contract', async () => {
    const r = await api.request('GET', '/api/openapi.json');
    expect(r.status).toBe(200);
    expect(r.body.openapi).toBe('3.1.0');
    expect(tabled.length).toBeGreaterThan(30);
    for (const p of tabled) expect(Object.keys(r.body.paths), p).toContain(p);
    expect(Object.keys(r.body.paths).filter((p) => !tabled.includes(p))).toEqual([]);
  });

  it('gives every operation an id, a summary, its security, an example and the error envelope on every error', async () => {
    const doc = (await api.request('GET', '/api/openapi.json')).body;
    expect(doc.servers?.length).toBeGreaterThan(0);
    const ops = operations(doc);
    expect(new Set(ops.map((o) => o.op.operationId)).size).toBe(ops.length);
    for (const { key, op } of ops) {
      expect(op.operationId, key).toMatch(/^[a-z][A-Za-z0-9]+$/);
      expect(op.summary, key).toBeTruthy();
      expect(Array.isArray(op.security), key).toBe(true);
      expect(op.responses['429'], `${key} documents 429`).toBeDefined();
      const media = [op.requestBody, ...Object.values(op.responses)].flatMap((x) => Object.values(x?.content ?? {})) as any[];
      expect(
        media.some((m) => m.example !== undefined || m.examples),
        `${key} has an example`,
      ).toBe(true);
      for (const [status, res] of Object.entries(op.responses)) {
        if (Number(status) >= 400)
          expect(res.content['application/json'].schema.$ref, `${key} ${status}`).toBe('#/components/schemas/Error');
      }
    }
  });

  it('marks public operations as such and signed-in ones with the bearer token, as the server checks them', async () => {
    const doc = (await api.request('GET', '/api/openapi.json')).body;
    for (const { key, path, method, op } of operations(doc)) {
      const url = path.replace(/\{[^}]+\}/g, '00000000-0000-4000-8000-000000000000');
      const init = ['post', 'put'].includes(method) ? { body: {} } : {};
      const anon = await api.request(method.toUpperCase(), url, init);
      const cron = op.security!.some((s) => typeof s === 'object' && s !== null && 'cronSecret' in s);
      if (cron) expect(anon.status, `${key} (no CRON_SECRET here: off)`).toBe(404);
      else if (op.security!.length === 0) expect(anon.status, key).not.toBe(401);
      else expect(anon.status, key).toBe(401);
    }
  });

  it('marks the Idempotency-Key required where the server requires it', async () => {
    const doc = (await api.request('GET', '/api/openapi.json')).body;
    const withKey = operations(doc)
      .filter(({ op }) => op.parameters?.some((p) => p.in === 'header' && p.name === IDEMPOTENCY_HEADER && p.required))
      .map((o) => o.key);
    expect(withKey.sort()).toEqual([
      'POST /api/complaints',
      'POST /api/needs',
      'POST /api/rating-links/{token}/rating',
      'POST /api/uploads',
    ]);
    const token = await api.login('enterprise');
    const r = await api.request('POST', '/api/needs', { token, body: needBody() });
    expect(r.body.error.code).toBe('idempotency_key_required');
  });

  it('has examples that the request and response schemas accept', () => {
    let checked = 0;
    for (const d of api.app.openAPIRegistry.definitions) {
      if (d.type !== 'route') continue;
      const bodies = [d.route.request?.body, ...Object.values(d.route.responses)] as {
        content?: Record<string, { schema?: unknown; example?: unknown }>;
      }[];
      for (const m of bodies.flatMap((b) => Object.values(b?.content ?? {}))) {
        if (m.example === undefined || !(m.schema instanceof z.ZodType)) continue;
        const parsed = m.schema.safeParse(m.example);
        expect(parsed.success, `${d.route.method} ${d.route.path}: ${JSON.stringify(parsed.error?.issues)}`).toBe(true);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(50);
  });

  it('serves a reference page with its assets from the package, not a CDN', async () => {
    const page = await api.request('GET', '/api/docs');
    expect(page.status).toBe(200);
    expect(page.body).toContain('/api/openapi.json');
    expect(page.body).not.toMatch(/https?:\/\//);
    const js = await api.request('GET', '/api/docs/assets/swagger-ui-bundle.js');
    expect(js.status).toBe(200);
  });
});

describe('catalogue and stations', () => {
  it('lists the 11 categories with their items', async () => {
    const r = await api.request('GET', '/api/categories');
    expect(r.body).toHaveLength(11);
    expect(r.body[0]).toMatchObject({ code: 'metrology', name: '计量服务' });
    for (const c of r.body) expect(c.items.length).toBeGreaterThan(0);
  });

  it('lists stations of all three kinds with their public notice, and finds one by id or code', async () => {
    const r = await api.request('GET', '/api/stations');
    expect(new Set(r.body.map((s: { kind: string }) => s.kind))).toEqual(new Set(['center', 'branch', 'post']));
    const center = r.body[0];
    expect(center.notice.flow.length).toBeGreaterThan(0);
    expect(center.notice.staff[0].name).toBe('陈**'); // published: masked, as every published name is
    expect((await api.request('GET', `/api/stations/${center.id}`)).body.code).toBe(center.code);
    expect((await api.request('GET', `/api/stations/${center.code}`)).body.id).toBe(center.id);
    expect((await api.request('GET', '/api/stations/NOPE99')).status).toBe(404);
  });
});

describe('checking in at a station', () => {
  beforeEach(() => api.setNow(STATION_OPEN_AT));
  afterEach(() => api.setNow(null));

  it('records an enterprise arriving at a station found by its code', async () => {
    const token = await api.login('enterprise');
    const r = await api.request('POST', '/api/stations/HKP001/checkins', { token, body: { purpose: '咨询计量器具检定' } });
    expect(r.status).toBe(201);
    expect(r.body.purpose).toBe('咨询计量器具检定');
    const station = await api.request('GET', '/api/stations/HKP001');
    expect(r.body.stationId).toBe(station.body.id);
  });

  it('is for signed-in enterprises only, at stations that exist', async () => {
    expect((await api.request('POST', '/api/stations/HKP001/checkins', { body: {} })).status).toBe(401);
    const spec = await api.login('specialist');
    expect((await api.request('POST', '/api/stations/HKP001/checkins', { token: spec, body: {} })).status).toBe(403);
    const ent = await api.login('enterprise');
    expect((await api.request('POST', '/api/stations/NOPE01/checkins', { token: ent, body: {} })).status).toBe(404);
  });
});

describe('the seed', () => {
  it('can run again without changing or duplicating anything', async () => {
    const count = async () =>
      (
        await api.deps.db.query<{ n: number }>(
          `SELECT (SELECT count(*) FROM users) + (SELECT count(*) FROM stations) + (SELECT count(*) FROM institutions)
              + (SELECT count(*) FROM experts) + (SELECT count(*) FROM staff_stations) AS n`,
        )
      ).rows[0]!.n;
    const before = Number(await count());
    const { seed } = await import('../../cloud/src/db/seed');
    await seed(api.deps.db, api.deps.pii);
    expect(Number(await count())).toBe(before);
  });

  it('keeps what managers changed since: a demo institution suspended, a station renamed, an expert edited', async () => {
    const { seed } = await import('../../cloud/src/db/seed');
    const db = api.deps.db;
    await db.query(
      `UPDATE institutions SET status = 'suspended', version = version + 1 WHERE seed_key = (SELECT min(seed_key) FROM institutions)`,
    );
    await db.query(`UPDATE stations SET name = '经理改过的站点名称', version = version + 1 WHERE code = (SELECT min(code) FROM stations)`);
    await db.query(
      `UPDATE experts SET intro = '经理改过的简介', version = version + 1 WHERE seed_key = (SELECT min(seed_key) FROM experts)`,
    );
    const untouched = (await db.query<{ status: string }>(`SELECT status FROM institutions ORDER BY seed_key DESC LIMIT 1`)).rows[0]!;
    await seed(db, api.deps.pii);
    const kept = await db.query<{ status: string; name: string; intro: string }>(
      `SELECT (SELECT status FROM institutions ORDER BY seed_key LIMIT 1) AS status,
              (SELECT name FROM stations ORDER BY code LIMIT 1) AS name,
              (SELECT intro FROM experts ORDER BY seed_key LIMIT 1) AS intro`,
    );
    expect(kept.rows[0]).toEqual({ status: 'suspended', name: '经理改过的站点名称', intro: '经理改过的简介' });
    // Rows nobody edited are still the seed's.
    expect((await db.query<{ status: string }>(`SELECT status FROM institutions ORDER BY seed_key DESC LIMIT 1`)).rows[0]).toEqual(
      untouched,
    );
  });
});
