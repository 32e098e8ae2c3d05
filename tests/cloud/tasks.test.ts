// Providers' tasks through the real app on a real database: the task list,
// accept / decline / progress / done, the specialist's cancel, re-dispatch
// after a decline, joint teams, and when a need may complete.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maskPhone } from '@qi/shared';
import { createTestApi, type TestApi } from '../support/api';
import { createNeed, institutionId, mustAct, needAct, newUser, providerInstitutionId, taskAct } from '../support/workbench';

let api: TestApi;
let ent: string, spec: string, prov: string, mgr: string;
let provInst: string, otherInst: string;
/** A provider of another institution (hn_testing), for joint teams. */
let prov2: { id: string; token: string };

beforeAll(async () => {
  api = await createTestApi();
  ent = await api.login('enterprise');
  spec = await api.login('specialist');
  prov = await api.login('provider');
  mgr = await api.login('manager');
  provInst = await providerInstitutionId(api);
  otherInst = await institutionId(api, 'hn_testing');
  prov2 = await newUser(api, { name: '测试机构员工', roles: ['provider'], institutionId: otherInst });
});
afterAll(() => api?.close());

/** A need accepted by the specialist and dispatched to these institutions; returns the need. */
async function dispatched(...institutions: string[]) {
  const n = await createNeed(api, ent, { categories: ['metrology', 'testing'] });
  await mustAct(api, spec, n.id, { action: 'accept', version: 1 });
  return mustAct(api, spec, n.id, {
    action: 'dispatch',
    version: 2,
    assignees: institutions.map((id) => ({ institutionId: id })),
  });
}

const taskOf = (need: { tasks: { id: string; assignee: { id: string }; version: number; state: string }[] }, inst: string) =>
  need.tasks.find((t) => t.assignee.id === inst && ['assigned', 'accepted'].includes(t.state))!;

describe('the provider’s task list', () => {
  it('lists the institution’s tasks with the need, its deadline and the allowed actions', async () => {
    const n = await dispatched(provInst);
    const res = await api.request('GET', '/api/tasks?state=open', { token: prov });
    expect(res.status).toBe(200);
    const item = res.body.items.find((t: { needId: string }) => t.needId === n.id);
    expect(item).toMatchObject({
      state: 'assigned',
      need: { number: n.number, title: n.title, enterprise: { name: '海南椰语食品有限公司' } },
      allowedActions: ['accept', 'decline'],
      clock: { kind: 'task_accept', dueOn: n.tasks[0].acceptBy },
    });
    expect(res.body.counts.assigned).toBeGreaterThanOrEqual(1);
  });

  it('pages through the tasks with a cursor, each task once', async () => {
    await dispatched(provInst);
    await dispatched(provInst);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res: { body: { items: { id: string }[]; nextCursor: string | null } } = await api.request(
        'GET',
        `/api/tasks?limit=1${cursor ? `&cursor=${cursor}` : ''}`,
        { token: prov },
      );
      seen.push(...res.body.items.map((t) => t.id));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(seen.length).toBeGreaterThanOrEqual(2);
    expect(new Set(seen).size).toBe(seen.length);
  });

  it('shows a provider only its own institution’s tasks', async () => {
    const n = await dispatched(otherInst);
    const res = await api.request('GET', '/api/tasks', { token: prov });
    expect(res.body.items.map((t: { needId: string }) => t.needId)).not.toContain(n.id);
  });

  it('refuses the task list to anyone who is not a provider', async () => {
    const res = await api.request('GET', '/api/tasks', { token: spec });
    expect(res.status).toBe(403);
    expect(res.body.error.message).toMatch(/[\u4e00-\u9fff]/);
  });
});

