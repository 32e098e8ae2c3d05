import { API_PATHS, IdSchema, NeedDetailSchema, TaskActionSchema, TaskListQuerySchema, TaskPageSchema } from '@qi/shared';
import { z } from 'zod';
import type { Deps } from '../deps';
import { actOnTask, listTasks } from '../services/tasks';
import { createRouter } from './common';
import * as ex from './examples';
import { defineRoute, jsonBody, jsonResponse } from './route';

export function taskRoutes(deps: Deps) {
  const r = createRouter(API_PATHS.tasks);

  r.openapi(
    defineRoute(deps, {
      operationId: 'listTasks',
      method: 'get',
      path: API_PATHS.tasks,
      tag: '服务任务',
      summary: '我的任务：本机构（或本专家）承接的服务任务，最新派单在前，游标分页',
      access: 'signedIn',
      roles: ['provider'],
      request: { query: TaskListQuerySchema },
      responses: { 200: jsonResponse(TaskPageSchema, '一页任务及计数', ex.taskPage) },
    }),
    async (c) => c.json(await listTasks(deps, c.get('principal'), c.req.valid('query')), 200),
  );

  r.openapi(
    defineRoute(deps, {
      operationId: 'actOnTask',
      method: 'post',
      path: API_PATHS.taskActions,
      tag: '服务任务',
      summary: '任务操作（带任务版本号）：接单、拒绝（须说明理由）、记录进展、完成（结果与附件）；服务专员可取消',
      access: 'signedIn',
      roles: ['provider', 'specialist'],
      request: { params: z.object({ id: IdSchema }), body: jsonBody(TaskActionSchema, { action: 'accept', version: 1 }) },
      responses: { 200: jsonResponse(NeedDetailSchema, '操作后的需求详情', ex.needDetail) },
      errors: [404, 409, 422],
    }),
    async (c) => c.json(await actOnTask(deps, c.get('principal'), c.req.valid('param').id, c.req.valid('json')), 200),
  );
  return [r];
}
