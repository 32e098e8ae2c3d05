// Need creation as it runs side by side (issue 14): the reply is built from
// what the request knows and must be the need as a read shows it; numbers are
// taken in the last statement and stay unique, gap-free and ordered past a
// day's 99 999th; the queue told is the policy's queue; the statistics facts a
// new need writes are the ones its rows give.
import {
  addCalendarDays,
  DEFAULT_TIME_LIMITS,
  formatNeedNumber,
  NEED_NUMBER_PATTERN,
  needDeadlines,
  parseNeedNumber,
  resolveTimeLimits,
  toShanghaiDate,
} from '@qi/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadPrincipal } from '../../cloud/src/auth/principal';
import { loadNeedRow, toDetail } from '../../cloud/src/services/needView';
import { queueSpecialistIds } from '../../cloud/src/services/notifications';
import { foldStats } from '../../cloud/src/services/stats/fold';
import { createTestApi, createTestApiOn, needBody, newKey, type TestApi } from '../support/api';
import { createTestDb } from '../support/db';

let api: TestApi;
let ent: string, spec: string;
let stationIds: { center: string; other: string };

beforeAll(async () => {
  api = await createTestApi();
  ent = await api.login('enterprise');
  spec = await api.login('specialist');
  const { rows } = await api.deps.db.query<{ id: string; kind: string }>('SELECT id, kind FROM stations ORDER BY code');
  stationIds = { center: rows.find((r) => r.kind === 'center')!.id, other: rows.find((r) => r.kind !== 'center')!.id };
});
afterAll(() => api?.close());

