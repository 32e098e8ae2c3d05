// What every router shares: the app's context type, the validation hook that
// turns zod failures into the contract's 400, and the auth middleware that
// route.ts attaches to each operation.
import { OpenAPIHono, type Hook } from '@hono/zod-openapi';
import { IDEMPOTENCY_HEADER, IdempotencyKeySchema, toErrorIssues } from '@qi/shared';
import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import { timingSafeEqual } from 'node:crypto';
import { requestPrincipal, type Caller, type LoadedCallerVariables, type Principal } from '../auth/principal';
import { requestUser, type SessionVariables } from '../auth/session';
import type { Deps } from '../deps';
import { ApiError } from '../errors';
import type { RateLimitVariables } from '../rateLimit';

export interface AppEnv {
  Variables: { principal: Principal } & SessionVariables & LoadedCallerVariables & RateLimitVariables;
}

const validationHook: Hook<unknown, AppEnv, string, unknown> = (result) => {
  if (!result.success) {
    throw new ApiError('validation_failed', undefined, toErrorIssues(result.error.issues));
  }
};

/** The resource a contract path belongs to: `/api/<first segment>`. */
export function resourceBase(path: string): string {
  const m = /^\/api\/[^/{]+/.exec(path);
  if (!m) throw new Error(`not an API path: ${path}`);
  return m[0];
}

/** A path of the contract relative to `base` (the router's mount point). */
export function pathUnder(base: string, path: string): string {
  if (path === base) return '/';
  if (!path.startsWith(`${base}/`)) throw new Error(`${path} is not under ${base}: declare it on that resource's router`);
  return path.slice(base.length);
}

export type Router = OpenAPIHono<AppEnv> & { readonly base: string };

/**
 * The router of the resource `resourcePath` belongs to, mounted at its base
 * (app.route(router.base, router)), so its middleware reaches its own paths
 * only. Operations are declared with the shared tables' full paths and
 * registered relative to the base; the OpenAPI document shows them whole.
 */
export function createRouter(resourcePath: string): Router {
  const base = resourceBase(resourcePath);
  const r = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  const register = r.openapi as unknown as (route: { path: string }, ...rest: unknown[]) => unknown;
  r.openapi = ((route: { path: string }, ...rest: unknown[]) =>
    register({ ...route, path: pathUnder(base, route.path) }, ...rest)) as unknown as typeof r.openapi;
  return Object.assign(r, { base });
}

/** The signed-in caller: the one loaded for this request already (rememberPrincipal), or from the database; 401 when the account is gone. */
async function loadCaller(deps: Deps, c: Context<AppEnv>, userId: string): Promise<Principal> {
  const principal = await requestPrincipal(c, deps.db, userId);
  if (!principal) throw new ApiError('unauthorized', '账号不存在或已停用，请重新登录');
  return principal;
}

/** Requires a valid session and loads the caller. */
export const signedIn = (deps: Deps) =>
  createMiddleware<AppEnv>(async (c, next) => {
    c.set('principal', await loadCaller(deps, c, await requestUser(c, deps.config.sessionSecret)));
    await next();
  });

/** Requires a valid session; the handler loads the caller (callerOf) where it needs to (access 'session'). */
export const sessionToken = (deps: Deps) =>
  createMiddleware<AppEnv>(async (c, next) => {
    await requestUser(c, deps.config.sessionSecret);
    await next();
  });

/** A 'session' route's caller: its id (checked by sessionToken), and the principal when asked for (401 when the account is gone). */
export async function callerOf(deps: Deps, c: Context<AppEnv>): Promise<Caller> {
  const id = await requestUser(c, deps.config.sessionSecret);
  return { id, principal: () => loadCaller(deps, c, id) };
}

/** The request's Idempotency-Key: required and well-formed on creating POSTs. */
export function idempotencyKey(c: Context): string {
  const raw = c.req.header(IDEMPOTENCY_HEADER);
  if (!raw) throw new ApiError('idempotency_key_required');
  const key = IdempotencyKeySchema.safeParse(raw);
  if (!key.success) {
    throw new ApiError('validation_failed', undefined, toErrorIssues(key.error.issues.map((i) => ({ ...i, path: [IDEMPOTENCY_HEADER] }))));
  }
  return key.data;
}

/** The scheduler's call: `Authorization: Bearer $CRON_SECRET` (Vercel cron); without a configured secret the tick is off. */
export const cronSecret = (deps: Deps) =>
  createMiddleware<AppEnv>(async (c, next) => {
    const secret = deps.config.cronSecret;
    if (!secret) throw new ApiError('not_found', '定时任务未启用（未配置 CRON_SECRET）');
    const given = /^Bearer\s+(\S+)$/i.exec(c.req.header('authorization') ?? '')?.[1] ?? '';
    const a = Buffer.from(given);
    const b = Buffer.from(secret);
    if (a.length !== b.length || !timingSafeEqual(a, b)) throw new ApiError('unauthorized', '定时任务密钥不正确');
    await next();
  });

/** RFC 8187 percent-encoding of a file name (encodeURIComponent leaves !'()* as they are; ' ends the charset). */
const encodeRfc8187 = (name: string) =>
  encodeURIComponent(name).replace(/[!'()*]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`);

/**
 * A file name for the plain `filename=` of Content-Disposition, for clients
 * that do not read `filename*`: printable ASCII only (others, quotes and
 * backslashes become `_`), and `attachment.<ext>` when nothing readable is left.
 */
export function asciiFileName(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]|["\\]/g, '_');
  const dot = ascii.lastIndexOf('.');
  const [base, ext] = dot > 0 ? [ascii.slice(0, dot), ascii.slice(dot)] : [ascii, ''];
  return /[A-Za-z0-9]/.test(base) ? ascii : `attachment${ext}`;
}

/** Content-Disposition for a file served under its own name (UTF-8 `filename*`, with an ASCII `filename` for older clients). */
export function contentDisposition(kind: 'inline' | 'attachment', name: string, ascii = asciiFileName(name)): string {
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeRfc8187(name)}`;
}
