// The public directories of 服务大厅: institutions and experts searchable by
// category, item and region, an institution's page with its qualifications,
// public fields only — never a contact, a phone number or a scan.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApi, newKey, type TestApi } from '../support/api';

let api: TestApi;
let mgr: string;
let institutionId: string;
let expertId: string;
const PHONE = '13812345678';
const EXPERT_PHONE = '13987654321';

beforeAll(async () => {
  api = await createTestApi();
  mgr = await api.login('manager');
  api.setNow(new Date('2027-05-01T02:00:00Z'));
  const form = new FormData();
  form.append('file', new Blob([new TextEncoder().encode('%PDF-1.4')], { type: 'application/pdf' }), '证书.pdf');
  const up = await api.app.request('/api/uploads', {
    method: 'POST',
    headers: { authorization: `Bearer ${mgr}`, 'Idempotency-Key': newKey() },
    body: form,
  });
  const { id: _id, ...scan } = (await up.json()) as any;
  const inst = await api.request('POST', '/api/manage/institutions', {
    token: mgr,
    body: {
      name: '儋州洋浦检验检测有限公司',
      creditCode: '91460200MA5U2K7P8A',
      categories: ['testing'],
      items: ['testing.product_testing'],
      region: '儋州市',
      address: '儋州市洋浦经济开发区新英湾大道 18 号',
      agreementDate: '2027-01-10',
      status: 'active',
      qualifications: [
        {
          kind: 'cma',
          name: '',
          number: 'CMA-2024-0001',
          scope: '石化产品检验',
          validFrom: '2024-01-01',
          validTo: '2029-12-31',
          items: ['testing.product_testing'],
          scan,
        },
        { kind: 'cnas', name: '', number: 'CNAS L99999', validFrom: '2021-01-01', validTo: '2027-01-31', items: [], scan: null },
      ],
      contact: { name: '郑国强', phone: PHONE },
    },
  });
  expect(inst.status, JSON.stringify(inst.body)).toBe(201);
  institutionId = inst.body.id;
  const x = await api.request('POST', '/api/manage/experts', {
    token: mgr,
    body: {
      name: '邢海波',
      title: '研究员',
      titleLevel: 'senior',
      titleEvidence: scan,
      fields: ['testing'],
      items: ['testing.product_testing'],
      organisation: '海南大学',
      region: '儋州市',
      status: 'active',
      integrity: [{ date: '2027-01-01', source: '年度考核', content: '合格' }],
      contact: { name: '邢海波', phone: EXPERT_PHONE },
    },
  });
  expect(x.status, JSON.stringify(x.body)).toBe(201);
  expertId = x.body.id;
});
afterAll(() => api?.close());

describe('the public institution directory', () => {
  it('finds institutions by region, with public fields only', async () => {
    const res = await api.request('GET', `/api/institutions?region=${encodeURIComponent('儋州市')}&item=testing.product_testing`);
    expect(res.status).toBe(200);
    expect(res.body.map((i: any) => i.id)).toEqual([institutionId]);
    expect(res.body[0].qualifications[0]).toEqual({
      name: '检验检测机构资质认定（CMA）',
      number: 'CMA-2024-0001',
      validFrom: '2024-01-01',
      validTo: '2029-12-31',
    });
    expect(JSON.stringify(res.body)).not.toContain('/api/uploads/');
  });

  it('shows an institution’s page with its qualifications and whether each is in force, never its contact', async () => {
    const res = await api.request('GET', `/api/institutions/${institutionId}`);
    expect(res.status).toBe(200);
    expect(res.body.address).toBe('儋州市洋浦经济开发区新英湾大道 18 号');
    expect(res.body.qualifications.map((q: any) => [q.kind, q.valid])).toEqual([
      ['cma', true],
      ['cnas', false],
    ]);
    expect(res.body.qualifications[0].scope).toBe('石化产品检验');
    const text = JSON.stringify(res.body);
    for (const secret of [PHONE, '138****5678', '郑', '/api/uploads/']) expect(text).not.toContain(secret);
    expect(Object.keys(res.body).sort()).toEqual([
      'address',
      'categories',
      'evaluation',
      'id',
      'intro',
      'items',
      'name',
      'qualifications',
      'region',
      'status',
    ]);
  });

  it('publishes the institution’s 动态评价 rates: the figures the managers see', async () => {
    const seeded = (await api.deps.db.query<{ id: string }>(`SELECT id FROM institutions ORDER BY seed_key LIMIT 1`)).rows[0]!.id;
    const page = (await api.request('GET', `/api/institutions/${seeded}`)).body;
    const managed = (await api.request('GET', `/api/evaluation/subjects/institution/${seeded}`, { token: mgr })).body;
    expect(page.evaluation).toEqual({
      windowMonths: managed.window.months,
      from: managed.window.from,
      to: managed.window.to,
      served: managed.figures.served,
      completionRate: managed.figures.completion.rate,
      onTimeRate: managed.figures.onTime.rate,
      satisfactionRate: managed.figures.satisfaction.rate,
    });
  });

  it('does not show a suspended institution’s page (404)', async () => {
    await api.deps.db.query(`UPDATE institutions SET status = 'suspended' WHERE id = $1`, [institutionId]);
    try {
      expect((await api.request('GET', `/api/institutions/${institutionId}`)).status).toBe(404);
    } finally {
      await api.deps.db.query(`UPDATE institutions SET status = 'active' WHERE id = $1`, [institutionId]);
    }
  });
});

describe('the public expert directory', () => {
  it('finds experts by category, item and region, without contact or integrity record', async () => {
    const res = await api.request(
      'GET',
      `/api/experts?category=testing&item=testing.product_testing&region=${encodeURIComponent('儋州市')}`,
    );
    expect(res.status).toBe(200);
    expect(res.body.map((x: any) => x.id)).toEqual([expertId]);
    expect(Object.keys(res.body[0]).sort()).toEqual([
      'fields',
      'id',
      'intro',
      'items',
      'name',
      'organisation',
      'region',
      'status',
      'title',
      'titleLevel',
    ]);
    expect(JSON.stringify(res.body)).not.toContain(EXPERT_PHONE);
  });

  it('lists the seed’s experts of a category', async () => {
    const res = await api.request('GET', '/api/experts?category=standardization');
    expect(res.body.length).toBeGreaterThan(0);
    for (const x of res.body) expect(x.fields).toContain('standardization');
  });

  it('shows one expert, and hides an exited one (404)', async () => {
    expect((await api.request('GET', `/api/experts/${expertId}`)).body.name).toBe('邢海波');
    await api.deps.db.query(`UPDATE experts SET status = 'exited' WHERE id = $1`, [expertId]);
    expect((await api.request('GET', `/api/experts/${expertId}`)).status).toBe(404);
    expect((await api.request('GET', '/api/experts?category=testing')).body.map((x: any) => x.id)).not.toContain(expertId);
  });

  it('refuses an item not in the catalogue, in Chinese', async () => {
    const res = await api.request('GET', '/api/experts?item=nope');
    expect(res.status).toBe(400);
    expect(res.body.error.issues[0].message).toBe('服务项目不在目录中');
  });
});