async function create(token: string, over: Record<string, unknown> = {}) {
  const res = await api.request('POST', '/api/needs', { token, body: needBody(over), headers: { 'Idempotency-Key': newKey() } });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

const today = () => toShanghaiDate(api.deps.now());

describe('the reply to a submission', () => {
  it.each([
    ['an enterprise in the mini-program', () => ent, {}],
    [
      'an enterprise with items, a wished reply day and an applicant',
      () => ent,
      {
        categories: ['metrology', 'testing'],
        items: ['metrology.verification_calibration'],
        desiredReplyBy: '2099-12-31',
        applicant: '海南椰风食品有限公司质量部',
      },
    ],
    ['an enterprise scanning a station', () => ent, { stationId: 'other', channel: 'station_qr' }],
    ['a specialist at the window of its own queue', () => spec, { enterprise: { name: '海口测试窗口企业有限公司' }, channel: 'window' }],
    [
      'a specialist recording for another station',
      () => spec,
      { enterprise: { name: '三亚测试电话企业有限公司', creditCode: '91460105MA5T8H3R2K' }, channel: 'phone', stationId: 'other' },
    ],
  ])('is the need as its creator reads it afterwards: %s', async (_who, token, over) => {
    const body = { ...over } as Record<string, unknown>;
    if (body.stationId === 'other') body.stationId = stationIds.other;
    const made = await create(token(), body);
    // What the read path (toDetail over the stored row) makes of it, for the same caller.
    const { rows } = await api.deps.db.query<{ created_by: string }>('SELECT created_by FROM needs WHERE id = $1', [made.id]);
    const p = (await loadPrincipal(api.deps.db, rows[0]!.created_by))!;
    const stored = await api.deps.db.transaction(async (tx) => toDetail(api.deps, tx, p, (await loadNeedRow(tx, made.id))!));
    expect(made).toEqual(JSON.parse(JSON.stringify(stored)));
    // And GET answers the same, where the creator may read it (a specialist recording for another station's queue may not).
    const read = await api.request('GET', `/api/needs/${made.id}`, { token: token() });
    expect(read.status).toBe(body.stationId === stationIds.other && token() === spec ? 404 : 200);
    if (read.status === 200) expect(made).toEqual(read.body);
  });

  it('records the unmasked contact shown to a serving specialist in the access log, once', async () => {
    const made = await create(spec, { enterprise: { name: '文昌测试审计企业有限公司' }, channel: 'window' });
    expect(made.contactMasked).toBe(false);
    const { rows } = await api.deps.db.query<{ purpose: string }>(`SELECT purpose FROM pii_access_log WHERE subject_id = $1`, [made.id]);
    expect(rows).toEqual([{ purpose: 'need_detail' }]);
  });
});

describe('need numbers', () => {
  it('writes in SQL (need_number) exactly what formatNeedNumber writes', async () => {
    const seqs = [1, 9, 10, 99, 12345, 99998, 99999, 100000, 100001, 999999, 1000000, 54321987, 2147483647];
    const days = ['2026-11-21', '2025-01-01', '2028-02-29', '2030-12-31'];
    for (const day of days) {
      const { rows } = await api.deps.db.query<{ seq: number; number: string }>(
        'SELECT s AS seq, need_number($1::date, s) AS number FROM unnest($2::int[]) AS s',
        [day, seqs],
      );
      expect(rows).toEqual(seqs.map((seq) => ({ seq, number: formatNeedNumber(day, seq) })));
    }
    expect((await api.deps.db.query<{ n: string | null }>('SELECT need_number(NULL, 7) AS n')).rows[0]!.n).toBeNull();
  });

  it('inlines need_number into the statement that writes a need (no SQL-function call per need)', async () => {
    // Inlined, the plan's output is the function's body over the columns, not a call of it.
    const { rows } = await api.deps.db.query<{ 'QUERY PLAN': string }>(
      'EXPLAIN (VERBOSE) SELECT need_number(day, last_seq) FROM need_number_counters',
    );
    const plan = rows.map((r) => r['QUERY PLAN']).join('\n');
    expect(plan).toContain('EXTRACT(year FROM day)');
    expect(plan).not.toContain('need_number(');
  });

  it('gives the 100 000th need of a day a valid number, after the 99 999th and before the next', async () => {
    await api.deps.db.query(
      `INSERT INTO need_number_counters (day, last_seq) VALUES ($1, 99998)
       ON CONFLICT (day) DO UPDATE SET last_seq = 99998`,
      [today()],
    );
    const n99999 = await create(ent, { title: '第九万九千九百九十九个需求' });
    const n100000 = await create(ent, { title: '第十万个需求' });
    const n100001 = await create(ent, { title: '第十万零一个需求' });
    expect(n99999.number).toBe(formatNeedNumber(today(), 99999));
    expect(n100000.number).toBe(`QS-${today().replaceAll('-', '')}-F100000`);
    expect(n100000.number).toMatch(NEED_NUMBER_PATTERN);
    expect(parseNeedNumber(n100000.number)).toEqual({ day: today(), seq: 100000 });
    expect(parseNeedNumber(n100001.number)).toEqual({ day: today(), seq: 100001 });
    expect([n100001.number, n99999.number, n100000.number].sort()).toEqual([n99999.number, n100000.number, n100001.number]);
    // It can be found by its number, as any other.
    const found = await api.request('GET', `/api/needs/by-number/${n100000.number}`, { token: ent });
    expect(found.status).toBe(200);
    expect(found.body.id).toBe(n100000.id);
  });

  it('stays gap-free when submissions run at once and some of them fail before the commit', async () => {
    const { rows: before } = await api.deps.db.query<{ last_seq: number }>('SELECT last_seq FROM need_number_counters WHERE day = $1', [
      today(),
    ]);
    const start = before[0]?.last_seq ?? 0;
    const missing = '00000000-0000-4000-8000-000000000000';
    const results = await Promise.all(
      Array.from({ length: 24 }, (_, i) =>
        api.request('POST', '/api/needs', {
          token: ent,
          // Every third names a station that does not exist: refused inside the transaction.
          body: needBody(i % 3 === 2 ? { stationId: missing, channel: 'station_qr' } : { title: `并发提交 ${i}` }),
          headers: { 'Idempotency-Key': newKey() },
        }),
      ),
    );
    const made = results.filter((r) => r.status === 201).map((r) => r.body);
    expect(made).toHaveLength(16);
    expect(results.filter((r) => r.status === 422)).toHaveLength(8);
    const seqs = made.map((n) => parseNeedNumber(n.number)!.seq).sort((a, b) => a - b);
    expect(seqs).toEqual(Array.from({ length: 16 }, (_, i) => start + 1 + i));
    const { rows } = await api.deps.db.query<{ n: number }>('SELECT count(*)::int AS n FROM needs WHERE number = ANY($1)', [
      made.map((n) => n.number),
    ]);
    expect(rows[0]!.n).toBe(16);
  });
});

describe('who is told of a new need', () => {
  it.each([
    ['a need raised without a station', () => null],
    ['a need at the center', () => stationIds.center],
    ['a need at another station', () => stationIds.other],
  ])('is the queue the policy names: %s', async (_what, station) => {
    const stationId = station();
    const made = await create(ent, stationId ? { stationId, channel: 'station_qr' } : {});
    const { rows } = await api.deps.db.query<{ user_id: string; title: string; body: string }>(
      `SELECT user_id, title, body FROM notifications WHERE need_id = $1 AND kind = 'need_new' ORDER BY user_id`,
      [made.id],
    );
    const queue = [...(await queueSpecialistIds(api.deps.db, stationId))].sort();
    expect(queue.length).toBeGreaterThan(0);
    expect(rows.map((r) => r.user_id)).toEqual(queue);
    for (const r of rows) {
      expect(r.title).toBe(`新需求 ${made.number}`);
      expect(r.body).toBe(`${made.enterprise.name}：${made.title}`);
    }
  });

  it('does not tell the specialist who recorded it', async () => {
    const made = await create(spec, { enterprise: { name: '琼海测试通知企业有限公司' }, channel: 'window' });
    const { rows } = await api.deps.db.query<{ user_id: string }>(`SELECT user_id FROM notifications WHERE need_id = $1`, [made.id]);
    const queue = await queueSpecialistIds(api.deps.db, null);
    const { rows: me } = await api.deps.db.query<{ id: string }>(`SELECT id FROM users WHERE persona = 'specialist'`);
    expect(queue).toContain(me[0]!.id);
    expect(rows.map((r) => r.user_id).sort()).toEqual(queue.filter((id) => id !== me[0]!.id).sort());
  });
});

describe('the statistics a new need writes', () => {
  it('are queued by the creating transaction and folded into the facts its rows give, as a rebuild would compute them', async () => {
    await foldStats(api.deps.db);
    const before = await api.deps.db.query<{ n: number }>(`SELECT coalesce(sum(n), 0)::int AS n FROM stats_needs WHERE span = 'y'`);
    const a = await create(ent, { categories: ['testing', 'metrology', 'standardization'], items: ['metrology.verification_calibration'] });
    const b = await create(ent, { stationId: stationIds.other, channel: 'station_qr' });
    // the creations wrote no rollup row (none another creation waits on): their ids are queued
    const queued = await api.deps.db.query<{ need_id: string }>('SELECT DISTINCT need_id FROM stats_queue');
    expect(queued.rows.map((r) => r.need_id).sort()).toEqual([a.id, b.id].sort());
    const still = await api.deps.db.query<{ n: number }>(`SELECT coalesce(sum(n), 0)::int AS n FROM stats_needs WHERE span = 'y'`);
    expect(still.rows[0]!.n).toBe(before.rows[0]!.n);
    expect(await foldStats(api.deps.db)).toBe(2);
    const after = await api.deps.db.query<{ n: number }>(`SELECT coalesce(sum(n), 0)::int AS n FROM stats_needs WHERE span = 'y'`);
    // a need counts once per category in 0014's rows: three, and the body's default two
    expect(after.rows[0]!.n).toBe(before.rows[0]!.n + 5);
    expect((await api.deps.db.query('SELECT 1 FROM stats_queue')).rows).toEqual([]);
    const { rows } = await api.deps.db.query<{ diff: number }>(
      `SELECT count(*)::int AS diff FROM (
         (SELECT * FROM stats_need_facts EXCEPT SELECT * FROM stats_need_facts_now)
         UNION ALL
         (SELECT * FROM stats_need_facts_now EXCEPT SELECT * FROM stats_need_facts)) d`,
    );
    expect(rows[0]!.diff).toBe(0);
  });
});

describe('受理并登记: a need a specialist records for its own queue', () => {
  it('is accepted by the recorder in the same request: owner, an accept event after the submission, the reply clock running', async () => {
    const made = await create(spec, { enterprise: { name: '澄迈测试受理企业有限公司' }, channel: 'window' });
    expect(made.state).toBe('accepted');
    expect(made.version).toBe(2);
    expect(made.owner.id).toBe(made.recorder.id);
    expect(made.events.map((e: { action: string }) => e.action)).toEqual(['submit', 'accept']);
    expect(made.events[1].actor.role).toBe('specialist');
    expect(made.clock.kind).toBe('reply');
    expect(made.allowedActions).not.toContain('accept');
  });

  it('tells the enterprise its need is accepted and no other specialist of the queue that a new need arrived', async () => {
    const made = await create(spec, {
      enterprise: { name: '海南椰语食品有限公司', creditCode: '91460105MA5T8H3R2K' },
      channel: 'phone',
    });
    const { rows } = await api.deps.db.query<{ kind: string; title: string; persona: string | null }>(
      `SELECT n.kind, n.title, u.persona FROM notifications n JOIN users u ON u.id = n.user_id WHERE n.need_id = $1`,
      [made.id],
    );
    expect(rows.filter((r) => r.kind === 'need_new')).toEqual([]);
    expect(rows).toContainEqual({ kind: 'need_state', title: '您的需求已受理', persona: 'enterprise' });
  });

  it('stays submitted for the other station to accept when recorded for another station’s queue', async () => {
    const made = await create(spec, { enterprise: { name: '万宁测试转交企业有限公司' }, channel: 'window', stationId: stationIds.other });
    expect(made.state).toBe('submitted');
    expect(made.owner).toBeNull();
  });

  it('answers a retry with the accepted need, once', async () => {
    const key = newKey();
    const body = needBody({ enterprise: { name: '定安测试重试企业有限公司' }, channel: 'window' });
    const a = await api.request('POST', '/api/needs', { token: spec, body, headers: { 'Idempotency-Key': key } });
    const b = await api.request('POST', '/api/needs', { token: spec, body, headers: { 'Idempotency-Key': key } });
    expect(a.status).toBe(201);
    expect(b.body.id).toBe(a.body.id);
    expect(b.body.state).toBe('accepted');
    const { rows } = await api.deps.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM need_events WHERE need_id = $1 AND action = 'accept'`,
      [a.body.id],
    );
    expect(rows[0]!.n).toBe(1);
  });
});

describe('the desired reply date', () => {
  const post = (token: string, desiredReplyBy: string, over: Record<string, unknown> = {}) =>
    api.request('POST', '/api/needs', { token, body: needBody({ desiredReplyBy, ...over }), headers: { 'Idempotency-Key': newKey() } });

  async function acceptBy(): Promise<string> {
    const made = await create(ent);
    return made.deadlines.acceptBy;
  }

  it.each([
    ['today', () => Promise.resolve(today())],
    ['the accept deadline itself', acceptBy],
  ])('is refused with a 422 naming the earliest date when it is %s', async (_what, day) => {
    const res = await post(ent, await day());
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('rule_violation');
    expect(res.body.error.message).toMatch(/^期望答复日期须晚于受理时限，最早可选 \d{4}-\d{2}-\d{2}$/);
    expect(res.body.error.issues).toEqual([{ path: 'desiredReplyBy', message: res.body.error.message }]);
  });

  it('is taken from the day after the accept deadline, for the enterprise and at the window alike', async () => {
    const due = await acceptBy();
    const next = addCalendarDays(due, 1);
    const a = await post(ent, next);
    expect(a.status, JSON.stringify(a.body)).toBe(201);
    expect(a.body.deadlines.replyBy).toBe(next);
    const b = await post(spec, due, { enterprise: { name: '屯昌测试日期企业有限公司' }, channel: 'window' });
    expect(b.status).toBe(422);
    const c = await post(spec, next, { enterprise: { name: '屯昌测试日期企业有限公司' }, channel: 'window' });
    expect(c.status).toBe(201);
  });
});

describe('the rules a submission is computed from', () => {
  it('are the ones in force when another instance changed the time limits since this one last read them', async () => {
    const before = await create(ent); // this instance has read the rules (it remembers them)
    const replyDays = DEFAULT_TIME_LIMITS.replyDays + 4;
    // Another instance (a second function, a manager's edit elsewhere) changes them behind this one's back.
    await api.deps.db.query(
      `INSERT INTO settings (key, value, version) VALUES ('time_limits', $1::jsonb, 1)
       ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, version = settings.version + 1`,
      [JSON.stringify({ ...DEFAULT_TIME_LIMITS, replyDays })],
    );
    try {
      const after = await create(ent);
      const cal = await api.deps.calendars.get(api.deps.db, today());
      const expected = needDeadlines({ submittedOn: today(), desiredReplyBy: null }, resolveTimeLimits({ replyDays }), cal);
      expect(after.deadlines).toMatchObject({ acceptBy: expected.acceptBy, replyBy: expected.replyBy });
      expect(after.deadlines.replyBy).not.toBe(before.deadlines.replyBy);
      const stored = await api.deps.db.query<{ reply_by: string }>('SELECT reply_by FROM needs WHERE id = $1', [after.id]);
      expect(stored.rows[0]!.reply_by).toBe(expected.replyBy);
    } finally {
      await api.deps.db.query(`DELETE FROM settings WHERE key = 'time_limits'`);
    }
  });

  it('refuses a station that is gone, writing nothing', async () => {
    const count = async () => (await api.deps.db.query<{ n: number }>('SELECT count(*)::int AS n FROM needs')).rows[0]!.n;
    const n = await count();
    const res = await api.request('POST', '/api/needs', {
      token: ent,
      body: needBody({ stationId: '00000000-0000-4000-8000-000000000000', channel: 'station_qr' }),
      headers: { 'Idempotency-Key': newKey() },
    });
    expect(res.status).toBe(422);
    expect(res.body.error).toMatchObject({ code: 'rule_violation', message: '所选服务站点不存在' });
    expect(await count()).toBe(n);
  });
});

describe('an enterprise’s own submission', () => {
  it('is one statement once this instance knows the caller, and a caller changed since is read at once', async () => {
    const { db, drop } = await createTestDb();
    // Every statement the app sends through its Db (the shared flush after a durable write is not one of them).
    const sent: string[] = [];
    const counted = new Proxy(db, {
      get(target, key, receiver) {
        const value: unknown = Reflect.get(target, key, receiver);
        if ((key === 'query' || key === 'queryDurably' || key === 'transaction') && typeof value === 'function') {
          return (...args: unknown[]) => {
            sent.push(key === 'transaction' ? 'BEGIN' : String(args[0]));
            return (value as (...a: unknown[]) => unknown).apply(target, args);
          };
        }
        return value;
      },
    });
    const own = await createTestApiOn(counted, drop);
    try {
      const token = await own.login('enterprise');
      const submit = () => own.request('POST', '/api/needs', { token, body: needBody(), headers: { 'Idempotency-Key': newKey() } });
      expect((await submit()).status).toBe(201); // this instance learns the caller
      // The rate limits prune their old windows now and then, in a statement of their own.
      const statements = () => sent.filter((t) => !t.startsWith('DELETE FROM rate_limits'));
      sent.length = 0;
      const first = await submit();
      expect(first.status).toBe(201);
      expect(statements()).toHaveLength(1);

      // The account moves to another enterprise behind this instance's back: the need is that enterprise's.
      const { rows } = await own.deps.db.query<{ id: string; name: string }>(
        `SELECT e.id, e.name FROM enterprises e WHERE e.id <> (SELECT enterprise_id FROM users WHERE persona = 'enterprise') ORDER BY e.name LIMIT 1`,
      );
      const other = rows[0]!;
      await own.deps.db.query(`UPDATE users SET enterprise_id = $1 WHERE persona = 'enterprise'`, [other.id]);
      const moved = await submit();
      expect(moved.status).toBe(201);
      expect(moved.body.enterprise).toEqual({ id: other.id, name: other.name });
      const stored = await own.deps.db.query<{ enterprise_id: string }>('SELECT enterprise_id FROM needs WHERE id = $1', [moved.body.id]);
      expect(stored.rows[0]!.enterprise_id).toBe(other.id);

      // The account is no longer an enterprise's: refused, nothing written.
      const needs = async () => (await own.deps.db.query<{ n: number }>('SELECT count(*)::int AS n FROM needs')).rows[0]!.n;
      const n = await needs();
      await own.deps.db.query(`UPDATE users SET roles = '{}' WHERE persona = 'enterprise'`);
      const refused = await submit();
      expect(refused.status).toBe(403);
      expect(refused.body.error).toMatchObject({ code: 'forbidden', message: '只有企业用户可以提交需求' });
      expect(await needs()).toBe(n);
    } finally {
      await own.close();
    }
  });
});
