// 转办, the reviewer's sign-off and the owner's station contact, through the
// real app on a real database: who may hand a need over and to whom, what
// stays (state, clocks) and who is told; the sign-off's opinion on the need
// and in its archive; the enterprise reaching its owner specialist's station,
// and that read in the audit log.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueToken } from '../../cloud/src/auth/session';
import { createTestApi, type TestApi } from '../support/api';
import { createNeed, mustAct, needAct, newUser, providerInstitutionId } from '../support/workbench';

let api: TestApi;
let ent: string, ent2: string, spec: string, mgr: string, prov: string;
/** The seeded window officer of the 三亚分中心 (SYB001), and that station. */
let branch: { id: string; token: string };
let sanya: { id: string; name: string; phone: string };
let center: { id: string; name: string; phone: string };
let specId: string;

beforeAll(async () => {
  api = await createTestApi();
  [ent, ent2, spec, mgr, prov] = await Promise.all([
    api.login('enterprise'),
    api.login('enterprise2'),
    api.login('specialist'),
    api.login('manager'),
    api.login('provider'),
  ]);
  const db = api.deps.db;
  const branchId = (await db.query<{ id: string }>(`SELECT id FROM users WHERE openid = 'seed:staff_SYB001'`)).rows[0]!.id;
  branch = { id: branchId, token: await issueToken(branchId, api.deps.config.sessionSecret, 3600, new Date()) };
  sanya = (await db.query<typeof sanya>(`SELECT id, name, phone FROM stations WHERE code = 'SYB001'`)).rows[0]!;
  center = (await db.query<typeof center>(`SELECT id, name, phone FROM stations WHERE code = 'HKC001'`)).rows[0]!;
  specId = (await db.query<{ id: string }>(`SELECT id FROM users WHERE persona = 'specialist'`)).rows[0]!.id;
});
afterAll(() => api?.close());

/** A need of the first enterprise accepted by the center's specialist (its owner). */
async function accepted() {
  const n = await createNeed(api, ent);
  return mustAct(api, spec, n.id, { action: 'accept', version: 1 });
}

const notices = async (needId: string, userId: string) =>
  (
    await api.deps.db.query<{ kind: string; title: string; body: string }>(
      'SELECT kind, title, body FROM notifications WHERE need_id = $1 AND user_id = $2 ORDER BY created_at, id',
      [needId, userId],
    )
  ).rows;

const enterpriseUserId = async () =>
  (await api.deps.db.query<{ id: string }>(`SELECT id FROM users WHERE persona = 'enterprise'`)).rows[0]!.id;

