// Stations through the real app on a real database: the service map's list,
// the manager's edits and staff assignments, check-ins and the station desk,
// needs raised at a station, and finding a need from its receipt code.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { maskName } from '../../shared/src/masking';
import { distanceKm } from '../../shared/src/stations';
import { issueToken } from '../../cloud/src/auth/session';
import { createTestApi, needBody, newKey, STATION_CLOSED_AT, STATION_OPEN_AT, type TestApi } from '../support/api';

let api: TestApi;
let ent: string, ent2: string, spec: string, mgr: string;

beforeAll(async () => {
  api = await createTestApi();
  [ent, ent2, spec, mgr] = await Promise.all([
    api.login('enterprise'),
    api.login('enterprise2'),
    api.login('specialist'),
    api.login('manager'),
  ]);
});
afterAll(() => api?.close());

/** A session for a seeded staff member who is not a demo persona (e.g. the post's specialist). */
async function tokenFor(openid: string): Promise<string> {
  const { rows } = await api.deps.db.query<{ id: string }>('SELECT id FROM users WHERE openid = $1', [openid]);
  return issueToken(rows[0]!.id, api.deps.config.sessionSecret, 3600, new Date());
}

async function station(code: string) {
  return (await api.request('GET', `/api/stations/${code}`)).body;
}

let seq = 0;
function newStation(over: Record<string, unknown> = {}) {
  seq++;
  return {
    code: `TST${String(seq).padStart(3, '0')}${Math.random().toString(36).slice(2, 5).toUpperCase()}`,
    kind: 'post',
    name: `测试质量服务驿站${seq}`,
    region: '海口市',
    address: '海南省海口市美兰区江东大道1号',
    location: { lat: 20.05, lng: 110.42 },
    phone: '0898-66100099',
    hours: [{ weekdays: [1, 2, 3, 4, 5], open: '09:00', close: '17:00' }],
    notice: { intro: '测试驿站', items: ['ip.trademark'], flow: ['到站登记', '当场答复'], complaintPhone: '0898-66100010' },
    ...over,
  };
}

const editOf = (s: any, over: Record<string, unknown> = {}) => ({
  kind: s.kind,
  name: s.name,
  region: s.region,
  address: s.address,
  location: s.location,
  phone: s.phone,
  hours: s.hours,
  notice: { intro: s.notice.intro, items: s.notice.items, flow: s.notice.flow, complaintPhone: s.notice.complaintPhone },
  version: s.version,
  ...over,
});

describe('the service map’s list', () => {
  it('lists the stations serving a category, nearest first from the phone’s position', async () => {
    // In Sanya: the Sanya branch first.
    const r = await api.request('GET', '/api/stations?category=certification&lat=18.25&lng=109.51');
    expect(r.status).toBe(200);
    const codes = r.body.map((s: any) => s.code);
    expect(codes[0]).toBe('SYB001');
    const km = r.body.map((s: any) => distanceKm({ lat: 18.25, lng: 109.51 }, s.location));
    expect(km).toEqual([...km].sort((a, b) => a - b));
    expect(codes).toContain('HKC001');
    expect(codes).not.toContain('DZB001'); // Danzhou offers no certification
  });

  it('refuses a position with only one coordinate, saying which', async () => {
    const r = await api.request('GET', '/api/stations?lat=18.25');
    expect(r.status).toBe(400);
    expect(r.body.error.issues[0].path).toBe('lat');
  });

  it('finds a station by its code in any case', async () => {
    expect((await api.request('GET', '/api/stations/hkc001')).body.code).toBe('HKC001');
  });
});

