// The scheduled tick and the working-day clocks through the real app on a
// real database: the secret, overdue and due-soon flags with their
// notifications, rating reminders and window expiry, a run repeated or run
// twice at once, and the clocks across the 国庆 holiday and while paused.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTestApi, newKey, type TestApi } from '../support/api';
import { createNeed, mustAct, providerInstitutionId, shanghaiMorning, taskAct } from '../support/workbench';

const SECRET = 'cron-secret-for-tests-0123456789';
let api: TestApi;
let ent: string, spec: string, prov: string;

beforeAll(async () => {
  api = await createTestApi({ CRON_SECRET: SECRET });
  [ent, spec, prov] = await Promise.all([api.login('enterprise'), api.login('specialist'), api.login('provider')]);
});
afterAll(() => api?.close());
afterEach(() => api.setNow(null));

const tick = (secret = SECRET, method = 'GET') =>
  api.request(method, '/api/cron/tick', { headers: { authorization: `Bearer ${secret}` }, ...(method === 'POST' ? { body: {} } : {}) });

async function tickOn(day: string) {
  api.setNow(shanghaiMorning(day));
  const r = await tick();
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body;
}

/** Notifications about a need, as "persona-or-name: kind title". */
async function told(needId: string, kind?: string): Promise<string[]> {
  const { rows } = await api.deps.db.query<{ persona: string | null; name_enc: string; kind: string; title: string }>(
    `SELECT u.persona, u.name_enc, x.kind, x.title FROM notifications x JOIN users u ON u.id = x.user_id
      WHERE x.need_id = $1 AND ($2::text IS NULL OR x.kind = $2) ORDER BY x.created_at, u.persona`,
    [needId, kind ?? null],
  );
  return rows.map((r) => `${r.persona ?? api.deps.pii.decrypt(r.name_enc)}: ${r.kind} ${r.title}`);
}

describe('the tick’s secret', () => {
  it('refuses a call without the secret or with a wrong one (401)', async () => {
    expect((await api.request('GET', '/api/cron/tick')).status).toBe(401);
    expect((await tick('not-the-secret-at-all-0123456789')).status).toBe(401);
  });

  it('is switched off (404) when no CRON_SECRET is configured', async () => {
    const saved = api.deps.config.cronSecret;
    api.deps.config.cronSecret = null;
    try {
      expect((await tick()).status).toBe(404);
    } finally {
      api.deps.config.cronSecret = saved;
    }
  });

  it('runs on POST as well as on Vercel’s GET', async () => {
    expect((await tick(SECRET, 'POST')).status).toBe(200);
  });
});

describe('overdue and due-soon work', () => {
  it('flags a need not accepted in time once, telling its queue and the managers', async () => {
    api.setNow(shanghaiMorning('2027-03-01')); // Monday; accept by Tuesday 03-02
    const n = await createNeed(api, ent, { title: '超期受理测试' });
    const first = await tickOn('2027-03-03');
    expect(first.overdue).toBeGreaterThanOrEqual(1);
    expect(await told(n.id, 'overdue')).toEqual([
      `manager: overdue 已超期：需求${n.number}`,
      `specialist: overdue 已超期：需求${n.number}`,
    ]);
    const again = await tickOn('2027-03-03');
    expect(again).toMatchObject({ overdue: 0, dueSoon: 0, notifications: 0 });
    expect(await told(n.id, 'overdue')).toHaveLength(2);
  });

  it('reminds the owner, not the managers, of a reply due soon', async () => {
    api.setNow(shanghaiMorning('2027-04-12')); // Monday: reply by Monday 04-19
    const n = await createNeed(api, ent, { title: '即将到期测试' });
    await mustAct(api, spec, n.id, { action: 'accept', version: 1 });
    await tickOn('2027-04-16'); // Friday: one working day left
    expect(await told(n.id, 'due_soon')).toEqual([`specialist: due_soon 即将到期：需求${n.number}`]);
  });

  it('flags a task not accepted within 1 working day to its provider, the owner and the managers', async () => {
    api.setNow(shanghaiMorning('2027-05-10'));
    const n = await createNeed(api, ent, { title: '任务超期测试', categories: ['metrology'] });
    await mustAct(api, spec, n.id, { action: 'accept', version: 1 });
    await mustAct(api, spec, n.id, {
      action: 'dispatch',
      version: 2,
      assignees: [{ institutionId: await providerInstitutionId(api) }],
    });
    await tickOn('2027-05-12');
    const overdue = (await told(n.id, 'overdue')).filter((x) => x.includes('服务任务'));
    expect(overdue).toEqual([
      `manager: overdue 已超期：服务任务（需求${n.number}）`,
      `provider: overdue 已超期：服务任务（需求${n.number}）`,
      `specialist: overdue 已超期：服务任务（需求${n.number}）`,
    ]);
  });

  it('does the work once when run twice at the same moment', async () => {
    api.setNow(shanghaiMorning('2027-06-07'));
    const needs = await Promise.all([1, 2, 3].map((i) => createNeed(api, ent, { title: `并发定时${i}` })));
    api.setNow(shanghaiMorning('2027-06-10'));
    const [a, b] = await Promise.all([tick(), tick()]);
    expect([a.status, b.status]).toEqual([200, 200]);
    expect(a.body.overdue + b.body.overdue).toBeGreaterThanOrEqual(3);
    expect(Math.min(a.body.overdue, b.body.overdue)).toBe(0);
    for (const n of needs) expect(await told(n.id, 'overdue')).toHaveLength(2);
  });
});

