import { createRoute } from '@hono/zod-openapi';
import { CronResultSchema } from '@qi/shared';
import { timingSafeEqual } from 'node:crypto';
import { createMiddleware } from 'hono/factory';
import type { Deps } from '../deps';
import { ApiError } from '../errors';
import { runTick } from '../services/cron';
import { bearerSecurity, createRouter, errors, jsonResponse } from './common';

/** Vercel cron calls with `Authorization: Bearer $CRON_SECRET`; without a configured secret the tick is off. */
const cronSecret = (deps: Deps) =>
  createMiddleware(async (c, next) => {
    const secret = deps.config.cronSecret;
    if (!secret) throw new ApiError('not_found', '定时任务未启用（未配置 CRON_SECRET）');
    const given = /^Bearer\s+(\S+)$/i.exec(c.req.header('authorization') ?? '')?.[1] ?? '';
    const a = Buffer.from(given);
    const b = Buffer.from(secret);
    if (a.length !== b.length || !timingSafeEqual(a, b)) throw new ApiError('unauthorized', '定时任务密钥不正确');
    await next();
  });

export function cronRoutes(deps: Deps) {
  const r = createRouter();
  r.use('/api/cron/*', cronSecret(deps));
  const route = (method: 'get' | 'post') =>
    createRoute({
      method,
      path: '/api/cron/tick',
      tags: ['定时任务'],
      summary: '定时任务（Vercel Cron，需 CRON_SECRET）：标记超期与即将到期并提醒，提醒企业评价，评价期满自动归档；可重复执行、并发安全',
      security: bearerSecurity,
      responses: { 200: jsonResponse(CronResultSchema, '本次执行的结果'), ...errors(401, 404) },
    });
  // Vercel's cron sends GET; POST for anything else that schedules it.
  r.openapi(route('get'), async (c) => c.json(await runTick(deps), 200));
  r.openapi(route('post'), async (c) => c.json(await runTick(deps), 200));
  return r;
}
