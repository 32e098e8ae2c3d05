// Personal data at rest and in view, through the real app on a real database:
// no person's name or phone is stored in clear anywhere (a dump-like scan of
// every text column), names are masked for oversight, names kept from before
// they were encrypted are encrypted at start, the audit logs are append-only,
// and managers and supervisors read the log of unmasked reads.
import { cp, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maskName, maskPhone } from '@qi/shared';
import { issueToken } from '../../cloud/src/auth/session';
import { createApp } from '../../cloud/src/app';
import { loadConfig } from '../../cloud/src/config';
import { migrate, MIGRATIONS_DIR, type Queryable } from '../../cloud/src/db';
import { sealPlaintextNames } from '../../cloud/src/db/sealNames';
import { SEED_USERS } from '../../cloud/src/db/seed';
import { createDeps } from '../../cloud/src/deps';
import { createTestApi, jsonClient, needBody, newKey, STATION_OPEN_AT, type TestApi } from '../support/api';
import { createTestDb } from '../support/db';
import { mustAct } from '../support/workbench';

let api: TestApi;
let ent: string, spec: string, prov: string, mgr: string, sup: string;

beforeAll(async () => {
  api = await createTestApi();
  ({ enterprise: ent, specialist: spec, provider: prov, manager: mgr, supervisor: sup } = await api.loginAll());
});
afterAll(() => api?.close());

const post = (token: string, path: string, body: unknown) =>
  api.request('POST', path, { token, body, headers: { 'Idempotency-Key': newKey() } });

