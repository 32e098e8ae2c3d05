// Archives (一项一档, 一企一档): a need run through its whole life, then its
// archive read back as JSON and as a PDF parsed to text (Chinese, the unified
// number); who may read it (the enterprise its own, staff, oversight
// desensitised, a stranger refused); the search's filters; the periodic
// review; the database's retention of a need's record (3 years after closing);
// the enterprise's dossier; the half-year summary.
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { EnterpriseDossier, NeedArchive } from '@qi/shared';
import { PDFParse } from 'pdf-parse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApi, newKey, type TestApi } from '../support/api';
import { createNeed, mustAct, providerInstitutionId, taskAct } from '../support/workbench';

let api: TestApi;
let t: Record<'enterprise' | 'enterprise2' | 'specialist' | 'provider' | 'manager' | 'supervisor', string>;
let need: { id: string; number: string; version: number; enterprise: { id: string; name: string } };
let other: { id: string; number: string };

const CONTACT = '欧阳晓华';
const PHONE = '13876543210';
const TASK_RESULT = '已出具椰子汁出口东盟检测方案，涵盖理化与微生物指标';
const COMPLAINT = '检测报告交付比约定晚了两天，希望改进。';

async function upload(token: string, name: string, text: string) {
  const form = new FormData();
  form.append('file', new File([new TextEncoder().encode(text)], name, { type: 'text/plain' }));
  const res = await api.fetch('/api/uploads', {
    method: 'POST',
    body: form,
    headers: { authorization: `Bearer ${token}`, 'Idempotency-Key': newKey() },
  });
  expect(res.status).toBe(201);
  return (await res.json()) as { id: string; name: string; url: string; size: number; mime: string };
}

/** Where the PDFs a test read are left for people to open (not committed). */
const ARTIFACTS = join(dirname(fileURLToPath(import.meta.url)), '../../test-artifacts/archives');

async function pdfText(
  path: string,
  token: string,
  saveAs?: string,
): Promise<{ status: number; type: string | null; text: string; bytes: number }> {
  const res = await api.fetch(path, { headers: { authorization: `Bearer ${token}` } });
  const buf = Buffer.from(await res.arrayBuffer());
  if (res.status !== 200) return { status: res.status, type: res.headers.get('content-type'), text: buf.toString(), bytes: buf.length };
  if (saveAs) {
    await mkdir(ARTIFACTS, { recursive: true });
    await writeFile(join(ARTIFACTS, saveAs), buf);
  }
  const parsed = await new PDFParse({ data: new Uint8Array(buf) }).getText();
  return { status: res.status, type: res.headers.get('content-type'), text: parsed.text.replace(/\s+/g, ''), bytes: buf.length };
}

const archive = async (token: string, id = need.id) => api.request<NeedArchive>('GET', `/api/archives/needs/${id}`, { token });

