// Attachments through the real app on a real database: upload (multipart),
// retry with the same key, limits, and who may read a file back.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_UPLOAD_BYTES } from '@qi/shared';
import { createTestApi, needBody, newKey, type TestApi } from '../support/api';

let api: TestApi;
let ent: string, ent2: string, spec: string, mgr: string;

// A real 1×1 PNG.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');

beforeAll(async () => {
  api = await createTestApi();
  ent = await api.login('enterprise');
  ent2 = await api.login('enterprise2');
  spec = await api.login('specialist');
  mgr = await api.login('manager');
});
afterAll(() => api?.close());

async function upload(
  token: string,
  file: { name: string; type: string; bytes: Uint8Array },
  key = newKey(),
  extra: Record<string, string> = {},
) {
  const form = new FormData();
  for (const [k, v] of Object.entries(extra)) form.append(k, v);
  form.append('file', new Blob([file.bytes as BlobPart], { type: file.type }), file.name);
  const res = await api.fetch('/api/uploads', {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'Idempotency-Key': key },
    body: form,
  });
  return { status: res.status, body: (await res.json()) as any, headers: res.headers };
}

async function download(token: string, url: string) {
  const res = await api.fetch(url, { headers: { authorization: `Bearer ${token}` } });
  return { status: res.status, type: res.headers.get('content-type'), bytes: Buffer.from(await res.arrayBuffer()) };
}

const photo = { name: '铭牌照片.png', type: 'image/png', bytes: PNG };

describe('uploading an attachment', () => {
  it('stores a photo and answers the attachment to put on a need', async () => {
    const res = await upload(ent, photo);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ name: '铭牌照片.png', mime: 'image/png', size: PNG.length });
    expect(res.body.url).toBe(`/api/uploads/${res.body.id}`);
  });

  it('gives the uploader the same bytes back', async () => {
    const { body } = await upload(ent, photo);
    const file = await download(ent, body.url);
    expect(file.status).toBe(200);
    expect(file.type).toBe('image/png');
    expect(file.bytes.equals(PNG)).toBe(true);
  });

  it('returns the first upload for a retried key instead of storing a second', async () => {
    const key = newKey();
    const first = await upload(ent, photo, key);
    const again = await upload(ent, photo, key);
    expect(again.status).toBe(201);
    expect(again.body.id).toBe(first.body.id);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    const { rows } = await api.deps.db.query<{ n: number }>('SELECT count(*)::int AS n FROM uploads WHERE idempotency_key = $1', [key]);
    expect(rows[0]!.n).toBe(1);
  });

  it('takes the original file name from the name field when the file part has none', async () => {
    const res = await upload(ent, { ...photo, name: 'tmp_8f3a.png' }, newKey(), { name: '营业执照.png' });
    expect(res.body.name).toBe('营业执照.png');
  });

  it('refuses a file type it does not accept, in Chinese', async () => {
    const res = await upload(ent, { name: 'run.exe', type: 'application/x-msdownload', bytes: new Uint8Array([1, 2, 3]) });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain('仅支持图片');
  });

  it('refuses a file over the size limit with 413', async () => {
    const big = new Uint8Array(MAX_UPLOAD_BYTES + 1);
    const res = await upload(ent, { name: '扫描件.pdf', type: 'application/pdf', bytes: big });
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('payload_too_large');
  });

  it('requires an Idempotency-Key', async () => {
    const form = new FormData();
    form.append('file', new Blob([PNG]), 'a.png');
    const res = await api.fetch('/api/uploads', { method: 'POST', headers: { authorization: `Bearer ${ent}` }, body: form });
    expect(res.status).toBe(400);
    expect(((await res.json()) as any).error.code).toBe('idempotency_key_required');
  });

  it('requires signing in', async () => {
    const form = new FormData();
    form.append('file', new Blob([PNG]), 'a.png');
    const res = await api.fetch('/api/uploads', { method: 'POST', headers: { 'Idempotency-Key': newKey() }, body: form });
    expect(res.status).toBe(401);
  });
});

describe('reading an attachment back', () => {
  it('hides a file that is on no need from everyone but its uploader (404)', async () => {
    const { body } = await upload(ent, photo);
    expect((await download(ent2, body.url)).status).toBe(404);
    expect((await download(spec, body.url)).status).toBe(404);
  });

  it('lets the specialist serving a need read the files attached to it', async () => {
    const { body } = await upload(ent, photo);
    const attachment = { name: body.name, url: body.url, size: body.size, mime: body.mime };
    const need = await api.request('POST', '/api/needs', {
      token: ent,
      body: needBody({ attachments: [attachment] }),
      headers: { 'Idempotency-Key': newKey() },
    });
    expect(need.status).toBe(201);
    expect(need.body.attachments).toEqual([attachment]);
    expect((await download(spec, body.url)).status).toBe(200);
    expect((await download(mgr, body.url)).status).toBe(200);
  });

  it('keeps another enterprise out even when it names the file on its own need', async () => {
    const { body } = await upload(ent, photo);
    const attachment = { name: body.name, url: body.url, size: body.size, mime: body.mime };
    const res = await api.request('POST', '/api/needs', {
      token: ent2,
      body: needBody({ attachments: [attachment] }),
      headers: { 'Idempotency-Key': newKey() },
    });
    expect(res.status).toBe(201);
    expect((await download(ent2, body.url)).status).toBe(404);
  });
});