/** Every text, text[], json and jsonb column of every table, with the rows whose value contains `needle`. */
async function findInDump(db: Queryable, needles: string[]): Promise<string[]> {
  const { rows: columns } = await db.query<{ table_name: string; column_name: string }>(
    `SELECT c.table_name, c.column_name FROM information_schema.columns c
       JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
      WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE'
        AND (c.data_type IN ('text', 'character varying', 'character', 'json', 'jsonb') OR c.udt_name IN ('_text', '_varchar'))`,
  );
  expect(columns.length).toBeGreaterThan(50);
  const found: string[] = [];
  for (const { table_name, column_name } of columns) {
    for (const needle of needles) {
      // jsonb renders non-ASCII as it is; text[] quotes elements — a substring search finds both.
      const { rows } = await db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM "${table_name}" WHERE strpos("${column_name}"::text, $1) > 0`,
        [needle],
      );
      if (rows[0]!.n > 0) found.push(`${table_name}.${column_name} holds “${needle}” (${rows[0]!.n} rows)`);
    }
  }
  return found.sort();
}

describe('a database dump', () => {
  it('holds none of the names and phones submitted through needs, profiles, complaints and check-ins, in any column', async () => {
    const person = '欧阳晓明';
    const phone = '13907651234';
    const officePhone = '0898-66123456';
    const phoned = '司马青云';
    const phonedPhone = '13788990011';

    // The enterprise user names itself in its profile, submits, complains and checks in.
    const me = (await api.request('GET', '/api/me', { token: ent })).body;
    const profile = await api.request('PUT', '/api/me/enterprise', {
      token: ent,
      body: { name: me.enterprise.name, creditCode: me.enterprise.creditCode, contactName: person },
    });
    expect(profile.status, JSON.stringify(profile.body)).toBe(200);
    expect(profile.body.user.name).toBe(person);
    const need = await post(ent, '/api/needs', needBody({ contactName: person, contactPhone: phone }));
    expect(need.status).toBe(201);
    const other = await post(ent, '/api/needs', needBody({ contactName: person, contactPhone: officePhone }));
    expect(other.status).toBe(201);
    // The specialist takes it on, records a phoned-in need for another person, and a manager signs off.
    const accepted = await mustAct(api, spec, need.body.id, { action: 'accept', version: 1 });
    const answered = await mustAct(api, spec, need.body.id, { action: 'answer', version: accepted.version, answer: '可参考 GB/T 19001' });
    await mustAct(api, mgr, need.body.id, { action: 'sign_off', version: answered.version, note: '记录完整' });
    const byPhone = await post(spec, '/api/needs', {
      ...needBody({ contactName: phoned, contactPhone: phonedPhone }),
      channel: 'phone',
      enterprise: { name: '海南云海贸易有限公司' },
    });
    expect(byPhone.status, JSON.stringify(byPhone.body)).toBe(201);
    const complaint = await post(ent, '/api/complaints', {
      needId: need.body.id,
      targetKind: 'staff',
      content: '办理过程中多次联系不上服务人员，答复时间远超承诺期限。',
    });
    expect(complaint.status, JSON.stringify(complaint.body)).toBe(201);
    const handled = await api.request('POST', `/api/complaints/${complaint.body.id}/actions`, {
      token: mgr,
      body: { action: 'acknowledge', version: complaint.body.version, note: '已受理' },
    });
    expect(handled.status, JSON.stringify(handled.body)).toBe(200);
    api.setNow(STATION_OPEN_AT);
    const checkin = await api.request('POST', '/api/stations/HKC001/checkins', { token: ent, body: { purpose: '咨询检测' } });
    api.setNow(null);
    expect([200, 201]).toContain(checkin.status);
    // A manager changes a setting (the editor's name is kept).
    const limits = (await api.request('GET', '/api/settings/time-limits')).body;
    const saved = await api.request('PUT', '/api/settings/time-limits', {
      token: mgr,
      body: { version: limits.version, limits: limits.limits },
    });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    // Reads that show them in clear (and so are logged) happen too.
    expect((await api.request('GET', `/api/needs/${need.body.id}`, { token: spec })).body.contactName).toBe(person);
    expect((await api.request('GET', '/api/complaints?scope=all', { token: mgr })).status).toBe(200);

    const staffNames = SEED_USERS.map((u) => u.name);
    const found = await findInDump(api.deps.db, [person, phone, officePhone, '66123456', phoned, phonedPhone, ...staffNames]);
    expect(found).toEqual([]);
  });

  it('fails when a name is stored in clear (the scan can find one)', async () => {
    await api.deps.db.query(
      `INSERT INTO notifications (user_id, kind, title, body) SELECT id, 'test', '探针', '令狐探针' FROM users LIMIT 1`,
    );
    expect(await findInDump(api.deps.db, ['令狐探针'])).toEqual(['notifications.body holds “令狐探针” (1 rows)']);
  });
});

describe('names in view', () => {
  it('shows a need’s event actors and staff masked to the supervisor and in clear to the enterprise and its specialist', async () => {
    const need = (await post(ent, '/api/needs', needBody())).body;
    await mustAct(api, spec, need.id, { action: 'accept', version: 1 });
    const specName = (await api.request('GET', '/api/me', { token: spec })).body.user.name as string;
    const entName = (await api.request('GET', '/api/me', { token: ent })).body.user.name as string;
    const names = (body: any) => body.events.map((e: any) => e.actor.name);

    const forSup = (await api.request('GET', `/api/needs/${need.id}`, { token: sup })).body;
    expect(names(forSup)).toEqual([maskName(entName), maskName(specName)]);
    expect(forSup.owner.name).toBe(maskName(specName));
    expect(forSup.contactPhone).toBe(maskPhone(need.contactPhone));
    for (const token of [ent, spec]) {
      const view = (await api.request('GET', `/api/needs/${need.id}`, { token })).body;
      expect(names(view)).toEqual([entName, specName]);
      expect(view.owner.name).toBe(specName);
    }
  });

  it('shows the supervisor every name on a complaint’s record masked (events[].actorName), the manager in clear and logged', async () => {
    const need = (await post(ent, '/api/needs', needBody())).body;
    const filed = (
      await post(ent, '/api/complaints', { needId: need.id, targetKind: 'need', content: '答复时间远超承诺期限，多次催办无果。' })
    ).body;
    const acked = await api.request('POST', `/api/complaints/${filed.id}/actions`, {
      token: mgr,
      body: { action: 'acknowledge', version: filed.version, note: '已受理' },
    });
    expect(acked.status).toBe(200);
    const mgrName = (await api.request('GET', '/api/me', { token: mgr })).body.user.name as string;
    const entName = (await api.request('GET', '/api/me', { token: ent })).body.user.name as string;

    const forSup = (await api.request('GET', `/api/complaints/${filed.id}`, { token: sup })).body;
    expect(forSup.events.map((e: any) => e.actorName)).toEqual([maskName(entName), maskName(mgrName)]);
    expect(forSup.complainant.name).toBe(maskName(entName));

    const logged = async () =>
      (
        await api.deps.db.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM pii_access_log WHERE subject_kind = 'complaint' AND subject_id = $1`,
          [filed.id],
        )
      ).rows[0]!.n;
    const before = await logged();
    const forMgr = (await api.request('GET', `/api/complaints/${filed.id}`, { token: mgr })).body;
    expect(forMgr.events.map((e: any) => e.actorName)).toEqual([entName, mgrName]);
    expect(await logged()).toBe(before + 1);
    // The supervisor's masked read and the complainant's own are not unmasked reads.
    await api.request('GET', `/api/complaints/${filed.id}`, { token: sup });
    await api.request('GET', `/api/complaints/${filed.id}`, { token: ent });
    expect(await logged()).toBe(before + 1);
  });

  it('stores a station visitor’s name masked in the staff’s notification', async () => {
    const entName = (await api.request('GET', '/api/me', { token: ent })).body.user.name as string;
    api.setNow(STATION_OPEN_AT);
    await api.request('POST', '/api/stations/SYB001/checkins', { token: ent, body: { purpose: '咨询认证' } });
    api.setNow(null);
    const { rows } = await api.deps.db.query<{ body: string }>(
      `SELECT body FROM notifications WHERE kind = 'checkin' ORDER BY created_at DESC LIMIT 1`,
    );
    expect(rows[0]!.body).toContain(maskName(entName));
    expect(rows[0]!.body).not.toContain(entName);
  });
});