describe('task actions', () => {
  it('lets the provider accept, record progress the enterprise sees, and finish with a result and attachments', async () => {
    const n = await dispatched(provInst);
    const t = n.tasks[0];
    let r = await taskAct(api, prov, t.id, { action: 'accept', version: 1 });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.tasks[0]).toMatchObject({ state: 'accepted', version: 2, allowedActions: ['progress', 'done'] });
    expect(r.body.tasks[0].respondedAt).not.toBeNull();
    r = await taskAct(api, prov, t.id, { action: 'progress', version: 2, note: '已到企业现场采样' });
    expect(r.status).toBe(200);
    r = await taskAct(api, prov, t.id, {
      action: 'done',
      version: 3,
      result: '已出具校准证书',
      attachments: [{ name: '校准证书.pdf', url: '/files/cert.pdf', size: 1024, mime: 'application/pdf' }],
    });
    expect(r.status).toBe(200);
    expect(r.body.tasks[0]).toMatchObject({ state: 'done', result: '已出具校准证书', attachments: [{ name: '校准证书.pdf' }] });

    const seen = await api.request('GET', `/api/needs/${n.id}`, { token: ent });
    const notes = seen.body.events.map((e: { action: string; note: string }) => `${e.action}:${e.note}`);
    expect(notes).toContain('task_progress:海南省计量测试研究中心：已到企业现场采样');
    expect(notes.some((x: string) => x.startsWith('task_done:'))).toBe(true);
  });

  it('requires a reason to decline (400 with the field path)', async () => {
    const n = await dispatched(provInst);
    const r = await taskAct(api, prov, n.tasks[0].id, { action: 'decline', version: 1 });
    expect(r.status).toBe(400);
    expect(r.body.error.issues[0].path).toBe('reason');
  });

  it('keeps the reason of a decline from the enterprise and tells the owner to re-dispatch', async () => {
    const n = await dispatched(provInst);
    const r = await taskAct(api, prov, n.tasks[0].id, { action: 'decline', version: 1, reason: '设备检修，本月无法承接' });
    expect(r.status).toBe(200);
    expect(r.body.tasks[0]).toMatchObject({ state: 'declined', declineReason: '设备检修，本月无法承接' });
    const own = await api.request('GET', `/api/needs/${n.id}`, { token: ent });
    expect(JSON.stringify(own.body.events)).not.toContain('设备检修');
    const staff = await api.request('GET', `/api/needs/${n.id}`, { token: spec });
    expect(JSON.stringify(staff.body.events)).toContain('设备检修');
    const { rows } = await api.deps.db.query<{ title: string }>(
      `SELECT n.title FROM notifications n JOIN users u ON u.id = n.user_id WHERE u.persona = 'specialist' AND n.need_id = $1 AND n.kind = 'task_update'`,
      [n.id],
    );
    expect(rows.map((x) => x.title)).toEqual([`任务被拒绝，请重新派单：需求${n.number}`]);
  });

  it('answers a stale task version with 409 and an action the state does not allow with 422', async () => {
    const n = await dispatched(provInst);
    const t = n.tasks[0];
    expect((await taskAct(api, prov, t.id, { action: 'accept', version: 1 })).status).toBe(200);
    const stale = await taskAct(api, prov, t.id, { action: 'decline', version: 1, reason: '太忙' });
    expect(stale.status).toBe(409);
    const wrong = await taskAct(api, prov, t.id, { action: 'accept', version: 2 });
    expect(wrong.status).toBe(422);
    expect(wrong.body.error.code).toBe('transition_not_allowed');
  });

  it('lets exactly one of racing accept and decline win', async () => {
    const n = await dispatched(provInst);
    const t = n.tasks[0];
    const results = await Promise.all([
      taskAct(api, prov, t.id, { action: 'accept', version: 1 }),
      taskAct(api, prov, t.id, { action: 'decline', version: 1, reason: '无法承接' }),
      taskAct(api, prov, t.id, { action: 'accept', version: 1 }),
    ]);
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    expect(results.filter((r) => r.status === 409)).toHaveLength(2);
  });

  it('keeps providers out of tasks that are not theirs: 404 without a task on the need, 403 within a joint team', async () => {
    const alone = await dispatched(otherInst);
    expect((await taskAct(api, prov, alone.tasks[0].id, { action: 'accept', version: 1 })).status).toBe(404);
    const joint = await dispatched(provInst, otherInst);
    const r = await taskAct(api, prov, taskOf(joint, otherInst).id, { action: 'accept', version: 1 });
    expect(r.status).toBe(403);
  });

  it('refuses provider actions to the specialist (403) and cancel to the provider (403)', async () => {
    const n = await dispatched(provInst);
    expect((await taskAct(api, spec, n.tasks[0].id, { action: 'accept', version: 1 })).status).toBe(403);
    expect((await taskAct(api, prov, n.tasks[0].id, { action: 'cancel', version: 1, reason: '不做了' })).status).toBe(403);
  });

  it('lets the owner specialist cancel an open task, which then no longer holds the need open', async () => {
    const n = await dispatched(provInst);
    const r = await taskAct(api, spec, n.tasks[0].id, { action: 'cancel', version: 1, reason: '企业改为自行送检' });
    expect(r.status).toBe(200);
    expect(r.body.tasks[0].state).toBe('cancelled');
    expect(r.body.allowedActions).toContain('complete');
  });

  it('offers cancel to the owner only, and refuses it to another specialist of the queue (首问负责)', async () => {
    const n = await dispatched(provInst);
    expect(n.tasks[0].allowedActions).toEqual(['cancel']);
    const other = await newUser(api, { name: '同站专员', roles: ['specialist'], atCenter: true });
    const seen = await api.request('GET', `/api/needs/${n.id}`, { token: other.token });
    expect(seen.body.tasks[0].allowedActions).toEqual([]);
    const r = await taskAct(api, other.token, n.tasks[0].id, { action: 'cancel', version: 1, reason: '改派' });
    expect(r.status).toBe(403);
    expect(r.body.error.message).toContain('首问负责');
  });

  it('answers an unknown task with 404', async () => {
    const r = await taskAct(api, prov, '00000000-0000-4000-8000-000000000000', { action: 'accept', version: 1 });
    expect(r.status).toBe(404);
  });
});