beforeAll(async () => {
  api = await createTestApi();
  t = (await api.loginAll()) as typeof t;
  const form = await upload(t.enterprise, '产品配方说明.txt', '椰子汁配方与工艺');
  let n = await createNeed(api, t.enterprise, {
    contactName: CONTACT,
    contactPhone: PHONE,
    categories: ['testing'],
    attachments: [{ name: form.name, url: form.url, size: form.size, mime: form.mime }],
  });
  n = await mustAct(api, t.specialist, n.id, { action: 'accept', version: n.version });
  n = await mustAct(api, t.specialist, n.id, { action: 'note', version: n.version, note: '已电话联系企业确认出口国家', internal: true });
  n = await mustAct(api, t.specialist, n.id, {
    action: 'dispatch',
    version: n.version,
    assignees: [{ institutionId: await providerInstitutionId(api) }],
  });
  const task = n.tasks[0];
  let r = await taskAct(api, t.provider, task.id, { action: 'accept', version: task.version });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  const report = await upload(t.provider, '检测方案.txt', '检测方案正文');
  const accepted = r.body.tasks.find((x: { id: string }) => x.id === task.id);
  r = await taskAct(api, t.provider, task.id, {
    action: 'done',
    version: accepted.version,
    result: TASK_RESULT,
    attachments: [{ name: report.name, url: report.url, size: report.size, mime: report.mime }],
  });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  n = await mustAct(api, t.specialist, n.id, { action: 'complete', version: r.body.version, result: '检测方案已交付企业并解读' });
  const rated = await api.request('POST', `/api/needs/${n.id}/rating`, {
    token: t.enterprise,
    body: {
      timeliness: 'average',
      professionalism: 'very_satisfied',
      courtesy: 'satisfied',
      overall: 'satisfied',
      resolved: true,
      comment: '方案很专业',
    },
  });
  expect(rated.status, JSON.stringify(rated.body)).toBe(201);
  n = await mustAct(api, t.manager, n.id, { action: 'sign_off', version: rated.body.version, note: '记录完整' });
  n = await mustAct(api, t.specialist, n.id, { action: 'close', version: n.version });
  const complaint = await api.request('POST', '/api/complaints', {
    token: t.enterprise,
    body: { needId: n.id, targetKind: 'need', content: COMPLAINT },
    headers: { 'Idempotency-Key': newKey() },
  });
  expect(complaint.status, JSON.stringify(complaint.body)).toBe(201);
  need = n;
  other = await createNeed(api, t.enterprise, { title: '计量器具校准咨询', categories: ['metrology'] });
});
afterAll(async () => {
  await api?.close();
});

describe("a need's archive", () => {
  it('holds the whole record: the form, every event, the task with its result and files, the rating, the complaint, who recorded and reviewed', async () => {
    const r = await archive(t.specialist);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const a = r.body;
    expect(a.need.number).toBe(need.number);
    expect(a.need.state).toBe('closed');
    expect(a.need.contactName).toBe(CONTACT);
    expect(a.need.attachments.map((f) => f.name)).toEqual(['产品配方说明.txt']);
    expect(a.need.events.map((e) => e.action)).toEqual([
      'submit',
      'accept',
      'note',
      'dispatch',
      'task_accept',
      'task_done',
      'complete',
      'rate',
      'sign_off',
      'close',
    ]);
    expect(a.need.tasks[0]!.result).toBe(TASK_RESULT);
    expect(a.need.tasks[0]!.attachments!.map((f) => f.name)).toEqual(['检测方案.txt']);
    expect(a.need.rating).toMatchObject({ professionalism: 'very_satisfied', resolved: true, comment: '方案很专业' });
    // Raised online: no window recorder; the specialist who accepted it keeps the record.
    expect(a.need.recorder).toBeNull();
    expect(a.need.owner).not.toBeNull();
    expect(a.need.reviewer).toMatchObject({ name: '李慧敏', opinion: '记录完整', at: expect.any(String) });
    expect(a.complaints.map((c) => c.content)).toEqual([COMPLAINT]);
    expect(a.closedAt).not.toBeNull();
    expect(a.retainedUntil!.slice(0, 4)).toBe(String(new Date(a.closedAt!).getUTCFullYear() + 3));
    expect(a.desensitised).toBe(false);
  });

  it('prints as a PDF with the Chinese text and the unified number embedded', async () => {
    const pdf = await pdfText(`/api/archives/needs/${need.id}/archive.pdf`, t.enterprise, '需求档案-企业.pdf');
    expect(pdf.status).toBe(200);
    expect(pdf.type).toBe('application/pdf');
    for (const s of [
      '需求登记表',
      need.number,
      need.enterprise.name,
      CONTACT,
      PHONE,
      '检测方案.txt',
      '产品配方说明.txt',
      '满意度评价',
      '非常满意',
      '任务完成',
      '审核签字',
      '审核意见',
      '受理人',
      '记录完整',
      COMPLAINT.slice(0, 10),
    ]) {
      expect(pdf.text, s).toContain(s.replace(/\s+/g, ''));
    }
    // The enterprise's own copy has no internal note.
    expect(pdf.text).not.toContain('已电话联系企业确认出口国家');
    // The font is embedded as a subset: a few dozen KB, not the font's megabytes.
    expect(pdf.bytes).toBeLessThan(400_000);
  });

  it('is readable by its enterprise and staff, refused to a stranger (404) and to providers (403)', async () => {
    for (const who of ['enterprise', 'specialist', 'manager', 'supervisor'] as const) expect((await archive(t[who])).status, who).toBe(200);
    expect((await archive(t.enterprise2)).status).toBe(404);
    expect((await pdfText(`/api/archives/needs/${need.id}/archive.pdf`, t.enterprise2)).status).toBe(404);
    expect((await archive(t.provider)).status).toBe(403);
  });

  it("gives supervisors a desensitised archive and PDF: no person's name or phone in clear", async () => {
    const a = (await archive(t.supervisor)).body;
    expect(a.desensitised).toBe(true);
    const json = JSON.stringify(a);
    expect(json).not.toContain(CONTACT);
    expect(json).not.toContain(PHONE);
    expect(a.need.contactPhone).toBe('138****3210');
    const pdf = await pdfText(`/api/archives/needs/${need.id}/archive.pdf`, t.supervisor, '需求档案-监督部门.pdf');
    expect(pdf.text).toContain(need.number);
    expect(pdf.text).toContain('脱敏');
    expect(pdf.text).not.toContain(CONTACT);
    expect(pdf.text).not.toContain(PHONE);
    expect(pdf.text).toContain('138****3210');
    // Nor the names of the people who signed the record (the demo accounts).
    for (const e of a.need.events) if (e.actor.name !== '系统') expect(e.actor.name).toMatch(/\*/);
  });

  it("audits a specialist's unmasked read of the archive", async () => {
    const before = await api.deps.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM pii_access_log WHERE subject_id = $1`, [need.id]);
    await archive(t.specialist);
    const after = await api.deps.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM pii_access_log WHERE subject_id = $1`, [need.id]);
    expect(after.rows[0]!.n).toBeGreaterThan(before.rows[0]!.n);
  });
});