describe('the audit logs', () => {
  async function refused(sql: string) {
    await expect(api.deps.db.query(sql)).rejects.toThrow(/append-only/);
  }

  it('refuses UPDATE, DELETE and TRUNCATE on the need event log, the complaint record and the access log', async () => {
    const need = (await post(ent, '/api/needs', needBody())).body;
    await api.request('GET', `/api/needs/${need.id}`, { token: spec });
    await post(ent, '/api/complaints', { needId: need.id, targetKind: 'need', content: '答复时间远超承诺期限，多次催办无果。' });
    for (const table of ['need_events', 'complaint_events', 'pii_access_log']) {
      const { rows } = await api.deps.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`);
      expect(rows[0]!.n, table).toBeGreaterThan(0);
      await refused(`UPDATE ${table} SET at = at + interval '1 second'`);
      await refused(`DELETE FROM ${table}`);
      await refused(`TRUNCATE ${table} CASCADE`);
      expect((await api.deps.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`)).rows[0]!.n).toBe(rows[0]!.n);
    }
    await refused(`UPDATE need_events SET note = 'changed', actor_name_plain = NULL WHERE need_id = '${need.id}'`);
  });

  it('refuses a new row that carries a name in clear (users, need events)', async () => {
    await expect(api.deps.db.query(`INSERT INTO users (name_plain, roles) VALUES ('明文姓名', '{enterprise}')`)).rejects.toThrow(
      /encrypted column/,
    );
    const need = (await post(ent, '/api/needs', needBody())).body;
    await expect(
      api.deps.db.query(
        `INSERT INTO need_events (need_id, at, actor_role, action, to_state, actor_name_plain) VALUES ($1, now(), 'enterprise', 'comment', 'submitted', '明文姓名')`,
        [need.id],
      ),
    ).rejects.toThrow(/need_events\.actor_name_plain .*encrypted column/);
  });
});

