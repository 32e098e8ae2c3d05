// The time limits managers set, through the real app on a real database: who
// may read and change them, bad input, stale versions and racing editors, and
// that deadlines computed after a change follow it while those given stay.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { complaintDeadlines, DEFAULT_TIME_LIMITS, maskName, needDeadlines, toShanghaiDate } from '@qi/shared';
import { createTestApi, needBody, newKey, type TestApi } from '../support/api';
import { mustAct } from '../support/workbench';

let api: TestApi;
let ent: string, spec: string, prov: string, mgr: string, sup: string;

beforeAll(async () => {
  api = await createTestApi();
  ({ enterprise: ent, specialist: spec, provider: prov, manager: mgr, supervisor: sup } = await api.loginAll());
});
afterAll(() => api?.close());

const PATH = '/api/settings/time-limits';
const read = () => api.request('GET', PATH);
const save = (body: unknown, token = mgr) => api.request('PUT', PATH, { token, body });

async function newNeed() {
  const res = await api.request('POST', '/api/needs', { token: ent, body: needBody(), headers: { 'Idempotency-Key': newKey() } });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

describe('reading the time limits', () => {
  it('shows the spec’s defaults to anyone, signed in or not, before any change', async () => {
    const res = await read();
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ limits: DEFAULT_TIME_LIMITS, defaults: DEFAULT_TIME_LIMITS, version: 0, updatedAt: null, updatedBy: null });
    expect((await api.request('GET', PATH, { token: prov })).body.limits).toEqual(DEFAULT_TIME_LIMITS);
  });
});

describe('changing the time limits', () => {
  it('lets only managers change them (401 signed out, 403 for staff and supervisors)', async () => {
    const body = { version: 0, limits: DEFAULT_TIME_LIMITS };
    expect((await api.request('PUT', PATH, { body })).status).toBe(401);
    for (const token of [ent, spec, prov, sup]) expect((await save(body, token)).status).toBe(403);
    expect((await read()).body.version).toBe(0);
  });

  it('answers a value out of range, a missing or an unknown limit with 400 and the Chinese message', async () => {
    const bad = await save({ version: 0, limits: { ...DEFAULT_TIME_LIMITS, replyDays: 0 } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.issues).toContainEqual(
      expect.objectContaining({ path: 'limits.replyDays', message: '答复企业须为 1–60 个工作日的整数' }),
    );
    const half = await save({ version: 0, limits: { ...DEFAULT_TIME_LIMITS, acceptDays: 1.5 } });
    expect(half.status).toBe(400);
    const { rateDays: _r, ...missing } = DEFAULT_TIME_LIMITS;
    expect((await save({ version: 0, limits: missing })).status).toBe(400);
    expect((await save({ version: 0, limits: { ...DEFAULT_TIME_LIMITS, lunchDays: 2 } })).status).toBe(400);
    expect((await read()).body.version).toBe(0);
  });

  it('applies new limits to needs and complaints from then on; a reply day already given keeps its day', async () => {
    const before = await newNeed();
    const saved = await save({ version: 0, limits: { ...DEFAULT_TIME_LIMITS, replyDays: 8, complaintResolveDays: 15 } });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    const me = (await api.request('GET', '/api/me', { token: mgr })).body;
    // The view is public: the editor's name is masked, as every published name is.
    expect(saved.body).toMatchObject({ version: 1, updatedBy: maskName(me.user.name), limits: { replyDays: 8, complaintResolveDays: 15 } });
    expect((await read()).body).toEqual(saved.body);

    const today = toShanghaiDate(new Date());
    const after = await newNeed();
    expect(after.deadlines.replyBy).toBe(needDeadlines({ submittedOn: today }, { replyDays: 8 }).replyBy);
    expect(after.deadlines.replyBy > before.deadlines.replyBy).toBe(true);
    // Asked for more, then supplemented: the day it was given moves only by the pause.
    const accepted = await mustAct(api, spec, before.id, { action: 'accept', version: before.version });
    const asked = await mustAct(api, spec, before.id, { action: 'request_info', version: accepted.version, items: ['营业执照副本'] });
    const back = await mustAct(api, ent, before.id, { action: 'supplement', version: asked.version, note: '已上传' });
    expect(back.deadlines.replyBy).toBe(before.deadlines.replyBy);

    const complaint = await api.request('POST', '/api/complaints', {
      token: ent,
      headers: { 'Idempotency-Key': newKey() },
      body: { needId: after.id, targetKind: 'need', content: '提交以后一直没有人联系我们，进度不明。' },
    });
    expect(complaint.body.resolveBy).toBe(complaintDeadlines(today, { complaintResolveDays: 15 }).resolveBy);

    const restored = await save({ version: 1, limits: DEFAULT_TIME_LIMITS });
    expect(restored.body).toMatchObject({ version: 2, limits: DEFAULT_TIME_LIMITS });
  });

  it('refuses a change made from a stale version (409) and keeps the values', async () => {
    const { version, limits } = (await read()).body;
    expect((await save({ version, limits: { ...limits, acceptDays: 2 } })).status).toBe(200);
    const stale = await save({ version, limits: { ...limits, acceptDays: 3 } });
    expect(stale.status).toBe(409);
    expect(stale.body.error).toMatchObject({ code: 'version_conflict', message: '办理时限已被他人修改，请刷新后再操作' });
    expect((await read()).body).toMatchObject({ version: version + 1, limits: { acceptDays: 2 } });
  });

  it('lets one of two managers saving from the same version win, the other gets 409', async () => {
    const { version, limits } = (await read()).body;
    const results = await Promise.all([3, 4].map((acceptDays) => save({ version, limits: { ...limits, acceptDays } })));
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    const winner = results.find((r) => r.status === 200)!.body.limits.acceptDays;
    expect((await read()).body).toMatchObject({ version: version + 1, limits: { acceptDays: winner } });
  });
});
