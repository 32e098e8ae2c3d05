// 一次一评: a need's one-time rating link — issued by staff once the need is
// ready to be rated, or at intake for a need staff recorded (the window
// receipt: it waits for the service, then rates); used once without signing
// in, refused when used, expired, forged or malformed; a retried submission
// does not rate twice.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashRatingToken } from '../../cloud/src/services/needs/ratingLinks';
import { createTestApi, needBody, newKey, type TestApi } from '../support/api';

let api: TestApi;
let ent: string, spec: string, mgr: string, sup: string, prov: string;

beforeAll(async () => {
  api = await createTestApi();
  ({ enterprise: ent, specialist: spec, manager: mgr, supervisor: sup, provider: prov } = await api.loginAll());
});
afterAll(() => api?.close());

const rating = { timeliness: 'satisfied', professionalism: 'satisfied', courtesy: 'very_satisfied', overall: 'satisfied', resolved: true };
const bad = { timeliness: 'average', professionalism: 'dissatisfied', courtesy: 'average', overall: 'dissatisfied', resolved: false };

/** A need the specialist has answered (completed, in its rating window). */
async function completedNeed(over: Record<string, unknown> = {}) {
  const created = await api.request('POST', '/api/needs', { token: ent, body: needBody(over), headers: { 'Idempotency-Key': newKey() } });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const done = await api.request('POST', `/api/needs/${created.body.id}/actions`, {
    token: spec,
    body: { action: 'answer', version: 1, answer: '已电话答复检测项目和标准要求。' },
  });
  expect(done.status, JSON.stringify(done.body)).toBe(200);
  return done.body;
}

