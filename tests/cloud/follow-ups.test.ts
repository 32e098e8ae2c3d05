// The improvement loop through the real app on a real database: a bad rating
// opens a follow-up with its owner and a working-day deadline (across 国庆),
// the call-back is recorded and the follow-up resolved by reopening the need,
// by a rectification or by an explanation; the tick flags an overdue one
// once; refusals (roles, validation, twice, at once); supervisors read it
// desensitised; a rectification's own life from a complaint to done.
import { maskName } from '@qi/shared';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTestApi, newKey, type TestApi } from '../support/api';
import { createNeed, mustAct, providerInstitutionId, shanghaiMorning } from '../support/workbench';

const SECRET = 'follow-up-cron-secret-0123456789';
let api: TestApi;
let ent: string, spec: string, prov: string, mgr: string, sup: string;
let specId: string, mgrId: string, specName: string;

beforeAll(async () => {
  api = await createTestApi({ CRON_SECRET: SECRET });
  ({ enterprise: ent, specialist: spec, provider: prov, manager: mgr, supervisor: sup } = await api.loginAll());
  const me = async (t: string) => (await api.request('GET', '/api/me', { token: t })).body.user;
  const s = await me(spec);
  specId = s.id;
  specName = s.name;
  mgrId = (await me(mgr)).id;
});
afterAll(() => api?.close());
afterEach(() => api.setNow(null));

const BAD = { timeliness: 'average', professionalism: 'dissatisfied', courtesy: 'satisfied', overall: 'dissatisfied', resolved: false };
const PHONE = '13812345678';

/** A need the center's specialist answered on the spot and the enterprise rated with `rating`; its follow-up, if one opened. */
async function ratedNeed(rating: Record<string, unknown> = BAD, opts: { ownerless?: boolean } = {}) {
  const need = await createNeed(api, ent, { title: '椰子汁产品出口欧盟检测咨询' });
  const answered = await mustAct(api, spec, need.id, { action: 'answer', version: need.version, answer: '已告知检测项目与送检流程。' });
  // A need recorded before 首问负责 was kept has no owner.
  if (opts.ownerless) await api.deps.db.query('UPDATE needs SET owner_id = NULL WHERE id = $1', [need.id]);
  const rated = await api.request('POST', `/api/needs/${need.id}/rating`, { token: ent, body: { ...rating, comment: `请回电 ${PHONE}` } });
  expect(rated.status, JSON.stringify(rated.body)).toBe(201);
  const { rows } = await api.deps.db.query<{ id: string }>('SELECT id FROM follow_ups WHERE need_id = $1', [need.id]);
  return { need: answered, followUpId: rows[0]?.id ?? null };
}

const getFu = (id: string, token = mgr) => api.request('GET', `/api/follow-ups/${id}`, { token });
const callBack = (id: string, version: number, token = mgr, over: Record<string, unknown> = {}) =>
  api.request('POST', `/api/follow-ups/${id}/call-backs`, {
    token,
    body: {
      version,
      calledAt: api.deps.now().toISOString(),
      method: 'phone',
      note: `企业表示检测方案缺少欧盟要求的项目，联系电话 ${PHONE}。`,
      ...over,
    },
  });
const resolve = (id: string, body: Record<string, unknown>, token = mgr) =>
  api.request('POST', `/api/follow-ups/${id}/resolution`, { token, body });
/** A follow-up with its call-back recorded: ready to resolve. */
async function calledBack(opts: { ownerless?: boolean } = {}) {
  const { need, followUpId } = await ratedNeed(BAD, opts);
  const r = await callBack(followUpId!, 1);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return { need, fu: r.body };
}
const tick = () => api.request('GET', '/api/cron/tick', { headers: { authorization: `Bearer ${SECRET}` } });

