import { createRoute } from '@hono/zod-openapi';
import { IdSchema, NeedDetailSchema, TaskActionSchema, TaskListQuerySchema, TaskPageSchema } from '@qi/shared';
import { z } from 'zod';
import type { Deps } from '../deps';
import { actOnTask, listTasks } from '../services/tasks';
import { bearerSecurity, createRouter, errors, jsonBody, jsonResponse, signedIn } from './common';

export function taskRoutes(deps: Deps) {
  const r = createRouter();
  r.use('/api/tasks', signedIn(deps));
  r.use('/api/tasks/*', signedIn(deps));

  r.openapi(
    createRoute({
      method: 'get',
      path: '/api/tasks',
      tags: ['服务任务'],
      summary: '我的任务：本机构（或本专家）承接的服务任务，最新派单在前，游标分页',
      security: bearerSecurity,
      request: { query: TaskListQuerySchema },
      responses: { 200: jsonResponse(TaskPageSchema, '一页任务及计数'), ...errors(400, 401, 403) },
    }),
    async (c) => c.json(await listTasks(deps, c.get('principal'), c.req.valid('query')), 200),
  );

  r.openapi(
    createRoute({
      method: 'post',
      path: '/api/tasks/{id}/actions',
      tags: ['服务任务'],
      summary: '任务操作（带任务版本号）：接单、拒绝（须说明理由）、记录进展、完成（结果与附件）；服务专员可取消',
      security: bearerSecurity,
      request: { params: z.object({ id: IdSchema }), body: jsonBody(TaskActionSchema) },
      responses: { 200: jsonResponse(NeedDetailSchema, '操作后的需求详情'), ...errors(400, 401, 403, 404, 409, 422) },
    }),
    async (c) => c.json(await actOnTask(deps, c.get('principal'), c.req.valid('param').id, c.req.valid('json')), 200),
  );
  return r;
}