describe('complaint clocks', () => {
  it('tells the managers of a complaint not acknowledged in time, then of its resolve day coming, once each', async () => {
    const mgr = await api.login('manager');
    // Monday: acknowledge by Tuesday 06-09; resolve in 10 working days, 端午 (06-19) not counted: Tuesday 06-23.
    // A year with holiday data, so these days hold whatever is added for later years.
    api.setNow(shanghaiMorning('2026-06-08'));
    const n = await createNeed(api, ent, { title: '投诉时限测试' });
    const filed = await api.request('POST', '/api/complaints', {
      token: ent,
      headers: { 'idempotency-key': newKey() },
      body: { needId: n.id, targetKind: 'need', content: '提交三天了一直没有人联系我们，进度不明。' },
    });
    expect(filed.status, JSON.stringify(filed.body)).toBe(201);
    expect(filed.body).toMatchObject({ acknowledgeBy: '2026-06-09', resolveBy: '2026-06-23' });
    const aboutComplaint = async () => (await told(n.id)).filter((t) => t.includes('：投诉'));

    await tickOn('2026-06-10');
    await tickOn('2026-06-10');
    expect(await aboutComplaint()).toEqual(['manager: overdue 已超期：投诉（需求办理）']);

    const ack = await api.request('POST', `/api/complaints/${filed.body.id}/actions`, {
      token: mgr,
      body: { action: 'acknowledge', version: 1 },
    });
    expect(ack.status, JSON.stringify(ack.body)).toBe(200);
    await tickOn('2026-06-18'); // Thursday: two working days left (端午 between), not yet due soon
    expect(await aboutComplaint()).toHaveLength(1);
    await tickOn('2026-06-22'); // Monday: one working day left
    expect((await aboutComplaint()).slice(1)).toEqual(['manager: due_soon 即将到期：投诉（需求办理）']);

    const investigated = await api.request('POST', `/api/complaints/${filed.body.id}/actions`, {
      token: mgr,
      body: { action: 'investigate', version: 2, note: '已调取办理记录。' },
    });
    expect(investigated.status, JSON.stringify(investigated.body)).toBe(200);
    const done = await api.request('POST', `/api/complaints/${filed.body.id}/actions`, {
      token: mgr,
      body: { action: 'resolve', version: 3, outcome: '已联系企业说明进度，并督促服务专员当日受理。' },
    });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    await tickOn('2026-06-25');
    expect(await aboutComplaint()).toHaveLength(2);
  });
});