describe('managing stations', () => {
  it('lets a manager add a station, which then appears on the public list', async () => {
    const body = newStation();
    const r = await api.request('POST', '/api/stations', { token: mgr, body });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body).toMatchObject({ code: body.code, name: body.name, version: 1, notice: { items: ['ip.trademark'], staff: [] } });
    const list = await api.request('GET', '/api/stations');
    expect(list.body.map((s: any) => s.code)).toContain(body.code);
  });

  it('refuses a second station with the same code, so a retried create leaves one', async () => {
    const body = newStation();
    expect((await api.request('POST', '/api/stations', { token: mgr, body })).status).toBe(201);
    const again = await api.request('POST', '/api/stations', { token: mgr, body });
    expect(again.status).toBe(409);
    expect(again.body.error.message).toContain(body.code);
    const { rows } = await api.deps.db.query<{ n: number }>('SELECT count(*)::int AS n FROM stations WHERE code = $1', [body.code]);
    expect(rows[0]!.n).toBe(1);
  });

  it('refuses an incomplete station with every problem listed in Chinese', async () => {
    const r = await api.request('POST', '/api/stations', { token: mgr, body: newStation({ name: '', phone: '123' }) });
    expect(r.status).toBe(400);
    const paths = r.body.error.issues.map((i: any) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['name', 'phone']));
    expect(r.body.error.issues[0].message).toMatch(/[\u4e00-\u9fa5]/);
  });

  it('lets only managers add stations', async () => {
    expect((await api.request('POST', '/api/stations', { body: newStation() })).status).toBe(401);
    expect((await api.request('POST', '/api/stations', { token: spec, body: newStation() })).status).toBe(403);
  });

  it('lets a manager edit a station at the version read, and moves the version on', async () => {
    const created = (await api.request('POST', '/api/stations', { token: mgr, body: newStation() })).body;
    const r = await api.request('PUT', `/api/stations/${created.id}`, {
      token: mgr,
      body: editOf(created, { phone: '0898-66100123', hours: [{ weekdays: [6, 7], open: '09:00', close: '12:00' }] }),
    });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toMatchObject({ phone: '0898-66100123', version: 2, code: created.code });
    expect((await station(created.code)).hours).toEqual([{ weekdays: [6, 7], open: '09:00', close: '12:00' }]);
  });

  it('refuses an edit made on a stale version and keeps the newer one', async () => {
    const created = (await api.request('POST', '/api/stations', { token: mgr, body: newStation() })).body;
    await api.request('PUT', `/api/stations/${created.id}`, { token: mgr, body: editOf(created, { name: '先到的修改' }) });
    const stale = await api.request('PUT', `/api/stations/${created.id}`, { token: mgr, body: editOf(created, { name: '后到的修改' }) });
    expect(stale.status).toBe(409);
    expect((await station(created.code)).name).toBe('先到的修改');
  });
});

describe('assigning specialists', () => {
  it('puts the assigned specialists on the station’s notice', async () => {
    const created = (await api.request('POST', '/api/stations', { token: mgr, body: newStation() })).body;
    const specialists = (await api.request('GET', '/api/specialists', { token: mgr })).body;
    const zhou = specialists.find((s: any) => s.name === '周婷');
    const r = await api.request('PUT', `/api/stations/${created.id}/staff`, {
      token: mgr,
      body: { staff: [{ userId: zhou.id, title: '驻站专员' }] },
    });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toEqual([{ userId: zhou.id, name: '周婷', title: '驻站专员' }]);
    // Published on the station's notice, the name is masked.
    expect((await station(created.code)).notice.staff).toEqual([{ name: maskName('周婷'), title: '驻站专员' }]);
  });

  it('sends needs raised at the station to the newly assigned specialist’s queue', async () => {
    const created = (await api.request('POST', '/api/stations', { token: mgr, body: newStation() })).body;
    const need = (
      await api.request('POST', '/api/needs', {
        token: ent,
        body: needBody({ stationId: created.id, channel: 'station_qr' }),
        headers: { 'Idempotency-Key': newKey() },
      })
    ).body;
    const wu = await tokenFor('seed:staff_SYB001');
    expect((await api.request('GET', `/api/needs/${need.id}`, { token: wu })).status).toBe(404);
    const { rows } = await api.deps.db.query<{ id: string }>(`SELECT id FROM users WHERE openid = 'seed:staff_SYB001'`);
    await api.request('PUT', `/api/stations/${created.id}/staff`, {
      token: mgr,
      body: { staff: [{ userId: rows[0]!.id, title: '服务专员' }] },
    });
    expect((await api.request('GET', `/api/needs/${need.id}`, { token: wu })).status).toBe(200);
  });

  it('audits each specialist moved in or out, as any change of an account’s stations', async () => {
    const created = (await api.request('POST', '/api/stations', { token: mgr, body: newStation() })).body;
    const specialists = (await api.request('GET', '/api/specialists', { token: mgr })).body;
    const zhou = specialists.find((s: any) => s.name === '周婷');
    const put = (staff: unknown[]) => api.request('PUT', `/api/stations/${created.id}/staff`, { token: mgr, body: { staff } });
    expect((await put([{ userId: zhou.id, title: '驻站专员' }])).status).toBe(200);
    expect((await put([{ userId: zhou.id, title: '首席驻站专员' }])).status).toBe(200); // a new title: no change of grant
    expect((await put([])).status).toBe(200);
    const audit = await api.request('GET', `/api/manage/staff-audit?userId=${zhou.id}`, { token: mgr });
    const mine = audit.body.filter((c: { note: string | null }) => c.note?.includes(created.name));
    expect(mine.map((c: { action: string; note: string }) => [c.action, c.note])).toEqual([
      ['change', `站点人员调整：调离${created.name}`],
      ['change', `站点人员调整：调入${created.name}`],
    ]);
    expect(mine[1].after.stationIds).toContain(created.id);
    expect(mine[1].before.stationIds).not.toContain(created.id);
    expect(mine[0].actor.name).toBe('李慧敏');
  });

  it('changes nothing when the same staff list is sent again', async () => {
    const created = (await api.request('POST', '/api/stations', { token: mgr, body: newStation() })).body;
    const specialists = (await api.request('GET', '/api/specialists', { token: mgr })).body;
    const body = { staff: specialists.slice(0, 2).map((s: any) => ({ userId: s.id, title: '服务专员' })) };
    const first = await api.request('PUT', `/api/stations/${created.id}/staff`, { token: mgr, body });
    const second = await api.request('PUT', `/api/stations/${created.id}/staff`, { token: mgr, body });
    expect(second.body).toEqual(first.body);
    const { rows } = await api.deps.db.query<{ n: number }>('SELECT count(*)::int AS n FROM staff_stations WHERE station_id = $1', [
      created.id,
    ]);
    expect(rows[0]!.n).toBe(2);
  });

  it('refuses to assign someone who is not a specialist', async () => {
    const { rows } = await api.deps.db.query<{ id: string }>(`SELECT id FROM users WHERE persona = 'provider'`);
    const r = await api.request('PUT', '/api/stations/HKP001/staff', { token: mgr, body: { staff: [{ userId: rows[0]!.id }] } });
    expect(r.status).toBe(422);
    expect(r.body.error.issues[0]).toMatchObject({ path: 'staff.0.userId' });
  });

  it('shows the specialists and their stations to managers only', async () => {
    const r = await api.request('GET', '/api/specialists', { token: mgr });
    expect(r.body.find((s: any) => s.name === '陈思远').stations.map((s: any) => s.name)).toEqual([(await station('HKC001')).name]);
    expect((await api.request('GET', '/api/specialists', { token: ent })).status).toBe(403);
  });
});

