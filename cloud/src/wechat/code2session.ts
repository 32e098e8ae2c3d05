// 小程序登录: exchange the code from wx.login() for the user's openid.
import { NETWORK_ERRCODE, WechatError, wechatJson, type WechatConfig } from './client';

export interface WechatSession {
  openid: string;
  /** Only when the mini-program is bound to a WeChat Open Platform account. */
  unionid?: string;
  /** Keep on the server; never send it to the client. */
  sessionKey: string;
}

/**
 * `GET /sns/jscode2session?appid&secret&js_code&grant_type=authorization_code`.
 * A non-zero errcode becomes WechatError, e.g. 40029 (invalid code), 40163
 * (code already used), 45011 (rate limited), 40226 (high-risk user).
 * An empty code is a caller bug: TypeError, and WeChat is not called.
 */
export async function code2Session(cfg: WechatConfig, code: string): Promise<WechatSession> {
  if (typeof code !== 'string' || code.trim() === '') {
    throw new TypeError('code2Session: code is required');
  }
  const api = '/sns/jscode2session';
  const json = await wechatJson(cfg, {
    method: 'GET',
    path: api,
    query: { appid: cfg.appId, secret: cfg.appSecret, js_code: code, grant_type: 'authorization_code' },
  });
  const { openid, session_key: sessionKey, unionid } = json;
  if (typeof openid !== 'string' || openid === '' || typeof sessionKey !== 'string' || sessionKey === '') {
    throw new WechatError(NETWORK_ERRCODE, 'reply has no openid or session_key', { api });
  }
  const session: WechatSession = { openid, sessionKey };
  if (typeof unionid === 'string' && unionid !== '') session.unionid = unionid;
  return session;
}
