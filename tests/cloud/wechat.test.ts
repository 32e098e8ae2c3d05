// The WeChat clients against a local stand-in that speaks WeChat's HTTP:
// same paths, same query parameters and JSON bodies, WeChat-shaped replies
// (errcode/errmsg JSON, image bytes for the mini-program code); the access_token
// shared by two app instances through the database.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  code2Session,
  createAccessTokenProvider,
  createWechatClient,
  fitTemplateValue,
  getUnlimitedQrCode,
  isValidScene,
  sendSubscribeMessage,
  WechatError,
  type WechatConfig,
  type WechatContext,
} from '../../cloud/src/wechat/index';
import { loadConfig } from '../../cloud/src/config';
import { migrate } from '../../cloud/src/db';
import { createPgDb } from '../../cloud/src/db/pg';
import type { Db } from '../../cloud/src/db/types';
import { createDeps } from '../../cloud/src/deps';
import { dbAccessTokenStore } from '../../cloud/src/wechat/tokenStore';
import { createTestDb, type TestDb } from '../support/db';
import { APP_ID, APP_SECRET, PNG, WechatStandIn } from '../support/wechat-stand-in';

const wx = new WechatStandIn();
let cfg: WechatConfig;

function context(extra: Partial<WechatConfig> = {}): WechatContext {
  const c = { ...cfg, ...extra };
  return { ...c, tokens: createAccessTokenProvider(c) };
}

async function caught(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (err) {
    return err;
  }
  throw new Error('expected the promise to reject');
}

beforeAll(async () => {
  await wx.start();
  cfg = { appId: APP_ID, appSecret: APP_SECRET, baseUrl: wx.baseUrl, timeoutMs: 5_000 };
});

afterAll(async () => {
  await wx.stop();
});

beforeEach(() => {
  wx.reset();
});