describe('check-ins and the station desk', () => {
  // The seeded stations keep office hours: the visits are made while they are open.
  beforeEach(() => api.setNow(STATION_OPEN_AT));
  afterEach(() => api.setNow(null));

  it('refuses a check-in while the station is 休息中, naming its opening hours (422)', async () => {
    api.setNow(STATION_CLOSED_AT);
    const r = await api.request('POST', '/api/stations/HKP001/checkins', { token: ent, body: {} });
    expect(r.status).toBe(422);
    expect(r.body.error.code).toBe('rule_violation');
    expect(r.body.error.message).toMatch(/当前休息中（今日 09:00–12:00、14:30–17:30）/);
    expect(r.body.error.message).toContain('开放时间：周一至周五 09:00–12:00、14:30–17:30');
    const { rows } = await api.deps.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM checkins c JOIN stations s ON s.id = c.station_id WHERE s.code = 'HKP001' AND c.at = $1`,
      [STATION_CLOSED_AT],
    );
    expect(rows[0]!.n).toBe(0);
  });

  it('refuses a check-in on a statutory holiday, naming it', async () => {
    api.setNow(new Date('2026-10-01T02:00:00Z')); // 国庆节, 10:00 in Shanghai
    const r = await api.request('POST', '/api/stations/HKP001/checkins', { token: ent, body: {} });
    expect(r.status).toBe(422);
    expect(r.body.error.message).toMatch(/当前休息中（国庆节休息）/);
  });

  it('remembers the visitor’s check-in for the rest of the day, and not the next day', async () => {
    const none = await api.request('GET', '/api/stations/DZB001/checkins/mine', { token: ent2 });
    expect(none.status).toBe(200);
    expect(none.body).toEqual({ checkin: null });
    const made = await api.request('POST', '/api/stations/DZB001/checkins', { token: ent2, body: { purpose: '咨询商标注册' } });
    expect(made.status).toBe(201);
    api.setNow(new Date(STATION_OPEN_AT.getTime() + 5 * 3_600_000)); // 15:00, a later visit the same day
    expect((await api.request('GET', '/api/stations/DZB001/checkins/mine', { token: ent2 })).body).toEqual({ checkin: made.body });
    // Another enterprise has none here; and the next day the visit is over.
    expect((await api.request('GET', '/api/stations/DZB001/checkins/mine', { token: ent })).body).toEqual({ checkin: null });
    api.setNow(new Date(STATION_OPEN_AT.getTime() + 24 * 3_600_000));
    expect((await api.request('GET', '/api/stations/DZB001/checkins/mine', { token: ent2 })).body).toEqual({ checkin: null });
  });

  it('keeps one check-in when the visitor checks in again within half an hour', async () => {
    const a = await api.request('POST', '/api/stations/DZB001/checkins', { token: ent, body: {} });
    const b = await api.request('POST', '/api/stations/DZB001/checkins', { token: ent, body: { purpose: '咨询地理标志申报' } });
    expect(b.body.id).toBe(a.body.id);
    expect(b.body.purpose).toBe('咨询地理标志申报');
  });

  it('tells the station’s specialists once that a visitor has arrived', async () => {
    const deskUser = (await api.deps.db.query<{ id: string }>(`SELECT id FROM users WHERE openid = 'seed:staff_YPP001'`)).rows[0]!.id;
    await api.request('POST', '/api/stations/YPP001/checkins', { token: ent, body: { purpose: '咨询进口原料检验' } });
    await api.request('POST', '/api/stations/YPP001/checkins', { token: ent, body: {} });
    const { rows } = await api.deps.db.query<{ title: string; body: string }>(
      `SELECT title, body FROM notifications WHERE user_id = $1 AND kind = 'checkin'`,
      [deskUser],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]!.title).toContain('海南椰语食品有限公司');
    expect(rows[0]!.body).toContain('咨询进口原料检验');
  });

  it('records a new visit after half an hour', async () => {
    const a = await api.request('POST', '/api/stations/YZP001/checkins', { token: ent2, body: {} });
    api.setNow(new Date(STATION_OPEN_AT.getTime() + 31 * 60_000));
    const b = await api.request('POST', '/api/stations/YZP001/checkins', { token: ent2, body: {} });
    expect(b.status).toBe(201);
    expect(b.body.id).not.toBe(a.body.id);
  });

  it('shows the station’s specialists who has arrived, for which enterprise, and audits the read', async () => {
    await api.request('POST', '/api/stations/HKP001/checkins', { token: ent, body: { purpose: '药品包装材料检测' } });
    const desk = await tokenFor('seed:staff_HKP001');
    const r = await api.request('GET', '/api/stations/HKP001/checkins', { token: desk });
    expect(r.status).toBe(200);
    expect(r.body[0]).toMatchObject({ purpose: '药品包装材料检测', visitor: { name: '林晓华' } });
    expect(r.body[0].enterprise.name).toBeTruthy();
    const { rows } = await api.deps.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pii_access_log WHERE subject_kind = 'checkin' AND subject_id = $1`,
      [r.body[0].id],
    );
    expect(rows[0]!.n).toBe(1);
  });

  it('shows managers the check-ins with the visitor’s name masked', async () => {
    await api.request('POST', '/api/stations/HKP001/checkins', { token: ent, body: {} });
    const r = await api.request('GET', '/api/stations/HKP001/checkins', { token: mgr });
    expect(r.body[0].visitor.name).not.toBe('林晓华');
    expect(r.body[0].visitor.name.startsWith('林')).toBe(true);
  });

  it('keeps a station’s check-ins from specialists of other stations and from enterprises', async () => {
    expect((await api.request('GET', '/api/stations/HKP001/checkins', { token: spec })).status).toBe(403);
    expect((await api.request('GET', '/api/stations/HKP001/checkins', { token: ent })).status).toBe(403);
  });
});