describe('rating windows', () => {
  it('reminds the enterprise to rate before its window closes, then archives the need after 5 working days', async () => {
    api.setNow(shanghaiMorning('2027-09-06')); // Monday
    const n = await createNeed(api, ent, { title: '评价期测试' });
    const done = await mustAct(api, spec, n.id, { action: 'answer', version: 1, answer: '已答复' });
    expect(done.deadlines.rateBy).toBe('2027-09-13');
    await tickOn('2027-09-10'); // Friday: one working day left to rate
    expect(await told(n.id, 'rate_reminder')).toEqual([`enterprise: rate_reminder 请评价：需求${n.number}`]);
    await tickOn('2027-09-13'); // the last day: still open
    expect((await api.request('GET', `/api/needs/${n.id}`, { token: ent })).body.state).toBe('completed');
    const closing = await tickOn('2027-09-14');
    expect(closing.expired).toBeGreaterThanOrEqual(1);
    const after = await api.request('GET', `/api/needs/${n.id}`, { token: ent });
    expect(after.body.state).toBe('closed');
    expect(after.body.events.at(-1)).toMatchObject({
      action: 'expire',
      from: 'completed',
      to: 'closed',
      actor: { name: '系统', role: 'system' },
    });
    expect((await tickOn('2027-09-14')).expired).toBe(0);
  });

  it('archives a rated need once its window has passed', async () => {
    api.setNow(shanghaiMorning('2027-10-18'));
    const n = await createNeed(api, ent, { title: '已评价归档测试' });
    await mustAct(api, spec, n.id, { action: 'answer', version: 1, answer: '已答复' });
    const rated = await api.request('POST', `/api/needs/${n.id}/rating`, {
      token: ent,
      body: { timeliness: 'satisfied', professionalism: 'satisfied', courtesy: 'satisfied', overall: 'satisfied', resolved: true },
    });
    expect(rated.status).toBe(201);
    await tickOn('2027-10-26');
    const after = await api.request('GET', `/api/needs/${n.id}`, { token: ent });
    expect(after.body.state).toBe('closed');
    expect(after.body.events.at(-1)).toMatchObject({ action: 'close', actor: { role: 'system' } });
  });
});

describe('working-day clocks', () => {
  it('counts the accept and reply deadlines across the 国庆 holiday and its adjusted Saturday', async () => {
    api.setNow(shanghaiMorning('2026-09-30')); // Wednesday before 10-01…10-07 off; Saturday 10-10 worked
    const n = await createNeed(api, ent, { title: '国庆节前的需求' });
    expect(n.deadlines).toMatchObject({ acceptBy: '2026-10-08', replyBy: '2026-10-13' });
    const holiday = await tickOn('2026-10-06');
    expect(await told(n.id, 'overdue')).toEqual([]);
    expect(holiday.today).toBe('2026-10-06');
    const seen = await api.request('GET', `/api/needs/${n.id}`, { token: spec });
    expect(seen.body.clock).toMatchObject({ kind: 'accept', dueOn: '2026-10-08', status: 'due_soon', daysLeft: 1 });
    await tickOn('2026-10-09');
    expect(await told(n.id, 'overdue')).toHaveLength(2);
  });

  it('pauses the reply clock while 待补充 and moves the reply day by the working days paused', async () => {
    api.setNow(shanghaiMorning('2027-03-15')); // Monday: reply by Monday 03-22
    const n = await createNeed(api, ent, { title: '补充材料暂停计时' });
    await mustAct(api, spec, n.id, { action: 'accept', version: 1 });
    api.setNow(shanghaiMorning('2027-03-16'));
    const asked = await mustAct(api, spec, n.id, { action: 'request_info', version: 2, items: ['营业执照副本'] });
    expect(asked.clock).toMatchObject({ kind: 'reply', status: 'paused', dueOn: null });
    // Past the original reply day, nothing is flagged while paused.
    await tickOn('2027-03-25');
    expect(await told(n.id, 'overdue')).toEqual([]);
    const back = await mustAct(api, ent, n.id, { action: 'supplement', version: 3, note: '已上传营业执照' });
    // Paused 03-17 … 03-25: 7 working days, so 03-22 + 7 = 03-31.
    expect(back.deadlines.replyBy).toBe('2027-03-31');
    expect(back.clock).toMatchObject({ kind: 'reply', status: 'on_time', dueOn: '2027-03-31' });
    await tickOn('2027-03-25');
    expect(await told(n.id, 'overdue')).toEqual([]);
  });
});

describe('the tick and WeChat', () => {
  it('reports no WeChat sends when none are configured', async () => {
    const r = await tickOn('2027-12-01');
    expect(r.wechat).toEqual({ sent: 0, failed: 0 });
  });

  it('does not flag a task that was answered in time', async () => {
    api.setNow(shanghaiMorning('2027-11-08'));
    const n = await createNeed(api, ent, { title: '按时接单', categories: ['metrology'] });
    await mustAct(api, spec, n.id, { action: 'accept', version: 1 });
    const d = await mustAct(api, spec, n.id, {
      action: 'dispatch',
      version: 2,
      assignees: [{ institutionId: await providerInstitutionId(api) }],
    });
    await taskAct(api, prov, d.tasks[0].id, { action: 'accept', version: 1 });
    await tickOn('2027-11-10');
    expect((await told(n.id, 'overdue')).filter((x) => x.includes('服务任务'))).toEqual([]);
  });
});
