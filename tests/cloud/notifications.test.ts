// Notifications through the real app on a real database: the in-app inbox
// of every role, and WeChat subscribe messages sent by the real client to a
// local stand-in of WeChat's server API after the change commits.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { deliverMessages, NEED_STATUS_PAGE } from '../../cloud/src/services/notifications';
import { createTestApi, type TestApi } from '../support/api';
import { APP_ID, APP_SECRET, WechatStandIn } from '../support/wechat-stand-in';
import { createNeed, mustAct, needAct, newUser } from '../support/workbench';

const TEMPLATE = 'tmpl_need_status_0123456789';
const OPENID = 'o_enterprise_openid_1';
const CRON_SECRET = 'cron-secret-for-tests-0123456789';
const wx = new WechatStandIn();
let api: TestApi;
let ent: string, ent2: string, spec: string, mgr: string;

beforeAll(async () => {
  await wx.start();
  api = await createTestApi({
    WECHAT_APP_ID: APP_ID,
    WECHAT_APP_SECRET: APP_SECRET,
    WECHAT_API_BASE_URL: wx.baseUrl,
    WECHAT_TEMPLATE_NEED_STATUS: TEMPLATE,
    CRON_SECRET,
  });
  [ent, ent2, spec, mgr] = await Promise.all([
    api.login('enterprise'),
    api.login('enterprise2'),
    api.login('specialist'),
    api.login('manager'),
  ]);
  await api.deps.db.query(`UPDATE users SET openid = $1 WHERE persona = 'enterprise'`, [OPENID]);
});
afterAll(async () => {
  await api?.close();
  await wx.stop();
});
beforeEach(async () => {
  // Keep the issued access tokens valid (the app caches one): forget only the calls and forced failures.
  wx.calls = [];
  wx.failNext.clear();
  await api.deps.db.query(`DELETE FROM subscriptions`);
});

const SEND = '/cgi-bin/message/subscribe/send';
const sends = () => wx.calls.filter((c) => c.path === SEND);
const subscribe = (token: string, accepted = true, templateId = TEMPLATE) =>
  api.request('POST', '/api/notifications/subscriptions', { token, body: { templateId, accepted } });

describe('the in-app inbox', () => {
  it('lists the caller’s notifications newest first, cursor-paged, with the unread count', async () => {
    const user = await newUser(api, { roles: ['specialist'], atCenter: true });
    for (let i = 0; i < 3; i++) await createNeed(api, ent, { title: `收件箱测试${i}` });
    const first = await api.request('GET', '/api/notifications?limit=2', { token: user.token });
    expect(first.status).toBe(200);
    expect(first.body.unread).toBe(3);
    expect(first.body.items.map((n: { body: string }) => n.body)).toEqual([
      '海南椰语食品有限公司：收件箱测试2',
      '海南椰语食品有限公司：收件箱测试1',
    ]);
    const second = await api.request('GET', `/api/notifications?limit=2&cursor=${first.body.nextCursor}`, { token: user.token });
    expect(second.body.items.map((n: { body: string }) => n.body)).toEqual(['海南椰语食品有限公司：收件箱测试0']);
    expect(second.body.nextCursor).toBeNull();
  });

  it('marks one read, then all, and counts what is left unread', async () => {
    const user = await newUser(api, { roles: ['specialist'], atCenter: true });
    await createNeed(api, ent);
    await createNeed(api, ent);
    const page = await api.request('GET', '/api/notifications', { token: user.token });
    const read = await api.request('POST', `/api/notifications/${page.body.items[0].id}/read`, { token: user.token, body: {} });
    expect(read.status).toBe(200);
    expect(read.body.readAt).not.toBeNull();
    expect((await api.request('GET', '/api/notifications?unread=1', { token: user.token })).body).toMatchObject({ unread: 1 });
    const all = await api.request('POST', '/api/notifications/read-all', { token: user.token, body: {} });
    expect(all.body).toEqual({ updated: 1, unread: 0 });
  });

  it('answers 404 for someone else’s notification and 400 for a malformed id', async () => {
    const n = await createNeed(api, ent);
    const { rows } = await api.deps.db.query<{ id: string }>(`SELECT id FROM notifications WHERE need_id = $1 LIMIT 1`, [n.id]);
    expect((await api.request('POST', `/api/notifications/${rows[0]!.id}/read`, { token: ent2, body: {} })).status).toBe(404);
    expect((await api.request('POST', '/api/notifications/nope/read', { token: ent2, body: {} })).status).toBe(400);
  });

  it('tells the enterprise in-app of every change of its need', async () => {
    const n = await createNeed(api, ent);
    await mustAct(api, spec, n.id, { action: 'accept', version: 1 });
    await mustAct(api, spec, n.id, { action: 'request_info', version: 2, items: ['产品标签'] });
    const page = await api.request('GET', '/api/notifications?limit=50', { token: ent });
    const mine = page.body.items.filter((x: { needId: string }) => x.needId === n.id).map((x: { title: string }) => x.title);
    expect(mine).toEqual(['请补充材料', '您的需求已受理']);
  });

  it('tells the enterprise of a note shown to it, but not of an internal one', async () => {
    const n = await createNeed(api, ent);
    await mustAct(api, spec, n.id, { action: 'note', version: 1, note: '内部：企业曾投诉', internal: true });
    await mustAct(api, spec, n.id, { action: 'note', version: 2, note: '明天上午电话联系您', internal: false });
    const { rows } = await api.deps.db.query<{ body: string }>(
      `SELECT body FROM notifications x JOIN users u ON u.id = x.user_id WHERE u.persona = 'enterprise' AND x.need_id = $1`,
      [n.id],
    );
    expect(rows.map((r) => r.body)).toEqual([`您的需求“${n.title}”（${n.number}）：明天上午电话联系您`]);
  });

  it('tells the managers when a rating asks for a follow-up', async () => {
    const n = await createNeed(api, ent);
    await mustAct(api, spec, n.id, { action: 'answer', version: 1, answer: '答复' });
    await api.request('POST', `/api/needs/${n.id}/rating`, {
      token: ent,
      body: { timeliness: 'average', professionalism: 'average', courtesy: 'average', overall: 'dissatisfied', resolved: false },
    });
    const page = await api.request('GET', '/api/notifications?limit=50', { token: mgr });
    expect(page.body.items.find((x: { needId: string }) => x.needId === n.id)).toMatchObject({ title: `需回访：需求${n.number}` });
  });
});

