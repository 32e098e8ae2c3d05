// The HTTP core of WeChat's server API: configuration, the error type, one
// request helper (timeout, network failures, errcode check) and the
// access-token cache. No SDK: plain `fetch`, so a stand-in server (tests) or a
// proxy can take WeChat's place through `baseUrl`.

export const DEFAULT_WECHAT_BASE_URL = 'https://api.weixin.qq.com';
export const DEFAULT_WECHAT_TIMEOUT_MS = 10_000;

/** errcode given to failures that never got a WeChat answer: network errors, timeouts, malformed replies. */
export const NETWORK_ERRCODE = -1;

/** errcodes meaning "this access_token is no good": refresh the token and retry once. */
export const ACCESS_TOKEN_ERRCODES: ReadonlySet<number> = new Set([40001, 40014, 42001]);

export interface WechatConfig {
  appId: string;
  appSecret: string;
  /** Default 'https://api.weixin.qq.com'. A path prefix is kept ('http://proxy/wx' → 'http://proxy/wx/cgi-bin/token'). */
  baseUrl?: string;
  /** Per request, covering the response body too. Default 10 000 ms. */
  timeoutMs?: number;
  /** Default: the global fetch. */
  fetch?: typeof fetch;
}

export interface AccessTokenProvider {
  /** A valid access_token, from the cache or from one shared request. */
  get(): Promise<string>;
  /**
   * Drops the cached token. Given the token that was refused, drops it only if
   * it is still the cached one (another caller may already have refreshed it).
   */
  invalidate(staleToken?: string): void;
}

/** What the calls that need an access_token take: the config plus a token provider. */
export type WechatContext = WechatConfig & { tokens: AccessTokenProvider };

/**
 * A failed WeChat call. `errcode`/`errmsg` are WeChat's own when it answered
 * with an error; `errcode` is -1 (NETWORK_ERRCODE) when there was no usable
 * answer (network error, timeout, a reply that is not what WeChat sends).
 * Messages never contain the query string (it carries the secret or token).
 */
export class WechatError extends Error {
  readonly errcode: number;
  readonly errmsg: string;
  /** The API path that failed, e.g. '/sns/jscode2session'. */
  readonly api: string | undefined;

  constructor(errcode: number, errmsg: string, options: { api?: string; cause?: unknown } = {}) {
    super(`WeChat ${options.api ?? 'API'} failed: [${errcode}] ${errmsg}`, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'WechatError';
    this.errcode = errcode;
    this.errmsg = errmsg;
    this.api = options.api;
  }

  /** True when WeChat never answered (network, timeout, malformed reply): worth retrying later. */
  get isNetworkError(): boolean {
    return this.errcode === NETWORK_ERRCODE;
  }
}

export interface WechatRequest {
  method: 'GET' | 'POST';
  path: string;
  query?: Record<string, string>;
  /** Sent as a JSON body (WeChat does not take form posts). */
  json?: unknown;
}

export interface WechatRawResponse {
  status: number;
  contentType: string;
  body: Uint8Array;
}

function buildUrl(cfg: WechatConfig, req: WechatRequest): string {
  const base = (cfg.baseUrl ?? DEFAULT_WECHAT_BASE_URL).replace(/\/+$/, '');
  const qs = req.query ? new URLSearchParams(req.query).toString() : '';
  return `${base}${req.path}${qs ? `?${qs}` : ''}`;
}

/** One HTTP exchange with WeChat; any failure to get a whole response becomes WechatError(-1). */
export async function wechatFetch(cfg: WechatConfig, req: WechatRequest): Promise<WechatRawResponse> {
  const timeoutMs = cfg.timeoutMs ?? DEFAULT_WECHAT_TIMEOUT_MS;
  const doFetch = cfg.fetch ?? globalThis.fetch;
  const init: RequestInit = { method: req.method, signal: AbortSignal.timeout(timeoutMs) };
  if (req.json !== undefined) {
    init.headers = { 'content-type': 'application/json; charset=utf-8' };
    init.body = JSON.stringify(req.json);
  }
  try {
    const res = await doFetch(buildUrl(cfg, req), init);
    const body = new Uint8Array(await res.arrayBuffer());
    return { status: res.status, contentType: res.headers.get('content-type') ?? '', body };
  } catch (err) {
    const name = err instanceof Error ? err.name : '';
    if (name === 'TimeoutError' || name === 'AbortError') {
      throw new WechatError(NETWORK_ERRCODE, `request timed out after ${timeoutMs} ms`, { api: req.path, cause: err });
    }
    const cause = err instanceof Error ? (err.cause as { code?: unknown; message?: unknown } | undefined) : undefined;
    const detail = [err instanceof Error ? err.message : String(err), cause?.code ?? cause?.message]
      .filter((s) => s !== undefined && s !== '')
      .join(': ');
    throw new WechatError(NETWORK_ERRCODE, `network error: ${detail}`, { api: req.path, cause: err });
  }
}

/** Parses a WeChat JSON reply; a body that is not a JSON object becomes WechatError(-1). */
export function parseWechatJson(api: string, res: WechatRawResponse): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder().decode(res.body));
  } catch {
    throw new WechatError(NETWORK_ERRCODE, `unexpected reply (HTTP ${res.status}, ${res.contentType || 'no content-type'}), not JSON`, { api });
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new WechatError(NETWORK_ERRCODE, `unexpected reply (HTTP ${res.status}): not a JSON object`, { api });
  }
  return parsed as Record<string, unknown>;
}

