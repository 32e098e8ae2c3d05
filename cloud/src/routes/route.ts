// One way to declare an operation: who may call it, the check that enforces
// that, its security in the document and the error responses it can give are
// attached together, so the document cannot drift from what the server does.
//
//   r.openapi(defineRoute(deps, { operationId, method, path, tag, summary, access: 'signedIn', … }), handler)
//
// `access` picks the middleware (signedIn, sessionToken, the cron secret, or
// none) and the document's `security` (bearerAuth, cronSecret, or `[]`). Role rules stay in
// the services (they depend on the need, the station, the task); `roles`
// names who may call, for the description, and adds the 403. The standard
// errors follow from the route: 400 everywhere (the URL is checked), 401 unless
// public, 413/415 for a body, 429 everywhere (sign-in and creating
// requests are rate-limited; any request may meet a limit in front of the
// app); `errors` adds what the service can answer besides (404, 409, 422, 502).
import { createRoute } from '@hono/zod-openapi';
import { ERRORS, ErrorBodySchema, IDEMPOTENCY_HEADER, ROLE_LABELS, type ErrorBody, type ErrorCode, type Role } from '@qi/shared';
import type { MiddlewareHandler } from 'hono';
import type { z } from 'zod';
import type { Deps } from '../deps';
import { cronSecret, sessionToken, signedIn, type AppEnv } from './common';

/**
 * Who may call: anyone, a signed-in user (Bearer session token), or the scheduler (Bearer CRON_SECRET).
 * 'session' is 'signedIn' whose handler loads the caller itself (callerOf): need creation loads it
 * in the statement that writes.
 */
export type Access = 'public' | 'signedIn' | 'session' | 'cron';
type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 410 | 413 | 415 | 422 | 429 | 502 | 503;

type RouteRequest = NonNullable<Parameters<typeof createRoute>[0]['request']>;
type RouteResponses = Parameters<typeof createRoute>[0]['responses'];

export interface RouteSpec<M extends Method, P extends string, Req extends RouteRequest, Res extends RouteResponses> {
  /** Unique, camelCase, verb first: what a generated client names the call. */
  operationId: string;
  method: M;
  path: P;
  tag: string;
  summary: string;
  description?: string;
  access: Access;
  /** Who may call (the service checks it): documented in the description and as `x-roles`, and adds the 403. */
  roles?: readonly Role[];
  /** The route requires an Idempotency-Key; the text says what the key stands for. */
  idempotencyKey?: string;
  request?: Req;
  responses: Res;
  /** Error statuses besides the standard ones. */
  errors?: readonly ErrorStatus[];
  /** The error codes a status stands for on this route, when not the usual ones (its examples). */
  errorCodes?: Partial<Record<ErrorStatus, readonly ErrorCode[]>>;
  /** Run after the auth check, before the request is validated (e.g. a body limit of its own). */
  middleware?: readonly MiddlewareHandler<AppEnv>[];
}

const SECURITY: Record<Access, Record<string, string[]>[]> = {
  public: [],
  signedIn: [{ bearerAuth: [] }],
  session: [{ bearerAuth: [] }],
  cron: [{ cronSecret: [] }],
};

const ERROR_DESCRIPTIONS: Record<ErrorStatus, string> = {
  400: '请求格式或内容有误',
  401: '未登录或登录已过期',
  403: '无权执行',
  404: '不存在或无权查看',
  409: '版本冲突或重复',
  410: '已使用或已过期（一次性链接）',
  413: '请求体过大',
  415: '请求体不是 application/json',
  422: '业务规则不允许',
  429: '请求过于频繁，稍后再试（见 Retry-After）',
  502: '外部服务不可用',
  503: '数据库暂时不可用，稍后再试（见 Retry-After）',
};

const err = (code: ErrorCode, issues?: ErrorBody['error']['issues']): ErrorBody => ({
  error: { code, message: ERRORS[code].message, ...(issues ? { issues } : {}) },
});

/** The error codes shown as examples for each status. */
function errorExamples(status: ErrorStatus, spec: { idempotencyKey?: string; access: Access }): Record<string, ErrorBody> {
  switch (status) {
    case 400:
      return {
        validation_failed: err('validation_failed', [{ path: 'title', message: '请填写需求标题' }]),
        malformed_json: err('malformed_json'),
        ...(spec.idempotencyKey ? { idempotency_key_required: err('idempotency_key_required') } : {}),
      };
    case 401:
      if (spec.access === 'cron') return { unauthorized: { error: { code: 'unauthorized', message: '定时任务密钥不正确' } } };
      // A public route's 401 is a failed sign-in.
      if (spec.access === 'public') return { wechat_login_failed: err('wechat_login_failed') };
      return { unauthorized: err('unauthorized'), session_expired: err('session_expired') };
    case 403:
      return { forbidden: err('forbidden') };
    case 404:
      return { not_found: err('not_found') };
    case 409:
      return { version_conflict: err('version_conflict'), duplicate: err('duplicate') };
    case 410:
      return { rating_link_used: err('rating_link_used'), rating_link_expired: err('rating_link_expired') };
    case 413:
      return { payload_too_large: err('payload_too_large') };
    case 415:
      return { unsupported_media_type: err('unsupported_media_type') };
    case 422:
      return {
        rule_violation: err('rule_violation'),
        transition_not_allowed: err('transition_not_allowed'),
        ...(spec.idempotencyKey ? { idempotency_key_reused: err('idempotency_key_reused') } : {}),
      };
    case 429:
      return { rate_limited: err('rate_limited') };
    case 502:
      return { upstream_unavailable: err('upstream_unavailable') };
    case 503:
      return { database_unavailable: err('database_unavailable') };
  }
}