describe('GET /api/pii-access-log', () => {
  it('lets managers and supervisors read it, newest first; others get 403, no session 401', async () => {
    const need = (await post(ent, '/api/needs', needBody())).body;
    await api.request('GET', `/api/needs/${need.id}`, { token: spec });
    const specId = (await api.request('GET', '/api/me', { token: spec })).body.user.id as string;
    for (const token of [mgr, sup]) {
      const r = await api.request('GET', `/api/pii-access-log?needId=${need.id}`, { token });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      expect(r.body.items[0]).toMatchObject({
        viewer: { id: specId, roles: ['specialist'] },
        subjectKind: 'need',
        subjectId: need.id,
        need: { id: need.id, number: need.number, title: need.title },
        purpose: 'need_detail',
      });
      expect(r.body.items[0].viewer.name).toBe((await api.request('GET', '/api/me', { token: spec })).body.user.name);
    }
    for (const token of [ent, spec, prov]) {
      const r = await api.request('GET', '/api/pii-access-log', { token });
      expect(r.status).toBe(403);
      expect(r.body.error.code).toBe('forbidden');
    }
    expect((await api.request('GET', '/api/pii-access-log')).status).toBe(401);
  });

  it('filters by need, reader, kind and day, and pages with a cursor', async () => {
    const need = (await post(ent, '/api/needs', needBody())).body;
    for (let i = 0; i < 3; i++) await api.request('GET', `/api/needs/${need.id}`, { token: spec });
    const specId = (await api.request('GET', '/api/me', { token: spec })).body.user.id as string;
    const mgrId = (await api.request('GET', '/api/me', { token: mgr })).body.user.id as string;
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

    const first = await api.request('GET', `/api/pii-access-log?needId=${need.id}&limit=2&from=${today}&to=${today}`, { token: mgr });
    expect(first.body.items).toHaveLength(2);
    expect(first.body.nextCursor).toBeTruthy();
    const second = await api.request('GET', `/api/pii-access-log?needId=${need.id}&limit=2&cursor=${first.body.nextCursor}`, {
      token: mgr,
    });
    expect(second.body.items).toHaveLength(1);
    expect(second.body.nextCursor).toBeNull();
    const ids = [...first.body.items, ...second.body.items].map((e: any) => e.id);
    expect(new Set(ids).size).toBe(3);
    const ats = [...first.body.items, ...second.body.items].map((e: any) => e.at);
    expect([...ats].sort().reverse()).toEqual(ats);

    const bySpec = await api.request('GET', `/api/pii-access-log?viewerId=${specId}&subjectKind=need&limit=100`, { token: sup });
    expect(bySpec.body.items.length).toBeGreaterThanOrEqual(3);
    expect(bySpec.body.items.every((e: any) => e.viewer.id === specId && e.subjectKind === 'need')).toBe(true);
    expect((await api.request('GET', `/api/pii-access-log?viewerId=${mgrId}&needId=${need.id}`, { token: sup })).body.items).toEqual([]);
    expect((await api.request('GET', `/api/pii-access-log?needId=${need.id}&to=2000-01-01`, { token: sup })).body.items).toEqual([]);
  });

  it('records a page of the inbox as one row naming its needs, and still answers per need', async () => {
    const needs: { id: string; number: string }[] = [];
    for (let i = 0; i < 3; i++) needs.push((await post(ent, '/api/needs', needBody({ title: `整页查阅记录${i}` }))).body);
    const before = await api.deps.db.query<{ n: number }>('SELECT count(*)::int AS n FROM pii_access_log');
    const page = await api.request('GET', `/api/needs?q=${encodeURIComponent('整页查阅记录')}`, { token: spec });
    expect(page.body.items.map((n: any) => n.id).sort()).toEqual(needs.map((n) => n.id).sort());
    const after = await api.deps.db.query<{ n: number; ids: string[] }>(
      `SELECT (SELECT count(*)::int FROM pii_access_log) AS n, (SELECT subject_ids FROM pii_access_log ORDER BY at DESC LIMIT 1) AS ids`,
    );
    expect(after.rows[0]!.n - before.rows[0]!.n).toBe(1);
    expect([...after.rows[0]!.ids].sort()).toEqual(needs.map((n) => n.id).sort());
    const specId = (await api.request('GET', '/api/me', { token: spec })).body.user.id as string;
    for (const need of needs) {
      const r = await api.request('GET', `/api/pii-access-log?needId=${need.id}`, { token: sup });
      expect(r.body.items).toHaveLength(1);
      expect(r.body.items[0]).toMatchObject({
        viewer: { id: specId },
        subjectKind: 'need',
        subjectId: need.id,
        need: { id: need.id, number: need.number },
        purpose: 'need_list',
      });
    }
    // Unfiltered, the row reads as one entry per need, each with its own id, paged across the row.
    const seen: any[] = [];
    let cursor: string | null = null;
    do {
      const r: any = await api.request('GET', `/api/pii-access-log?viewerId=${specId}&limit=2${cursor ? `&cursor=${cursor}` : ''}`, {
        token: mgr,
      });
      seen.push(...r.body.items);
      cursor = r.body.nextCursor;
    } while (cursor && seen.length < 6);
    const listed = seen.filter((e) => needs.some((n) => n.id === e.subjectId) && e.purpose === 'need_list');
    expect(listed.map((e) => e.subjectId).sort()).toEqual(needs.map((n) => n.id).sort());
    expect(new Set(seen.map((e) => e.id)).size).toBe(seen.length);
  });

  it('refuses bad filters and cursors with 400 and a Chinese message', async () => {
    for (const q of ['needId=nope', 'from=2026-13-01', 'from=2026-02-02&to=2026-02-01', 'subjectKind=phone', 'limit=0', 'cursor=bm9wZQ']) {
      const r = await api.request('GET', `/api/pii-access-log?${q}`, { token: mgr });
      expect(r.status, q).toBe(400);
      expect(r.body.error.message).toMatch(/[\u4e00-\u9fff]/);
    }
  });

  it('is in the OpenAPI document', async () => {
    const doc = (await api.request('GET', '/api/openapi.json')).body;
    expect(doc.paths['/api/pii-access-log'].get.responses['200']).toBeTruthy();
  });
});