describe('a bad rating opens a follow-up', () => {
  it('is owned by the need’s owner specialist and due 5 working days later, across the 国庆 holiday', async () => {
    // Rated on Wed 30 Sep 2026: 1–7 Oct off, Sat 10 Oct an adjusted working day → 8, 9, 10, 12, 13 Oct.
    api.setNow(shanghaiMorning('2026-09-30'));
    const { need, followUpId } = await ratedNeed();
    const fu = await getFu(followUpId!);
    expect(fu.status).toBe(200);
    expect(fu.body).toMatchObject({
      state: 'open',
      version: 1,
      dueOn: '2026-10-13',
      owner: { id: specId, name: specName },
      need: { id: need.id, number: need.number, state: 'rated' },
      rating: { overall: 'dissatisfied', resolved: false },
      reason: '企业反馈问题未解决；专业性、总体评价不满意',
      callBacks: [],
      resolution: null,
      allowed: { callBack: true, resolutions: [] },
    });
  });

  it('opens on any single 不满意 though the problem was solved, and on none for a good rating', async () => {
    const one = await ratedNeed({
      timeliness: 'satisfied',
      professionalism: 'satisfied',
      courtesy: 'dissatisfied',
      overall: 'satisfied',
      resolved: true,
    });
    expect((await getFu(one.followUpId!)).body.reason).toBe('文明性不满意');
    const good = await ratedNeed({
      timeliness: 'satisfied',
      professionalism: 'very_satisfied',
      courtesy: 'satisfied',
      overall: 'average',
      resolved: true,
    });
    expect(good.followUpId).toBeNull();
  });

  it('goes to a manager when the need has no owner, and tells the owner and the managers', async () => {
    const { need, followUpId } = await ratedNeed(BAD, { ownerless: true });
    expect((await getFu(followUpId!)).body.owner.id).toBe(mgrId);
    const { rows } = await api.deps.db.query<{ user_id: string }>(`SELECT user_id FROM notifications WHERE need_id = $1 AND title = $2`, [
      need.id,
      `需回访：需求${need.number}`,
    ]);
    expect(rows.map((r) => r.user_id)).toContain(mgrId);
  });

  it('counts the time limit a manager set for follow-ups', async () => {
    const view = (await api.request('GET', '/api/settings/time-limits')).body;
    const saved = await api.request('PUT', '/api/settings/time-limits', {
      token: mgr,
      body: { version: view.version, limits: { ...view.limits, followUpDays: 2 } },
    });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    try {
      api.setNow(shanghaiMorning('2026-09-30'));
      const { followUpId } = await ratedNeed();
      expect((await getFu(followUpId!)).body.dueOn).toBe('2026-10-09');
    } finally {
      await api.request('PUT', '/api/settings/time-limits', { token: mgr, body: { version: saved.body.version, limits: view.limits } });
    }
  });
});

describe('the call-back and the resolution', () => {
  it('records the call-back (when, how, what the enterprise said) and then offers the resolutions', async () => {
    const { fu } = await calledBack();
    expect(fu.state).toBe('called_back');
    expect(fu.callBacks).toEqual([expect.objectContaining({ method: 'phone', note: expect.stringContaining(PHONE) })]);
    expect(fu.allowed.resolutions).toEqual(['reopen', 'rectify', 'explain']);
  });

  it('reopens the need through its state machine: back in service, the event recorded', async () => {
    const { need, fu } = await calledBack();
    const r = await resolve(fu.id, { resolution: 'reopen', version: fu.version, note: '重新安排机构补充欧盟检测项目。' });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toMatchObject({
      state: 'resolved',
      resolution: { kind: 'reopen', note: '重新安排机构补充欧盟检测项目。' },
      need: { state: 'in_service' },
    });
    const detail = await api.request('GET', `/api/needs/${need.id}`, { token: spec });
    expect(detail.body.state).toBe('in_service');
    expect(detail.body.events.at(-1)).toMatchObject({ action: 'reopen', from: 'rated', to: 'in_service' });
  });

  it('reopens a rated need whose rating said solved but 不满意 (the follow-up is the reason)', async () => {
    const { followUpId } = await ratedNeed({ ...BAD, resolved: true });
    const fu = (await callBack(followUpId!, 1)).body;
    const r = await resolve(fu.id, { resolution: 'reopen', version: fu.version, note: '企业仍不满意，重新办理。' });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.need.state).toBe('in_service');
  });

  it('refuses to reopen a need already back in service (422) and leaves the follow-up open', async () => {
    const { need, fu } = await calledBack();
    await mustAct(api, mgr, need.id, { action: 'reopen', version: need.version + 1, reason: '直接重新办理' });
    const r = await resolve(fu.id, { resolution: 'reopen', version: fu.version, note: '重新办理。' });
    expect(r.status).toBe(422);
    expect(r.body.error.message).toContain('整改');
    expect((await getFu(fu.id)).body.state).toBe('called_back');
  });

  it('orders a rectification, linked both ways', async () => {
    const { need, fu } = await calledBack();
    const inst = await providerInstitutionId(api);
    const r = await resolve(fu.id, {
      resolution: 'rectify',
      version: fu.version,
      note: '检测方案不完整，责成机构整改。',
      rectification: { subject: '检测方案须逐项对照欧盟标准复核。', responsible: { kind: 'institution', id: inst }, dueOn: '2099-12-31' },
    });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const x = await api.request('GET', `/api/rectifications/${r.body.resolution.rectificationId}`, { token: mgr });
    expect(x.body).toMatchObject({
      state: 'open',
      source: { kind: 'follow_up', id: fu.id },
      need: { id: need.id },
      responsible: { kind: 'institution', id: inst },
      dueOn: '2099-12-31',
      canComplete: true,
    });
    const list = await api.request('GET', `/api/rectifications?${new URLSearchParams({ sourceKind: 'follow_up', sourceId: fu.id })}`, {
      token: mgr,
    });
    expect(list.body.items.map((i: { id: string }) => i.id)).toEqual([x.body.id]);
  });

  it('lets the owner specialist explain, but not reopen or rectify (403)', async () => {
    const { fu } = await calledBack();
    expect((await resolve(fu.id, { resolution: 'reopen', version: fu.version, note: '重新办理。' }, spec)).status).toBe(403);
    const r = await resolve(
      fu.id,
      { resolution: 'explain', version: fu.version, note: '已向企业说明检测标准的适用范围，企业表示理解。' },
      spec,
    );
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toMatchObject({ state: 'resolved', resolution: { kind: 'explain', rectificationId: null }, need: { state: 'rated' } });
  });
});

