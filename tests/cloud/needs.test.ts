// The need flow through the real app on a real database: create, list,
// detail, transitions, rating — each role and each refusal.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApi, needBody, newKey, type TestApi } from '../support/api';

let api: TestApi;
let ent: string, ent2: string, spec: string, prov: string, mgr: string, sup: string;

beforeAll(async () => {
  api = await createTestApi();
  ({ enterprise: ent, enterprise2: ent2, specialist: spec, provider: prov, manager: mgr, supervisor: sup } = await api.loginAll());
});
afterAll(() => api?.close());

async function create(token = ent, over: Record<string, unknown> = {}) {
  const res = await api.request('POST', '/api/needs', { token, body: needBody(over), headers: { 'Idempotency-Key': newKey() } });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

async function act(token: string, id: string, body: Record<string, unknown>) {
  return api.request('POST', `/api/needs/${id}/actions`, { token, body });
}

describe('creating a need', () => {
  it('gives the enterprise a numbered, submitted need with deadlines and its own contact unmasked', async () => {
    const n = await create();
    expect(n.number).toMatch(/^QS-\d{8}-\d{5}$/);
    expect(n.state).toBe('submitted');
    expect(n.version).toBe(1);
    expect(n.channel).toBe('miniapp');
    expect(n.contactPhone).toBe('13876543210');
    expect(n.contactMasked).toBe(false);
    expect(n.deadlines.acceptBy > n.createdAt.slice(0, 10)).toBe(true);
    expect(n.deadlines.rateBy).toBeNull();
    expect(n.events).toHaveLength(1);
    expect(n.events[0]).toMatchObject({ action: 'submit', from: null, to: 'submitted' });
    expect(n.allowedActions).toEqual(['withdraw']);
  });

  it('stores contact name and phone encrypted, never in plain text', async () => {
    const n = await create(ent, { contactPhone: '13912345678', contactName: '欧阳娜娜' });
    const { rows } = await api.deps.db.query<{ contact_name_enc: string; contact_phone_enc: string }>(
      'SELECT contact_name_enc, contact_phone_enc FROM needs WHERE id = $1',
      [n.id],
    );
    expect(rows[0]!.contact_phone_enc).not.toContain('13912345678');
    expect(rows[0]!.contact_name_enc).not.toContain('欧阳');
    expect(api.deps.pii.decrypt(rows[0]!.contact_phone_enc)).toBe('13912345678');
  });

  it('numbers needs created at once without gaps or duplicates', async () => {
    const made = await Promise.all(Array.from({ length: 12 }, () => create()));
    const seqs = made.map((n) => Number(n.number.slice(-5))).sort((a, b) => a - b);
    for (let i = 1; i < seqs.length; i++) expect(seqs[i]).toBe(seqs[i - 1]! + 1);
  });

  it('returns the same need for a retried key, even for 20 retries at once', async () => {
    const key = newKey();
    const body = needBody({ title: '重复提交测试' });
    const results = await Promise.all(
      Array.from({ length: 20 }, () => api.request('POST', '/api/needs', { token: ent, body, headers: { 'Idempotency-Key': key } })),
    );
    expect(results.every((r) => r.status === 201)).toBe(true);
    expect(new Set(results.map((r) => r.body.id)).size).toBe(1);
    expect(results.filter((r) => r.headers.get('idempotent-replayed') === 'true')).toHaveLength(19);
    const { rows } = await api.deps.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM needs WHERE title = '重复提交测试'`);
    expect(rows[0]!.n).toBe(1);
  });

  it('refuses a reused key with a different body (422)', async () => {
    const key = newKey();
    await api.request('POST', '/api/needs', { token: ent, body: needBody(), headers: { 'Idempotency-Key': key } });
    const res = await api.request('POST', '/api/needs', {
      token: ent,
      body: needBody({ title: '另一个需求' }),
      headers: { 'Idempotency-Key': key },
    });
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('idempotency_key_reused');
  });

  it('requires an Idempotency-Key', async () => {
    const res = await api.request('POST', '/api/needs', { token: ent, body: needBody() });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('idempotency_key_required');
  });

  it('answers invalid fields with 400, Chinese messages and the field paths, and writes nothing', async () => {
    const before = await api.deps.db.query<{ n: number }>('SELECT count(*)::int AS n FROM needs');
    const res = await api.request('POST', '/api/needs', {
      token: ent,
      headers: { 'Idempotency-Key': newKey() },
      body: needBody({ title: 'x', categories: [], contactPhone: '12345', items: ['nope.item'] }),
    });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('validation_failed');
    const paths = res.body.error.issues.map((i: { path: string }) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['title', 'categories', 'contactPhone', 'items.0']));
    for (const i of res.body.error.issues) expect(i.message).toMatch(/[\u4e00-\u9fff]/);
    const after = await api.deps.db.query<{ n: number }>('SELECT count(*)::int AS n FROM needs');
    expect(after.rows[0]!.n).toBe(before.rows[0]!.n);
  });

  it('refuses an item that does not belong to the chosen categories', async () => {
    const res = await api.request('POST', '/api/needs', {
      token: ent,
      headers: { 'Idempotency-Key': newKey() },
      body: needBody({ categories: ['ip'], items: ['metrology.verification_calibration'] }),
    });
    expect(res.status).toBe(400);
    expect(res.body.error.issues[0].path).toBe('items.0');
  });

  it('refuses station_qr without a station', async () => {
    const res = await api.request('POST', '/api/needs', {
      token: ent,
      headers: { 'Idempotency-Key': newKey() },
      body: needBody({ channel: 'station_qr' }),
    });
    expect(res.status).toBe(400);
    expect(res.body.error.issues[0].path).toBe('stationId');
  });

  it('lets a specialist record a window need for an enterprise found by its credit code', async () => {
    const n = await create(spec, { channel: 'window', enterprise: { name: '海南椰语食品有限公司', creditCode: '91460105MA5T8H3R2K' } });
    expect(n.channel).toBe('window');
    const me = await api.request('GET', '/api/me', { token: ent });
    expect(n.enterprise.id).toBe(me.body.enterprise.id);
    expect(n.recorder.name).toBe('陈思远');
    // and the enterprise sees it as its own
    const seen = await api.request('GET', `/api/needs/${n.id}`, { token: ent });
    expect(seen.status).toBe(200);
  });

  it('registers an unknown enterprise named at the window', async () => {
    const n = await create(spec, { channel: 'phone', enterprise: { name: '海口新创电子有限公司' } });
    expect(n.enterprise.name).toBe('海口新创电子有限公司');
  });

  it('refuses a window channel from an enterprise, and a need from a provider', async () => {
    const a = await api.request('POST', '/api/needs', {
      token: ent,
      headers: { 'Idempotency-Key': newKey() },
      body: needBody({ channel: 'window' }),
    });
    expect(a.status).toBe(422);
    const b = await api.request('POST', '/api/needs', { token: prov, headers: { 'Idempotency-Key': newKey() }, body: needBody() });
    expect(b.status).toBe(403);
    expect(b.body.error.code).toBe('forbidden');
  });

  it('refuses an unknown station', async () => {
    const res = await api.request('POST', '/api/needs', {
      token: ent,
      headers: { 'Idempotency-Key': newKey() },
      body: needBody({ stationId: '00000000-0000-4000-8000-000000000000' }),
    });
    expect(res.status).toBe(422);
  });
});

describe('seeing needs', () => {
  it('shows an enterprise only its own needs, newest first, cursor-paged', async () => {
    const other = await create(ent2, { contactName: '符海燕' });
    const mine = await Promise.all([create(), create()]);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const q: string = cursor ? `?limit=3&cursor=${cursor}` : '?limit=3';
      const page = await api.request('GET', `/api/needs${q}`, { token: ent });
      expect(page.status).toBe(200);
      expect(page.body.items.length).toBeLessThanOrEqual(3);
      seen.push(...page.body.items.map((n: { id: string }) => n.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).not.toContain(other.id);
    for (const n of mine) expect(seen).toContain(n.id);
    expect(new Set(seen).size).toBe(seen.length);
    const detail = await api.request('GET', `/api/needs/${other.id}`, { token: ent });
    expect(detail.status).toBe(404);
  });

  it('masks contacts for the manager and the supervisor but not for the serving specialist', async () => {
    const n = await create(ent, { contactPhone: '13800001111', contactName: '林晓华' });
    const m = await api.request('GET', `/api/needs/${n.id}`, { token: mgr });
    expect(m.body.contactPhone).toBe('138****1111');
    expect(m.body.contactName).toBe('林**');
    const s = await api.request('GET', `/api/needs/${n.id}`, { token: sup });
    expect(s.body.contactMasked).toBe(true);
    const sp = await api.request('GET', `/api/needs/${n.id}`, { token: spec });
    expect(sp.body.contactPhone).toBe('13800001111');
  });

  it('audits every unmasked read by staff', async () => {
    const n = await create();
    await api.request('GET', `/api/needs/${n.id}`, { token: spec });
    const { rows } = await api.deps.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pii_access_log WHERE subject_id = $1 AND purpose = 'need_detail'`,
      [n.id],
    );
    expect(rows[0]!.n).toBe(1);
  });

  it('hides needs from a provider without a task on them', async () => {
    const n = await create();
    expect((await api.request('GET', `/api/needs/${n.id}`, { token: prov })).status).toBe(404);
  });

  it('answers an unknown id with 404 and a malformed id with 400', async () => {
    expect((await api.request('GET', '/api/needs/00000000-0000-4000-8000-000000000000', { token: ent })).status).toBe(404);
    expect((await api.request('GET', '/api/needs/not-a-uuid', { token: ent })).status).toBe(400);
  });

  it('rejects a tampered cursor with 400', async () => {
    const res = await api.request('GET', '/api/needs?cursor=bm9wZQ', { token: ent });
    expect(res.status).toBe(400);
  });
});