describe('the provider’s contact (指导对接)', () => {
  it('reaches the enterprise and the specialist in full once dispatched, masked for oversight and once the task is off', async () => {
    const need = await dispatched(provInst);
    const { rows } = await api.deps.db.query<{ contact_phone_enc: string }>(`SELECT contact_phone_enc FROM institutions WHERE id = $1`, [
      provInst,
    ]);
    const phone = api.deps.pii.decrypt(rows[0]!.contact_phone_enc);
    const contactOf = async (token: string) =>
      (await api.request('GET', `/api/needs/${need.id}`, { token })).body.tasks[0].assignee as {
        contactPhone: string;
        contactMasked: boolean;
      };
    expect(await contactOf(ent)).toMatchObject({ contactPhone: phone, contactMasked: false });
    expect(await contactOf(spec)).toMatchObject({ contactPhone: phone, contactMasked: false });
    const sup = await api.login('supervisor');
    expect(await contactOf(sup)).toMatchObject({ contactPhone: maskPhone(phone), contactMasked: true });
    const task = taskOf(need, provInst);
    await taskAct(api, prov, task.id, { action: 'decline', version: task.version, reason: '设备送检排期已满' });
    expect(await contactOf(ent)).toMatchObject({ contactPhone: maskPhone(phone), contactMasked: true });
  });
});