/** Throws WechatError when the reply carries a non-zero errcode or the HTTP status is not 2xx. */
export function ensureWechatOk(api: string, status: number, json: Record<string, unknown>): void {
  const { errcode, errmsg } = json;
  if (typeof errcode === 'number' && errcode !== 0) {
    throw new WechatError(errcode, typeof errmsg === 'string' ? errmsg : '', { api });
  }
  if (status < 200 || status >= 300) {
    throw new WechatError(NETWORK_ERRCODE, `HTTP ${status}`, { api });
  }
}

/** Request → JSON object with errcode 0 (or none), else WechatError. */
export async function wechatJson(cfg: WechatConfig, req: WechatRequest): Promise<Record<string, unknown>> {
  const res = await wechatFetch(cfg, req);
  const json = parseWechatJson(req.path, res);
  ensureWechatOk(req.path, res.status, json);
  return json;
}

/**
 * Runs `call` with an access_token; when WeChat says the token is invalid or
 * expired (40001, 40014, 42001), drops it and retries once with a fresh one.
 */
export async function withAccessToken<T>(ctx: WechatContext, call: (token: string) => Promise<T>): Promise<T> {
  const token = await ctx.tokens.get();
  try {
    return await call(token);
  } catch (err) {
    if (!(err instanceof WechatError) || !ACCESS_TOKEN_ERRCODES.has(err.errcode)) throw err;
    ctx.tokens.invalidate(token);
    return call(await ctx.tokens.get());
  }
}

export interface AccessTokenProviderOptions {
  /** Clock in ms (tests). Default Date.now. */
  now?: () => number;
}

/**
 * The access_token cache over `GET /cgi-bin/token?grant_type=client_credential`.
 * A token is reused until 5 minutes before its `expires_in`; concurrent callers
 * share one in-flight request; a failed request is not cached.
 */
export function createAccessTokenProvider(cfg: WechatConfig, options: AccessTokenProviderOptions = {}): AccessTokenProvider {
  const now = options.now ?? Date.now;
  let cached: { token: string; expiresAt: number } | null = null;
  let inflight: Promise<string> | null = null;

  async function fetchToken(): Promise<string> {
    const api = '/cgi-bin/token';
    const json = await wechatJson(cfg, {
      method: 'GET',
      path: api,
      query: { grant_type: 'client_credential', appid: cfg.appId, secret: cfg.appSecret },
    });
    const token = json.access_token;
    if (typeof token !== 'string' || token === '') {
      throw new WechatError(NETWORK_ERRCODE, 'reply has no access_token', { api });
    }
    const ttl = typeof json.expires_in === 'number' && json.expires_in > 0 ? json.expires_in : 7200;
    const margin = Math.min(300, ttl / 2);
    cached = { token, expiresAt: now() + (ttl - margin) * 1000 };
    return token;
  }

  return {
    get(): Promise<string> {
      if (cached && now() < cached.expiresAt) return Promise.resolve(cached.token);
      inflight ??= fetchToken().finally(() => {
        inflight = null;
      });
      return inflight;
    },
    invalidate(staleToken?: string): void {
      if (staleToken === undefined || cached?.token === staleToken) cached = null;
    },
  };
}
