import { createRoute } from '@hono/zod-openapi';
import {
  COMPLAINT_PATHS,
  ComplaintActionSchema,
  ComplaintCountsSchema,
  ComplaintDetailSchema,
  ComplaintInputSchema,
  ComplaintListSchema,
  IdSchema,
} from '@qi/shared';
import { z } from 'zod';
import type { Deps } from '../deps';
import { actOnComplaint, countOpenComplaints, createComplaint, getComplaint, listComplaints } from '../services/complaints';
import { bearerSecurity, createRouter, errors, idempotencyKey, jsonBody, jsonResponse, signedIn } from './common';

const IdParams = z.object({ id: IdSchema });

export function complaintRoutes(deps: Deps) {
  const r = createRouter();
  r.use('/api/complaints', signedIn(deps));
  r.use('/api/complaints/*', signedIn(deps));

  r.openapi(
    createRoute({
      method: 'post',
      path: '/api/complaints',
      tags: ['投诉'],
      summary: '提交投诉（针对需求办理、服务机构或专家、服务人员）；同一 Idempotency-Key 重试返回同一投诉',
      security: bearerSecurity,
      request: {
        headers: z.object({ 'idempotency-key': z.string().optional().meta({ description: '每次新提交生成一个，重试时沿用' }) }),
        body: jsonBody(ComplaintInputSchema),
      },
      responses: { 201: jsonResponse(ComplaintDetailSchema, '已受理（或重试时返回原投诉）'), ...errors(400, 401, 403, 404, 422) },
    }),
    async (c) => {
      const key = idempotencyKey(c);
      const { complaint, replayed } = await createComplaint(deps, c.get('principal'), c.req.valid('json'), key);
      if (replayed) c.header('Idempotent-Replayed', 'true');
      return c.json(complaint, 201);
    },
  );

  r.openapi(
    createRoute({
      method: 'get',
      path: '/api/complaints',
      tags: ['投诉'],
      summary: '我的投诉及处理情况，最新在前；运营管理与监督部门可用 scope=all 查看全部',
      security: bearerSecurity,
      request: { query: z.object({ scope: z.enum(['mine', 'all']).default('mine') }) },
      responses: { 200: jsonResponse(ComplaintListSchema, '投诉列表'), ...errors(400, 401, 403) },
    }),
    async (c) => c.json({ items: await listComplaints(deps, c.get('principal'), c.req.valid('query').scope) }, 200),
  );

  // Before /api/complaints/{id}, which would take "counts" for an id.
  r.openapi(
    createRoute({
      method: 'get',
      path: COMPLAINT_PATHS.complaintCounts,
      tags: ['投诉'],
      summary: '待处理（未办结）投诉的件数（运营管理与监督部门）',
      security: bearerSecurity,
      responses: { 200: jsonResponse(ComplaintCountsSchema, '件数'), ...errors(401, 403) },
    }),
    async (c) => c.json(await countOpenComplaints(deps, c.get('principal')), 200),
  );

  r.openapi(
    createRoute({
      method: 'get',
      path: '/api/complaints/{id}',
      tags: ['投诉'],
      summary: '一件投诉：对象、内容、处理记录和结果',
      security: bearerSecurity,
      request: { params: IdParams },
      responses: { 200: jsonResponse(ComplaintDetailSchema, '投诉'), ...errors(400, 401, 404) },
    }),
    async (c) => c.json(await getComplaint(deps, c.get('principal'), c.req.valid('param').id), 200),
  );

  r.openapi(
    createRoute({
      method: 'post',
      path: '/api/complaints/{id}/actions',
      tags: ['投诉'],
      summary: '处理投诉（运营管理）：确认、调查、办结并告知结果；version 须为当前版本（否则 409）',
      security: bearerSecurity,
      request: { params: IdParams, body: jsonBody(ComplaintActionSchema) },
      responses: { 200: jsonResponse(ComplaintDetailSchema, '处理后的投诉'), ...errors(400, 401, 403, 404, 409, 422) },
    }),
    async (c) => c.json(await actOnComplaint(deps, c.get('principal'), c.req.valid('param').id, c.req.valid('json')), 200),
  );
  return r;
}