describe('转办 to another specialist', () => {
  it('makes the other specialist the owner, keeps the state and every deadline, and records the reason', async () => {
    const colleague = await newUser(api, { name: '王海燕', roles: ['specialist'], stationCode: 'SYB001' });
    const before = await accepted();
    const after = await mustAct(api, spec, before.id, {
      action: 'transfer',
      version: before.version,
      toSpecialistId: colleague.id,
      reason: '企业在三亚，由三亚分中心就近上门服务',
    });
    expect(after.state).toBe('accepted');
    expect(after.owner).toMatchObject({ id: colleague.id, name: '王海燕' });
    expect(after.deadlines).toEqual(before.deadlines);
    expect(after.clock).toEqual(before.clock);
    const event = after.events.at(-1);
    expect(event).toMatchObject({ action: 'transfer', from: 'accepted', to: 'accepted', actor: { name: '陈思远' } });
    expect(event.note).toContain('王海燕');
    expect(event.note).toContain('企业在三亚，由三亚分中心就近上门服务');
    // The former owner hands over for good: it may no longer act on the need.
    expect((await api.request('GET', `/api/needs/${before.id}`, { token: spec })).body.allowedActions).not.toContain('transfer');
    const mine = await api.request('GET', `/api/needs/${before.id}`, { token: colleague.token });
    expect(mine.body.allowedActions).toEqual(expect.arrayContaining(['answer', 'request_info', 'dispatch', 'transfer']));
  });

  it('tells the new owner and tells the enterprise who now owns its need', async () => {
    const colleague = await newUser(api, { name: '郭晓峰', roles: ['specialist'], stationCode: 'SYB001' });
    const n = await accepted();
    await mustAct(api, spec, n.id, { action: 'transfer', version: n.version, toSpecialistId: colleague.id, reason: '专业对口' });
    expect(await notices(n.id, colleague.id)).toEqual([
      { kind: 'need_new', title: '有需求转交您办理', body: expect.stringContaining('专业对口') },
    ]);
    const told = (await notices(n.id, await enterpriseUserId())).at(-1)!;
    expect(told.title).toBe(`您的需求已转交服务专员郭晓峰（${sanya.name}）办理`);
    expect(told.body).toContain(sanya.phone);
    expect(told.body).toContain('办理时限不变');
  });

  it('lets a manager hand over a need it does not own, and tells the former owner', async () => {
    const colleague = await newUser(api, { name: '钱雨', roles: ['specialist'], atCenter: true });
    const n = await accepted();
    const after = await mustAct(api, mgr, n.id, {
      action: 'transfer',
      version: n.version,
      toSpecialistId: colleague.id,
      reason: '均衡工作量',
    });
    expect(after.owner.id).toBe(colleague.id);
    expect((await notices(n.id, specId)).map((x) => x.title)).toContain(
      '您负责的需求已转交服务专员钱雨（海南省质量基础设施“一站式”服务中心）办理',
    );
  });

  it('lets a specialist who is also a manager hand over a need of its queue it does not own', async () => {
    const both = await newUser(api, { name: '孙主管', roles: ['specialist', 'manager'], atCenter: true });
    const n = await accepted();
    const after = await mustAct(api, both.token, n.id, {
      action: 'transfer',
      version: n.version,
      toStationId: sanya.id,
      reason: '统筹调度',
    });
    expect(after.stationId).toBe(sanya.id);
  });

  it('offers the owner the other specialists and the stations, not itself', async () => {
    const n = await accepted();
    const r = await api.request('GET', `/api/needs/${n.id}/transfer-targets`, { token: spec });
    expect(r.status).toBe(200);
    const ids = r.body.specialists.map((s: { id: string }) => s.id);
    expect(ids).toContain(branch.id);
    expect(ids).not.toContain(specId);
    expect(r.body.specialists.find((s: { id: string }) => s.id === branch.id).stations).toEqual([sanya.name]);
    expect(r.body.stations.map((s: { id: string }) => s.id)).toEqual(expect.arrayContaining([sanya.id, center.id]));
  });
});

describe('转办 to a station', () => {
  it('puts the need in the station’s queue unowned, tells its specialists, and the first to act owns it', async () => {
    const n = await accepted();
    const after = await mustAct(api, spec, n.id, { action: 'transfer', version: n.version, toStationId: sanya.id, reason: '属地服务' });
    expect(after).toMatchObject({ state: 'accepted', stationId: sanya.id, owner: null, deadlines: n.deadlines });
    expect((await notices(n.id, branch.id)).map((x) => x.title)).toEqual([`有需求转交${sanya.name}办理`]);
    expect((await notices(n.id, await enterpriseUserId())).at(-1)!.title).toBe(`您的需求已转交${sanya.name}办理`);
    // The branch's desk now sees it and takes it up: 首问负责 anew.
    const served = await mustAct(api, branch.token, n.id, { action: 'serve', version: after.version });
    expect(served.owner.id).toBe(branch.id);
    // The center's specialist, no longer its owner nor in its queue, does not see it at all.
    expect((await api.request('GET', `/api/needs/${n.id}`, { token: spec })).status).toBe(404);
  });
});

