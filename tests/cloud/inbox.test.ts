// The specialist's workbench through the real app on a real database: the
// inbox's queue, filters, deadline order and counts; the need page's notes
// and the reviewer's sign-off; the window intake's enterprise lookup; racing
// specialists.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { issueToken } from '../../cloud/src/auth/session';
import { createTestApi, type TestApi } from '../support/api';
import { createNeed, mustAct, needAct, newUser, shanghaiMorning } from '../support/workbench';

let api: TestApi;
let ent: string, ent2: string, spec: string, mgr: string, prov: string;
/** The seeded window officer of the 三亚分中心 (SYB001). */
let branch: string;
let sanyaStation: string;

beforeAll(async () => {
  api = await createTestApi();
  [ent, ent2, spec, mgr, prov] = await Promise.all([
    api.login('enterprise'),
    api.login('enterprise2'),
    api.login('specialist'),
    api.login('manager'),
    api.login('provider'),
  ]);
  const { rows } = await api.deps.db.query<{ id: string }>(`SELECT id FROM users WHERE openid = 'seed:staff_SYB001'`);
  branch = await issueToken(rows[0]!.id, api.deps.config.sessionSecret, 3600, new Date());
  sanyaStation = (await api.deps.db.query<{ id: string }>(`SELECT id FROM stations WHERE code = 'SYB001'`)).rows[0]!.id;
});
afterAll(() => api?.close());
afterEach(() => api.setNow(null));

let tagSeq = 0;
/** A word only this test's needs carry in their title, to filter on with `q`. */
const tag = () => `标记${Date.now() % 100000}${++tagSeq}`;

const list = async (token: string, query: string) => {
  const res = await api.request('GET', `/api/needs?${query}`, { token });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body as {
    items: { id: string; number: string; title: string; clock: { status: string; kind: string } | null }[];
    nextCursor: string | null;
  };
};

describe('the queue', () => {
  it('shows a branch’s window officer the needs raised at that station and not the center’s', async () => {
    const t = tag();
    const atBranch = await createNeed(api, ent2, { title: `三亚站点需求${t}`, stationId: sanyaStation });
    const atCenter = await createNeed(api, ent, { title: `中心需求${t}` });
    const mine = await list(branch, `q=${encodeURIComponent(t)}`);
    expect(mine.items.map((n) => n.id)).toEqual([atBranch.id]);
    const center = await list(spec, `q=${encodeURIComponent(t)}`);
    expect(center.items.map((n) => n.id)).toEqual([atCenter.id]);
  });

  it('tells the station’s specialists, and only them, of a new need in their queue', async () => {
    const n = await createNeed(api, ent2, { title: `站点新需求${tag()}`, stationId: sanyaStation });
    const { rows } = await api.deps.db.query<{ openid: string | null; persona: string | null }>(
      `SELECT u.openid, u.persona FROM notifications x JOIN users u ON u.id = x.user_id WHERE x.need_id = $1 AND x.kind = 'need_new'`,
      [n.id],
    );
    expect(rows).toEqual([{ openid: 'seed:staff_SYB001', persona: null }]);
  });
});

