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
  /** Default 'https://api.weixin.qq.com'. A path prefix is kept ('http://proxy/wx' → 'http://proxy/wx/cgi-bin/stable_token'). */
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
   * Marks a token WeChat refused (default: the cached one) so that it is not served
   * again, from memory or from the shared store; a newer cached token is left alone
   * (another caller may already have refreshed it).
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
    super(
      `WeChat ${options.api ?? 'API'} failed: [${errcode}] ${errmsg}`,
      options.cause === undefined ? undefined : { cause: options.cause },
    );
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
    throw new WechatError(NETWORK_ERRCODE, `unexpected reply (HTTP ${res.status}, ${res.contentType || 'no content-type'}), not JSON`, {
      api,
    });
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

/** An access_token with the instant (ms since the epoch) WeChat said it expires. */
export interface StoredAccessToken {
  token: string;
  expiresAt: number;
}

/**
 * Where instances share the access_token. `stable_token` hands every caller the same token,
 * but a shared store still saves each instance its own request, and lets one that was told
 * "invalid token" pick up the one another instance already fetched.
 */
export interface AccessTokenStore {
  load(appId: string): Promise<StoredAccessToken | null>;
  /**
   * Under a lock every instance shares: reads the stored token again, passes it to `next`,
   * stores what `next` returns (when it differs) and returns it. Concurrent instances run
   * one after another, so the second finds the first one's token and asks WeChat nothing.
   */
  refresh(appId: string, next: (current: StoredAccessToken | null) => Promise<StoredAccessToken>): Promise<StoredAccessToken>;
}

/** A store for one process (no database): tests, scripts. */
export function memoryAccessTokenStore(): AccessTokenStore {
  const tokens = new Map<string, StoredAccessToken>();
  let queue: Promise<unknown> = Promise.resolve();
  return {
    load: async (appId) => tokens.get(appId) ?? null,
    refresh(appId, next) {
      const run = queue.then(async () => {
        const t = await next(tokens.get(appId) ?? null);
        tokens.set(appId, t);
        return t;
      });
      queue = run.catch(() => undefined);
      return run;
    },
  };
}

/** A token is refreshed when less than this is left (WeChat hands out a new one in its last 5 minutes). */
export const ACCESS_TOKEN_REFRESH_MARGIN_MS = 4 * 60_000;

export interface AccessTokenProviderOptions {
  /** Clock in ms (tests). Default Date.now. */
  now?: () => number;
  /** Where instances share the token. Default: this process only. */
  store?: AccessTokenStore;
}

/**
 * The access_token over `POST /cgi-bin/stable_token` (normal mode, `force_refresh: false`:
 * every caller gets the same token until it is about to expire, so instances never
 * invalidate each other's, unlike `/cgi-bin/token`). Kept in memory and in the shared store
 * until 4 minutes before it expires; concurrent callers in a process share one request, and
 * instances take turns through the store; a failed request is not cached.
 */
export function createAccessTokenProvider(cfg: WechatConfig, options: AccessTokenProviderOptions = {}): AccessTokenProvider {
  const now = options.now ?? Date.now;
  const store = options.store ?? memoryAccessTokenStore();
  let cached: StoredAccessToken | null = null;
  let inflight: Promise<string> | null = null;
  // Tokens WeChat refused (40001, 42001): never served again from memory or the store.
  const refused = new Set<string>();

  const usable = (t: StoredAccessToken | null): t is StoredAccessToken =>
    t !== null && !refused.has(t.token) && now() < t.expiresAt - ACCESS_TOKEN_REFRESH_MARGIN_MS;

  async function fetchToken(): Promise<StoredAccessToken> {
    const api = '/cgi-bin/stable_token';
    const json = await wechatJson(cfg, {
      method: 'POST',
      path: api,
      json: { grant_type: 'client_credential', appid: cfg.appId, secret: cfg.appSecret, force_refresh: false },
    });
    const token = json.access_token;
    if (typeof token !== 'string' || token === '') {
      throw new WechatError(NETWORK_ERRCODE, 'reply has no access_token', { api });
    }
    const ttl = typeof json.expires_in === 'number' && json.expires_in > 0 ? json.expires_in : 7200;
    refused.delete(token); // WeChat vouches for it again
    return { token, expiresAt: now() + ttl * 1000 };
  }

  async function obtain(): Promise<string> {
    const shared = await store.load(cfg.appId);
    if (usable(shared)) {
      cached = shared;
      return shared.token;
    }
    cached = await store.refresh(cfg.appId, async (current) => (usable(current) ? current : fetchToken()));
    return cached.token;
  }

  return {
    get(): Promise<string> {
      if (usable(cached)) return Promise.resolve(cached.token);
      inflight ??= obtain().finally(() => {
        inflight = null;
      });
      return inflight;
    },
    invalidate(staleToken?: string): void {
      const stale = staleToken ?? cached?.token;
      if (stale === undefined) return;
      if (refused.size >= 16) refused.clear();
      refused.add(stale);
      if (cached?.token === stale) cached = null;
    },
  };
}