describe('completing a need served by providers', () => {
  it('refuses to complete while a task is open, then completes when every task is done', async () => {
    const n = await dispatched(provInst, otherInst);
    let need = await api.request('GET', `/api/needs/${n.id}`, { token: spec });
    expect(need.body.allowedActions).not.toContain('complete');
    for (const [token, inst] of [
      [prov, provInst],
      [prov2.token, otherInst],
    ] as const) {
      const t = taskOf(need.body, inst);
      expect((await taskAct(api, token, t.id, { action: 'accept', version: t.version })).status).toBe(200);
    }
    need = await api.request('GET', `/api/needs/${n.id}`, { token: spec });
    const first = taskOf(need.body, provInst);
    await taskAct(api, prov, first.id, { action: 'done', version: first.version, result: '计量部分完成' });
    need = await api.request('GET', `/api/needs/${n.id}`, { token: spec });
    const refused = await needAct(api, spec, n.id, { action: 'complete', version: need.body.version, result: '办结' });
    expect(refused.status).toBe(422);
    expect(refused.body.error.message).toContain('1 项服务任务未完成');
    const second = taskOf(need.body, otherInst);
    await taskAct(api, prov2.token, second.id, { action: 'done', version: second.version, result: '检测部分完成' });
    need = await api.request('GET', `/api/needs/${n.id}`, { token: spec });
    const done = await needAct(api, spec, n.id, { action: 'complete', version: need.body.version, result: '联合攻关完成' });
    expect(done.status).toBe(200);
    expect(done.body.state).toBe('completed');
  });

  it('refuses to complete after a decline until the need is re-dispatched, and the new task replaces the declined one', async () => {
    const n = await dispatched(provInst);
    const declined = await taskAct(api, prov, n.tasks[0].id, { action: 'decline', version: 1, reason: '超出能力范围' });
    const refused = await needAct(api, spec, n.id, { action: 'complete', version: declined.body.version, result: '办结' });
    expect(refused.status).toBe(422);
    expect(refused.body.error.message).toContain('重新派单');

    const again = await mustAct(api, spec, n.id, {
      action: 'dispatch',
      version: declined.body.version,
      assignees: [{ institutionId: otherInst }],
    });
    expect(again.state).toBe('in_service');
    const [old, replacement] = again.tasks;
    expect(old).toMatchObject({ state: 'declined', replacedBy: replacement.id });
    expect(again.events.at(-1).note).toContain('重新派单');

    await taskAct(api, prov2.token, replacement.id, { action: 'accept', version: 1 });
    await taskAct(api, prov2.token, replacement.id, { action: 'done', version: 2, result: '已完成检测' });
    const need = await api.request('GET', `/api/needs/${n.id}`, { token: spec });
    expect(need.body.allowedActions).toContain('complete');
    expect((await needAct(api, spec, n.id, { action: 'complete', version: need.body.version, result: '办结' })).status).toBe(200);
  });

  it('makes a need read before a task action stale (409)', async () => {
    const n = await dispatched(provInst);
    await taskAct(api, prov, n.tasks[0].id, { action: 'accept', version: 1 });
    const r = await needAct(api, spec, n.id, { action: 'note', version: n.version, note: '跟进', internal: true });
    expect(r.status).toBe(409);
  });

  it('tells the provider of a new task in its inbox', async () => {
    const n = await dispatched(provInst);
    const res = await api.request('GET', '/api/notifications', { token: prov });
    expect(res.body.items.find((x: { needId: string }) => x.needId === n.id)).toMatchObject({
      kind: 'task_new',
      taskId: n.tasks[0].id,
    });
  });

  it('refuses to dispatch to a suspended institution and leaves no task behind', async () => {
    const n = await createNeed(api, ent);
    await mustAct(api, spec, n.id, { action: 'accept', version: 1 });
    const susp = await institutionId(api, 'hn_brand');
    await api.deps.db.query(`UPDATE institutions SET status = 'suspended' WHERE id = $1`, [susp]);
    try {
      const r = await needAct(api, spec, n.id, {
        action: 'dispatch',
        version: 2,
        assignees: [{ institutionId: provInst }, { institutionId: susp }],
      });
      expect(r.status).toBe(422);
      const after = await api.request('GET', `/api/needs/${n.id}`, { token: mgr });
      expect(after.body.tasks).toEqual([]);
    } finally {
      await api.deps.db.query(`UPDATE institutions SET status = 'active' WHERE id = $1`, [susp]);
    }
  });
});
