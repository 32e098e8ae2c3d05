// A local stand-in for WeChat's server API (api.weixin.qq.com): same paths,
// query parameters and JSON bodies, WeChat-shaped replies, and knobs to fail.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export const APP_ID = 'wx0123456789abcdef';
export const APP_SECRET = 'secret-0123456789abcdef0123456789';
// A real 1×1 PNG.
export const PNG = Uint8Array.from(
  Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64'),
);

export interface Call {
  method: string;
  path: string;
  query: URLSearchParams;
  body: unknown;
}

export interface ForcedError {
  errcode: number;
  errmsg: string;
}

/** A stand-in for api.weixin.qq.com, with knobs to make it fail. */
export class WechatStandIn {
  server: Server = createServer((req, res) => void this.handle(req, res));
  baseUrl = '';
  calls: Call[] = [];
  /** Errors to answer, in order, before handling a path normally. */
  failNext = new Map<string, ForcedError[]>();
  /** Paths that never answer. */
  hang = new Set<string>();
  tokenDelayMs = 0;
  /** The stand-in's clock (ms): tests move it to reach a token's last minutes. */
  now: () => number = Date.now;
  private tokenSeq = 0;
  /** The token `stable_token` hands out in normal mode, and when it expires. */
  private stable: { token: string; expiresAt: number } | null = null;
  private validTokens = new Set<string>();
  private expiredTokens = new Set<string>();
  sessions = new Map<string, { openid: string; session_key: string; unionid?: string }>();
  private usedCodes = new Set<string>();
  publishedPages = new Set(['pages/index/index', 'pages/station/index']);

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    const { port } = this.server.address() as AddressInfo;
    this.baseUrl = `http://127.0.0.1:${port}`;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  reset(): void {
    this.calls = [];
    this.failNext.clear();
    this.hang.clear();
    this.tokenDelayMs = 0;
    this.now = Date.now;
    this.tokenSeq = 0;
    this.stable = null;
    this.validTokens.clear();
    this.expiredTokens.clear();
    this.usedCodes.clear();
    this.sessions.clear();
  }

  /** Every token issued so far stops working (WeChat answers 42001). */
  expireTokens(): void {
    for (const t of this.validTokens) this.expiredTokens.add(t);
    this.validTokens.clear();
  }

  fail(path: string, ...errors: ForcedError[]): void {
    this.failNext.set(path, [...(this.failNext.get(path) ?? []), ...errors]);
  }

  count(path: string): number {
    return this.calls.filter((c) => c.path === path).length;
  }

  private json(res: ServerResponse, body: unknown): void {
    res.writeHead(200, { 'content-type': 'application/json; encoding=utf-8' });
    res.end(JSON.stringify(body));
  }

