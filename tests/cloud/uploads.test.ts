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

describe('download links', () => {
  const REPORT = new TextEncoder().encode('%PDF-1.4 检测报告 report');
  const act = async (token: string, path: string, body: Record<string, unknown>) => {
    const res = await api.request('POST', path, { token, body });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body;
  };
  const getLink = (token: string | null, id: string) =>
    api.request('GET', `/api/uploads/${id}/link`, token ? { token } : {}) as Promise<{ status: number; body: any; headers: Headers }>;
  /** Follows a link as a browser tab would: no Authorization header. */
  const follow = async (url: string) => {
    const res = await api.fetch(url);
    const bytes = Buffer.from(await res.arrayBuffer());
    let body: any = null;
    try {
      body = JSON.parse(bytes.toString('utf8'));
    } catch {
      /* the file */
    }
    return { status: res.status, headers: res.headers, bytes, body };
  };

  /** The provider's `检测报告.pdf`, the result of its task on a need of the first enterprise; also a Word file the enterprise attached. */
  let report: { id: string; url: string; name: string };
  let word: { id: string; url: string };
  let prov: string;
  beforeAll(async () => {
    prov = await api.login('provider');
    const { body: docx } = await upload(ent, {
      name: '委托书.docx',
      type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      bytes: new TextEncoder().encode('PK word'),
    });
    word = docx;
    const need = await api.request('POST', '/api/needs', {
      token: ent,
      body: needBody({ attachments: [{ name: docx.name, url: docx.url, size: docx.size, mime: docx.mime }] }),
      headers: { 'Idempotency-Key': newKey() },
    });
    const me = await api.request('GET', '/api/me', { token: prov });
    let n = await act(spec, `/api/needs/${need.body.id}/actions`, { action: 'accept', version: need.body.version });
    n = await act(spec, `/api/needs/${n.id}/actions`, {
      action: 'dispatch',
      version: n.version,
      assignees: [{ institutionId: me.body.institution.id }],
    });
    const task = n.tasks[0];
    n = await act(prov, `/api/tasks/${task.id}/actions`, { action: 'accept', version: task.version });
    const { body: file } = await upload(prov, { name: '检测报告.pdf', type: 'application/pdf', bytes: REPORT });
    report = file;
    await act(prov, `/api/tasks/${task.id}/actions`, {
      action: 'done',
      version: n.tasks.find((t: { id: string }) => t.id === task.id).version,
      result: '已出具检测报告',
      attachments: [{ name: file.name, url: file.url, size: file.size, mime: file.mime }],
    });
  });

  it('are given to each party of the need, ending with the file’s name, for five minutes, not cached', async () => {
    const now = Date.now();
    for (const token of [ent, spec, prov, mgr]) {
      const res = await getLink(token, report.id);
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toBe('private, no-store');
      expect(res.body.url).toMatch(
        new RegExp(`^/api/files/${report.id}/${encodeURIComponent('检测报告.pdf')}\\?t=[\\w-]+\\.[\\w-]+\\.[\\w-]+$`),
      );
      const ttl = Date.parse(res.body.expiresAt) - now;
      expect(ttl).toBeGreaterThan(4 * 60_000);
      expect(ttl).toBeLessThanOrEqual(5 * 60_000 + 1000);
    }
  });

  it('are refused to another enterprise (404) and without signing in (401)', async () => {
    expect((await getLink(ent2, report.id)).status).toBe(404);
    expect((await getLink(ent2, word.id)).status).toBe(404);
    expect((await getLink(null, report.id)).status).toBe(401);
    // Nor a file on no need for anyone but its uploader; and an unknown file.
    const { body: loose } = await upload(ent, photo);
    expect((await getLink(spec, loose.id)).status).toBe(404);
    expect((await getLink(ent, loose.id)).status).toBe(200);
    expect((await getLink(ent, '00000000-0000-4000-8000-000000000000')).status).toBe(404);
  });

  it('serve the file without a session: its bytes and type, shown in place under its Chinese name, never cached', async () => {
    const { body: link } = await getLink(ent, report.id);
    const file = await follow(link.url);
    expect(file.status).toBe(200);
    expect(file.bytes.equals(Buffer.from(REPORT))).toBe(true);
    expect(file.headers.get('content-type')).toBe('application/pdf');
    expect(file.headers.get('content-disposition')).toBe(
      `inline; filename="attachment.pdf"; filename*=UTF-8''${encodeURIComponent('检测报告.pdf')}`,
    );
    expect(file.headers.get('cache-control')).toBe('private, no-store');
    expect(file.headers.get('x-content-type-options')).toBe('nosniff');
    // The API's policy still holds: nothing may frame it.
    expect(file.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
  });

  it('hand any other type over as a download under its name', async () => {
    const { body: link } = await getLink(spec, word.id);
    expect(link.url).toContain(`/${encodeURIComponent('委托书.docx')}?t=`);
    const file = await follow(link.url);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    expect(file.headers.get('content-disposition')).toBe(
      `attachment; filename="attachment.docx"; filename*=UTF-8''${encodeURIComponent('委托书.docx')}`,
    );
  });

  it('keep an ASCII name readable in the plain filename, and quote what RFC 8187 does not allow', async () => {
    const { body } = await upload(ent, { ...photo, name: "O'Brien (2026) 铭牌.png" });
    const { body: link } = await getLink(ent, body.id);
    const file = await follow(link.url);
    expect(file.headers.get('content-disposition')).toBe(
      `inline; filename="O'Brien (2026) __.png"; filename*=UTF-8''O%27Brien%20%282026%29%20${encodeURIComponent('铭牌')}.png`,
    );
  });

  it('refuse a forged, tampered or misused token with 403, in Chinese', async () => {
    const { body: link } = await getLink(ent, report.id);
    const token = new URL(link.url, 'http://x').searchParams.get('t')!;
    const base = `/api/files/${report.id}/${encodeURIComponent('检测报告.pdf')}`;
    const [head, payload, sig] = token.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    const { sign } = await import('hono/jwt');
    const cases = {
      // signed with the session secret itself: a session token, or a link's claims under the session key
      sessionToken: ent,
      sessionKey: await sign(claims, api.deps.config.sessionSecret, 'HS256'),
      otherKey: await sign(claims, 'someone-else-s-secret-0123456789abcdef', 'HS256'),
      alteredClaims: `${head}.${Buffer.from(JSON.stringify({ ...claims, exp: claims.exp + 3600 })).toString('base64url')}.${sig}`,
      alteredSignature: `${head}.${payload}.${sig.slice(0, -2)}${sig.endsWith('AA') ? 'BB' : 'AA'}`,
      unsigned: `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${payload}.`,
    };
    for (const [what, t] of Object.entries(cases)) {
      const res = await follow(`${base}?t=${t}`);
      if (what === 'unsigned') {
        expect(res.status, what).toBe(400); // not even a token's shape
        continue;
      }
      expect(res.status, what).toBe(403);
      expect(res.body.error, what).toEqual({ code: 'file_link_invalid', message: '下载链接无效，请回到需求页面重新打开附件' });
    }
  });

  it('refuse a link moved to another file (403), or to another name (404)', async () => {
    const { body: link } = await getLink(ent, report.id);
    const t = new URL(link.url, 'http://x').searchParams.get('t')!;
    // The enterprise's Word file is its own to read: the report's token still does not open it.
    const moved = await follow(`/api/files/${word.id}/${encodeURIComponent('委托书.docx')}?t=${t}`);
    expect(moved.status).toBe(403);
    expect(moved.body.error.code).toBe('file_link_invalid');
    const renamed = await follow(`/api/files/${report.id}/report.html?t=${t}`);
    expect(renamed.status).toBe(404);
    expect(renamed.body.error.message).toContain('文件名');
  });

  it('refuse an expired link with 410, in Chinese', async () => {
    const { body: link } = await getLink(ent, report.id);
    try {
      api.setNow(new Date(Date.now() + 5 * 60_000 + 1000));
      const res = await follow(link.url);
      expect(res.status).toBe(410);
      expect(res.body.error).toEqual({ code: 'file_link_expired', message: '下载链接已过期，请回到需求页面重新打开附件' });
      // Just before, it still opens.
      api.setNow(new Date(Date.parse(link.expiresAt) - 1000));
      expect((await follow(link.url)).status).toBe(200);
    } finally {
      api.setNow(null);
    }
  });

  it('refuse a link without its token, or with a malformed one, with 400 in Chinese', async () => {
    const base = `/api/files/${report.id}/${encodeURIComponent('检测报告.pdf')}`;
    const none = await follow(base);
    expect(none.status).toBe(400);
    expect(JSON.stringify(none.body.error)).toContain('下载链接不完整');
    const junk = await follow(`${base}?t=${encodeURIComponent('not a token')}`);
    expect(junk.status).toBe(400);
    expect(JSON.stringify(junk.body.error)).toContain('下载链接无效');
    expect((await follow(`/api/files/not-an-id/x.pdf?t=a.b.c`)).status).toBe(400);
  });

  it('ask again whether the one they were issued to may still read the file (404 once not)', async () => {
    const { body: link } = await getLink(mgr, report.id);
    const { rows } = await api.deps.db.query<{ id: string; roles: string[] }>(`SELECT id, roles FROM users WHERE persona = 'manager'`);
    const manager = rows[0]!;
    try {
      // The manager's role taken away (as a revocation does) while the link is still fresh.
      await api.deps.db.query(`UPDATE users SET roles = '{}' WHERE id = $1`, [manager.id]);
      const res = await follow(link.url);
      expect(res.status).toBe(404);
      expect(res.body.error.message).toContain('附件');
    } finally {
      await api.deps.db.query(`UPDATE users SET roles = $2 WHERE id = $1`, [manager.id, manager.roles]);
    }
    expect((await follow(link.url)).status).toBe(200);
  });

  it('are no session: a link’s token signs no one in', async () => {
    const { body: link } = await getLink(ent, report.id);
    const t = new URL(link.url, 'http://x').searchParams.get('t')!;
    expect((await api.request('GET', '/api/me', { token: t })).status).toBe(401);
  });

  it('leave reading with the session as it was', async () => {
    const own = await download(prov, report.url);
    expect(own.status).toBe(200);
    expect(own.bytes.equals(Buffer.from(REPORT))).toBe(true);
    expect((await download(ent, report.url)).status).toBe(200);
    expect((await download(ent2, report.url)).status).toBe(404);
  });
});
