// The directories managers keep: adding and editing institutions and experts,
// every refusal (roles, credit codes, titles, attachments, stale versions),
// contacts encrypted at rest and masked, and the append-only history.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApi, newKey, type TestApi } from '../support/api';
import { newUser } from '../support/workbench';

let api: TestApi;
let mgr: string;
let scan: { name: string; url: string; size: number; mime: string };

async function uploadPdf(token: string, name = '资质证书.pdf') {
  const form = new FormData();
  form.append('file', new Blob([new TextEncoder().encode('%PDF-1.4 certificate')], { type: 'application/pdf' }), name);
  const res = await api.app.request('/api/uploads', {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'Idempotency-Key': newKey() },
    body: form,
  });
  expect(res.status).toBe(201);
  const { id: _id, ...attachment } = (await res.json()) as typeof scan & { id: string };
  return attachment;
}

beforeAll(async () => {
  api = await createTestApi();
  mgr = await api.login('manager');
  scan = await uploadPdf(mgr);
});
afterAll(() => api?.close());

// Valid codes (GB 32100 check characters), one per institution a test adds.
const CODES = ['91460200MA5T8H3R2G', '91460200MA5U2K7P8A', '91460200MA5W1N4Q15', '91460200MA5X9C3D3J'];

function institutionBody(over: Record<string, unknown> = {}) {
  return {
    name: '海南南海检测技术有限公司',
    creditCode: CODES[0],
    categories: ['testing', 'metrology'],
    items: ['testing.product_testing', 'metrology.verification_calibration'],
    region: '三亚市',
    address: '三亚市吉阳区迎宾路 88 号',
    agreementDate: '2026-11-20',
    status: 'active',
    qualifications: [
      {
        kind: 'cma',
        name: '',
        number: '224612050733',
        scope: '食品、农产品理化与微生物检验',
        validFrom: '2022-11-10',
        validTo: '2028-11-09',
        items: ['testing.product_testing'],
        scan,
      },
    ],
    intro: '面向三亚企业开展产品检验检测和仪器校准。',
    contact: { name: '陈海燕', phone: '13800001234' },
    ...over,
  };
}

function expertBody(over: Record<string, unknown> = {}) {
  return {
    name: '林志远',
    title: '高级工程师',
    titleLevel: 'associate_senior',
    titleEvidence: scan,
    fields: ['standardization'],
    items: ['standardization.standard_drafting'],
    organisation: '海南省标准化研究院',
    region: '海口市',
    status: 'active',
    integrity: [{ date: '2026-06-30', source: '海南省市场监督管理局', content: '年度考核合格，无不良记录。' }],
    intro: '',
    contact: { name: '林志远', phone: '13900002345' },
    ...over,
  };
}

const editOf = (view: any, over: Record<string, unknown> = {}) => {
  const { id: _id, updatedAt: _u, contact: _c, ...rest } = view;
  return { ...rest, ...over };
};

