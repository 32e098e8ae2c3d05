// Complaints through the real app on a real database: filing one against a
// need, a provider or the staff; retries; who sees it; the manager's handling
// and the complainant seeing every step and the outcome.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { complaintDeadlines, maskName, toShanghaiDate } from '@qi/shared';
import { createTestApi, needBody, newKey, type TestApi } from '../support/api';
import { enterpriseColleague } from '../support/members';

let api: TestApi;
let ent: string, ent2: string, spec: string, prov: string, mgr: string, sup: string;

beforeAll(async () => {
  api = await createTestApi();
  ({ enterprise: ent, enterprise2: ent2, specialist: spec, provider: prov, manager: mgr, supervisor: sup } = await api.loginAll());
});
afterAll(() => api?.close());

async function newNeed(token = ent) {
  const res = await api.request('POST', '/api/needs', { token, body: needBody(), headers: { 'Idempotency-Key': newKey() } });
  expect(res.status).toBe(201);
  return res.body;
}

/** A need the specialist accepted and dispatched to the provider persona's institution. */
async function dispatchedNeed() {
  const need = await newNeed();
  const accepted = await api.request('POST', `/api/needs/${need.id}/actions`, {
    token: spec,
    body: { action: 'accept', version: need.version },
  });
  const me = await api.request('GET', '/api/me', { token: prov });
  const institutionId = me.body.institution.id as string;
  const dispatched = await api.request('POST', `/api/needs/${need.id}/actions`, {
    token: spec,
    body: { action: 'dispatch', version: accepted.body.version, assignees: [{ institutionId }] },
  });
  expect(dispatched.status, JSON.stringify(dispatched.body)).toBe(200);
  return { need: dispatched.body, institutionId };
}

const content = '办理过程中多次联系不上服务人员，答复时间远超承诺期限。';

async function complain(body: Record<string, unknown>, token = ent, key = newKey()) {
  return api.request('POST', '/api/complaints', { token, body, headers: { 'Idempotency-Key': key } });
}

/** Walks a received complaint through 确认 and 调查 to 办结 with `outcome`; answers the resolved complaint. */
async function resolve(id: string, outcome = '已处理。') {
  let version = (await api.request('GET', `/api/complaints/${id}`, { token: mgr })).body.version as number;
  for (const body of [{ action: 'acknowledge' }, { action: 'investigate', note: '已调取办理记录' }, { action: 'resolve', outcome }]) {
    const r = await api.request('POST', `/api/complaints/${id}/actions`, { token: mgr, body: { ...body, version } });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    version = r.body.version;
  }
  return (await api.request('GET', `/api/complaints/${id}`, { token: mgr })).body;
}

