// What every router shares: the app's context type, the validation hook that
// turns zod failures into the contract's 400, the auth middleware, and the
// OpenAPI pieces for request bodies and error responses.
import { OpenAPIHono, type Hook } from '@hono/zod-openapi';
import { ErrorBodySchema, IDEMPOTENCY_HEADER, IdempotencyKeySchema, toErrorIssues } from '@qi/shared';
import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import type { z } from 'zod';
import { loadPrincipal, type Principal } from '../auth/principal';
import { readToken } from '../auth/session';
import type { Deps } from '../deps';
import { ApiError } from '../errors';

export interface AppEnv {
  Variables: { principal: Principal };
}

const validationHook: Hook<unknown, AppEnv, string, unknown> = (result) => {
  if (!result.success) {
    throw new ApiError('validation_failed', undefined, toErrorIssues(result.error.issues));
  }
};

export const createRouter = () => new OpenAPIHono<AppEnv>({ defaultHook: validationHook });

/** Requires a valid session and loads the caller. */
export const signedIn = (deps: Deps) =>
  createMiddleware<AppEnv>(async (c, next) => {
    const header = c.req.header('authorization') ?? '';
    const m = /^Bearer\s+(\S+)$/i.exec(header);
    if (!m) throw new ApiError('unauthorized');
    const userId = await readToken(m[1]!, deps.config.sessionSecret);
    const principal = await loadPrincipal(deps.db, userId);
    if (!principal) throw new ApiError('unauthorized', '账号不存在或已停用，请重新登录');
    c.set('principal', principal);
    await next();
  });

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

export const bearerSecurity = [{ bearerAuth: [] }];

export const jsonBody = <T extends z.ZodType>(schema: T) => ({
  required: true,
  content: { 'application/json': { schema } },
});

export const jsonResponse = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

const errorResponse = (description: string) => jsonResponse(ErrorBodySchema, description);

/** The error responses a route can give, for its OpenAPI description. */
export const errors = (...statuses: (400 | 401 | 403 | 404 | 409 | 413 | 422 | 429 | 502)[]) =>
  Object.fromEntries(
    statuses.map((s) => [
      s,
      errorResponse(
        {
          400: '请求格式或内容有误',
          401: '未登录或登录已过期',
          403: '无权执行',
          404: '不存在或无权查看',
          409: '版本冲突或重复',
          413: '请求体过大',
          422: '业务规则不允许',
          429: '请求过于频繁',
          502: '外部服务不可用',
        }[s],
      ),
    ]),
  );