describe('inbox filters', () => {
  it('finds the needs of an enterprise by its whole name, its organisational form included, and by the form alone', async () => {
    const t = tag();
    const whole = `琼海${t}椰韵股份有限公司`;
    const a = await createNeed(api, spec, { title: `整名需求${t}`, channel: 'phone', enterprise: { name: whole } });
    // Another whose name holds the first's but for its form: not the whole name, so not found by it.
    const b = await createNeed(api, spec, { title: `近名需求${t}`, channel: 'phone', enterprise: { name: `琼海${t}椰韵有限公司` } });
    const found = async (q: string) => (await list(mgr, `q=${encodeURIComponent(q)}&limit=100`)).items.map((n) => n.id);
    expect(await found(whole)).toEqual([a.id]);
    expect(await found(whole.toLowerCase())).toEqual([a.id]);
    expect((await found(`${t}椰韵`)).sort()).toEqual([a.id, b.id].sort());
    const byForm = await found('股份有限公司');
    expect(byForm).toContain(a.id);
    expect(byForm).not.toContain(b.id);
  });

  it('filters by state, category, station and channel', async () => {
    const t = tag();
    const a = await createNeed(api, ent, { title: `计量需求${t}`, categories: ['metrology'] });
    const b = await createNeed(api, ent2, { title: `站点需求${t}`, categories: ['ip'], stationId: sanyaStation, channel: 'station_qr' });
    const c = await createNeed(api, spec, {
      title: `电话需求${t}`,
      categories: ['brand'],
      channel: 'phone',
      enterprise: { name: '海口电话登记企业' },
    });
    await mustAct(api, spec, a.id, { action: 'accept', version: 1 });
    const q = `q=${encodeURIComponent(t)}`;
    const ids = async (extra: string) => (await list(mgr, `${q}&${extra}`)).items.map((n) => n.id);
    // c, recorded by phone, is accepted by its recorder as it is recorded (受理并登记).
    expect((await ids('state=accepted')).sort()).toEqual([a.id, c.id].sort());
    expect(await ids('state=submitted')).toEqual([b.id]);
    expect((await ids('state=open')).sort()).toEqual([a.id, b.id, c.id].sort());
    expect(await ids('category=ip')).toEqual([b.id]);
    expect(await ids(`stationId=${sanyaStation}`)).toEqual([b.id]);
    expect(await ids('channel=phone')).toEqual([c.id]);
    expect(await ids('mine=1')).toEqual([]);
    expect((await list(spec, `${q}&mine=1`)).items.map((n) => n.id).sort()).toEqual([a.id, c.id].sort());
  });

  it('takes a search shaped like a need number for a number: the need by its number or prefix, not a title quoting it', async () => {
    const a = await createNeed(api, ent, { title: `编号检索${tag()}` });
    const quoting = await createNeed(api, ent, { title: `补充说明：见需求${a.number}` });
    for (const q of [a.number, a.number.toLowerCase()]) {
      expect((await list(spec, `q=${encodeURIComponent(q)}`)).items.map((n) => n.id)).toEqual([a.id]);
    }
    const prefix = (await list(spec, `q=${encodeURIComponent(a.number.slice(0, -2))}&limit=100`)).items.map((n) => n.id);
    expect(prefix).toContain(a.id);
    expect(
      (await list(spec, `q=${encodeURIComponent(a.number.slice(0, -2))}&limit=100`)).items.every((n) =>
        n.number.startsWith(a.number.slice(0, -2)),
      ),
    ).toBe(true);
    // Words still find titles.
    expect((await list(spec, `q=${encodeURIComponent('补充说明：见需求')}&limit=100`)).items.map((n) => n.id)).toContain(quoting.id);
  });

  it('finds overdue and due-soon needs by their running clock, across the days', async () => {
    const t = tag();
    api.setNow(shanghaiMorning('2026-03-02')); // Monday
    const old = await createNeed(api, ent, { title: `上周需求${t}` });
    api.setNow(shanghaiMorning('2026-03-04')); // Wednesday: old's accept-by day (03-03) has passed
    const fresh = await createNeed(api, ent, { title: `今日需求${t}` });
    const q = `q=${encodeURIComponent(t)}`;
    expect((await list(spec, `${q}&due=overdue`)).items.map((n) => n.id)).toEqual([old.id]);
    expect((await list(spec, `${q}&due=due_soon`)).items.map((n) => n.id)).toEqual([fresh.id]);
    const all = await list(spec, q);
    expect(all.items.find((n) => n.id === old.id)!.clock).toMatchObject({ kind: 'accept', status: 'overdue', daysLeft: -1 });
    expect(all.items.find((n) => n.id === fresh.id)!.clock).toMatchObject({ kind: 'accept', status: 'due_soon', daysLeft: 1 });
  });

  it('sorts by the running deadline, earliest first, and pages in that order', async () => {
    const t = tag();
    const made: string[] = [];
    // Raised on three days: the accept-by days come in the same order.
    for (const day of ['2026-03-04', '2026-03-02', '2026-03-03']) {
      api.setNow(shanghaiMorning(day));
      made.push((await createNeed(api, ent, { title: `排序需求${day}${t}` })).id);
    }
    api.setNow(shanghaiMorning('2026-03-04'));
    const paged: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await list(spec, `q=${encodeURIComponent(t)}&sort=deadline&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      paged.push(...page.items.map((n) => n.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(paged).toEqual([made[1], made[2], made[0]]);
  });

  it('refuses an unknown filter value with 400 and a Chinese message', async () => {
    const res = await api.request('GET', '/api/needs?due=tomorrow', { token: spec });
    expect(res.status).toBe(400);
    expect(res.body.error.issues[0]).toMatchObject({ path: 'due' });
    expect(res.body.error.issues[0].message).toMatch(/[\u4e00-\u9fff]/);
  });

  it('counts what the caller sees per state, clock, category, channel and station', async () => {
    const before = (await api.request('GET', '/api/needs/counts', { token: mgr })).body;
    await createNeed(api, ent2, { title: `计数需求${tag()}`, categories: ['ip'], stationId: sanyaStation, channel: 'station_qr' });
    const after = await api.request('GET', '/api/needs/counts', { token: mgr });
    expect(after.status).toBe(200);
    expect(after.body.total).toBe(before.total + 1);
    expect(after.body.byState.submitted).toBe(before.byState.submitted + 1);
    expect(after.body.byCategory.ip).toBe((before.byCategory.ip ?? 0) + 1);
    expect(after.body.byChannel.station_qr).toBe((before.byChannel.station_qr ?? 0) + 1);
    const sanya = (c: { byStation: { id: string | null; count: number }[] }) => c.byStation.find((s) => s.id === sanyaStation)?.count ?? 0;
    expect(sanya(after.body)).toBe(sanya(before) + 1);
    // the center specialist does not see the branch's need
    const center = await api.request('GET', '/api/needs/counts', { token: spec });
    expect(center.body.byStation.find((s: { id: string | null }) => s.id === sanyaStation)).toBeUndefined();
  });
});

describe('racing specialists', () => {
  it('lets one of three specialists accept a need; the others get 409 and it stays with the winner', async () => {
    const others = await Promise.all([1, 2].map((i) => newUser(api, { name: `并发专员${i}`, roles: ['specialist'], atCenter: true })));
    const n = await createNeed(api, ent);
    const results = await Promise.all(
      [spec, ...others.map((o) => o.token)].map((token) => needAct(api, token, n.id, { action: 'accept', version: 1 })),
    );
    const won = results.filter((r) => r.status === 200);
    expect(won).toHaveLength(1);
    expect(results.filter((r) => r.status === 409).every((r) => r.body.error.code === 'version_conflict')).toBe(true);
    expect(results.filter((r) => r.status === 409)).toHaveLength(2);
    const owner = won[0]!.body.owner.id;
    const loser = [spec, ...others.map((o) => o.token)][results.findIndex((r) => r.status === 409)]!;
    const r = await needAct(api, loser, n.id, { action: 'serve', version: 2 });
    expect(r.status).toBe(403);
    expect(r.body.error.message).toContain('首问负责');
    expect(owner).toBeTruthy();
  });
});

describe('the need page', () => {
  it('keeps an internal note from the enterprise and shows a visible note to it', async () => {
    const n = await createNeed(api, ent);
    await mustAct(api, spec, n.id, { action: 'accept', version: 1 });
    let need = await mustAct(api, spec, n.id, { action: 'note', version: 2, note: '企业资料需核实', internal: true });
    expect(need.state).toBe('accepted');
    need = await mustAct(api, spec, n.id, { action: 'note', version: 3, note: '已电话联系企业，约定周三上门', internal: false });
    expect(need.version).toBe(4);
    const own = await api.request('GET', `/api/needs/${n.id}`, { token: ent });
    const notes = own.body.events.filter((e: { action: string }) => e.action === 'note').map((e: { note: string }) => e.note);
    expect(notes).toEqual(['已电话联系企业，约定周三上门']);
    const staff = await api.request('GET', `/api/needs/${n.id}`, { token: spec });
    expect(staff.body.events.filter((e: { action: string }) => e.action === 'note')).toMatchObject([
      { note: '企业资料需核实', internal: true },
      { note: '已电话联系企业，约定周三上门', internal: false },
    ]);
  });

  it('requires saying whether a note is internal (400)', async () => {
    const n = await createNeed(api, ent);
    const r = await needAct(api, spec, n.id, { action: 'note', version: 1, note: '备注' });
    expect(r.status).toBe(400);
    expect(r.body.error.issues[0].path).toBe('internal');
  });

  it('lets the manager sign a completed need off once, as its reviewer', async () => {
    const n = await createNeed(api, ent);
    const done = await mustAct(api, spec, n.id, { action: 'answer', version: 1, answer: '可参考 GB/T 19001' });
    expect(done.allowedActions).not.toContain('sign_off'); // the owner may not review their own need
    const mine = await needAct(api, spec, n.id, { action: 'sign_off', version: 2 });
    expect(mine.status).toBe(403);
    expect(mine.body.error.message).toContain('审核人不能是需求负责人本人');
    const view = await api.request('GET', `/api/needs/${n.id}`, { token: mgr });
    expect(view.body.allowedActions).toEqual(['sign_off']);
    const signed = await mustAct(api, mgr, n.id, { action: 'sign_off', version: 2, note: '记录完整' });
    expect(signed).toMatchObject({ state: 'completed', reviewer: { name: '李慧敏' } });
    const again = await needAct(api, mgr, n.id, { action: 'sign_off', version: 3 });
    expect(again.status).toBe(422);
  });

  it('lets another specialist of the queue review a need it does not own', async () => {
    const reviewer = await newUser(api, { name: '审核专员', roles: ['specialist'], atCenter: true });
    const n = await createNeed(api, ent);
    await mustAct(api, spec, n.id, { action: 'answer', version: 1, answer: '已答复' });
    const view = await api.request('GET', `/api/needs/${n.id}`, { token: reviewer.token });
    expect(view.body.allowedActions).toEqual(['sign_off']);
    const signed = await mustAct(api, reviewer.token, n.id, { action: 'sign_off', version: 2 });
    expect(signed.reviewer.name).toBe('审核专员');
  });

  it('refuses a sign-off before the need is completed (422)', async () => {
    const n = await createNeed(api, ent);
    const r = await needAct(api, mgr, n.id, { action: 'sign_off', version: 1 });
    expect(r.status).toBe(422);
  });

  it('refuses notes to the enterprise and to a provider (403)', async () => {
    const n = await createNeed(api, ent);
    expect((await needAct(api, ent, n.id, { action: 'note', version: 1, note: '备注', internal: false })).status).toBe(403);
    expect((await needAct(api, prov, n.id, { action: 'note', version: 1, note: '备注', internal: false })).status).toBe(404);
  });
});

describe('window intake', () => {
  it('finds the enterprise by its 统一社会信用代码, in any case and spacing', async () => {
    const res = await api.request('GET', `/api/enterprises?q=${encodeURIComponent('91460105ma5t8h3r2k')}`, { token: spec });
    expect(res.status).toBe(200);
    expect(res.body[0]).toMatchObject({ name: '海南椰语食品有限公司', creditCode: '91460105MA5T8H3R2K' });
  });

  it('finds enterprises by part of their name', async () => {
    const res = await api.request('GET', `/api/enterprises?q=${encodeURIComponent('南繁')}`, { token: spec });
    expect(res.body.map((e: { name: string }) => e.name)).toContain('三亚南繁优种科技有限公司');
  });

  it('refuses the lookup to an enterprise user (403) and a one-character query (400)', async () => {
    expect((await api.request('GET', '/api/enterprises?q=海南', { token: ent })).status).toBe(403);
    expect((await api.request('GET', '/api/enterprises?q=海', { token: spec })).status).toBe(400);
  });

  it('records a phoned-in need for the enterprise found, in the specialist’s queue', async () => {
    const n = await createNeed(api, spec, {
      channel: 'phone',
      enterprise: { name: '海南椰语食品有限公司', creditCode: '91460105MA5T8H3R2K' },
    });
    expect(n).toMatchObject({ channel: 'phone', state: 'accepted', recorder: { name: '陈思远' }, owner: { name: '陈思远' } });
    const listed = await list(spec, `q=${encodeURIComponent(n.number)}`);
    expect(listed.items.map((x) => x.id)).toEqual([n.id]);
  });
});