describe('filing a complaint', () => {
  it('receives a complaint about a need with its acknowledge and resolve deadlines', async () => {
    const need = await newNeed();
    // The day the complaint is received, pinned: a run crossing midnight in Shanghai
    // would otherwise count the server's deadlines and the expected ones from two days.
    const now = new Date();
    api.setNow(now);
    const res = await complain({ needId: need.id, targetKind: 'need', content }).finally(() => api.setNow(null));
    expect(res.status).toBe(201);
    const today = toShanghaiDate(now);
    expect(res.body).toMatchObject({
      needId: need.id,
      targetKind: 'need',
      state: 'received',
      outcome: null,
      need: { id: need.id, number: need.number },
      ...complaintDeadlines(today),
    });
    expect(res.body.targetName).toContain(need.number);
    expect(res.body.events).toEqual([expect.objectContaining({ from: null, to: 'received' })]);
  });

  it('names the provider holding a task on the need', async () => {
    const { need, institutionId } = await dispatchedNeed();
    const res = await complain({ needId: need.id, targetKind: 'provider', targetId: institutionId, content });
    expect(res.status).toBe(201);
    expect(res.body.targetName).toBe(need.tasks[0].assignee.name);
  });

  it('refuses a provider that holds no task on the need', async () => {
    const need = await newNeed();
    const me = await api.request('GET', '/api/me', { token: prov });
    const res = await complain({ needId: need.id, targetKind: 'provider', targetId: me.body.institution.id, content });
    expect(res.status).toBe(422);
  });

  it('takes the need’s owner specialist when the staff is not named', async () => {
    const { need } = await dispatchedNeed();
    const res = await complain({ needId: need.id, targetKind: 'staff', content });
    expect(res.status).toBe(201);
    expect(res.body.targetId).toBe(need.owner.id);
    expect(res.body.targetName).toBe(need.owner.name);
  });

  it('answers a too-short complaint with the shared Chinese message', async () => {
    const need = await newNeed();
    const res = await complain({ needId: need.id, targetKind: 'need', content: '太慢' });
    expect(res.status).toBe(400);
    expect(res.body.error.issues).toContainEqual({ path: 'content', message: '投诉内容至少 10 个字' });
  });

  it('hides another enterprise’s need from a complaint (404)', async () => {
    const need = await newNeed(ent2);
    const res = await complain({ needId: need.id, targetKind: 'need', content });
    expect(res.status).toBe(404);
  });

  it('returns the first complaint for a retried key instead of filing a second', async () => {
    const need = await newNeed();
    const key = newKey();
    const body = { needId: need.id, targetKind: 'need', content };
    const [a, b] = await Promise.all([complain(body, ent, key), complain(body, ent, key)]);
    expect(a.status).toBe(201);
    expect(b.status).toBe(201);
    expect(a.body.id).toBe(b.body.id);
    const { rows } = await api.deps.db.query<{ n: number }>('SELECT count(*)::int AS n FROM complaints WHERE need_id = $1', [need.id]);
    expect(rows[0]!.n).toBe(1);
  });

  it('lets only enterprises complain (403 for a specialist)', async () => {
    const res = await complain({ targetKind: 'staff', content }, spec);
    expect(res.status).toBe(403);
  });

  it('tells the managers of a new complaint', async () => {
    const need = await newNeed();
    await complain({ needId: need.id, targetKind: 'need', content });
    const { rows } = await api.deps.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM notifications n JOIN users u ON u.id = n.user_id
        WHERE n.need_id = $1 AND n.kind = 'complaint' AND 'manager' = ANY(u.roles)`,
      [need.id],
    );
    expect(rows[0]!.n).toBeGreaterThan(0);
  });
});

describe('seeing complaints', () => {
  it('lists the complainant’s own complaints, newest first', async () => {
    const need = await newNeed();
    const first = await complain({ needId: need.id, targetKind: 'need', content: `${content}（一）` });
    const second = await complain({ needId: need.id, targetKind: 'need', content: `${content}（二）` });
    const res = await api.request('GET', '/api/complaints', { token: ent });
    expect(res.status).toBe(200);
    const ids = res.body.items.map((c: { id: string }) => c.id);
    expect(ids.indexOf(second.body.id)).toBeLessThan(ids.indexOf(first.body.id));
  });

  it('keeps one enterprise’s complaints from another (list and 404)', async () => {
    const need = await newNeed();
    const mine = await complain({ needId: need.id, targetKind: 'need', content });
    const theirs = await api.request('GET', '/api/complaints', { token: ent2 });
    expect(theirs.body.items.map((c: { id: string }) => c.id)).not.toContain(mine.body.id);
    expect((await api.request('GET', `/api/complaints/${mine.body.id}`, { token: ent2 })).status).toBe(404);
  });

  it('shows every complaint to the supervisor with scope=all, but not to an enterprise', async () => {
    const need = await newNeed();
    const mine = await complain({ needId: need.id, targetKind: 'need', content });
    const all = await api.request('GET', '/api/complaints?scope=all', { token: sup });
    expect(all.body.items.map((c: { id: string }) => c.id)).toContain(mine.body.id);
    expect((await api.request('GET', '/api/complaints?scope=all', { token: ent })).status).toBe(403);
  });

  it('counts the complaints waiting for handling for the overseers only', async () => {
    const count = async (token = mgr) => (await api.request('GET', '/api/complaints/counts', { token })).body.open as number;
    const before = await count();
    const need = await newNeed();
    const filed = await complain({ needId: need.id, targetKind: 'need', content });
    expect(await count()).toBe(before + 1);
    expect(await count(sup)).toBe(before + 1);
    await resolve(filed.body.id);
    expect(await count()).toBe(before);
    expect((await api.request('GET', '/api/complaints/counts', { token: ent })).status).toBe(403);
  });

  it('names the complainant and its enterprise: in full to the manager, the name masked for the supervisor, also on the record', async () => {
    const need = await newNeed();
    const filed = await complain({ needId: need.id, targetKind: 'need', content });
    const me = (await api.request('GET', '/api/me', { token: ent })).body;
    const full = { name: me.user.name, enterpriseName: me.enterprise.name };
    expect(filed.body.complainant).toEqual(full);
    const forManager = (await api.request('GET', `/api/complaints/${filed.body.id}`, { token: mgr })).body;
    expect(forManager.complainant).toEqual(full);
    expect(forManager.events[0].actorName).toBe(me.user.name);
    const forSupervisor = (await api.request('GET', `/api/complaints/${filed.body.id}`, { token: sup })).body;
    expect(forSupervisor.complainant).toEqual({ name: maskName(me.user.name), enterpriseName: me.enterprise.name });
    expect(forSupervisor.complainant.name).not.toBe(me.user.name);
    expect(forSupervisor.events[0].actorName).toBe(maskName(me.user.name));
    const listed = (await api.request('GET', '/api/complaints?scope=all', { token: sup })).body.items.find(
      (c: { id: string }) => c.id === filed.body.id,
    );
    expect(listed.complainant.name).toBe(maskName(me.user.name));
  });

  it('lists open complaints before resolved ones for the overseers, however new the resolved ones are', async () => {
    const need = await newNeed();
    const older = await complain({ needId: need.id, targetKind: 'need', content: `${content}（待办）` });
    const newer = await complain({ needId: need.id, targetKind: 'need', content: `${content}（已办）` });
    expect((await resolve(newer.body.id, '已核实并答复企业。')).state).toBe('resolved');
    const items: { id: string; state: string }[] = (await api.request('GET', '/api/complaints?scope=all', { token: mgr })).body.items;
    const firstResolved = items.findIndex((c) => c.state === 'resolved');
    expect(items.slice(firstResolved).every((c) => c.state === 'resolved')).toBe(true);
    expect(items.findIndex((c) => c.id === older.body.id)).toBeLessThan(items.findIndex((c) => c.id === newer.body.id));
  });
});

describe('handling a complaint', () => {
  it('shows the complainant each handling step and the outcome', async () => {
    const need = await newNeed();
    const c = await complain({ needId: need.id, targetKind: 'need', content });
    const id = c.body.id as string;
    const act = (body: Record<string, unknown>) => api.request('POST', `/api/complaints/${id}/actions`, { token: mgr, body });
    expect((await act({ action: 'acknowledge', version: 1 })).status).toBe(200);
    expect((await act({ action: 'investigate', version: 2, note: '已调取办理记录并约谈服务专员' })).status).toBe(200);
    expect((await act({ action: 'resolve', version: 3, outcome: '情况属实，已对服务专员批评教育，并安排专人跟进办理。' })).status).toBe(
      200,
    );
    const seen = await api.request('GET', `/api/complaints/${id}`, { token: ent });
    expect(seen.body.state).toBe('resolved');
    expect(seen.body.outcome).toBe('情况属实，已对服务专员批评教育，并安排专人跟进办理。');
    expect(seen.body.events.map((e: { to: string }) => e.to)).toEqual(['received', 'acknowledged', 'investigated', 'resolved']);
  });

  it('tells the complainant the outcome', async () => {
    const need = await newNeed();
    const c = await complain({ needId: need.id, targetKind: 'need', content });
    await resolve(c.body.id, '已协调机构重新安排检测。');
    const { rows } = await api.deps.db.query<{ body: string }>(
      `SELECT n.body FROM notifications n JOIN users u ON u.id = n.user_id WHERE u.persona = 'enterprise' AND n.kind = 'complaint' AND n.need_id = $1`,
      [need.id],
    );
    expect(rows.map((r) => r.body)).toContain('处理结果：已协调机构重新安排检测。');
  });

  it('refuses a step back once resolved (422)', async () => {
    const need = await newNeed();
    const c = await complain({ needId: need.id, targetKind: 'need', content });
    const done = await resolve(c.body.id);
    const res = await api.request('POST', `/api/complaints/${c.body.id}/actions`, {
      token: mgr,
      body: { action: 'acknowledge', version: done.version },
    });
    expect(res.status).toBe(422);
  });

  it('refuses a step taken from a stale version (409) and changes nothing', async () => {
    const need = await newNeed();
    const c = await complain({ needId: need.id, targetKind: 'need', content });
    const act = (body: Record<string, unknown>) => api.request('POST', `/api/complaints/${c.body.id}/actions`, { token: mgr, body });
    expect((await act({ action: 'acknowledge', version: c.body.version })).status).toBe(200);
    // A second manager still looking at the received complaint acts on it without seeing the first step.
    const stale = await act({ action: 'investigate', version: c.body.version, note: '已调取记录。' });
    expect(stale.status).toBe(409);
    expect(stale.body.error).toMatchObject({ code: 'version_conflict', message: '该投诉已被他人处理，请刷新后再操作' });
    const now = (await api.request('GET', `/api/complaints/${c.body.id}`, { token: mgr })).body;
    expect(now).toMatchObject({ state: 'acknowledged', version: 2, outcome: null });
    expect(now.events).toHaveLength(2);
  });

  it('asks for the version a step is taken from (400)', async () => {
    const need = await newNeed();
    const c = await complain({ needId: need.id, targetKind: 'need', content });
    const res = await api.request('POST', `/api/complaints/${c.body.id}/actions`, { token: mgr, body: { action: 'acknowledge' } });
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).toContain('缺少版本号 version');
  });

  it('lets only managers handle complaints (403 for the complainant)', async () => {
    const need = await newNeed();
    const c = await complain({ needId: need.id, targetKind: 'need', content });
    const res = await api.request('POST', `/api/complaints/${c.body.id}/actions`, {
      token: ent,
      body: { action: 'acknowledge', version: 1 },
    });
    expect(res.status).toBe(403);
  });
});

describe('the handling steps follow COMPLAINT_TRANSITIONS', () => {
  it('cannot skip 调查中: resolving from 已受理 or 已确认 is refused (422) and changes nothing', async () => {
    const need = await newNeed();
    const c = await complain({ needId: need.id, targetKind: 'need', content });
    const act = (body: Record<string, unknown>) => api.request('POST', `/api/complaints/${c.body.id}/actions`, { token: mgr, body });
    const early = await act({ action: 'resolve', version: 1, outcome: '已处理。' });
    expect(early.status).toBe(422);
    expect(early.body.error.message).toBe('投诉当前为“已受理”，须先确认受理并调查后才能办结');
    expect((await act({ action: 'investigate', version: 1, note: '已调取记录。' })).status).toBe(422);
    expect((await act({ action: 'acknowledge', version: 1 })).status).toBe(200);
    expect((await act({ action: 'resolve', version: 2, outcome: '已处理。' })).status).toBe(422);
    const now = (await api.request('GET', `/api/complaints/${c.body.id}`, { token: mgr })).body;
    expect(now).toMatchObject({ state: 'acknowledged', version: 2, outcome: null });
  });
});

describe('the complainant’s feedback on the outcome', () => {
  const feedback = (id: string, body: Record<string, unknown>, token = ent) =>
    api.request('POST', `/api/complaints/${id}/feedback`, { token, body });

  async function resolvedComplaint() {
    const need = await newNeed();
    const c = await complain({ needId: need.id, targetKind: 'need', content });
    await resolve(c.body.id, '已督促服务专员当日联系企业。');
    return c.body.id as string;
  }

  it('records 满意 once; the complaint stays done with', async () => {
    const id = await resolvedComplaint();
    const before = (await api.request('GET', '/api/complaints/counts', { token: mgr })).body.open;
    const r = await feedback(id, { answer: 'satisfied' });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.feedback).toMatchObject({ answer: 'satisfied', note: null });
    expect((await api.request('GET', '/api/complaints/counts', { token: mgr })).body.open).toBe(before);
  });

  it('不满意 sends it back to the managers: on their list again, counted, and each manager told', async () => {
    const id = await resolvedComplaint();
    const before = (await api.request('GET', '/api/complaints/counts', { token: mgr })).body.open;
    const r = await feedback(id, { answer: 'dissatisfied', note: '只是解释了原因，问题仍未解决。' });
    expect(r.status).toBe(200);
    expect(r.body.feedback).toMatchObject({ answer: 'dissatisfied', note: '只是解释了原因，问题仍未解决。' });
    expect((await api.request('GET', '/api/complaints/counts', { token: mgr })).body.open).toBe(before + 1);
    const items: { id: string; state: string; feedback: unknown }[] = (
      await api.request('GET', '/api/complaints?scope=all', { token: mgr })
    ).body.items;
    const firstDone = items.findIndex((c) => c.state === 'resolved' && c.feedback === null);
    expect(items.findIndex((c) => c.id === id)).toBeLessThan(firstDone < 0 ? Infinity : firstDone);
    const { rows } = await api.deps.db.query<{ body: string }>(
      `SELECT n.body FROM notifications n JOIN users u ON u.id = n.user_id
        WHERE u.persona = 'manager' AND n.kind = 'complaint' AND n.title = '投诉人对处理结果不满意' AND n.body LIKE $1`,
      ['%问题仍未解决%'],
    );
    expect(rows).toHaveLength(1);
  });

  it('lets a manager reopen it after 不满意 (重新调查), and the complainant answer the next outcome', async () => {
    const id = await resolvedComplaint();
    const done = (await api.request('GET', `/api/complaints/${id}`, { token: mgr })).body;
    const early = await api.request('POST', `/api/complaints/${id}/actions`, {
      token: mgr,
      body: { action: 'reopen', version: done.version, note: '重新核实。' },
    });
    expect(early.status).toBe(422);
    expect(early.body.error.message).toBe('投诉人对处理结果表示不满意后才能重新调查');
    const fb = await feedback(id, { answer: 'dissatisfied', note: '没有人联系我。' });
    const reopened = await api.request('POST', `/api/complaints/${id}/actions`, {
      token: mgr,
      body: { action: 'reopen', version: fb.body.version, note: '安排专人上门核实。' },
    });
    expect(reopened.status, JSON.stringify(reopened.body)).toBe(200);
    expect(reopened.body).toMatchObject({ state: 'investigated', feedback: null });
    expect(reopened.body.events.at(-1)).toMatchObject({
      from: 'resolved',
      to: 'investigated',
      note: '投诉人对处理结果不满意：没有人联系我。安排专人上门核实。',
    });
    const again = await api.request('POST', `/api/complaints/${id}/actions`, {
      token: mgr,
      body: { action: 'resolve', version: reopened.body.version, outcome: '已上门致歉并当场办结。' },
    });
    expect(again.status).toBe(200);
    expect((await feedback(id, { answer: 'satisfied' })).status).toBe(200);
  });

  it('tells each reader whether they may answer (canGiveFeedback): the complainant once resolved and not yet answered, no one else', async () => {
    const need = await newNeed();
    const c = await complain({ needId: need.id, targetKind: 'need', content });
    const may = async (token: string) => (await api.request('GET', `/api/complaints/${c.body.id}`, { token })).body.canGiveFeedback;
    expect(c.body.canGiveFeedback).toBe(false);
    expect(await may(ent)).toBe(false);
    const resolved = await resolve(c.body.id, '已督促服务专员当日联系企业。');
    expect(resolved.canGiveFeedback).toBe(false); // the manager's answer
    const colleague = await enterpriseColleague(api);
    expect(await may(ent)).toBe(true);
    expect(await may(colleague)).toBe(false);
    expect(await may(mgr)).toBe(false);
    expect(await may(sup)).toBe(false);
    const listed = (await api.request('GET', `/api/complaints?needId=${need.id}`, { token: colleague })).body.items;
    expect(listed.map((x: { id: string; canGiveFeedback: boolean }) => [x.id, x.canGiveFeedback])).toEqual([[c.body.id, false]]);
    // What the view says is what the server does: the colleague is refused, the complainant answers once.
    const refused = await feedback(c.body.id, { answer: 'satisfied' }, colleague);
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toBe('只有投诉人本人可以评价处理结果');
    const given = await feedback(c.body.id, { answer: 'satisfied' });
    expect(given.status).toBe(200);
    expect(given.body.canGiveFeedback).toBe(false);
    expect(await may(ent)).toBe(false);
  });

  it('is refused a second time (409), before the outcome (422), and to anyone but the complainant', async () => {
    const need = await newNeed();
    const open = await complain({ needId: need.id, targetKind: 'need', content });
    expect((await feedback(open.body.id, { answer: 'satisfied' })).status).toBe(422);
    const id = await resolvedComplaint();
    expect((await feedback(id, { answer: 'satisfied' }, mgr)).status).toBe(403);
    expect((await feedback(id, { answer: 'satisfied' }, sup)).status).toBe(403);
    expect((await feedback(id, { answer: 'satisfied' }, ent2)).status).toBe(404);
    expect((await feedback(id, { answer: 'satisfied' }, spec)).status).toBe(403);
    expect((await feedback(id, { answer: 'fine' })).status).toBe(400);
    expect((await feedback(id, { answer: 'satisfied' })).status).toBe(200);
    const twice = await feedback(id, { answer: 'dissatisfied' });
    expect(twice.status).toBe(409);
    expect(twice.body.error.message).toBe('您已评价过本次处理结果，不能重复提交');
  });
});

describe('a need’s complaints', () => {
  it('lists only the complaints about that need: the complainant’s own, or all of them for oversight', async () => {
    const need = await newNeed();
    const other = await newNeed();
    const about = await complain({ needId: need.id, targetKind: 'need', content });
    await complain({ needId: other.id, targetKind: 'need', content });
    const mine = await api.request('GET', `/api/complaints?needId=${need.id}`, { token: ent });
    expect(mine.body.items.map((c: { id: string }) => c.id)).toEqual([about.body.id]);
    const all = await api.request('GET', `/api/complaints?scope=all&needId=${need.id}`, { token: mgr });
    expect(all.body.items.map((c: { id: string }) => c.id)).toEqual([about.body.id]);
    expect((await api.request('GET', `/api/complaints?needId=${need.id}`, { token: ent2 })).body.items).toEqual([]);
  });
});