describe('转办 refusals', () => {
  it('requires a reason, in Chinese (400)', async () => {
    const n = await accepted();
    const r = await needAct(api, spec, n.id, { action: 'transfer', version: n.version, toStationId: sanya.id });
    expect(r.status).toBe(400);
    expect(r.body.error.issues).toEqual([expect.objectContaining({ path: 'reason', message: '请填写转办理由' })]);
  });

  it('requires exactly one of a specialist and a station (400)', async () => {
    const n = await accepted();
    const none = await needAct(api, spec, n.id, { action: 'transfer', version: n.version, reason: '转出' });
    expect(none.status).toBe(400);
    expect(none.body.error.issues[0].message).toBe('请选择转交的服务专员或服务站点（二选一）');
    const both = await needAct(api, spec, n.id, {
      action: 'transfer',
      version: n.version,
      reason: '转出',
      toSpecialistId: branch.id,
      toStationId: sanya.id,
    });
    expect(both.status).toBe(400);
  });

  it('refuses a specialist of the queue who does not own the need (403), and the enterprise and the provider (403)', async () => {
    const other = await newUser(api, { name: '同队专员', roles: ['specialist'], atCenter: true });
    const n = await accepted();
    const body = { action: 'transfer', version: n.version, toStationId: sanya.id, reason: '转出' };
    const r = await needAct(api, other.token, n.id, body);
    expect(r.status).toBe(403);
    expect(r.body.error.message).toBe('只有需求负责人或运营管理人员可以转办该需求');
    expect((await needAct(api, ent, n.id, body)).status).toBe(403);
    const targets = await api.request('GET', `/api/needs/${n.id}/transfer-targets`, { token: other.token });
    expect(targets.status).toBe(403);
    // A provider with a task on it is a party, not one who routes it.
    const inst = await providerInstitutionId(api);
    const dispatched = await mustAct(api, spec, n.id, { action: 'dispatch', version: n.version, assignees: [{ institutionId: inst }] });
    expect((await needAct(api, prov, n.id, { ...body, version: dispatched.version })).status).toBe(403);
  });

  it('answers 404 to a specialist who cannot see the need and to another enterprise', async () => {
    const n = await accepted();
    const body = { action: 'transfer', version: n.version, toStationId: sanya.id, reason: '转出' };
    expect((await needAct(api, branch.token, n.id, body)).status).toBe(404);
    expect((await needAct(api, ent2, n.id, body)).status).toBe(404);
  });

  it('refuses handing a need to its own owner (422)', async () => {
    const n = await accepted();
    const r = await needAct(api, mgr, n.id, { action: 'transfer', version: n.version, toSpecialistId: specId, reason: '转出' });
    expect(r.status).toBe(422);
    expect(r.body.error.message).toBe('该需求已由这位服务专员负责，无需转办');
  });

  it('refuses an unknown specialist, an account that is no specialist, and an unknown station (422)', async () => {
    const n = await accepted();
    const to = async (over: Record<string, string>) =>
      needAct(api, spec, n.id, { action: 'transfer', version: n.version, reason: '转出', ...over });
    const unknown = await to({ toSpecialistId: '00000000-0000-4000-8000-000000000000' });
    expect([unknown.status, unknown.body.error.message]).toEqual([422, '没有找到该服务专员，请重新选择']);
    const providerUser = (await api.deps.db.query<{ id: string }>(`SELECT id FROM users WHERE persona = 'provider'`)).rows[0]!.id;
    expect((await to({ toSpecialistId: providerUser })).status).toBe(422);
    const station = await to({ toStationId: '00000000-0000-4000-8000-000000000000' });
    expect([station.status, station.body.error.message]).toEqual([422, '没有找到该服务站点，请重新选择']);
  });

  it('refuses a stale version (409) before anything else', async () => {
    const n = await accepted();
    const r = await needAct(api, spec, n.id, { action: 'transfer', version: n.version - 1, toSpecialistId: specId, reason: '转出' });
    expect(r.status).toBe(409);
  });

  it('refuses handing over a need already completed (422)', async () => {
    const n = await createNeed(api, ent);
    const done = await mustAct(api, spec, n.id, { action: 'answer', version: 1, answer: '可参考 GB/T 19001' });
    const r = await needAct(api, spec, n.id, { action: 'transfer', version: done.version, toStationId: sanya.id, reason: '转出' });
    expect(r.status).toBe(422);
    expect(done.allowedActions).not.toContain('transfer');
  });
});

describe('the reviewer’s sign-off', () => {
  it('keeps the reviewer, when and the opinion on the need and in its archive', async () => {
    const n = await createNeed(api, ent);
    const done = await mustAct(api, spec, n.id, { action: 'answer', version: 1, answer: '已当场答复' });
    const signed = await mustAct(api, mgr, n.id, { action: 'sign_off', version: done.version, note: '记录完整，答复依据充分' });
    expect(signed.reviewer).toEqual({ id: expect.any(String), name: '李慧敏', at: expect.any(String), opinion: '记录完整，答复依据充分' });
    const ownView = await api.request('GET', `/api/needs/${n.id}`, { token: ent });
    expect(ownView.body.reviewer).toMatchObject({ name: '李慧敏', opinion: '记录完整，答复依据充分' });
    const archive = await api.request('GET', `/api/archives/needs/${n.id}`, { token: mgr });
    expect(archive.status).toBe(200);
    expect(JSON.stringify(archive.body)).toContain('记录完整，答复依据充分');
    expect(archive.body.need.reviewer).toMatchObject({ name: '李慧敏', opinion: '记录完整，答复依据充分' });
  });

  it('records 审核通过 when the reviewer writes no opinion', async () => {
    const n = await createNeed(api, ent);
    const done = await mustAct(api, spec, n.id, { action: 'answer', version: 1, answer: '已答复' });
    const signed = await mustAct(api, mgr, n.id, { action: 'sign_off', version: done.version });
    expect(signed.reviewer.opinion).toBe('审核通过');
    expect(signed.events.at(-1)).toMatchObject({ action: 'sign_off', note: '审核通过' });
  });
});

