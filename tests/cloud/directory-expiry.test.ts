// Qualifications over time: the tick tells managers once when one is within
// 30 days of its last valid day and once when it has expired; an expired one
// no longer counts for the service items it covered, and the matches say so.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApi, type TestApi } from '../support/api';
import { createNeed, shanghaiMorning } from '../support/workbench';

const SECRET = 'directory-expiry-cron-secret-0123';
let api: TestApi;
let mgr: string;
let ent: string;
let spec: string;
let institutionId: string;

const CAL = 'metrology.verification_calibration';
const TEST = 'testing.product_testing';

beforeAll(async () => {
  api = await createTestApi({ CRON_SECRET: SECRET });
  [mgr, ent, spec] = [await api.login('manager'), await api.login('enterprise'), await api.login('specialist')];
  api.setNow(shanghaiMorning('2027-03-01'));
  const res = await api.request('POST', '/api/manage/institutions', {
    token: mgr,
    body: {
      name: '琼北计量检测有限公司',
      creditCode: '91460200MA5T8H3R2G',
      categories: ['metrology', 'testing'],
      items: [CAL, TEST],
      region: '海口市',
      address: '海口市美兰区国兴大道 9 号',
      agreementDate: '2026-01-01',
      status: 'active',
      qualifications: [
        {
          kind: 'metrology_authorisation',
          name: '计量授权证书',
          number: '（琼）法计（2024）01001',
          validFrom: '2024-04-01',
          validTo: '2027-03-31',
          items: [CAL],
        },
        { kind: 'cma', name: '', number: '224612059999', validFrom: '2024-01-01', validTo: '2029-12-31', items: [TEST] },
      ],
      contact: { name: '黄立新', phone: '13800003333' },
    },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  institutionId = res.body.id;
});
afterAll(() => api?.close());

async function tickOn(day: string) {
  api.setNow(shanghaiMorning(day));
  const r = await api.request('GET', '/api/cron/tick', { headers: { authorization: `Bearer ${SECRET}` } });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body;
}

/** The flags about this test's institution (the seed has qualifications of its own that expire). */
async function managerFlags(): Promise<string[]> {
  const res = await api.request('GET', '/api/notifications?limit=100', { token: mgr });
  return res.body.items
    .filter((n: any) => n.kind === 'qualification' && n.title.includes('琼北计量'))
    .map((n: any) => `${n.title}｜${n.body}`);
}

async function ours(needId: string) {
  const res = await api.request('GET', `/api/needs/${needId}/matches`, { token: spec });
  expect(res.status).toBe(200);
  return res.body.find((m: any) => m.institutionId === institutionId);
}

describe('qualifications close to expiry', () => {
  it('are not flagged more than 30 days ahead', async () => {
    await tickOn('2027-02-28');
    expect(await managerFlags()).toEqual([]);
  });

  it('are flagged to managers once, 30 days ahead', async () => {
    await tickOn('2027-03-01');
    await tickOn('2027-03-02');
    expect(await managerFlags()).toEqual([
      '资质即将到期：琼北计量检测有限公司｜计量授权证书（（琼）法计（2024）01001）将于 2027-03-31 到期，请提醒机构及时换证。',
    ]);
  });

  it('still match for their items until the last valid day', async () => {
    api.setNow(shanghaiMorning('2027-03-31'));
    const n = await createNeed(api, ent, { categories: ['metrology'], items: [CAL] });
    expect(await ours(n.id)).toBeTruthy();
  });
});

describe('an expired qualification', () => {
  it('is flagged once more, saying its items no longer match', async () => {
    await tickOn('2027-04-01');
    await tickOn('2027-04-02');
    const flags = await managerFlags();
    expect(flags).toHaveLength(2);
    expect(flags[0]).toBe(
      '资质已过期：琼北计量检测有限公司｜计量授权证书（（琼）法计（2024）01001）已于 2027-03-31 到期，其覆盖的服务项目不再参与匹配，请督促机构换证并更新名录。',
    );
  });

  it('stops the institution matching a need for the items it covered', async () => {
    api.setNow(shanghaiMorning('2027-04-02'));
    const n = await createNeed(api, ent, { categories: ['metrology'], items: [CAL] });
    expect(await ours(n.id)).toBeUndefined();
  });

  it('leaves the items another valid qualification covers, and the reasons say what stopped matching', async () => {
    api.setNow(shanghaiMorning('2027-04-02'));
    const n = await createNeed(api, ent, { categories: ['metrology', 'testing'], items: [CAL, TEST] });
    const m = await ours(n.id);
    expect(m).toBeTruthy();
    expect(m.reasons).toContain('可提供服务项目 1/2：产品检验检测');
    expect(m.warnings).toContain('资质已过期：计量授权证书（2027-03-31 到期），不再匹配其覆盖的服务项目：计量器具检定校准');
  });

  it('matches again once the manager records the renewed certificate', async () => {
    const view = (await api.request('GET', `/api/manage/institutions/${institutionId}`, { token: mgr })).body;
    const { id: _i, updatedAt: _u, contact: _c, ...edit } = view;
    edit.qualifications[0] = { ...edit.qualifications[0], validFrom: '2027-04-01', validTo: '2030-03-31' };
    const saved = await api.request('PUT', `/api/manage/institutions/${institutionId}`, { token: mgr, body: edit });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    const n = await createNeed(api, ent, { categories: ['metrology'], items: [CAL] });
    expect((await ours(n.id)).warnings.join()).not.toContain('资质已过期');
  });
});
