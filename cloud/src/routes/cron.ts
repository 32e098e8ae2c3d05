import { CronResultSchema, WORKBENCH_PATHS } from '@qi/shared';
import type { Deps } from '../deps';
import { runTick } from '../services/cron';
import { createRouter } from './common';
import * as ex from './examples';
import { defineRoute, jsonResponse } from './route';

export function cronRoutes(deps: Deps) {
  const r = createRouter(WORKBENCH_PATHS.cronTick);
  const route = <M extends 'get' | 'post'>(method: M) =>
    defineRoute(deps, {
      operationId: method === 'get' ? 'runCronTick' : 'runCronTickByPost',
      method,
      path: WORKBENCH_PATHS.cronTick,
      tag: '定时任务',
      summary: '定时任务（Vercel Cron，需 CRON_SECRET）：标记超期与即将到期并提醒，提醒企业评价，评价期满自动归档；可重复执行、并发安全',
      description: '未配置 CRON_SECRET 时定时任务关闭，答复 404。',
      access: 'cron',
      responses: { 200: jsonResponse(CronResultSchema, '本次执行的结果', ex.cronResult) },
      errors: [404],
    });
  // Vercel's cron sends GET; POST for anything else that schedules it.
  r.openapi(route('get'), async (c) => c.json(await runTick(deps), 200));
  r.openapi(route('post'), async (c) => c.json(await runTick(deps), 200));
  return [r];
}