describe('institutions kept by managers', () => {
  it('adds an institution with a qualification and its scan, contact masked', async () => {
    const res = await api.request('POST', '/api/manage/institutions', { token: mgr, body: institutionBody() });
    expect(res.status).toBe(201);
    expect(res.body.version).toBe(1);
    expect(res.body.creditCode).toBe(CODES[0]);
    expect(res.body.contact).toEqual({ name: '陈**', phone: '138****1234' });
    expect(res.body.qualifications[0]).toMatchObject({ kind: 'cma', name: '检验检测机构资质认定（CMA）', scan: { url: scan.url } });
    const list = await api.request('GET', '/api/manage/institutions?q=南海检测', { token: mgr });
    expect(list.body.map((i: any) => i.id)).toEqual([res.body.id]);
  });

  it('stores the contact encrypted, never in clear', async () => {
    const { rows } = await api.deps.db.query<{ n: string; p: string }>(
      `SELECT contact_name_enc AS n, contact_phone_enc AS p FROM institutions WHERE credit_code = $1`,
      [CODES[0]],
    );
    expect(rows[0]!.n).toMatch(/^v1\./);
    expect(rows[0]!.p).not.toContain('13800001234');
    expect(api.deps.pii.decrypt(rows[0]!.p)).toBe('13800001234');
  });

  it('refuses every role but the manager', async () => {
    for (const persona of ['enterprise', 'specialist', 'provider', 'supervisor'] as const) {
      const token = await api.login(persona);
      const res = await api.request('POST', '/api/manage/institutions', { token, body: institutionBody({ creditCode: CODES[3] }) });
      expect(res.status).toBe(403);
      expect((await api.request('GET', '/api/manage/institutions', { token })).status).toBe(403);
    }
    expect((await api.request('POST', '/api/manage/institutions', { body: institutionBody() })).status).toBe(401);
  });

  it('refuses a credit code whose check character is wrong, in Chinese', async () => {
    const res = await api.request('POST', '/api/manage/institutions', {
      token: mgr,
      body: institutionBody({ creditCode: '91460200MA5T8H3R2K' }),
    });
    expect(res.status).toBe(400);
    expect(res.body.error.issues[0].path).toBe('creditCode');
    expect(res.body.error.issues[0].message).toMatch(/校验/);
  });

  it('refuses a second institution with the same credit code (409)', async () => {
    const res = await api.request('POST', '/api/manage/institutions', { token: mgr, body: institutionBody({ name: '另一家机构' }) });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('duplicate');
  });

  it('refuses an item outside the categories, a qualification item the institution does not offer, and dates in the wrong order', async () => {
    const res = await api.request('POST', '/api/manage/institutions', {
      token: mgr,
      body: institutionBody({
        creditCode: CODES[1],
        items: ['testing.product_testing', 'standardization.standard_drafting'],
        qualifications: [{ ...institutionBody().qualifications[0], items: ['metrology.verification_calibration'], validTo: '2020-01-01' }],
      }),
    });
    expect(res.status).toBe(400);
    const paths = res.body.error.issues.map((i: any) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['items.1', 'qualifications.0.validTo', 'qualifications.0.items.0']));
  });

  it('refuses a scan that was never uploaded (422)', async () => {
    const missing = { ...scan, url: '/api/uploads/00000000-0000-4000-8000-000000000000' };
    const res = await api.request('POST', '/api/manage/institutions', {
      token: mgr,
      body: institutionBody({ creditCode: CODES[1], qualifications: [{ ...institutionBody().qualifications[0], scan: missing }] }),
    });
    expect(res.status).toBe(422);
    expect(res.body.error.issues[0].path).toBe('qualifications.0.scan');
  });

  it('edits at the version read, keeps the contact when none is sent, and refuses a stale version (409)', async () => {
    const created = (
      await api.request('POST', '/api/manage/institutions', {
        token: mgr,
        body: institutionBody({ creditCode: CODES[1], name: '海口检测中心' }),
      })
    ).body;
    const edit = editOf(created, { status: 'warned', address: '海口市龙华区滨海大道 1 号' });
    const ok = await api.request('PUT', `/api/manage/institutions/${created.id}`, { token: mgr, body: edit });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ version: 2, status: 'warned', contact: { name: '陈**' } });
    const stale = await api.request('PUT', `/api/manage/institutions/${created.id}`, { token: mgr, body: { ...edit, status: 'active' } });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('version_conflict');
  });

  it('keeps the history of every change: who, when, which fields, a contact change without its value', async () => {
    const created = (
      await api.request('POST', '/api/manage/institutions', {
        token: mgr,
        body: institutionBody({ creditCode: CODES[2], name: '儋州检测站' }),
      })
    ).body;
    await api.request('PUT', `/api/manage/institutions/${created.id}`, {
      token: mgr,
      body: editOf(created, { status: 'suspended', contact: { name: '吴小红', phone: '13912345678' } }),
    });
    const h = await api.request('GET', `/api/manage/institutions/${created.id}/history`, { token: mgr });
    expect(h.status).toBe(200);
    expect(h.body.map((c: any) => [c.version, c.action])).toEqual([
      [2, 'update'],
      [1, 'create'],
    ]);
    expect(h.body[0].by).toMatch(/^\S\*+$/);
    expect(h.body[0].changes).toEqual([
      { field: 'status', label: '状态', from: 'active', to: 'suspended' },
      { field: 'contact', label: '联系人', from: '（已脱敏）', to: '（已更新）' },
    ]);
    expect(JSON.stringify(h.body)).not.toContain('13912345678');
    expect(JSON.stringify(h.body)).not.toContain('吴小红');
  });

  it('refuses to change or delete the history (append-only)', async () => {
    await expect(api.deps.db.query(`UPDATE directory_changes SET action = 'create'`)).rejects.toThrow(/append-only/);
    await expect(api.deps.db.query(`DELETE FROM directory_changes`)).rejects.toThrow(/append-only/);
  });

  it('lets every manager open a qualification’s scan, and nobody else', async () => {
    const other = await newUser(api, { roles: ['manager'] });
    expect((await api.app.request(scan.url, { headers: { authorization: `Bearer ${other.token}` } })).status).toBe(200);
    const ent = await api.login('enterprise');
    expect((await api.app.request(scan.url, { headers: { authorization: `Bearer ${ent}` } })).status).toBe(404);
  });

  it('answers 404 for an institution that does not exist', async () => {
    const id = '00000000-0000-4000-8000-000000000000';
    expect((await api.request('GET', `/api/manage/institutions/${id}`, { token: mgr })).status).toBe(404);
    expect((await api.request('GET', `/api/manage/institutions/${id}/history`, { token: mgr })).status).toBe(404);
  });
});