describe('refusals', () => {
  it('asks for the call-back before a resolution (422)', async () => {
    const { followUpId } = await ratedNeed();
    const r = await resolve(followUpId!, { resolution: 'explain', version: 1, note: '说明。' });
    expect(r.status).toBe(422);
    expect(r.body.error.message).toBe('请先记录回访情况，再作处理');
  });

  it('resolves once: again with the new version 422, with the old one 409', async () => {
    const { fu } = await calledBack();
    const first = await resolve(fu.id, { resolution: 'explain', version: fu.version, note: '已解释。' });
    expect(first.status).toBe(200);
    expect((await resolve(fu.id, { resolution: 'explain', version: first.body.version, note: '再解释。' })).status).toBe(422);
    expect((await resolve(fu.id, { resolution: 'explain', version: fu.version, note: '再解释。' })).status).toBe(409);
    expect((await callBack(fu.id, first.body.version)).status).toBe(422);
  });

  it('lets one of two resolutions sent at once win; the other gets 409 and writes nothing', async () => {
    const { need, fu } = await calledBack();
    const [a, b] = await Promise.all([
      resolve(fu.id, { resolution: 'reopen', version: fu.version, note: '重新办理。' }),
      resolve(fu.id, { resolution: 'explain', version: fu.version, note: '已解释。' }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const { rows } = await api.deps.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM need_events WHERE need_id = $1 AND action = 'reopen'`,
      [need.id],
    );
    expect(rows[0]!.n).toBe(a.status === 200 ? 1 : 0);
  });

  it('keeps follow-ups from enterprises, providers and other desks (403 on the list, 404 on one)', async () => {
    const { followUpId } = await ratedNeed();
    expect((await api.request('GET', '/api/follow-ups', { token: ent })).status).toBe(403);
    expect((await api.request('GET', '/api/follow-ups', { token: prov })).status).toBe(403);
    expect((await api.request('GET', `/api/follow-ups?${new URLSearchParams({ scope: 'all' })}`, { token: spec })).status).toBe(403);
    expect((await getFu(followUpId!, ent)).status).toBe(404);
    expect((await callBack(followUpId!, 1, ent)).status).toBe(404);
  });

  it('answers a bad call-back with Chinese messages (400): no method, no note, a time in the future', async () => {
    const { followUpId } = await ratedNeed();
    const noMethod = await callBack(followUpId!, 1, mgr, { method: 'letter' });
    expect(noMethod.status).toBe(400);
    expect(noMethod.body.error.issues).toContainEqual({ path: 'method', message: '请选择回访方式' });
    const noNote = await callBack(followUpId!, 1, mgr, { note: '' });
    expect(noNote.body.error.issues).toContainEqual({ path: 'note', message: '企业反馈至少 2 个字' });
    const future = await callBack(followUpId!, 1, mgr, { calledAt: new Date(Date.now() + 86_400_000).toISOString() });
    expect(future.status).toBe(400);
    expect(future.body.error.issues).toContainEqual({ path: 'calledAt', message: '回访时间不能晚于现在' });
  });

  it('refuses a rectification due in the past (400) or without a real responsible party (422)', async () => {
    const { fu } = await calledBack();
    const base = { resolution: 'rectify', version: fu.version, note: '整改。' };
    const past = await resolve(fu.id, {
      ...base,
      rectification: { subject: '复核检测方案。', responsible: { kind: 'staff', id: specId }, dueOn: '2020-01-01' },
    });
    expect(past.status).toBe(400);
    const nobody = await resolve(fu.id, {
      ...base,
      rectification: {
        subject: '复核检测方案。',
        responsible: { kind: 'expert', id: '00000000-0000-4000-8000-000000000000' },
        dueOn: '2099-01-01',
      },
    });
    expect(nobody.status).toBe(422);
    expect((await getFu(fu.id)).body.state).toBe('called_back');
  });
});

describe('the lists', () => {
  it('filters the managers’ list by state, overdue and owner; a specialist sees their own', async () => {
    const { followUpId } = await ratedNeed();
    const all = await api.request('GET', `/api/follow-ups?${new URLSearchParams({ scope: 'all', state: 'open', ownerId: specId })}`, {
      token: mgr,
    });
    expect(all.status).toBe(200);
    expect(all.body.items.map((i: { id: string }) => i.id)).toContain(followUpId);
    expect(all.body.items.every((i: { state: string; owner: { id: string } }) => i.state === 'open' && i.owner.id === specId)).toBe(true);
    const mine = await api.request('GET', '/api/follow-ups', { token: spec });
    expect(mine.body.items.every((i: { owner: { id: string } }) => i.owner.id === specId)).toBe(true);
    const counts = await api.request('GET', '/api/follow-ups/counts', { token: spec });
    expect(counts.body.open).toBe(mine.body.items.filter((i: { state: string }) => i.state !== 'resolved').length);
  });

  it('shows supervisors every follow-up read-only, with staff names and phone numbers masked', async () => {
    const { fu } = await calledBack();
    const r = await getFu(fu.id, sup);
    expect(r.status).toBe(200);
    const text = JSON.stringify(r.body);
    expect(text).not.toContain(PHONE);
    expect(text).not.toContain(specName);
    expect(r.body.owner.name).toBe(maskName(specName));
    expect(r.body.allowed).toEqual({ callBack: false, resolutions: [] });
    expect((await callBack(fu.id, fu.version, sup)).status).toBe(403);
    expect((await resolve(fu.id, { resolution: 'explain', version: fu.version, note: '说明。' }, sup)).status).toBe(403);
    const list = await api.request('GET', `/api/follow-ups?${new URLSearchParams({ scope: 'all' })}`, { token: sup });
    expect(JSON.stringify(list.body)).not.toContain(PHONE);
    expect(JSON.stringify(list.body)).not.toContain(specName);
  });
});

describe('overdue follow-ups', () => {
  it('are flagged by the tick to the owner and the managers once, and listed as overdue', async () => {
    api.setNow(shanghaiMorning('2026-09-30'));
    const { need, followUpId } = await ratedNeed();
    api.setNow(shanghaiMorning('2026-10-13'));
    expect((await tick()).status).toBe(200);
    const flagged = async () =>
      (
        await api.deps.db.query<{ user_id: string }>(
          `SELECT user_id FROM notifications WHERE need_id = $1 AND kind = 'overdue' AND title LIKE '已超期：回访%'`,
          [need.id],
        )
      ).rows.map((r) => r.user_id);
    expect(await flagged()).toEqual([]);
    api.setNow(shanghaiMorning('2026-10-14'));
    expect((await tick()).status).toBe(200);
    const once = await flagged();
    expect(once).toContain(specId);
    expect(once).toContain(mgrId);
    expect((await tick()).status).toBe(200);
    api.setNow(shanghaiMorning('2026-10-15'));
    expect((await tick()).status).toBe(200);
    expect((await flagged()).length).toBe(once.length);
    const overdue = await api.request('GET', `/api/follow-ups?${new URLSearchParams({ scope: 'all', overdue: '1' })}`, { token: mgr });
    expect(overdue.body.items.find((i: { id: string }) => i.id === followUpId)).toMatchObject({ overdue: true });
  });
});

describe('rectifications', () => {
  async function complaint() {
    const need = await createNeed(api, ent);
    const r = await api.request('POST', '/api/complaints', {
      token: ent,
      body: { needId: need.id, targetKind: 'staff', content: '服务人员答复敷衍，多次催办没有回音。' },
      headers: { 'Idempotency-Key': newKey() },
    });
    expect(r.status).toBe(201);
    return r.body;
  }
  const order = (source: Record<string, unknown>, token = mgr) =>
    api.request('POST', '/api/rectifications', {
      token,
      body: { source, subject: '对服务专员开展一次服务规范专项培训。', responsible: { kind: 'staff', id: specId }, dueOn: '2099-06-30' },
    });

  it('runs from a complaint to done: who, what, by when; done once with what was done and when', async () => {
    const c = await complaint();
    const x = await order({ kind: 'complaint', id: c.id });
    expect(x.status, JSON.stringify(x.body)).toBe(201);
    expect(x.body).toMatchObject({
      state: 'open',
      source: { kind: 'complaint', id: c.id },
      need: { id: c.needId },
      responsible: { name: specName },
    });
    const today = new Date(api.deps.now().getTime() + 8 * 3600_000).toISOString().slice(0, 10);
    const done = await api.request('POST', `/api/rectifications/${x.body.id}/done`, {
      token: mgr,
      body: { version: x.body.version, doneOn: today, note: '已完成专项培训，签到表已归档。' },
    });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect(done.body).toMatchObject({ state: 'done', done: { on: today, note: '已完成专项培训，签到表已归档。' }, canComplete: false });
    const again = await api.request('POST', `/api/rectifications/${x.body.id}/done`, {
      token: mgr,
      body: { version: done.body.version, doneOn: today, note: '重复确认一次。' },
    });
    expect(again.status).toBe(422);
  });

  it('orders one from an evaluation of a provider; refuses an unknown source (404), a supervisor (403), a future done day (400)', async () => {
    const inst = await providerInstitutionId(api);
    const x = await order({ kind: 'evaluation', id: inst });
    expect(x.status).toBe(201);
    expect(x.body.source.label).toContain('动态评价');
    expect((await order({ kind: 'complaint', id: '00000000-0000-4000-8000-000000000000' })).status).toBe(404);
    expect((await order({ kind: 'evaluation', id: inst }, sup)).status).toBe(403);
    const future = await api.request('POST', `/api/rectifications/${x.body.id}/done`, {
      token: mgr,
      body: { version: 1, doneOn: '2099-01-01', note: '提前完成整改。' },
    });
    expect(future.status).toBe(400);
    expect(future.body.error.issues).toContainEqual({ path: 'doneOn', message: '完成日期不能晚于今天' });
  });

  it('lists them for supervisors with staff names masked, and not for specialists (403)', async () => {
    await order({ kind: 'complaint', id: (await complaint()).id });
    const list = await api.request('GET', `/api/rectifications?${new URLSearchParams({ state: 'open' })}`, { token: sup });
    expect(list.status).toBe(200);
    expect(list.body.items.length).toBeGreaterThan(0);
    expect(JSON.stringify(list.body)).not.toContain(specName);
    expect(list.body.items.every((i: { canComplete: boolean }) => !i.canComplete)).toBe(true);
    expect((await api.request('GET', '/api/rectifications', { token: spec })).status).toBe(403);
  });

  it('are counted in the statistics overview: opened, done and overdue in the period', async () => {
    const from = '2098-01-01';
    const to = '2098-12-31';
    api.setNow(shanghaiMorning('2098-03-02'));
    const c = await complaint();
    const late = await order({ kind: 'complaint', id: c.id });
    await api.deps.db.query(`UPDATE rectifications SET due_on = '2098-03-10' WHERE id = $1`, [late.body.id]);
    const onTime = await order({ kind: 'complaint', id: c.id });
    api.setNow(shanghaiMorning('2098-03-05'));
    await api.request('POST', `/api/rectifications/${onTime.body.id}/done`, {
      token: mgr,
      body: { version: 1, doneOn: '2098-03-05', note: '已完成专项培训。' },
    });
    api.setNow(shanghaiMorning('2098-04-01'));
    const stats = await api.request('GET', `/api/stats/overview?${new URLSearchParams({ from, to })}`, { token: mgr });
    expect(stats.status, JSON.stringify(stats.body)).toBe(200);
    expect(stats.body.improvement.rectifications).toEqual({ opened: 2, done: 1, overdue: 1 });
  });
});