describe('names stored before names were encrypted', () => {
  it('are encrypted by the app before it serves, and read as before', async () => {
    const { db, drop } = await createTestDb();
    const oldDir = await mkdtemp(join(tmpdir(), 'qi-old-migrations-'));
    try {
      for (const f of await readdir(MIGRATIONS_DIR)) if (f < '0012') await cp(join(MIGRATIONS_DIR, f), join(oldDir, f));
      await migrate(db, oldDir);
      // Rows as the previous release wrote them: names in clear.
      const config = loadConfig({ DEMO_MODE: '1' });
      const deps = createDeps(db, config);
      const ent = (await db.query<{ id: string }>(`INSERT INTO enterprises (name) VALUES ('海南旧数据有限公司') RETURNING id`)).rows[0]!.id;
      const user = (
        await db.query<{ id: string }>(
          `INSERT INTO users (openid, name, roles, enterprise_id) VALUES ('old:1', '上官旧名', '{enterprise}', $1) RETURNING id`,
          [ent],
        )
      ).rows[0]!.id;
      const need = '00000000-0000-4000-8000-000000000001';
      await db.query(
        `INSERT INTO needs (id, number, state, title, description, categories, channel, enterprise_id, applicant,
                            contact_name_enc, contact_phone_enc, created_by, submitted_on, accept_by, reply_by)
         VALUES ($1, 'QS-20260101-0001', 'submitted', '旧需求', '旧需求的描述文字', '{testing}', 'miniapp', $2, '海南旧数据有限公司',
                 $3, $4, $5, '2026-01-01', '2026-01-02', '2026-01-10')`,
        [need, ent, deps.pii.encrypt('上官旧名'), deps.pii.encrypt('13900001111'), user],
      );
      await db.query(
        `INSERT INTO need_events (need_id, actor_id, actor_name, actor_role, action, to_state) VALUES ($1, $2, '上官旧名', 'enterprise', 'submit', 'submitted')`,
        [need, user],
      );
      await db.query(`INSERT INTO settings (key, value, updated_by) VALUES ('time_limits', '{}', '上官旧名')`);

      expect((await migrate(db)).applied.map((f) => f.slice(0, 4))).toEqual(expect.arrayContaining(['0012', '0013']));
      expect(await findInDump(db, ['上官旧名'])).toEqual([
        'need_events.actor_name_plain holds “上官旧名” (1 rows)',
        'settings.updated_by_plain holds “上官旧名” (1 rows)',
        'users.name_plain holds “上官旧名” (1 rows)',
      ]);

      // The first request seals them; the app reads the names as before.
      const app = createApp(deps);
      const client = jsonClient(async (path, init) => app.request(path, init));
      const token = await issueToken(user, config.sessionSecret, 3600, new Date());
      const detail = await client.request('GET', `/api/needs/${need}`, { token });
      expect(detail.status, JSON.stringify(detail.body)).toBe(200);
      expect(detail.body.events[0].actor.name).toBe('上官旧名');
      expect((await client.request('GET', '/api/me', { token })).body.user.name).toBe('上官旧名');
      expect(await findInDump(db, ['上官旧名'])).toEqual([]);
      // Running it again finds nothing left to do.
      expect(await sealPlaintextNames(db, deps.pii)).toBe(0);
    } finally {
      await rm(oldDir, { recursive: true, force: true });
      await drop();
    }
  });
});