describe('a provider’s result files', () => {
  it('reach the enterprise when the provider attaches them to its finished task', async () => {
    const need = await api.request('POST', '/api/needs', { token: ent, body: needBody(), headers: { 'Idempotency-Key': newKey() } });
    const accepted = await api.request('POST', `/api/needs/${need.body.id}/actions`, {
      token: spec,
      body: { action: 'accept', version: need.body.version },
    });
    const prov = await api.login('provider');
    const me = await api.request('GET', '/api/me', { token: prov });
    const dispatched = await api.request('POST', `/api/needs/${need.body.id}/actions`, {
      token: spec,
      body: { action: 'dispatch', version: accepted.body.version, assignees: [{ institutionId: me.body.institution.id }] },
    });
    const task = dispatched.body.tasks[0];
    const taken = await api.request('POST', `/api/tasks/${task.id}/actions`, {
      token: prov,
      body: { action: 'accept', version: task.version },
    });
    expect(taken.status, JSON.stringify(taken.body)).toBe(200);
    const { body: file } = await upload(prov, {
      name: '检测报告.pdf',
      type: 'application/pdf',
      bytes: new TextEncoder().encode('%PDF-1.4 report'),
    });
    // A task action answers with the need's detail: the task's new version is among its tasks.
    const version = taken.body.tasks.find((t: { id: string }) => t.id === task.id).version as number;
    const done = await api.request('POST', `/api/tasks/${task.id}/actions`, {
      token: prov,
      body: {
        action: 'done',
        version,
        result: '已出具检测报告',
        attachments: [{ name: file.name, url: file.url, size: file.size, mime: file.mime }],
      },
    });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect((await download(ent, file.url)).status).toBe(200);
    expect((await download(ent2, file.url)).status).toBe(404);
  });
});

describe('files supplied with a supplement (一次性告知)', () => {
  it('join the need’s attachments and reach its owner specialist and the provider it is dispatched to, not another enterprise', async () => {
    const act = async (token: string, id: string, body: Record<string, unknown>) => {
      const res = await api.request('POST', `/api/needs/${id}/actions`, { token, body });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      return res.body;
    };
    const { body: first } = await upload(ent, photo);
    const firstAttachment = { name: first.name, url: first.url, size: first.size, mime: first.mime };
    const need = await api.request('POST', '/api/needs', {
      token: ent,
      body: needBody({ attachments: [firstAttachment] }),
      headers: { 'Idempotency-Key': newKey() },
    });
    let n = await act(spec, need.body.id, { action: 'accept', version: need.body.version });
    n = await act(spec, n.id, { action: 'request_info', version: n.version, items: ['检定证书', '型号清单'] });
    const { body: cert } = await upload(ent, {
      name: '检定证书.pdf',
      type: 'application/pdf',
      bytes: new TextEncoder().encode('%PDF-1.4 cert'),
    });
    const certAttachment = { name: cert.name, url: cert.url, size: cert.size, mime: cert.mime };
    n = await act(ent, n.id, { action: 'supplement', version: n.version, note: '已补充：检定证书', attachments: [certAttachment] });
    expect(n.state).toBe('accepted');
    expect(n.attachments).toEqual([firstAttachment, certAttachment]);
    expect((await download(spec, cert.url)).status).toBe(200);
    expect((await download(ent2, cert.url)).status).toBe(404);

    const prov = await api.login('provider');
    expect((await download(prov, cert.url)).status).toBe(404);
    const me = await api.request('GET', '/api/me', { token: prov });
    await act(spec, n.id, { action: 'dispatch', version: n.version, assignees: [{ institutionId: me.body.institution.id }] });
    const file = await download(prov, cert.url);
    expect(file.status).toBe(200);
    expect(file.type).toBe('application/pdf');
  });

  it('refuses more than nine files in one supplement, in Chinese', async () => {
    const many = Array.from({ length: 10 }, (_, i) => ({
      name: `f${i}.png`,
      url: `/api/uploads/00000000-0000-4000-8000-00000000000${i}`,
      size: 1,
      mime: 'image/png',
    }));
    const res = await api.request('POST', `/api/needs/00000000-0000-4000-8000-000000000000/actions`, {
      token: ent,
      body: { action: 'supplement', version: 1, note: '补充', attachments: many },
    });
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body.error.issues)).toContain('附件最多 9 个');
  });
});
