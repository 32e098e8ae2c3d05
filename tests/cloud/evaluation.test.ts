// 动态评价 through the real app on real Postgres: a new institution served four
// needs in November 2026 with a known history (one task accepted a working day
// late, one finished after its reply deadline, one declined; ratings 非常满意,
// 一般, 满意) and one upheld complaint, so its figures are known exactly; the
// thresholds turn them into a suspension proposal, and a manager's decision
// takes it out of the matches.
import { creditCodeCheckChar, IDEMPOTENCY_HEADER, orgCodeCheckChar, WORKBENCH_PATHS } from '@qi/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApi, newKey, type TestApi } from '../support/api';
import { createNeed, mustAct, newUser, shanghaiMorning, taskAct } from '../support/workbench';

let api: TestApi;
let ent: string, mgr: string, sup: string, spec: string;
let owner: { id: string; token: string };
let staff: { id: string; token: string };
let inst: string;

const TICK = WORKBENCH_PATHS.cronTick;
const NAME = '海南椰城精密计量检测技术服务有限公司（动态评价测试）';
const RATED = (overall: string) => ({ timeliness: overall, professionalism: overall, courtesy: overall, overall, resolved: true });

function creditCode(seq: number) {
  const org8 = `EA${String(seq).padStart(6, '0')}`;
  const first17 = `91460100${org8}${orgCodeCheckChar(org8)}`;
  return first17 + creditCodeCheckChar(first17);
}

async function must(method: string, path: string, token: string, body: unknown, status = 200) {
  const r = await api.request(method, path, { token, body });
  expect(r.status, `${method} ${path}: ${JSON.stringify(r.body)}`).toBe(status);
  return r.body;
}

/** A metrology need submitted, accepted and dispatched to the institution on `day` (10:00 Shanghai). */
async function dispatched(day: string) {
  api.setNow(shanghaiMorning(day));
  const n = await createNeed(api, ent, { categories: ['metrology'], title: `电子秤检定校准（${day}）` });
  await mustAct(api, owner.token, n.id, { action: 'accept', version: n.version });
  const d = await mustAct(api, owner.token, n.id, { action: 'dispatch', version: n.version + 1, assignees: [{ institutionId: inst }] });
  return { need: d, task: d.tasks[0] };
}

async function taskStep(task: { id: string }, day: string, body: Record<string, unknown>) {
  api.setNow(shanghaiMorning(day));
  const r = await taskAct(api, staff.token, task.id, body);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body;
}

/** Accepted on `acceptDay`, done on `doneDay`, the need completed and rated that day. */
async function served(day: string, acceptDay: string, doneDay: string, overall: string) {
  const { need, task } = await dispatched(day);
  await taskStep(task, acceptDay, { action: 'accept', version: 1 });
  const fin = await taskStep(task, doneDay, { action: 'done', version: 2, result: '已完成检定校准并出具证书' });
  await mustAct(api, owner.token, need.id, { action: 'complete', version: fin.version, result: '已办结' });
  await must('POST', `/api/needs/${need.id}/rating`, ent, RATED(overall), 201);
  return { need, task };
}

beforeAll(async () => {
  api = await createTestApi({ CRON_SECRET: 'evaluation-cron-secret-0123456789abcdef' });
  ({ enterprise: ent, manager: mgr, supervisor: sup, specialist: spec } = await api.loginAll());
  api.setNow(shanghaiMorning('2026-11-02'));
  const created = await must(
    'POST',
    '/api/manage/institutions',
    mgr,
    {
      name: NAME,
      creditCode: creditCode(1),
      categories: ['metrology'],
      items: [],
      region: '海口市',
      address: '海口市龙华区滨海大道 88 号',
      agreementDate: null,
      status: 'active',
      qualifications: [],
      contact: { name: '陈海燕', phone: '13800001234' },
    },
    201,
  );
  inst = created.id;
  staff = await newUser(api, { roles: ['provider'], institutionId: inst, name: '吴晓峰' });
  owner = await newUser(api, { roles: ['specialist'], atCenter: true, name: '符海燕' });

  // 2026-11-06 is a Friday: each task's accept-by is Monday 11-09 (one working day), each need's reply-by Friday 11-13.
  await served('2026-11-06', '2026-11-09', '2026-11-12', 'very_satisfied'); // on time, satisfied
  await served('2026-11-06', '2026-11-10', '2026-11-11', 'average'); // accepted a day late, not satisfied
  const declined = await dispatched('2026-11-06');
  await taskStep(declined.task, '2026-11-09', { action: 'decline', version: 1, reason: '设备送检排期已满' }); // on time
  await served('2026-11-06', '2026-11-09', '2026-11-20', 'satisfied'); // finished after the reply deadline

  // Two complaints against the institution: one found 属实, one not.
  for (const [i, upheld] of [true, false].entries()) {
    // A minute apart: the evidence lists complaints in the order they were made.
    api.setNow(new Date(shanghaiMorning('2026-11-23').getTime() + i * 60_000));
    const c = await api.request('POST', '/api/complaints', {
      token: ent,
      body: { targetKind: 'provider', targetId: inst, content: '检测报告出具时间比承诺晚了一周，影响了产品上市。' },
      headers: { [IDEMPOTENCY_HEADER]: newKey() },
    });
    expect(c.status, JSON.stringify(c.body)).toBe(201);
    let v = c.body.version;
    for (const body of [{ action: 'acknowledge' }, { action: 'investigate', note: '已调阅派单和办结记录' }]) {
      v = (await must('POST', `/api/complaints/${c.body.id}/actions`, mgr, { ...body, version: v })).version;
    }
    await must('POST', `/api/complaints/${c.body.id}/actions`, mgr, { action: 'resolve', version: v, outcome: '已约谈机构整改', upheld });
  }
  api.setNow(shanghaiMorning('2026-11-25'));
});
afterAll(() => api?.close());