/** A need the specialist recorded at the window for an enterprise without an account: accepted at once. */
async function windowNeed(over: Record<string, unknown> = {}) {
  const created = await api.request('POST', '/api/needs', {
    token: spec,
    body: needBody({ enterprise: { name: '海口窗口办理测试企业有限公司' }, channel: 'window', ...over }),
    headers: { 'Idempotency-Key': newKey() },
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  expect(created.body.state).toBe('accepted');
  return created.body;
}

const act = async (needId: string, body: Record<string, unknown>) => {
  const now = await api.request('GET', `/api/needs/${needId}`, { token: spec });
  const r = await api.request('POST', `/api/needs/${needId}/actions`, { token: spec, body: { ...body, version: now.body.version } });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body;
};

const issue = (needId: string, token = spec) => api.request('POST', `/api/needs/${needId}/rating-link`, { token, body: {} });
const view = (t: string) => api.request('GET', `/api/rating-links/${t}`);
const rate = (t: string, body: Record<string, unknown> = rating, key = newKey()) =>
  api.request('POST', `/api/rating-links/${t}/rating`, { body, headers: { 'Idempotency-Key': key } });

describe('issuing a rating link', () => {
  it('gives staff a 43-character token and its address once; only the hash is stored', async () => {
    const n = await completedNeed();
    const r = await issue(n.id);
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(r.body.url).toContain(`#/pages/rate-link/index?t=${r.body.token}`);
    expect(r.body).toMatchObject({ number: n.number, rateBy: n.deadlines.rateBy });
    const { rows } = await api.deps.db.query<{ token_hash: string }>('SELECT token_hash FROM rating_links WHERE need_id = $1', [n.id]);
    expect(rows[0]!.token_hash).toBe(hashRatingToken(r.body.token));
    expect(rows[0]!.token_hash).not.toContain(r.body.token);
  });

  it('is refused before the need is completed (for a need the enterprise submitted), to the enterprise, the provider and the supervisor', async () => {
    const created = await api.request('POST', '/api/needs', { token: ent, body: needBody(), headers: { 'Idempotency-Key': newKey() } });
    expect((await issue(created.body.id)).status).toBe(422);
    const n = await completedNeed();
    expect((await issue(n.id, ent)).status).toBe(403);
    expect((await issue(n.id, prov)).status).toBe(403);
    expect((await issue(n.id, sup)).status).toBe(403);
    expect((await issue(n.id, mgr)).status).toBe(201);
  });

  it('issued again, the earlier link no longer works (404)', async () => {
    const n = await completedNeed();
    const first = (await issue(n.id)).body.token as string;
    const second = (await issue(n.id)).body.token as string;
    expect(second).not.toBe(first);
    const old = await view(first);
    expect(old.status).toBe(404);
    expect(old.body.error.code).toBe('rating_link_not_found');
    expect((await view(second)).status).toBe(200);
  });
});

describe('rating through the link', () => {
  it('shows only the need’s number, title and window, without signing in', async () => {
    const n = await completedNeed({ title: '窗口办理的计量器具检定咨询' });
    const t = (await issue(n.id)).body.token as string;
    const r = await view(t);
    expect(r.status).toBe(200);
    expect(r.body).toEqual({
      number: n.number,
      title: '窗口办理的计量器具检定咨询',
      state: 'completed',
      ready: true,
      rateBy: n.deadlines.rateBy,
      rating: null,
    });
    expect(JSON.stringify(r.body)).not.toContain('1387654');
    const qr = await api.app.request(`/api/rating-links/${t}/qrcode.svg`);
    expect(qr.status).toBe(200);
    expect(qr.headers.get('content-type')).toContain('image/svg+xml');
  });

  it('rates the need exactly like the enterprise would: rated, the rating stored, the owner told', async () => {
    const n = await completedNeed();
    const t = (await issue(n.id)).body.token as string;
    const r = await rate(t);
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.rating).toEqual({ overall: 'satisfied', resolved: true });
    const need = await api.request('GET', `/api/needs/${n.id}`, { token: spec });
    expect(need.body.state).toBe('rated');
    expect(need.body.rating).toMatchObject({ overall: 'satisfied', resolved: true });
    const rateEvent = need.body.events.find((e: { action: string }) => e.action === 'rate');
    expect(rateEvent.actor).toMatchObject({ role: 'enterprise', name: '企业' });
    expect(rateEvent.note).toContain('一次性评价链接');
    const { rows } = await api.deps.db.query<{ title: string }>(
      "SELECT title FROM notifications WHERE need_id = $1 AND title LIKE '%企业已评价'",
      [n.id],
    );
    expect(rows).toHaveLength(1);
  });

  it('opens a follow-up on a bad rating, as rateNeed does', async () => {
    const n = await completedNeed();
    const t = (await issue(n.id)).body.token as string;
    expect((await rate(t, bad)).status).toBe(201);
    const { rows } = await api.deps.db.query('SELECT 1 FROM follow_ups WHERE need_id = $1', [n.id]);
    expect(rows).toHaveLength(1);
  });

  it('is used once: a second rating is refused 410 and the enterprise cannot rate again in the app', async () => {
    const n = await completedNeed();
    const t = (await issue(n.id)).body.token as string;
    expect((await rate(t)).status).toBe(201);
    const again = await rate(t, bad);
    expect(again.status).toBe(410);
    expect(again.body.error).toMatchObject({ code: 'rating_link_used', message: '该评价链接已使用，每个需求只能评价一次' });
    expect((await view(t)).status).toBe(410);
    expect((await api.request('POST', `/api/needs/${n.id}/rating`, { token: ent, body: rating })).status).toBe(409);
  });

  it('a retried submission with the same Idempotency-Key answers the same and rates once', async () => {
    const n = await completedNeed();
    const t = (await issue(n.id)).body.token as string;
    const key = newKey();
    const [a, b] = await Promise.all([rate(t, rating, key), rate(t, rating, key)]);
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(b.body).toEqual(a.body);
    const { rows } = await api.deps.db.query("SELECT 1 FROM need_events WHERE need_id = $1 AND action = 'rate'", [n.id]);
    expect(rows).toHaveLength(1);
  });

  it('is refused 409 once the enterprise rated in the app', async () => {
    const n = await completedNeed();
    const t = (await issue(n.id)).body.token as string;
    expect((await api.request('POST', `/api/needs/${n.id}/rating`, { token: ent, body: rating })).status).toBe(201);
    const r = await rate(t);
    expect(r.status).toBe(409);
    expect(r.body.error.code).toBe('duplicate');
  });

  it('expires with the rating window (410)', async () => {
    const n = await completedNeed();
    const t = (await issue(n.id)).body.token as string;
    api.setNow(new Date(`${n.deadlines.rateBy}T16:30:00Z`)); // the day after rateBy in Shanghai
    try {
      const r = await rate(t);
      expect(r.status).toBe(410);
      expect(r.body.error.code).toBe('rating_link_expired');
      expect(r.body.error.message).toContain(`评价期已于 ${n.deadlines.rateBy} 结束`);
      expect((await view(t)).status).toBe(410);
      expect((await issue(n.id)).status).toBe(422);
    } finally {
      api.setNow(null);
    }
  });

  it('refuses a forged token (404) and a malformed one (400), in Chinese', async () => {
    const forged = 'A'.repeat(43);
    const f = await rate(forged);
    expect(f.status).toBe(404);
    expect(f.body.error).toMatchObject({ code: 'rating_link_not_found' });
    expect(f.body.error.message).toMatch(/评价链接无效/);
    for (const malformed of ['short', `${'A'.repeat(42)}!`, 'A'.repeat(44)]) {
      const m = await rate(malformed);
      expect(m.status, malformed).toBe(400);
      expect(m.body.error.code).toBe('validation_failed');
      expect(m.body.error.issues[0].message).toContain('评价链接');
    }
  });

  it('refuses a submission without an Idempotency-Key and an invalid form (400), leaving the link usable', async () => {
    const n = await completedNeed();
    const t = (await issue(n.id)).body.token as string;
    expect((await api.request('POST', `/api/rating-links/${t}/rating`, { body: rating })).status).toBe(400);
    expect((await rate(t, { ...rating, overall: 'great' })).status).toBe(400);
    expect((await rate(t)).status).toBe(201);
  });
});

describe('the link on a window receipt (issued at intake, before the service is completed)', () => {
  it('is issued for a need staff recorded, waits for the service, then rates once', async () => {
    const n = await windowNeed({ title: '窗口登记的电子秤检定咨询' });
    const issued = await issue(n.id);
    expect(issued.status, JSON.stringify(issued.body)).toBe(201);
    expect(issued.body).toMatchObject({ number: n.number, rateBy: null });
    const t = issued.body.token as string;

    // Opened before completion: the need's number, title and state, nothing to rate yet; the QR code still draws.
    const waiting = await view(t);
    expect(waiting.status).toBe(200);
    expect(waiting.body).toEqual({
      number: n.number,
      title: '窗口登记的电子秤检定咨询',
      state: 'accepted',
      ready: false,
      rateBy: null,
      rating: null,
    });
    expect((await api.app.request(`/api/rating-links/${t}/qrcode.svg`)).status).toBe(200);
    const early = await rate(t);
    expect(early.status).toBe(422);
    expect(early.body.error).toMatchObject({ code: 'transition_not_allowed', message: '服务完成后才能评价，请在需求办结后再打开此链接' });

    // In service, still waiting; once completed, the same link rates, until the window closes.
    await act(n.id, { action: 'serve' });
    expect((await view(t)).body).toMatchObject({ state: 'in_service', ready: false, rateBy: null });
    const done = await act(n.id, { action: 'complete', result: '已完成检定并出具证书。' });
    const ready = await view(t);
    expect(ready.body).toMatchObject({ state: 'completed', ready: true, rateBy: done.deadlines.rateBy });
    const rated = await rate(t, bad);
    expect(rated.status, JSON.stringify(rated.body)).toBe(201);
    expect(rated.body).toMatchObject({ state: 'rated', ready: false, rating: { overall: 'dissatisfied', resolved: false } });
    const again = await rate(t);
    expect(again.status).toBe(410);
    expect(again.body.error.code).toBe('rating_link_used');
    const { rows } = await api.deps.db.query("SELECT 1 FROM need_events WHERE need_id = $1 AND action = 'rate'", [n.id]);
    expect(rows).toHaveLength(1);
  });

  it('expires with the window that opens at completion', async () => {
    const n = await windowNeed();
    const t = (await issue(n.id)).body.token as string;
    const done = await act(n.id, { action: 'answer', answer: '已当场答复检定流程和收费标准。' });
    api.setNow(new Date(`${done.deadlines.rateBy}T16:30:00Z`)); // the day after rateBy in Shanghai
    try {
      const r = await view(t);
      expect(r.status).toBe(410);
      expect(r.body.error.code).toBe('rating_link_expired');
    } finally {
      api.setNow(null);
    }
  });

  it('shows staff that a link was issued (never its token), and when it was used; the enterprise sees nothing of it', async () => {
    const n = await windowNeed();
    expect((await api.request('GET', `/api/needs/${n.id}`, { token: spec })).body.ratingLink).toBeNull();
    const issued = (await issue(n.id)).body;
    const before = (await api.request('GET', `/api/needs/${n.id}`, { token: mgr })).body;
    expect(before.ratingLink).toEqual({ issuedAt: issued.issuedAt, usedAt: null });
    expect(JSON.stringify(before)).not.toContain(issued.token);
    await act(n.id, { action: 'answer', answer: '已当场答复。' });
    expect((await rate(issued.token)).status).toBe(201);
    const after = (await api.request('GET', `/api/needs/${n.id}`, { token: spec })).body;
    expect(after.ratingLink.usedAt).not.toBeNull();
    const ownNeed = await completedNeed();
    await issue(ownNeed.id);
    const theirs = await api.request('GET', `/api/needs/${ownNeed.id}`, { token: ent });
    expect(theirs.body).not.toHaveProperty('ratingLink');
  });

  it('is not issued for a window need that ended without service, and its earlier link says why (422)', async () => {
    const n = await windowNeed();
    const t = (await issue(n.id)).body.token as string;
    await act(n.id, { action: 'reject', reason: '不属于质量基础设施服务范围。', referral: '请咨询当地市场监管部门' });
    const r = await view(t);
    expect(r.status).toBe(422);
    expect(r.body.error).toMatchObject({ code: 'transition_not_allowed', message: '该需求不予受理，不能评价' });
    const again = await issue(n.id);
    expect(again.status).toBe(422);
    expect(again.body.error.code).toBe('transition_not_allowed');
  });
});