describe('moving a need', () => {
  it('goes accept → dispatch → provider done → complete → rate, one event per step', async () => {
    const n = await create();
    let r = await act(spec, n.id, { action: 'accept', version: 1 });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ state: 'accepted', version: 2, owner: { name: '陈思远' } });
    const inst = await api.deps.db.query<{ id: string }>(`SELECT institution_id AS id FROM users WHERE persona = 'provider'`);
    r = await act(spec, n.id, {
      action: 'dispatch',
      version: 2,
      assignees: [{ institutionId: inst.rows[0]!.id, note: '请联系企业' }],
      period: '2026-12-01 至 2026-12-20',
    });
    expect(r.status).toBe(200);
    expect(r.body.servicePeriod).toBe('2026-12-01 至 2026-12-20');
    expect(r.body.state).toBe('in_service');
    expect(r.body.tasks).toHaveLength(1);
    expect(r.body.tasks[0].state).toBe('assigned');
    // the provider now sees the need
    expect((await api.request('GET', `/api/needs/${n.id}`, { token: prov })).status).toBe(200);
    // an open task blocks completion
    r = await act(spec, n.id, { action: 'complete', version: 3, result: '已完成' });
    expect(r.status).toBe(422);
    expect(r.body.error.message).toContain('任务');
    await api.deps.db.query(`UPDATE tasks SET state = 'done', result = '检测方案已出具' WHERE need_id = $1`, [n.id]);
    r = await act(spec, n.id, { action: 'complete', version: 3, result: '已出具检测方案并完成咨询' });
    expect(r.status).toBe(200);
    expect(r.body.state).toBe('completed');
    expect(r.body.deadlines.rateBy).not.toBeNull();
    r = await api.request('POST', `/api/needs/${n.id}/rating`, {
      token: ent,
      body: {
        timeliness: 'very_satisfied',
        professionalism: 'satisfied',
        courtesy: 'very_satisfied',
        overall: 'satisfied',
        resolved: true,
      },
    });
    expect(r.status).toBe(201);
    expect(r.body.state).toBe('rated');
    expect(r.body.rating.overall).toBe('satisfied');
    expect(r.body.events.map((e: { action: string }) => e.action)).toEqual(['submit', 'accept', 'dispatch', 'complete', 'rate']);
    for (const e of r.body.events) expect(e.actor.name).toBeTruthy();
  });

  it('answers 409 on a stale version before any other rule', async () => {
    const n = await create();
    await act(spec, n.id, { action: 'accept', version: 1 });
    // stale and also not allowed for an enterprise: the version wins
    const r = await act(ent, n.id, { action: 'serve', version: 1 });
    expect(r.status).toBe(409);
    expect(r.body.error.code).toBe('version_conflict');
  });

  it('lets exactly one of 10 racing accepts win; the rest get 409', async () => {
    const n = await create();
    const results = await Promise.all(Array.from({ length: 10 }, () => act(spec, n.id, { action: 'accept', version: 1 })));
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    expect(results.filter((r) => r.status === 409)).toHaveLength(9);
    const { rows } = await api.deps.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM need_events WHERE need_id = $1 AND action = 'accept'`,
      [n.id],
    );
    expect(rows[0]!.n).toBe(1);
  });

  it('refuses every action to the supervisor (read-only) and to a provider acting as specialist', async () => {
    const n = await create();
    for (const token of [sup, mgr]) {
      const r = await act(token, n.id, { action: 'accept', version: 1 });
      expect(r.status).toBe(403);
    }
    // the provider cannot even see a need it holds no task on
    expect((await act(prov, n.id, { action: 'accept', version: 1 })).status).toBe(404);
  });

  it('refuses an action the role may never take with 403, and a wrong state with 422', async () => {
    const n = await create();
    const a = await act(ent, n.id, { action: 'accept', version: 1 });
    expect(a.status).toBe(403);
    const b = await act(spec, n.id, { action: 'complete', version: 1, result: '完成' });
    expect(b.status).toBe(422);
    expect(b.body.error.code).toBe('transition_not_allowed');
  });

  it('pauses for 一次性告知 and resumes on supplement, with the checklist kept', async () => {
    const n = await create();
    await act(spec, n.id, { action: 'accept', version: 1 });
    let r = await act(spec, n.id, { action: 'request_info', version: 2, items: ['产品配料表', '出口目的国'] });
    expect(r.body.state).toBe('info_requested');
    expect(r.body.requestedInfo).toEqual(['产品配料表', '出口目的国']);
    const ownView = await api.request('GET', `/api/needs/${n.id}`, { token: ent });
    expect(ownView.body.allowedActions).toEqual(['supplement', 'withdraw']);
    r = await act(ent, n.id, { action: 'supplement', version: 3, note: '已补充配料表，出口马来西亚' });
    expect(r.status).toBe(200);
    expect(r.body.state).toBe('accepted');
  });

  it('answers on the spot, straight to completed', async () => {
    const n = await create();
    const r = await act(spec, n.id, { action: 'answer', version: 1, answer: '可参考 GB 7101 饮料标准，并联系省检测院。' });
    expect(r.body.state).toBe('completed');
    expect(r.body.answer).toContain('GB 7101');
    expect(r.body.owner.name).toBe('陈思远');
  });

  it('rejects with a reason and a referral, and then nothing more is possible', async () => {
    const n = await create();
    const r = await act(spec, n.id, { action: 'reject', version: 1, reason: '不属于质量基础设施服务范围', referral: '请咨询当地商务部门' });
    expect(r.body).toMatchObject({ state: 'rejected', rejectReason: '不属于质量基础设施服务范围', referral: '请咨询当地商务部门' });
    expect(r.body.allowedActions).toEqual([]);
  });

  it('lets the enterprise withdraw before service begins but not after', async () => {
    const n = await create();
    expect((await act(ent, n.id, { action: 'withdraw', version: 1 })).body.state).toBe('withdrawn');
    const m = await create();
    await act(spec, m.id, { action: 'accept', version: 1 });
    await act(spec, m.id, { action: 'serve', version: 2 });
    expect((await act(ent, m.id, { action: 'withdraw', version: 3 })).status).toBe(422);
  });

  it('keeps other enterprises out with 404, even for actions', async () => {
    const n = await create();
    const r = await act(ent2, n.id, { action: 'withdraw', version: 1 });
    expect(r.status).toBe(404);
  });

  it('reserves a need to its first-ask owner (首问负责)', async () => {
    const n = await create();
    await act(spec, n.id, { action: 'accept', version: 1 });
    // another center specialist
    const { rows } = await api.deps.db.query<{ id: string }>(
      `INSERT INTO users (openid, name_enc, roles) VALUES ('t:spec2', $1, '{specialist}') RETURNING id`,
      [api.deps.pii.encrypt('测试专员')],
    );
    await api.deps.db.query(`INSERT INTO staff_stations (user_id, station_id) SELECT $1, id FROM stations WHERE kind = 'center'`, [
      rows[0]!.id,
    ]);
    const { issueToken } = await import('../../cloud/src/auth/session');
    const token2 = await issueToken(rows[0]!.id, api.deps.config.sessionSecret, 3600, new Date());
    const r = await act(token2, n.id, { action: 'serve', version: 2 });
    expect(r.status).toBe(403);
    expect(r.body.error.message).toContain('首问负责');
  });

  it('rejects an unknown action and missing fields with 400', async () => {
    const n = await create();
    expect((await act(spec, n.id, { action: 'teleport', version: 1 })).status).toBe(400);
    const r = await act(spec, n.id, { action: 'reject', version: 1 });
    expect(r.status).toBe(400);
    expect(r.body.error.issues[0].path).toBe('reason');
  });

  it('lets the manager reopen an unresolved rating but not a resolved one', async () => {
    const make = async (resolved: boolean) => {
      const n = await create();
      await act(spec, n.id, { action: 'answer', version: 1, answer: '答复' });
      await api.request('POST', `/api/needs/${n.id}/rating`, {
        token: ent,
        body: { timeliness: 'average', professionalism: 'average', courtesy: 'satisfied', overall: 'dissatisfied', resolved },
      });
      return n.id as string;
    };
    const unresolved = await make(false);
    const r = await act(mgr, unresolved, { action: 'reopen', version: 3, reason: '企业反馈问题未解决' });
    expect(r.status).toBe(200);
    expect(r.body.state).toBe('in_service');
    const fu = await api.deps.db.query<{ n: number }>('SELECT count(*)::int AS n FROM follow_ups WHERE need_id = $1', [unresolved]);
    expect(fu.rows[0]!.n).toBe(1);
    const resolved = await make(true);
    expect((await act(mgr, resolved, { action: 'reopen', version: 3, reason: '复查' })).status).toBe(422);
  });

  it('leaves the need unchanged when an action fails midway', async () => {
    const n = await create();
    await act(spec, n.id, { action: 'accept', version: 1 });
    const r = await act(spec, n.id, {
      action: 'dispatch',
      version: 2,
      assignees: [{ expertId: '00000000-0000-4000-8000-000000000000' }],
    });
    expect(r.status).toBe(422);
    const after = await api.request('GET', `/api/needs/${n.id}`, { token: spec });
    expect(after.body).toMatchObject({ state: 'accepted', version: 2, tasks: [] });
  });

  it('tells the enterprise of each change in its in-app inbox', async () => {
    const n = await create();
    await act(spec, n.id, { action: 'accept', version: 1 });
    const { rows } = await api.deps.db.query<{ title: string }>(
      "SELECT title FROM notifications WHERE need_id = $1 AND kind = 'need_state'",
      [n.id],
    );
    expect(rows.map((r) => r.title)).toEqual(['您的需求已受理']);
  });

  it('never tells the enterprise of its own step', async () => {
    const n = await create();
    await act(spec, n.id, { action: 'accept', version: 1 });
    await act(spec, n.id, { action: 'request_info', version: 2, items: ['检定证书复印件'] });
    await act(ent, n.id, { action: 'supplement', version: 3, note: '已上传检定证书复印件' });
    const { rows } = await api.deps.db.query<{ title: string }>(
      `SELECT title FROM notifications x JOIN users u ON u.id = x.user_id
        WHERE x.need_id = $1 AND u.persona = 'enterprise' ORDER BY x.created_at`,
      [n.id],
    );
    expect(rows.map((r) => r.title)).toEqual(['您的需求已受理', '请补充材料']);
  });
});

describe('rating', () => {
  const rating = { timeliness: 'satisfied', professionalism: 'satisfied', courtesy: 'satisfied', overall: 'satisfied', resolved: true };

  it('is refused before completion, twice, by others, and after the 5-working-day window', async () => {
    const n = await create();
    expect((await api.request('POST', `/api/needs/${n.id}/rating`, { token: ent, body: rating })).status).toBe(422);
    await act(spec, n.id, { action: 'answer', version: 1, answer: '答复' });
    expect((await api.request('POST', `/api/needs/${n.id}/rating`, { token: spec, body: rating })).status).toBe(403);
    expect((await api.request('POST', `/api/needs/${n.id}/rating`, { token: ent, body: { ...rating, overall: 'great' } })).status).toBe(
      400,
    );
    expect((await api.request('POST', `/api/needs/${n.id}/rating`, { token: ent, body: rating })).status).toBe(201);
    const again = await api.request('POST', `/api/needs/${n.id}/rating`, { token: ent, body: rating });
    expect(again.status).toBe(409);

    const late = await create();
    const done = await act(spec, late.id, { action: 'answer', version: 1, answer: '答复' });
    const rateBy = done.body.deadlines.rateBy as string;
    api.setNow(new Date(`${rateBy}T16:30:00Z`)); // the day after rateBy in Shanghai
    try {
      const r = await api.request('POST', `/api/needs/${late.id}/rating`, { token: ent, body: rating });
      expect(r.status).toBe(422);
      expect(r.body.error.message).toContain('评价期');
    } finally {
      api.setNow(null);
    }
  });
});