describe('needs raised at a station', () => {
  it('carries the station of a need submitted from its page and puts it in that station’s queue', async () => {
    const post = await station('HKP001');
    const r = await api.request('POST', '/api/needs', {
      token: ent,
      body: needBody({ stationId: post.id, channel: 'station_qr' }),
      headers: { 'Idempotency-Key': newKey() },
    });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ stationId: post.id, channel: 'station_qr' });
    const desk = await tokenFor('seed:staff_HKP001');
    expect((await api.request('GET', `/api/needs/${r.body.id}`, { token: desk })).status).toBe(200);
    expect((await api.request('GET', `/api/needs/${r.body.id}`, { token: spec })).status).toBe(404);
  });

  it('refuses station_qr without a station', async () => {
    const r = await api.request('POST', '/api/needs', {
      token: ent,
      body: needBody({ channel: 'station_qr' }),
      headers: { 'Idempotency-Key': newKey() },
    });
    expect(r.status).toBe(400);
    expect(r.body.error.issues[0].path).toBe('stationId');
  });
});

describe('opening a need from its receipt code', () => {
  it('finds the need by its number for the staff serving it', async () => {
    const need = (await api.request('POST', '/api/needs', { token: ent, body: needBody(), headers: { 'Idempotency-Key': newKey() } })).body;
    const r = await api.request('GET', `/api/needs/by-number/${need.number}`, { token: spec });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ id: need.id, number: need.number, title: need.title, state: 'submitted' });
  });

  it('tells a scanner who may not see the need so, plainly', async () => {
    const need = (await api.request('POST', '/api/needs', { token: ent, body: needBody(), headers: { 'Idempotency-Key': newKey() } })).body;
    const r = await api.request('GET', `/api/needs/by-number/${need.number}`, { token: ent2 });
    expect(r.status).toBe(404);
    expect(r.body.error.message).toContain('无权查看');
  });
});