describe('experts kept by managers', () => {
  it('admits an associate-senior expert with the evidence and an integrity record', async () => {
    const res = await api.request('POST', '/api/manage/experts', { token: mgr, body: expertBody() });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ titleLevel: 'associate_senior', titleEvidence: { url: scan.url }, contact: { phone: '139****2345' } });
    expect(res.body.integrity).toHaveLength(1);
  });

  it('refuses a title below 副高级, in Chinese', async () => {
    const res = await api.request('POST', '/api/manage/experts', {
      token: mgr,
      body: expertBody({ title: '工程师', titleLevel: 'intermediate' }),
    });
    expect(res.status).toBe(400);
    expect(res.body.error.issues[0]).toEqual({ path: 'titleLevel', message: '专家须具有副高级及以上职称（正高级或副高级）' });
  });

  it('refuses an expert without the evidence of the title', async () => {
    const res = await api.request('POST', '/api/manage/experts', { token: mgr, body: expertBody({ titleEvidence: null }) });
    expect(res.status).toBe(400);
    expect(res.body.error.issues[0]).toEqual({ path: 'titleEvidence', message: '请上传职称证书等证明材料' });
  });

  it('refuses other roles', async () => {
    const token = await api.login('specialist');
    expect((await api.request('POST', '/api/manage/experts', { token, body: expertBody() })).status).toBe(403);
  });

  it('edits an expert at its version, records the history and refuses a stale edit', async () => {
    const created = (await api.request('POST', '/api/manage/experts', { token: mgr, body: expertBody({ name: '符文博' }) })).body;
    const integrity = [...created.integrity, { date: '2026-11-01', source: '投诉处理', content: '一次服务迟到，已整改。' }];
    const ok = await api.request('PUT', `/api/manage/experts/${created.id}`, { token: mgr, body: editOf(created, { integrity }) });
    expect(ok.status).toBe(200);
    expect(ok.body.version).toBe(2);
    const stale = await api.request('PUT', `/api/manage/experts/${created.id}`, {
      token: mgr,
      body: editOf(created, { status: 'exited' }),
    });
    expect(stale.status).toBe(409);
    const h = await api.request('GET', `/api/manage/experts/${created.id}/history`, { token: mgr });
    expect(h.body[0].changes.map((c: any) => c.field)).toEqual(['integrity']);
  });

  it('lists every expert for the manager, the seed included, with masked contacts', async () => {
    const res = await api.request('GET', '/api/manage/experts', { token: mgr });
    expect(res.status).toBe(200);
    expect(res.body.length).toBeGreaterThan(2);
    for (const x of res.body) expect(x.contact.phone).toMatch(/\*{4}/);
  });
});