const evaluation = (token: string, kind = 'institution', id = inst) =>
  api.request('GET', `/api/evaluation/subjects/${kind}/${id}`, { token });
const evidence = async (figure: string, kind = 'institution', id = inst) =>
  (await must('GET', `/api/evaluation/subjects/${kind}/${id}/evidence?figure=${figure}`, mgr, undefined)).items;

describe('the figures of a prepared history', () => {
  it('gives the institution exactly its served, completion, on-time (working days), satisfaction, complaint and decline figures', async () => {
    const r = await evaluation(mgr);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.window).toEqual({ months: 12, from: '2025-11-25', to: '2026-11-25' });
    expect(r.body.figures).toEqual({
      served: 4,
      completion: { met: 3, of: 3, rate: 1 },
      onTime: { met: 2, of: 4, rate: 0.5 },
      satisfaction: { met: 2, of: 3, rate: 2 / 3 },
      complaints: 1,
      declines: 1,
    });
  });

  it('counts a Monday acceptance of a Friday dispatch as on time: the accept-by day is the next working day', async () => {
    const items = await evidence('onTime');
    expect(items.map((x: { met: boolean }) => x.met)).toEqual([true, false, true, false]);
    expect(items[0].detail).toBe('接单期限 2026-11-09，2026-11-09 接单；答复期限 2026-11-13，2026-11-12 完成');
    expect(items[1].detail).toBe('接单期限 2026-11-09，2026-11-10 接单；答复期限 2026-11-13，2026-11-11 完成');
    expect(items[3].detail).toBe('接单期限 2026-11-09，2026-11-09 接单；答复期限 2026-11-13，2026-11-20 完成');
  });

  it('links every figure to the needs, tasks and complaints behind it', async () => {
    const servedItems = await evidence('served');
    expect(servedItems).toHaveLength(4);
    for (const x of servedItems) expect(x.taskId).toBeTruthy();
    const sat = await evidence('satisfaction');
    expect(sat.map((x: { detail: string }) => x.detail)).toEqual(['总体评价：非常满意', '总体评价：一般', '总体评价：满意']);
    const complaints = await evidence('complaints');
    expect(complaints.map((x: { met: boolean; detail: string }) => [x.met, x.detail])).toEqual([
      [true, '已办结，认定属实'],
      [false, '已办结，未认定属实'],
    ]);
    const declines = await evidence('declines');
    expect(declines).toHaveLength(1);
    expect(declines[0].detail).toBe('2026-11-09 拒单');
    // The evidence's need is a real need the manager can open.
    const need = await api.request('GET', `/api/needs/${servedItems[0].needId}`, { token: mgr });
    expect(need.status).toBe(200);
    expect(need.body.number).toBe(servedItems[0].needNumber);
  });

  it('measures the specialist who owned the needs: completion and on-time against the reply deadline', async () => {
    const r = await evaluation(mgr, 'specialist', owner.id);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.name).toBe('符海燕');
    expect(r.body.status).toBeNull();
    expect(r.body.figures).toEqual({
      served: 4,
      completion: { met: 3, of: 4, rate: 0.75 },
      onTime: { met: 2, of: 4, rate: 0.5 },
      satisfaction: { met: 2, of: 3, rate: 2 / 3 },
      complaints: 0,
      declines: null,
    });
    // Supervisors oversee: a staff member's name is desensitised for them.
    const seen = await evaluation(sup, 'specialist', owner.id);
    expect(seen.status).toBe(200);
    expect(seen.body.name).not.toBe('符海燕');
    expect(seen.body.name.startsWith('符')).toBe(true);
  });

  it('ranks the institutions by the chosen figure', async () => {
    const list = await must('GET', '/api/evaluation/subjects?kind=institution&sort=onTime', mgr, undefined);
    const ours = list.items.find((x: { id: string }) => x.id === inst);
    expect(ours.figures.onTime.rate).toBe(0.5);
    const rates = list.items.map((x: { figures: { onTime: { rate: number | null } } }) => x.figures.onTime.rate ?? -1);
    expect(rates).toEqual([...rates].sort((a: number, b: number) => b - a));
  });
});