describe('code2Session', () => {
  it('exchanges a login code for the openid, unionid and session key', async () => {
    wx.sessions.set('code-1', { openid: 'o_user_1', session_key: 'sk-1', unionid: 'u_user_1' });

    await expect(code2Session(cfg, 'code-1')).resolves.toEqual({ openid: 'o_user_1', unionid: 'u_user_1', sessionKey: 'sk-1' });

    const call = wx.calls[0]!;
    expect(call.path).toBe('/sns/jscode2session');
    expect(Object.fromEntries(call.query)).toEqual({
      appid: APP_ID,
      secret: APP_SECRET,
      js_code: 'code-1',
      grant_type: 'authorization_code',
    });
  });

  it('leaves unionid out when WeChat sends none', async () => {
    wx.sessions.set('code-2', { openid: 'o_user_2', session_key: 'sk-2' });

    const session = await code2Session(cfg, 'code-2');

    expect(session).toEqual({ openid: 'o_user_2', sessionKey: 'sk-2' });
    expect('unionid' in session).toBe(false);
  });

  it('turns an invalid code (40029) into a WechatError with WeChat’s errcode and errmsg', async () => {
    const err = await caught(code2Session(cfg, 'no-such-code'));

    expect(err).toBeInstanceOf(WechatError);
    expect(err).toMatchObject({ errcode: 40029, errmsg: 'invalid code', api: '/sns/jscode2session' });
  });

  it('refuses a code used twice with errcode 40163', async () => {
    wx.sessions.set('code-3', { openid: 'o_user_3', session_key: 'sk-3' });
    await code2Session(cfg, 'code-3');

    await expect(code2Session(cfg, 'code-3')).rejects.toMatchObject({ errcode: 40163 });
  });

  it('reports rate limiting (45011) and risky users (40226) as WechatErrors', async () => {
    wx.fail('/sns/jscode2session', { errcode: 45011, errmsg: 'api minute-quota reach limit' }, { errcode: 40226, errmsg: 'risky user' });

    await expect(code2Session(cfg, 'any')).rejects.toMatchObject({ name: 'WechatError', errcode: 45011 });
    await expect(code2Session(cfg, 'any')).rejects.toMatchObject({ name: 'WechatError', errcode: 40226 });
  });

  it('rejects an empty code without calling WeChat', async () => {
    await expect(code2Session(cfg, '  ')).rejects.toBeInstanceOf(TypeError);
    expect(wx.calls).toHaveLength(0);
  });

  it('times out with errcode -1 when WeChat never answers', async () => {
    wx.hang.add('/sns/jscode2session');
    const started = Date.now();

    const err = await caught(code2Session({ ...cfg, timeoutMs: 100 }, 'code'));

    expect(err).toBeInstanceOf(WechatError);
    expect(err).toMatchObject({ errcode: -1, isNetworkError: true });
    expect((err as WechatError).message).toMatch(/timed out after 100 ms/);
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it('fails with errcode -1 when the server cannot be reached', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((resolve) => closed.close(() => resolve()));

    const err = await caught(code2Session({ ...cfg, baseUrl: `http://127.0.0.1:${port}` }, 'code'));

    expect(err).toBeInstanceOf(WechatError);
    expect(err).toMatchObject({ errcode: -1 });
    expect((err as WechatError).message).toMatch(/network error/);
  });

  it('fails with errcode -1 when the reply is not WeChat JSON', async () => {
    const err = await caught(code2Session({ ...cfg, baseUrl: `${wx.baseUrl}/not-wechat` }, 'code'));

    expect(err).toMatchObject({ name: 'WechatError', errcode: -1 });
  });

  it('uses the fetch given in the config', async () => {
    const seen: string[] = [];
    const spy: typeof fetch = (input, init) => {
      seen.push(String(input));
      return fetch(input, init);
    };
    wx.sessions.set('code-4', { openid: 'o_user_4', session_key: 'sk-4' });

    await code2Session({ ...cfg, fetch: spy }, 'code-4');

    expect(seen).toHaveLength(1);
    expect(seen[0]).toContain(`${wx.baseUrl}/sns/jscode2session?`);
  });
});

describe('the access-token provider', () => {
  it('asks POST /cgi-bin/stable_token in normal mode with the app id and secret in a JSON body', async () => {
    const tokens = createAccessTokenProvider(cfg);

    await expect(tokens.get()).resolves.toBe('ACCESS_TOKEN_1');

    expect(wx.calls[0]).toMatchObject({ method: 'POST', path: '/cgi-bin/stable_token' });
    expect(wx.calls[0]!.body).toEqual({ grant_type: 'client_credential', appid: APP_ID, secret: APP_SECRET, force_refresh: false });
    expect([...wx.calls[0]!.query]).toEqual([]); // the secret is not in the URL
    expect(wx.count('/cgi-bin/token')).toBe(0);
  });

  it('caches the token, so several sends make one token call', async () => {
    const ctx = context();
    const message = { toUser: 'o_user', templateId: 'TPL', data: { thing1: { value: '需求已受理' } } };

    await sendSubscribeMessage(ctx, message);
    await sendSubscribeMessage(ctx, message);
    await sendSubscribeMessage(ctx, message);

    expect(wx.count('/cgi-bin/stable_token')).toBe(1);
    expect(wx.count('/cgi-bin/message/subscribe/send')).toBe(3);
  });

  it('shares one in-flight request between concurrent callers', async () => {
    wx.tokenDelayMs = 50;
    const tokens = createAccessTokenProvider(cfg);

    const got = await Promise.all([tokens.get(), tokens.get(), tokens.get(), tokens.get(), tokens.get()]);

    expect(new Set(got)).toEqual(new Set(['ACCESS_TOKEN_1']));
    expect(wx.count('/cgi-bin/stable_token')).toBe(1);
  });

  it('fetches a new token four minutes before expires_in runs out', async () => {
    let now = Date.now();
    wx.now = () => now;
    const tokens = createAccessTokenProvider(cfg, { now: () => now });
    await tokens.get();

    now += (7200 - 240 - 1) * 1000;
    await expect(tokens.get()).resolves.toBe('ACCESS_TOKEN_1');
    now += 2 * 1000;
    await expect(tokens.get()).resolves.toBe('ACCESS_TOKEN_2');

    expect(wx.count('/cgi-bin/stable_token')).toBe(2);
  });

  it('does not cache a failure: the next call asks again', async () => {
    wx.fail('/cgi-bin/stable_token', { errcode: 40164, errmsg: 'invalid ip 1.2.3.4, not in whitelist' });
    const tokens = createAccessTokenProvider(cfg);

    await expect(tokens.get()).rejects.toMatchObject({ errcode: 40164 });
    await expect(tokens.get()).resolves.toBe('ACCESS_TOKEN_1');
  });

  it('reports a wrong secret as WechatError 40125 without putting the secret in the message', async () => {
    const tokens = createAccessTokenProvider({ ...cfg, appSecret: 'wrong-secret' });

    const err = await caught(tokens.get());

    expect(err).toMatchObject({ name: 'WechatError', errcode: 40125 });
    expect((err as WechatError).message).not.toContain('wrong-secret');
  });

  it('invalidate(token) leaves a newer cached token alone', async () => {
    const tokens = createAccessTokenProvider(cfg);
    const first = await tokens.get();
    wx.expireTokens();
    tokens.invalidate();
    const second = await tokens.get();

    tokens.invalidate(first);

    expect(second).not.toBe(first);
    await expect(tokens.get()).resolves.toBe(second);
    expect(wx.count('/cgi-bin/stable_token')).toBe(2);
  });
});

describe('sendSubscribeMessage', () => {
  it('posts touser, template_id, page, data and miniprogram_state as JSON', async () => {
    const ctx = context();
    const data = { character_string1: { value: 'QI-2025-000123' }, phrase2: { value: '已受理' }, time3: { value: '2025-03-01 09:30' } };

    await sendSubscribeMessage(ctx, {
      toUser: 'o_user',
      templateId: 'TPL_1',
      page: 'pages/need/index?id=42',
      data,
      miniprogramState: 'trial',
    });

    const send = wx.calls.find((c) => c.path === '/cgi-bin/message/subscribe/send')!;
    expect(send.method).toBe('POST');
    expect(send.query.get('access_token')).toBe('ACCESS_TOKEN_1');
    expect(send.body).toEqual({ touser: 'o_user', template_id: 'TPL_1', page: 'pages/need/index?id=42', data, miniprogram_state: 'trial' });
  });

  it('refreshes the token and retries once when WeChat answers 40001', async () => {
    const ctx = context();
    await ctx.tokens.get();
    wx.fail('/cgi-bin/message/subscribe/send', { errcode: 40001, errmsg: 'invalid credential' });

    await sendSubscribeMessage(ctx, { toUser: 'o_user', templateId: 'TPL', data: { thing1: { value: '你好' } } });

    // stable_token hands back the token WeChat holds current: here the same one.
    const sends = wx.calls.filter((c) => c.path === '/cgi-bin/message/subscribe/send');
    expect(sends.map((c) => c.query.get('access_token'))).toEqual(['ACCESS_TOKEN_1', 'ACCESS_TOKEN_1']);
    expect(wx.count('/cgi-bin/stable_token')).toBe(2);
  });

  it('refreshes a token WeChat has expired (42001) and the send goes through', async () => {
    const ctx = context();
    await ctx.tokens.get();
    wx.expireTokens();

    await expect(
      sendSubscribeMessage(ctx, { toUser: 'o_user', templateId: 'TPL', data: { thing1: { value: '你好' } } }),
    ).resolves.toBeUndefined();
    const sends = wx.calls.filter((c) => c.path === '/cgi-bin/message/subscribe/send');
    expect(sends.map((c) => c.query.get('access_token'))).toEqual(['ACCESS_TOKEN_1', 'ACCESS_TOKEN_2']);
    expect(wx.count('/cgi-bin/stable_token')).toBe(2);
  });

  it('retries only once: a second 40001 is thrown', async () => {
    const ctx = context();
    wx.fail(
      '/cgi-bin/message/subscribe/send',
      { errcode: 40001, errmsg: 'invalid credential' },
      { errcode: 40001, errmsg: 'invalid credential' },
    );

    const err = await caught(sendSubscribeMessage(ctx, { toUser: 'o_user', templateId: 'TPL', data: { thing1: { value: '你好' } } }));

    expect(err).toMatchObject({ name: 'WechatError', errcode: 40001 });
    expect(wx.count('/cgi-bin/message/subscribe/send')).toBe(2);
  });

  it('throws a user’s refusal (43101) without retrying', async () => {
    const ctx = context();
    wx.fail('/cgi-bin/message/subscribe/send', { errcode: 43101, errmsg: 'user refuse to accept the msg' });

    await expect(
      sendSubscribeMessage(ctx, { toUser: 'o_user', templateId: 'TPL', data: { thing1: { value: '你好' } } }),
    ).rejects.toMatchObject({
      errcode: 43101,
      errmsg: 'user refuse to accept the msg',
    });
    expect(wx.count('/cgi-bin/message/subscribe/send')).toBe(1);
  });

  it('gets 47003 from WeChat for a thing value longer than 20 characters, and none once fitted', async () => {
    const ctx = context();
    const long = '关于计量器具检定与校准服务的咨询需求说明';
    const tooLong = `${long}补充`;

    await expect(
      sendSubscribeMessage(ctx, { toUser: 'o_user', templateId: 'TPL', data: { thing1: { value: tooLong } } }),
    ).rejects.toMatchObject({
      errcode: 47003,
    });
    await expect(
      sendSubscribeMessage(ctx, { toUser: 'o_user', templateId: 'TPL', data: { thing1: { value: fitTemplateValue('thing', tooLong) } } }),
    ).resolves.toBeUndefined();
  });

  it('times out with errcode -1 when the send never gets an answer', async () => {
    const ctx = context({ timeoutMs: 100 });
    await ctx.tokens.get();
    wx.hang.add('/cgi-bin/message/subscribe/send');

    await expect(sendSubscribeMessage(ctx, { toUser: 'o_user', templateId: 'TPL', data: {} })).rejects.toMatchObject({
      name: 'WechatError',
      errcode: -1,
    });
  });
});

describe('fitTemplateValue', () => {
  it('keeps a thing of 20 characters as it is', () => {
    const twenty = '一二三四五六七八九十一二三四五六七八九十';
    expect(fitTemplateValue('thing', twenty)).toBe(twenty);
  });

  it('cuts a longer thing to 20 characters, the last being …', () => {
    const fitted = fitTemplateValue('thing', '一二三四五六七八九十一二三四五六七八九十多');
    expect(fitted).toBe('一二三四五六七八九十一二三四五六七八九…');
    expect(Array.from(fitted)).toHaveLength(20);
  });

  it('collapses whitespace and trims before measuring', () => {
    expect(fitTemplateValue('thing', '  计量\n\t检定  ')).toBe('计量 检定');
  });

  it('never splits a character outside the BMP', () => {
    const fitted = fitTemplateValue('thing', '𠀀'.repeat(25));
    expect(fitted).toBe(`${'𠀀'.repeat(19)}…`);
  });

  it('cuts character_string to 32, phrase to 5 and a Chinese name to 10 without an ellipsis', () => {
    expect(fitTemplateValue('character_string', 'A'.repeat(40))).toBe('A'.repeat(32));
    expect(fitTemplateValue('phrase', '已受理待评价中')).toBe('已受理待评');
    expect(fitTemplateValue('name', '一二三四五六七八九十十一')).toBe('一二三四五六七八九十');
  });

  it('allows a Latin name 20 characters', () => {
    expect(fitTemplateValue('name', 'Alexander Christopher Smith')).toBe('Alexander Christophe');
  });

  it('leaves time and date values alone apart from trimming', () => {
    expect(fitTemplateValue('time', ' 2025年3月1日 09:30 ')).toBe('2025年3月1日 09:30');
    expect(fitTemplateValue('date', '2025-03-01~2025-03-05')).toBe('2025-03-01~2025-03-05');
  });

  it('refuses to cut numbers, phone numbers and amounts, since a cut would change them', () => {
    expect(fitTemplateValue('number', '123.45')).toBe('123.45');
    expect(fitTemplateValue('phone_number', '+86-0766-66888866')).toBe('+86-0766-66888866');
    expect(fitTemplateValue('amount', '¥1234567890元')).toBe('¥1234567890元');
    expect(fitTemplateValue('amount', '¥12.50')).toBe('¥12.50');
    expect(() => fitTemplateValue('number', '1'.repeat(33))).toThrow(RangeError);
    expect(() => fitTemplateValue('phone_number', '+86-0766-668888661')).toThrow(RangeError);
    expect(() => fitTemplateValue('amount', '¥12345678901')).toThrow(RangeError);
  });
});

describe('getUnlimitedQrCode', () => {
  it('returns the PNG bytes WeChat sends', async () => {
    const ctx = context();

    const png = await getUnlimitedQrCode(ctx, { scene: 'st=42', page: 'pages/station/index', envVersion: 'trial', width: 430 });

    expect(png).toBeInstanceOf(Uint8Array);
    expect(Array.from(png.subarray(0, 8))).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(Buffer.from(png).equals(Buffer.from(PNG))).toBe(true);
    const call = wx.calls.find((c) => c.path === '/wxa/getwxacodeunlimit')!;
    expect(call.query.get('access_token')).toBe('ACCESS_TOKEN_1');
    expect(call.body).toEqual({ scene: 'st=42', page: 'pages/station/index', env_version: 'trial', width: 430 });
  });

  it('turns the JSON error WeChat sends instead of an image into a WechatError', async () => {
    const ctx = context();

    const err = await caught(getUnlimitedQrCode(ctx, { scene: 'st=42', page: 'pages/unpublished/index' }));

    expect(err).toBeInstanceOf(WechatError);
    expect(err).toMatchObject({ errcode: 41030, api: '/wxa/getwxacodeunlimit' });
  });

  it('sends check_path false so an unpublished page still gets a code', async () => {
    const ctx = context();

    const png = await getUnlimitedQrCode(ctx, { scene: 'st=42', page: 'pages/unpublished/index', checkPath: false });

    expect(png.length).toBe(PNG.length);
    expect(wx.calls.find((c) => c.path === '/wxa/getwxacodeunlimit')!.body).toMatchObject({ check_path: false });
  });

  it('refreshes an expired token and retries once', async () => {
    const ctx = context();
    await ctx.tokens.get();
    wx.expireTokens();

    await expect(getUnlimitedQrCode(ctx, { scene: 'abc' })).resolves.toHaveLength(PNG.length);
    expect(wx.count('/wxa/getwxacodeunlimit')).toBe(2);
  });

  it('rejects an invalid scene before calling WeChat', async () => {
    const ctx = context();

    await expect(getUnlimitedQrCode(ctx, { scene: 'station=厦门' })).rejects.toBeInstanceOf(RangeError);
    await expect(getUnlimitedQrCode(ctx, { scene: 'x'.repeat(33) })).rejects.toBeInstanceOf(RangeError);
    expect(wx.calls).toHaveLength(0);
  });

  it('rejects a page with a leading slash or a query, and a width outside 280–1280', async () => {
    const ctx = context();

    await expect(getUnlimitedQrCode(ctx, { scene: 'a', page: '/pages/index/index' })).rejects.toBeInstanceOf(RangeError);
    await expect(getUnlimitedQrCode(ctx, { scene: 'a', page: 'pages/index/index?id=1' })).rejects.toBeInstanceOf(RangeError);
    await expect(getUnlimitedQrCode(ctx, { scene: 'a', width: 100 })).rejects.toBeInstanceOf(RangeError);
    expect(wx.calls).toHaveLength(0);
  });
});

describe('isValidScene', () => {
  it('accepts digits, letters and every special character WeChat allows', () => {
    expect(isValidScene('id=42&from=qr')).toBe(true);
    expect(isValidScene("!#$&'()*+,/:;=?@-._~")).toBe(true);
    expect(isValidScene('a'.repeat(32))).toBe(true);
  });

  it('refuses empty, longer than 32, percent signs, spaces and Chinese', () => {
    expect(isValidScene('')).toBe(false);
    expect(isValidScene('a'.repeat(33))).toBe(false);
    expect(isValidScene('a%20b')).toBe(false);
    expect(isValidScene('a b')).toBe(false);
    expect(isValidScene('站点')).toBe(false);
    expect(isValidScene('a"b')).toBe(false);
  });
});

describe('createWechatClient', () => {
  it('binds the calls to one config and one shared token cache', async () => {
    const client = createWechatClient(cfg);
    wx.sessions.set('code-5', { openid: 'o_user_5', session_key: 'sk-5' });

    await expect(client.code2Session('code-5')).resolves.toMatchObject({ openid: 'o_user_5' });
    await client.sendSubscribeMessage({ toUser: 'o_user_5', templateId: 'TPL', data: { thing1: { value: '你好' } } });
    await client.getUnlimitedQrCode({ scene: 'st=1' });

    expect(wx.count('/cgi-bin/stable_token')).toBe(1);
  });
});

describe('the access_token shared through the database', () => {
  let test: TestDb;
  let second: Db; // another instance's own pool on the same database
  const env = () => ({ DEMO_MODE: '1', WECHAT_APP_ID: APP_ID, WECHAT_APP_SECRET: APP_SECRET, WECHAT_API_BASE_URL: wx.baseUrl });
  const message = { toUser: 'o_user', templateId: 'TPL', data: { thing1: { value: '你好' } } };

  beforeAll(async () => {
    test = await createTestDb();
    await migrate(test.db);
    second = test.url ? createPgDb(test.url) : test.db;
  });
  afterAll(async () => {
    if (second !== test.db) await second.close();
    await test.drop();
  });
  beforeEach(async () => {
    await test.db.query('DELETE FROM wechat_access_tokens');
  });

  /** Two app instances, as two serverless functions would be: own pool, own memory. */
  const instances = () => [createDeps(test.db, loadConfig(env())), createDeps(second, loadConfig(env()))] as const;

  it('gives two instances one token, fetched with one stable_token call', async () => {
    wx.tokenDelayMs = 100;
    const [a, b] = instances();

    const got = await Promise.all([a, b, a, b, a, b].map((d) => d.wechat!.context.tokens.get()));
    await a.wechat!.sendSubscribeMessage(message);
    await b.wechat!.sendSubscribeMessage(message);

    expect(new Set(got)).toEqual(new Set(['ACCESS_TOKEN_1']));
    expect(wx.count('/cgi-bin/stable_token')).toBe(1);
    expect(wx.count('/cgi-bin/token')).toBe(0);
    const { rows } = await test.db.query<{ access_token_enc: string }>(
      'SELECT access_token_enc FROM wechat_access_tokens WHERE app_id = $1',
      [APP_ID],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]!.access_token_enc).not.toContain('ACCESS_TOKEN_1'); // a credential: encrypted at rest
  });

  it('refreshes once when WeChat refuses the token, and the other instance picks the new one up from the database', async () => {
    const [a, b] = instances();
    await a.wechat!.context.tokens.get();
    await b.wechat!.context.tokens.get();
    wx.expireTokens();

    await a.wechat!.sendSubscribeMessage(message); // 42001, a new token, sent
    await b.wechat!.sendSubscribeMessage(message); // 42001, the stored new token, sent

    const sends = wx.calls.filter((c) => c.path === '/cgi-bin/message/subscribe/send').map((c) => c.query.get('access_token'));
    expect(sends).toEqual(['ACCESS_TOKEN_1', 'ACCESS_TOKEN_2', 'ACCESS_TOKEN_1', 'ACCESS_TOKEN_2']);
    expect(wx.count('/cgi-bin/stable_token')).toBe(2);
  });

  it('refreshes a few minutes before the stored token expires, once for every instance', async () => {
    let now = Date.now();
    wx.now = () => now;
    const provider = (d: ReturnType<typeof instances>[number]) =>
      createAccessTokenProvider(d.config.wechat!, { now: () => now, store: dbAccessTokenStore(d.db, d.pii) });
    const [a, b] = instances();
    const pa = provider(a);
    const pb = provider(b);
    await expect(pa.get()).resolves.toBe('ACCESS_TOKEN_1');
    await expect(pb.get()).resolves.toBe('ACCESS_TOKEN_1');

    now += (7200 - 200) * 1000; // under four minutes left
    await expect(Promise.all([pa.get(), pb.get()])).resolves.toEqual(['ACCESS_TOKEN_2', 'ACCESS_TOKEN_2']);
    expect(wx.count('/cgi-bin/stable_token')).toBe(2);
  });
});