  private checkToken(res: ServerResponse, token: string | null): boolean {
    if (token && this.validTokens.has(token)) return true;
    if (token && this.expiredTokens.has(token)) {
      this.json(res, { errcode: 42001, errmsg: 'access_token expired rid: stand-in' });
    } else {
      this.json(res, { errcode: 40001, errmsg: 'invalid credential, access_token is invalid or not latest rid: stand-in' });
    }
    return false;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://stand-in');
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    let body: unknown;
    if (req.method === 'POST') {
      if (!String(req.headers['content-type']).startsWith('application/json')) {
        return this.json(res, { errcode: 44002, errmsg: 'empty post data' });
      }
      try {
        body = JSON.parse(raw);
      } catch {
        return this.json(res, { errcode: 47001, errmsg: 'data format error' });
      }
    }
    const q = url.searchParams;
    this.calls.push({ method: req.method ?? '', path: url.pathname, query: q, body });

    if (this.hang.has(url.pathname)) return; // never answers
    const forced = this.failNext.get(url.pathname)?.shift();
    if (forced) return this.json(res, forced);

    const route = `${req.method} ${url.pathname}`;
    switch (route) {
      case 'GET /cgi-bin/token': {
        if (q.get('grant_type') !== 'client_credential') return this.json(res, { errcode: 40002, errmsg: 'invalid grant_type' });
        if (q.get('appid') !== APP_ID) return this.json(res, { errcode: 40013, errmsg: 'invalid appid' });
        if (q.get('secret') !== APP_SECRET) return this.json(res, { errcode: 40125, errmsg: 'invalid appsecret' });
        if (this.tokenDelayMs) await new Promise((r) => setTimeout(r, this.tokenDelayMs));
        const token = `ACCESS_TOKEN_${++this.tokenSeq}`;
        this.validTokens.add(token);
        return this.json(res, { access_token: token, expires_in: 7200 });
      }
      case 'POST /cgi-bin/stable_token': {
        // Normal mode: the same token to every caller while more than 5 minutes of it are
        // left, then a new one (the old stays valid meanwhile). force_refresh: a new one at
        // once, and the previous one stops working.
        const b = (body ?? {}) as { grant_type?: unknown; appid?: unknown; secret?: unknown; force_refresh?: unknown };
        if (b.grant_type !== 'client_credential') return this.json(res, { errcode: 40002, errmsg: 'invalid grant_type' });
        if (b.appid !== APP_ID) return this.json(res, { errcode: 40013, errmsg: 'invalid appid' });
        if (b.secret !== APP_SECRET) return this.json(res, { errcode: 40125, errmsg: 'invalid appsecret' });
        if (this.tokenDelayMs) await new Promise((r) => setTimeout(r, this.tokenDelayMs));
        const now = this.now();
        const current = this.stable;
        if (b.force_refresh !== true && current && this.validTokens.has(current.token) && current.expiresAt - now > 300_000) {
          return this.json(res, { access_token: current.token, expires_in: Math.floor((current.expiresAt - now) / 1000) });
        }
        if (b.force_refresh === true && current) {
          this.validTokens.delete(current.token);
          this.expiredTokens.add(current.token);
        }
        const token = `ACCESS_TOKEN_${++this.tokenSeq}`;
        this.validTokens.add(token);
        this.stable = { token, expiresAt: now + 7200_000 };
        return this.json(res, { access_token: token, expires_in: 7200 });
      }
      case 'GET /sns/jscode2session': {
        if (q.get('grant_type') !== 'authorization_code') return this.json(res, { errcode: 40002, errmsg: 'invalid grant_type' });
        if (q.get('appid') !== APP_ID) return this.json(res, { errcode: 40013, errmsg: 'invalid appid' });
        if (q.get('secret') !== APP_SECRET) return this.json(res, { errcode: 40125, errmsg: 'invalid appsecret' });
        const code = q.get('js_code') ?? '';
        if (this.usedCodes.has(code)) return this.json(res, { errcode: 40163, errmsg: 'code been used' });
        const session = this.sessions.get(code);
        if (!session) return this.json(res, { errcode: 40029, errmsg: 'invalid code' });
        this.usedCodes.add(code);
        return this.json(res, session);
      }
      case 'POST /cgi-bin/message/subscribe/send': {
        if (!this.checkToken(res, q.get('access_token'))) return;
        const b = body as { touser?: unknown; template_id?: unknown; data?: Record<string, { value?: unknown }> };
        if (typeof b.touser !== 'string' || !b.touser) return this.json(res, { errcode: 40003, errmsg: 'invalid openid' });
        if (typeof b.template_id !== 'string' || !b.template_id) return this.json(res, { errcode: 40037, errmsg: 'invalid template_id' });
        for (const [key, entry] of Object.entries(b.data ?? {})) {
          if (typeof entry?.value !== 'string' || entry.value === '') {
            return this.json(res, { errcode: 47003, errmsg: `argument invalid! data.${key}.value is empty` });
          }
          if (key.startsWith('thing') && Array.from(entry.value).length > 20) {
            return this.json(res, { errcode: 47003, errmsg: `argument invalid! data.${key}.value invalid` });
          }
        }
        return this.json(res, { errcode: 0, errmsg: 'ok', msgid: 3000000000 + this.calls.length });
      }
      case 'POST /wxa/getwxacodeunlimit': {
        if (!this.checkToken(res, q.get('access_token'))) return;
        const b = body as { scene?: unknown; page?: unknown; check_path?: unknown };
        if (typeof b.scene !== 'string' || b.scene.length > 32) {
          return this.json(res, { errcode: 40169, errmsg: 'invalid length for scene, or the data is not json string' });
        }
        if (b.page !== undefined && b.check_path !== false && !this.publishedPages.has(String(b.page))) {
          return this.json(res, { errcode: 41030, errmsg: 'invalid page rid: stand-in' });
        }
        res.writeHead(200, { 'content-type': 'image/png', 'content-length': PNG.length });
        res.end(Buffer.from(PNG));
        return;
      }
      default:
        res.writeHead(404, { 'content-type': 'text/html' });
        res.end('<html><body>404 Not Found</body></html>');
    }
  }
}