describe('the window and the thresholds', () => {
  it('reads the figures over the window the manager sets, from the version shown', async () => {
    const v = await must('GET', '/api/evaluation/settings', mgr, undefined);
    expect(v.version).toBe(0);
    expect(v.thresholds.windowMonths).toBe(12);
    api.setNow(shanghaiMorning('2026-12-15'));
    const one = await must('PUT', '/api/evaluation/settings', mgr, { version: 0, thresholds: { ...v.thresholds, windowMonths: 1 } });
    expect(one.version).toBe(1);
    const r = await evaluation(mgr);
    expect(r.body.window).toEqual({ months: 1, from: '2026-11-15', to: '2026-12-15' });
    expect(r.body.figures.served).toBe(0);
    const back = await must('PUT', '/api/evaluation/settings', mgr, { version: 1, thresholds: v.thresholds });
    expect(back.version).toBe(2);
    expect((await evaluation(mgr)).body.figures.served).toBe(4);
    api.setNow(shanghaiMorning('2026-11-25'));
  });

  it('refuses a stale version (409), a window out of range and a harsher level milder than a lighter one (400), and any non-manager (403)', async () => {
    const v = await must('GET', '/api/evaluation/settings', mgr, undefined);
    const stale = await api.request('PUT', '/api/evaluation/settings', {
      token: mgr,
      body: { version: v.version - 1, thresholds: v.thresholds },
    });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('version_conflict');
    const zero = await api.request('PUT', '/api/evaluation/settings', {
      token: mgr,
      body: { version: v.version, thresholds: { ...v.thresholds, windowMonths: 0 } },
    });
    expect(zero.status).toBe(400);
    expect(zero.body.error.issues[0].message).toBe('评价周期须为 1–36 个月的整数');
    const upside = await api.request('PUT', '/api/evaluation/settings', {
      token: mgr,
      body: { version: v.version, thresholds: { ...v.thresholds, suspend: { ...v.thresholds.suspend, onTimeBelow: 90 } } },
    });
    expect(upside.status).toBe(400);
    expect(upside.body.error.issues[0].message).toBe('暂停派单的按时率低于（%）不能高于预警的');
    for (const token of [sup, spec, ent]) {
      expect(
        (await api.request('PUT', '/api/evaluation/settings', { token, body: { version: v.version, thresholds: v.thresholds } })).status,
      ).toBe(403);
    }
    expect((await api.request('GET', '/api/evaluation/settings', { token: sup })).status).toBe(200);
    for (const token of [spec, ent]) {
      expect((await api.request('GET', '/api/evaluation/settings', { token })).status).toBe(403);
      expect((await evaluation(token)).status).toBe(403);
    }
  });
});