describe('the periodic review (复查)', () => {
  it('is recorded by a manager against the archive and listed in it and its PDF', async () => {
    const r = await api.request('POST', `/api/archives/needs/${need.id}/reviews`, {
      token: t.manager,
      body: { findings: '登记表、过程记录与服务报告齐全', complete: true },
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const a = (await archive(t.manager)).body;
    expect(a.reviews).toHaveLength(1);
    expect(a.reviews[0]).toMatchObject({ findings: '登记表、过程记录与服务报告齐全', complete: true });
    const pdf = await pdfText(`/api/archives/needs/${need.id}/archive.pdf`, t.manager);
    expect(pdf.text).toContain('登记表、过程记录与服务报告齐全');
  });

  it('is refused to anyone but a manager, and an empty finding is a 400 in Chinese', async () => {
    for (const who of ['specialist', 'supervisor', 'enterprise'] as const) {
      const r = await api.request('POST', `/api/archives/needs/${need.id}/reviews`, {
        token: t[who],
        body: { findings: '已复查', complete: true },
      });
      expect(r.status, who).toBe(403);
    }
    const bad = await api.request('POST', `/api/archives/needs/${need.id}/reviews`, {
      token: t.manager,
      body: { findings: '', complete: true },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/[\u4e00-\u9fa5]/);
  });
});

describe('the archive search', () => {
  const search = async (token: string, q: Record<string, string>) => {
    const r = await api.request('GET', `/api/archives?${new URLSearchParams(q)}`, { token });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return (r.body.items as { number: string }[]).map((x) => x.number);
  };

  it('finds by number, enterprise, category, date and state', async () => {
    expect(await search(t.manager, { number: need.number })).toEqual([need.number]);
    expect(await search(t.manager, { number: need.number.slice(0, 11) })).toEqual(expect.arrayContaining([need.number, other.number]));
    expect(await search(t.manager, { enterprise: need.enterprise.name.slice(2, 6) })).toEqual([other.number, need.number]);
    expect(await search(t.manager, { enterprise: '不存在的企业名称' })).toEqual([]);
    expect(await search(t.manager, { category: 'metrology' })).toEqual([other.number]);
    expect(await search(t.manager, { state: 'closed' })).toEqual([need.number]);
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    expect(await search(t.manager, { from: today, to: today })).toEqual([other.number, need.number]);
    expect(await search(t.manager, { from: '2020-01-01', to: '2020-12-31' })).toEqual([]);
  });

  it('pages with a cursor and refuses a period that ends before it starts', async () => {
    const first = await api.request('GET', '/api/archives?limit=1', { token: t.supervisor });
    expect(first.body.items).toHaveLength(1);
    const second = await api.request('GET', `/api/archives?limit=1&cursor=${first.body.nextCursor}`, { token: t.supervisor });
    expect(second.body.items[0].number).not.toBe(first.body.items[0].number);
    const bad = await api.request('GET', '/api/archives?from=2026-05-01&to=2026-04-01', { token: t.manager });
    expect(bad.status).toBe(400);
  });

  it('is refused to enterprises and providers', async () => {
    for (const who of ['enterprise', 'provider'] as const)
      expect((await api.request('GET', '/api/archives', { token: t[who] })).status).toBe(403);
  });
});

describe("the enterprise's dossier (一企一档)", () => {
  it('lists its details and all its needs newest first, with results and reports', async () => {
    const r = await api.request<EnterpriseDossier>('GET', `/api/archives/enterprises/${need.enterprise.id}`, { token: t.enterprise });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.enterprise.name).toBe(need.enterprise.name);
    expect(r.body.needs.map((n) => n.number)).toEqual([other.number, need.number]);
    const done = r.body.needs[1]!;
    expect(done.result).toBe('检测方案已交付企业并解读');
    expect(done.reports).toEqual([expect.objectContaining({ result: TASK_RESULT, files: ['检测方案.txt'] })]);
    expect(done.rating).toEqual({ overall: 'satisfied', resolved: true });
    const pdf = await pdfText(`/api/archives/enterprises/${need.enterprise.id}/dossier.pdf`, t.enterprise, '企业档案.pdf');
    expect(pdf.status).toBe(200);
    for (const s of ['企业档案', need.enterprise.name, need.number, other.number, TASK_RESULT])
      expect(pdf.text).toContain(s.replace(/\s+/g, ''));
  });

  it("is another enterprise's secret (404) and refused to providers (403)", async () => {
    expect((await api.request('GET', `/api/archives/enterprises/${need.enterprise.id}`, { token: t.enterprise2 })).status).toBe(404);
    expect((await pdfText(`/api/archives/enterprises/${need.enterprise.id}/dossier.pdf`, t.enterprise2)).status).toBe(404);
    expect((await api.request('GET', `/api/archives/enterprises/${need.enterprise.id}`, { token: t.provider })).status).toBe(403);
  });
});

describe('the half-year summary', () => {
  it('prints the figures, the complaints and the period for managers; desensitised for supervisors; refused to staff', async () => {
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    const from = `${today.slice(0, 4)}-01-01`;
    const pdf = await pdfText(`/api/reports/half-year.pdf?from=${from}&to=${today}`, t.manager, '半年工作总结.pdf');
    expect(pdf.status).toBe(200);
    for (const s of ['工作总结', '需求总数', '投诉及处理结果', COMPLAINT.slice(0, 12), '警示、暂停与退出']) expect(pdf.text).toContain(s);
    const sup = await pdfText(`/api/reports/half-year.pdf?from=${from}&to=${today}`, t.supervisor);
    expect(sup.status).toBe(200);
    expect(sup.text).toContain('脱敏');
    expect(sup.text).not.toContain(CONTACT);
    expect((await pdfText(`/api/reports/half-year.pdf?from=${from}&to=${today}`, t.specialist)).status).toBe(403);
    expect((await api.request('GET', `/api/reports/half-year.pdf?from=2025-01-01&to=2026-06-30`, { token: t.manager })).status).toBe(400);
  });
});

describe('retention: a need record is kept 3 years after closing', () => {
  const RECORD = ['need_events', 'tasks', 'ratings', 'complaints', 'archive_reviews'];
  const del = (sql: string, ...p: unknown[]) => api.deps.db.query(sql, p);

  it('refuses to delete any part of a closed need within 3 years, or of an open need however old', async () => {
    for (const table of RECORD) {
      await expect(del(`DELETE FROM ${table} WHERE need_id = $1`, need.id), table).rejects.toThrow(/retention period/);
    }
    await expect(del(`DELETE FROM need_events WHERE need_id = $1`, other.id)).rejects.toThrow(/retention period/);
    const uploadIds = await api.deps.db.query<{ id: string }>(`SELECT id FROM uploads`);
    for (const { id } of uploadIds.rows) await expect(del(`DELETE FROM uploads WHERE id = $1`, id)).rejects.toThrow(/retention period/);
    await expect(del(`DELETE FROM complaint_events`)).rejects.toThrow(/retention period/);
    await expect(del(`DELETE FROM needs WHERE id = $1`, need.id)).rejects.toThrow(/retention period/);
    for (const table of ['tasks', 'ratings', 'complaints', 'uploads', 'archive_reviews', 'needs']) {
      await expect(del(`TRUNCATE ${table} CASCADE`), table).rejects.toThrow(/TRUNCATE is not allowed|append-only/);
    }
    // Closed 2 years and 11 months ago: still kept.
    await del(`UPDATE needs SET closed_at = now() - interval '2 years 11 months' WHERE id = $1`, need.id);
    await expect(del(`DELETE FROM tasks WHERE need_id = $1`, need.id)).rejects.toThrow(/retention period/);
    const kept = await api.deps.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM archive_reviews WHERE need_id = $1`, [need.id]);
    expect(kept.rows[0]!.n).toBe(1);
  });

  it('lets the whole record go once the clock is moved past 3 years after closing', async () => {
    await del(`UPDATE needs SET closed_at = now() - interval '3 years 1 day' WHERE id = $1`, need.id);
    const id = need.id;
    await del(`DELETE FROM complaint_events WHERE complaint_id IN (SELECT id FROM complaints WHERE need_id = $1)`, id);
    await del(`DELETE FROM complaints WHERE need_id = $1`, id);
    await del(`DELETE FROM archive_reviews WHERE need_id = $1`, id);
    await del(`DELETE FROM ratings WHERE need_id = $1`, id);
    await del(`DELETE FROM notifications WHERE need_id = $1 OR task_id IN (SELECT id FROM tasks WHERE need_id = $1)`, id);
    await del(`DELETE FROM tasks WHERE need_id = $1`, id);
    const files = await api.deps.db.query<{ id: string }>(
      `SELECT u.id FROM uploads u WHERE u.name IN ('产品配方说明.txt', '检测方案.txt')`,
    );
    expect(files.rows).toHaveLength(2);
    for (const f of files.rows) await del(`DELETE FROM uploads WHERE id = $1`, f.id);
    await del(`DELETE FROM need_events WHERE need_id = $1`, id);
    for (const table of ['follow_ups', 'wechat_messages', 'idempotency_keys']) await del(`DELETE FROM ${table} WHERE need_id = $1`, id);
    await del(`DELETE FROM needs WHERE id = $1`, id);
    expect((await api.deps.db.query(`SELECT 1 FROM needs WHERE id = $1`, [id])).rows).toHaveLength(0);
  });
});