describe('subscribe-message consent', () => {
  it('offers the configured template and counts each acceptance as one message allowed', async () => {
    const before = await api.request('GET', '/api/notifications/subscriptions', { token: ent });
    expect(before.body).toEqual({ templates: [{ purpose: 'need_status', templateId: TEMPLATE, credits: 0 }] });
    await subscribe(ent);
    await subscribe(ent, false);
    const after = await subscribe(ent);
    expect(after.status).toBe(200);
    expect(after.body.templates[0].credits).toBe(2);
  });

  it('refuses a template the server does not send (422) and a missing answer (400)', async () => {
    expect((await subscribe(ent, true, 'some-other-template')).status).toBe(422);
    const r = await api.request('POST', '/api/notifications/subscriptions', { token: ent, body: { templateId: TEMPLATE } });
    expect(r.status).toBe(400);
    expect(r.body.error.issues[0].path).toBe('accepted');
  });
});

describe('subscribe messages on state changes', () => {
  it('sends one message per consent on a change of state, with every field within WeChat’s limits', async () => {
    await subscribe(ent);
    const n = await createNeed(api, ent, { title: '椰子汁产品出口东盟检测与标准符合性全面咨询服务需求' });
    await mustAct(api, spec, n.id, { action: 'accept', version: 1 });
    expect(sends()).toHaveLength(1);
    type Value = { value: string };
    const body = sends()[0]!.body as {
      touser: string;
      template_id: string;
      page: string;
      data: Record<'character_string1' | 'thing2' | 'phrase3' | 'time4' | 'thing5', Value>;
    };
    expect(body).toMatchObject({ touser: OPENID, template_id: TEMPLATE, page: `${NEED_STATUS_PAGE}?id=${n.id}` });
    expect(body.data.character_string1.value).toBe(n.number);
    expect(Array.from(body.data.thing2.value).length).toBeLessThanOrEqual(20);
    expect(body.data.thing2.value.endsWith('…')).toBe(true);
    expect(body.data.phrase3.value).toBe('已受理');
    expect(Array.from(body.data.phrase3.value).length).toBeLessThanOrEqual(5);
    expect(body.data.time4.value).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
    // The consent is used up: the next change is told in-app only.
    await mustAct(api, spec, n.id, { action: 'serve', version: 2 });
    expect(sends()).toHaveLength(1);
    const { rows } = await api.deps.db.query<{ status: string }>(`SELECT status FROM wechat_messages WHERE need_id = $1`, [n.id]);
    expect(rows).toEqual([{ status: 'sent' }]);
  });

  it('sends nothing to an enterprise that has not consented', async () => {
    const n = await createNeed(api, ent);
    await mustAct(api, spec, n.id, { action: 'accept', version: 1 });
    expect(sends()).toHaveLength(0);
  });

  it('sends nothing for a note, which changes no state', async () => {
    await subscribe(ent);
    const n = await createNeed(api, ent);
    await mustAct(api, spec, n.id, { action: 'note', version: 1, note: '请准备产品样品', internal: false });
    expect(sends()).toHaveLength(0);
  });

  it('keeps the change when WeChat refuses the message, and records why', async () => {
    await subscribe(ent);
    await subscribe(ent);
    wx.fail(SEND, { errcode: 43101, errmsg: 'user refuse to accept the msg' });
    const n = await createNeed(api, ent);
    const r = await needAct(api, spec, n.id, { action: 'accept', version: 1 });
    expect(r.status).toBe(200);
    expect(r.body.state).toBe('accepted');
    const { rows } = await api.deps.db.query<{ status: string; errcode: number }>(
      `SELECT status, errcode FROM wechat_messages WHERE need_id = $1`,
      [n.id],
    );
    expect(rows).toEqual([{ status: 'failed', errcode: 43101 }]);
    // WeChat says the user no longer allows it: the remaining consent is dropped.
    const status = await api.request('GET', '/api/notifications/subscriptions', { token: ent });
    expect(status.body.templates[0].credits).toBe(0);
  });

  it('sends again from the tick when WeChat was busy, and gives up after three tries', async () => {
    await subscribe(ent);
    await subscribe(ent);
    wx.fail(SEND, { errcode: -1, errmsg: 'system error' });
    const n = await createNeed(api, ent);
    const accepted = await mustAct(api, spec, n.id, { action: 'accept', version: 1 });
    const message = async () =>
      (
        await api.deps.db.query<{ id: string; status: string; attempts: number }>(
          `SELECT id, status, attempts FROM wechat_messages WHERE need_id = $1`,
          [n.id],
        )
      ).rows;
    expect(await message()).toEqual([expect.objectContaining({ status: 'pending', attempts: 1 })]);
    const { id } = (await message())[0]!;
    // The tick picks up what is still pending (it waits a minute after a message was queued).
    api.setNow(new Date(Date.now() + 5 * 60_000));
    try {
      const tick = await api.request('GET', '/api/cron/tick', { headers: { authorization: `Bearer ${CRON_SECRET}` } });
      expect(tick.status, JSON.stringify(tick.body)).toBe(200);
      expect(tick.body.wechat).toEqual({ sent: 1, failed: 0 });
    } finally {
      api.setNow(null);
    }
    expect(await message()).toEqual([{ id, status: 'sent', attempts: 2 }]);
    expect(sends()).toHaveLength(2);

    // Busy every time: the third failure is the last.
    wx.fail(
      SEND,
      { errcode: -1, errmsg: 'system error' },
      { errcode: -1, errmsg: 'system error' },
      { errcode: -1, errmsg: 'system error' },
    );
    await mustAct(api, spec, n.id, { action: 'serve', version: accepted.version });
    const second = (await message()).find((m) => m.id !== id)!;
    expect(second).toMatchObject({ status: 'pending', attempts: 1 });
    await deliverMessages(api.deps, [second.id]);
    await deliverMessages(api.deps, [second.id]);
    expect((await message()).find((m) => m.id === second.id)).toMatchObject({ status: 'failed', attempts: 3 });
    await deliverMessages(api.deps, [second.id]);
    expect(sends()).toHaveLength(5);
  });

  it('never sends a queued message twice, even when two senders race for it', async () => {
    await subscribe(ent);
    const n = await createNeed(api, ent);
    // Queue without sending: hold the send back by claiming nothing yet.
    await api.deps.db.query(`UPDATE subscriptions SET credits = 1`);
    const { rows } = await api.deps.db.query<{ id: string }>(
      `INSERT INTO wechat_messages (user_id, need_id, template_id, data)
       SELECT id, $1, $2, '{"thing2":{"value":"测试"}}' FROM users WHERE persona = 'enterprise' RETURNING id`,
      [n.id, TEMPLATE],
    );
    const id = rows[0]!.id;
    const [a, b] = await Promise.all([deliverMessages(api.deps, [id]), deliverMessages(api.deps, [id])]);
    expect(a.sent + b.sent).toBe(1);
    expect(sends()).toHaveLength(1);
    expect((await deliverMessages(api.deps, [id])).sent).toBe(0);
    expect(sends()).toHaveLength(1);
  });
});
