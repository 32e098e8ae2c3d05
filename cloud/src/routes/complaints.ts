import {
  COMPLAINT_PATHS,
  ComplaintActionSchema,
  ComplaintCountsSchema,
  ComplaintDetailSchema,
  ComplaintFeedbackInputSchema,
  ComplaintInputSchema,
  ComplaintListSchema,
  IdSchema,
} from '@qi/shared';
import { z } from 'zod';
import type { Deps } from '../deps';
import {
  actOnComplaint,
  countOpenComplaints,
  createComplaint,
  getComplaint,
  giveComplaintFeedback,
  listComplaints,
} from '../services/complaints';
import { createRouter, idempotencyKey } from './common';
import * as ex from './examples';
import { defineRoute, jsonBody, jsonResponse } from './route';

const IdParams = z.object({ id: IdSchema });

export function complaintRoutes(deps: Deps) {
  const r = createRouter(COMPLAINT_PATHS.complaints);

  r.openapi(
    defineRoute(deps, {
      operationId: 'createComplaint',
      method: 'post',
      path: COMPLAINT_PATHS.complaints,
      tag: '投诉',
      summary: '提交投诉（针对需求办理、服务机构或专家、服务人员）；同一 Idempotency-Key 重试返回同一投诉',
      access: 'signedIn',
      roles: ['enterprise'],
      idempotencyKey: '每次新提交生成一个，重试时沿用',
      request: {
        body: jsonBody(ComplaintInputSchema, {
          needId: ex.needDetail.id,
          targetKind: 'need',
          content: '需求受理后迟迟没有回复，希望尽快安排。',
        }),
      },
      responses: { 201: jsonResponse(ComplaintDetailSchema, '已受理（或重试时返回原投诉）', ex.complaintDetail) },
      errors: [404, 422],
    }),
    async (c) => {
      const key = idempotencyKey(c);
      const { complaint, replayed } = await createComplaint(deps, c.get('principal'), c.req.valid('json'), key);
      if (replayed) c.header('Idempotent-Replayed', 'true');
      return c.json(complaint, 201);
    },
  );

  r.openapi(
    defineRoute(deps, {
      operationId: 'listComplaints',
      method: 'get',
      path: COMPLAINT_PATHS.complaints,
      tag: '投诉',
      summary: '我的投诉及处理情况，最新在前；运营管理与监督部门可用 scope=all 查看全部；needId 只列关于该需求的投诉',
      access: 'signedIn',
      request: {
        query: z.object({
          scope: z.enum(['mine', 'all']).default('mine'),
          needId: IdSchema.optional().meta({ description: '只列关于该需求的投诉（需求页的“相关投诉”）' }),
        }),
      },
      responses: { 200: jsonResponse(ComplaintListSchema, '投诉列表', ex.complaintList) },
      errors: [403],
    }),
    async (c) => {
      const { scope, needId } = c.req.valid('query');
      return c.json({ items: await listComplaints(deps, c.get('principal'), scope, needId) }, 200);
    },
  );

  // Before /api/complaints/{id}, which would take "counts" for an id.
  r.openapi(
    defineRoute(deps, {
      operationId: 'countOpenComplaints',
      method: 'get',
      path: COMPLAINT_PATHS.complaintCounts,
      tag: '投诉',
      summary: '待处理（未办结）投诉的件数（运营管理与监督部门）',
      access: 'signedIn',
      roles: ['manager', 'supervisor'],
      responses: { 200: jsonResponse(ComplaintCountsSchema, '件数', ex.complaintCounts) },
    }),
    async (c) => c.json(await countOpenComplaints(deps, c.get('principal')), 200),
  );

  r.openapi(
    defineRoute(deps, {
      operationId: 'getComplaint',
      method: 'get',
      path: COMPLAINT_PATHS.complaint,
      tag: '投诉',
      summary: '一件投诉：对象、内容、处理记录和结果（投诉人、运营管理与监督部门）',
      access: 'signedIn',
      request: { params: IdParams },
      responses: { 200: jsonResponse(ComplaintDetailSchema, '投诉', ex.complaintDetail) },
      errors: [404],
    }),
    async (c) => c.json(await getComplaint(deps, c.get('principal'), c.req.valid('param').id), 200),
  );

  r.openapi(
    defineRoute(deps, {
      operationId: 'actOnComplaint',
      method: 'post',
      path: COMPLAINT_PATHS.complaintActions,
      tag: '投诉',
      summary: '处理投诉（运营管理）：确认、调查、办结并告知结果；version 须为当前版本（否则 409）',
      access: 'signedIn',
      roles: ['manager'],
      request: {
        params: IdParams,
        body: jsonBody(ComplaintActionSchema, { action: 'acknowledge', version: 1, note: '已收到，三个工作日内答复。' }),
      },
      responses: { 200: jsonResponse(ComplaintDetailSchema, '处理后的投诉', ex.complaintDetail) },
      errors: [404, 409, 422],
    }),
    async (c) => c.json(await actOnComplaint(deps, c.get('principal'), c.req.valid('param').id, c.req.valid('json')), 200),
  );

  r.openapi(
    defineRoute(deps, {
      operationId: 'giveComplaintFeedback',
      method: 'post',
      path: COMPLAINT_PATHS.complaintFeedback,
      tag: '投诉',
      summary: '投诉人评价处理结果（满意/不满意，可附意见），办结后一次；不满意时退回运营管理重新调查',
      access: 'signedIn',
      roles: ['enterprise'],
      request: {
        params: IdParams,
        body: jsonBody(ComplaintFeedbackInputSchema, { answer: 'dissatisfied', note: '只做了解释，问题仍未解决。' }),
      },
      responses: { 200: jsonResponse(ComplaintDetailSchema, '已评价的投诉', ex.complaintDetail) },
      errors: [404, 409, 422],
    }),
    async (c) => c.json(await giveComplaintFeedback(deps, c.get('principal'), c.req.valid('param').id, c.req.valid('json')), 200),
  );
  return [r];
}