describe('proposals and decisions', () => {
  let proposal: { id: string; version: number };

  it('proposes suspension when the on-time rate falls below the suspension threshold, with the figures kept', async () => {
    const run = await must('POST', '/api/evaluation/proposals/run', mgr, {});
    const p = run.pending.find((x: { subjectId: string }) => x.subjectId === inst);
    expect(p).toMatchObject({ kind: 'suspend', fromStatus: 'active', toStatus: 'suspended', state: 'pending', subjectName: NAME });
    expect(p.findings).toEqual(['暂停派单：按时率 50%（2/4）低于 60%']);
    expect(p.figures.onTime).toEqual({ met: 2, of: 4, rate: 0.5 });
    expect(p.thresholdsVersion).toBe(2);
    proposal = p;
    // Running again proposes nothing new for it; the tick finds the same.
    const again = await must('POST', '/api/evaluation/proposals/run', mgr, {});
    expect(again.pending.filter((x: { subjectId: string }) => x.subjectId === inst)).toHaveLength(1);
    const tick = await api.request('POST', TICK, {
      body: {},
      headers: { authorization: 'Bearer evaluation-cron-secret-0123456789abcdef' },
    });
    expect(tick.status, JSON.stringify(tick.body)).toBe(200);
    expect(tick.body.evaluationProposals).toBe(0);
    const listed = await must('GET', `/api/evaluation/proposals?state=pending&subjectId=${inst}`, sup, undefined);
    expect(listed.items.map((x: { id: string }) => x.id)).toEqual([p.id]);
  });

  it('refuses a decision without a reason (400), by a supervisor (403), at a stale version (409)', async () => {
    const path = `/api/evaluation/proposals/${proposal.id}/decision`;
    const noReason = await api.request('POST', path, { token: mgr, body: { version: proposal.version, decision: 'accept', reason: '' } });
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.issues[0].path).toBe('reason');
    const bySup = await api.request('POST', path, {
      token: sup,
      body: { version: proposal.version, decision: 'accept', reason: '按时率过低' },
    });
    expect(bySup.status).toBe(403);
    const stale = await api.request('POST', path, {
      token: mgr,
      body: { version: proposal.version + 1, decision: 'accept', reason: '按时率过低' },
    });
    expect(stale.status).toBe(409);
    const missing = await api.request('POST', '/api/evaluation/proposals/00000000-0000-4000-8000-000000000000/decision', {
      token: mgr,
      body: { version: 1, decision: 'accept', reason: '按时率过低' },
    });
    expect(missing.status).toBe(404);
  });

  it('takes a suspended institution out of the matches once the manager accepts, records it and tells the provider', async () => {
    const need = await createNeed(api, ent, { categories: ['metrology'] });
    const before = await must('GET', `/api/needs/${need.id}/matches`, spec, undefined);
    const ours = before.find((m: { institutionId?: string }) => m.institutionId === inst);
    // Below what an unknown provider is assumed to reach, the figures are facts beside the match, not its strengths.
    expect(ours.notes).toContain('动态评价（近 12 个月）按时率 50%（2/4 项任务）');
    expect(ours.notes).toContain('动态评价（近 12 个月）满意率 67%（2/3 次评价）');
    expect(ours.reasons.join()).not.toContain('动态评价');

    const decided = await must('POST', `/api/evaluation/proposals/${proposal.id}/decision`, mgr, {
      version: proposal.version,
      decision: 'accept',
      reason: '近一年按时率仅 50%，暂停派单并限期整改',
    });
    expect(decided).toMatchObject({ state: 'accepted', reason: '近一年按时率仅 50%，暂停派单并限期整改', version: proposal.version + 1 });
    expect(decided.figures.onTime.rate).toBe(0.5);

    const after = await must('GET', `/api/needs/${need.id}/matches`, spec, undefined);
    expect(after.find((m: { institutionId?: string }) => m.institutionId === inst)).toBeUndefined();
    const managed = await must('GET', `/api/manage/institutions/${inst}`, mgr, undefined);
    expect(managed.status).toBe('suspended');
    const history = await must('GET', `/api/manage/institutions/${inst}/history`, mgr, undefined);
    expect(history[0].changes).toEqual([
      { field: 'status', label: '状态', from: 'active', to: 'suspended' },
      { field: 'evaluation', label: '动态评价决定', from: null, to: '暂停派单：近一年按时率仅 50%，暂停派单并限期整改' },
    ]);
    const inbox = await must('GET', '/api/notifications', staff.token, undefined);
    expect(inbox.items[0]).toMatchObject({ kind: 'evaluation', title: '动态评价结果：暂停派单' });
    expect(inbox.items[0].body).toContain('由“正常”调整为“暂停”');
  });

  it('refuses deciding the same proposal twice (422)', async () => {
    const again = await api.request('POST', `/api/evaluation/proposals/${proposal.id}/decision`, {
      token: mgr,
      body: { version: proposal.version + 1, decision: 'reject', reason: '重复提交' },
    });
    expect(again.status).toBe(422);
    expect(again.body.error.code).toBe('rule_violation');
  });

  it('proposes restoring the institution once the thresholds no longer reach it, and a rejection changes nothing', async () => {
    api.setNow(shanghaiMorning('2026-11-26'));
    const v = await must('GET', '/api/evaluation/settings', mgr, undefined);
    const off = { completionBelow: 0, onTimeBelow: 0, satisfactionBelow: 0, complaintsAtLeast: 0, declinesAtLeast: 0 };
    await must('PUT', '/api/evaluation/settings', mgr, {
      version: v.version,
      thresholds: { ...v.thresholds, warn: off, suspend: off, exit: off },
    });
    const run = await must('POST', '/api/evaluation/proposals/run', mgr, {});
    const p = run.pending.find((x: { subjectId: string }) => x.subjectId === inst);
    expect(p).toMatchObject({ kind: 'restore', fromStatus: 'suspended', toStatus: 'active' });
    const rejected = await must('POST', `/api/evaluation/proposals/${p.id}/decision`, mgr, {
      version: p.version,
      decision: 'reject',
      reason: '整改尚未验收，暂不恢复',
    });
    expect(rejected.state).toBe('rejected');
    expect((await must('GET', `/api/manage/institutions/${inst}`, mgr, undefined)).status).toBe('suspended');
    const detail = (await evaluation(mgr)).body;
    expect(detail.proposals.map((x: { kind: string; state: string }) => [x.kind, x.state])).toEqual([
      ['restore', 'rejected'],
      ['suspend', 'accepted'],
    ]);
  });
});