function errorResponse(
  status: ErrorStatus,
  spec: { idempotencyKey?: string; access: Access; errorCodes?: Partial<Record<ErrorStatus, readonly ErrorCode[]>> },
) {
  const own = spec.errorCodes?.[status];
  const byCode = own ? Object.fromEntries(own.map((code) => [code, err(code)])) : errorExamples(status, spec);
  const examples = Object.fromEntries(Object.entries(byCode).map(([code, value]) => [code, { summary: value.error.message, value }]));
  return {
    description: ERROR_DESCRIPTIONS[status],
    ...(status === 429 || status === 503
      ? { headers: { 'Retry-After': { description: '多少秒后可以再试', schema: { type: 'integer' as const, minimum: 1 }, example: 30 } } }
      : {}),
    content: { 'application/json': { schema: ErrorBodySchema, examples } },
  };
}

/** The statuses a route can answer with besides its success, from its shape. */
export function standardErrors(spec: {
  method: Method;
  access: Access;
  roles?: readonly Role[];
  idempotencyKey?: string;
  request?: RouteRequest;
  errors?: readonly ErrorStatus[];
}): ErrorStatus[] {
  const s = new Set<ErrorStatus>(spec.errors ?? []);
  // Every operation can answer 400: the app refuses control characters and bad encoding in any URL (app.ts).
  s.add(400);
  if (spec.access !== 'public') s.add(401);
  if (spec.roles) s.add(403);
  if (spec.method === 'post' || spec.method === 'put' || spec.method === 'patch') {
    s.add(413);
    // JSON routes refuse any other body; multipart routes refuse a body that is not multipart.
    s.add(415);
  }
  s.add(429);
  // Every operation reads the database; while it is unreachable the answer is 503 (app.ts onError).
  s.add(503);
  return [...s].sort();
}

function middlewareFor(deps: Deps, access: Access): MiddlewareHandler<AppEnv>[] {
  if (access === 'signedIn') return [signedIn(deps)];
  if (access === 'session') return [sessionToken(deps)];
  if (access === 'cron') return [cronSecret(deps)];
  return [];
}

const roleText = (roles: readonly Role[]) => `调用者：${roles.map((r) => ROLE_LABELS[r]).join('、')}；其他身份 403。`;

/** An operation with its security, auth check and error responses attached. */
export function defineRoute<
  const M extends Method,
  const P extends string,
  const Req extends RouteRequest,
  const Res extends RouteResponses,
>(deps: Deps, spec: RouteSpec<M, P, Req, Res>) {
  const { operationId, method, path, tag, summary, access, roles, idempotencyKey, request, responses } = spec;
  const description = [spec.description, roles ? roleText(roles) : undefined].filter(Boolean).join('\n\n') || undefined;
  const errorResponses = Object.fromEntries(standardErrors(spec).map((status) => [status, errorResponse(status, spec)]));
  return createRoute({
    operationId,
    method,
    path,
    tags: [tag],
    summary,
    ...(description ? { description } : {}),
    security: SECURITY[access],
    // Machine-readable for clients and for the access-matrix suite, which checks it against what the server does.
    ...(roles ? { 'x-roles': [...roles] } : {}),
    middleware: [...middlewareFor(deps, access), ...(spec.middleware ?? [])] as [MiddlewareHandler<AppEnv>],
    // The key is read by the handler (a missing key is 400 idempotency_key_required, not a schema
    // failure), so it is documented as a plain parameter rather than validated by a header schema.
    ...(idempotencyKey
      ? {
          parameters: [
            {
              name: IDEMPOTENCY_HEADER,
              in: 'header' as const,
              required: true,
              description: idempotencyKey,
              schema: { type: 'string' as const, minLength: 8, maxLength: 128, pattern: '^[\\w.:-]+$' },
              example: '3f9c2d1e-need-0001',
            },
          ],
        }
      : {}),
    request: request as Req,
    responses: { ...responses, ...errorResponses } as Res,
  });
}

/** A required JSON request body, with an example a client can send as it is. */
export const jsonBody = <T extends z.ZodType>(schema: T, example: z.input<T>) => ({
  required: true,
  content: { 'application/json': { schema, example } },
});

/** A JSON response, with an example of what the server answers. */
export const jsonResponse = <T extends z.ZodType>(schema: T, description: string, example: z.output<T>) => ({
  description,
  content: { 'application/json': { schema, example } },
});