describe('待审核 in the workbench', () => {
  const titled = async (token: string, tag: string) => {
    const r = await api.request('GET', `/api/needs?review=pending&q=${encodeURIComponent(tag)}`, { token });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return r.body.items.map((n: { id: string }) => n.id);
  };

  it('lists finished records not yet signed off to a reviewer, never the owner its own, and drops them once signed', async () => {
    const tag = `待审标记${Date.now() % 100000}`;
    await createNeed(api, ent, { title: `在办需求${tag}` }); // still being worked on: not for review
    const done = await createNeed(api, ent, { title: `已办结需求${tag}` });
    const answered = await mustAct(api, spec, done.id, { action: 'answer', version: 1, answer: '已答复' });
    const colleague = await newUser(api, { name: '审核同事', roles: ['specialist'], atCenter: true });
    expect(await titled(mgr, tag)).toEqual([done.id]);
    expect(await titled(colleague.token, tag)).toEqual([done.id]);
    expect(await titled(spec, tag)).toEqual([]); // its owner may not review it
    await mustAct(api, mgr, done.id, { action: 'sign_off', version: answered.version });
    expect(await titled(mgr, tag)).toEqual([]);
  });

  it('refuses a review filter it does not know (400)', async () => {
    const r = await api.request('GET', '/api/needs?review=done', { token: mgr });
    expect(r.status).toBe(400);
    expect(r.body.error.issues[0].message).toBe('审核筛选只能是 pending');
  });
});

describe('the owner specialist’s station contact', () => {
  it('shows the enterprise its owner’s name and station phone once dispatched, and logs the read', async () => {
    const n = await accepted();
    const inst = await providerInstitutionId(api);
    await mustAct(api, spec, n.id, { action: 'dispatch', version: n.version, assignees: [{ institutionId: inst }] });
    const entUser = await enterpriseUserId();
    const before = await api.deps.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pii_access_log WHERE user_id = $1 AND subject_id = $2 AND purpose = 'service_contacts'`,
      [entUser, n.id],
    );
    const view = await api.request('GET', `/api/needs/${n.id}`, { token: ent });
    expect(view.status).toBe(200);
    expect(view.body.owner.name).toBe('陈思远');
    expect(view.body.ownerStation).toEqual({ id: center.id, name: center.name, phone: center.phone });
    expect(view.body.tasks[0].assignee.contactMasked).toBe(false);
    const after = await api.deps.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pii_access_log WHERE user_id = $1 AND subject_kind = 'need' AND subject_id = $2 AND purpose = 'service_contacts'`,
      [entUser, n.id],
    );
    expect(after.rows[0]!.n).toBe(before.rows[0]!.n + 1);
    // The managers' log names the read.
    const log = await api.request('GET', `/api/pii-access-log?needId=${n.id}`, { token: mgr });
    expect(log.body.items).toEqual(
      expect.arrayContaining([expect.objectContaining({ purpose: 'service_contacts', viewer: expect.objectContaining({ id: entUser }) })]),
    );
  });

  it('names the station the owner works at after a 转办 to a branch', async () => {
    const n = await accepted();
    const after = await mustAct(api, spec, n.id, { action: 'transfer', version: n.version, toSpecialistId: branch.id, reason: '属地服务' });
    expect(after.ownerStation).toEqual({ id: sanya.id, name: sanya.name, phone: sanya.phone });
  });

  it('refuses the need, contact and all, to a stranger (404)', async () => {
    const n = await accepted();
    const r = await api.request('GET', `/api/needs/${n.id}`, { token: ent2 });
    expect(r.status).toBe(404);
    expect(JSON.stringify(r.body)).not.toContain(center.phone);
  });

  it('has no owner station before a specialist owns the need', async () => {
    const n = await createNeed(api, ent);
    const r = await api.request('GET', `/api/needs/${n.id}`, { token: ent });
    expect(r.body.ownerStation).toBeNull();
  });
});
