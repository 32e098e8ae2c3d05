// The improvement loop (持续改进): follow-ups of bad ratings (回访) and
// rectifications (整改).
import {
  CallBackInputSchema,
  FOLLOW_UP_PATHS,
  FollowUpCountsSchema,
  FollowUpListQuerySchema,
  FollowUpListSchema,
  FollowUpSchema,
  IdSchema,
  RectificationDoneSchema,
  RectificationInputSchema,
  RectificationListQuerySchema,
  RectificationListSchema,
  RectificationSchema,
  ResolutionInputSchema,
} from '@qi/shared';
import { z } from 'zod';
import type { Deps } from '../deps';
import {
  completeRectification,
  countMyFollowUps,
  createRectification,
  getFollowUp,
  getRectification,
  listFollowUps,
  listRectifications,
  recordCallBack,
  resolveFollowUp,
} from '../services/followUps';
import { createRouter } from './common';
import * as ex from './followUpExamples';
import { defineRoute, jsonBody, jsonResponse } from './route';

const IdParams = z.object({ id: IdSchema });
const TAG = '回访与整改';

export function followUpRoutes(deps: Deps) {
  const f = createRouter(FOLLOW_UP_PATHS.followUps);

  f.openapi(
    defineRoute(deps, {
      operationId: 'listFollowUps',
      method: 'get',
      path: FOLLOW_UP_PATHS.followUps,
      tag: TAG,
      summary: '回访列表：未处理的在前（按期限），可按状态、是否超期、负责人筛选；scope=all 为全部（运营管理；监督部门只读、脱敏）',
      access: 'signedIn',
      roles: ['specialist', 'manager', 'supervisor'],
      request: { query: FollowUpListQuerySchema },
      responses: { 200: jsonResponse(FollowUpListSchema, '回访列表', ex.followUpList) },
    }),
    async (c) => c.json({ items: await listFollowUps(deps, c.get('principal'), c.req.valid('query')) }, 200),
  );

  // Before /api/follow-ups/{id}, which would take "counts" for an id.
  f.openapi(
    defineRoute(deps, {
      operationId: 'countMyFollowUps',
      method: 'get',
      path: FOLLOW_UP_PATHS.followUpCounts,
      tag: TAG,
      summary: '本人负责的未处理回访件数及其中超期的件数（工作台角标）',
      access: 'signedIn',
      roles: ['specialist', 'manager'],
      responses: { 200: jsonResponse(FollowUpCountsSchema, '件数', ex.followUpCounts) },
    }),
    async (c) => c.json(await countMyFollowUps(deps, c.get('principal')), 200),
  );

  f.openapi(
    defineRoute(deps, {
      operationId: 'getFollowUp',
      method: 'get',
      path: FOLLOW_UP_PATHS.followUp,
      tag: TAG,
      summary: '一件回访：原因、企业评价、负责人、期限、回访记录和处理结果（负责人、运营管理；监督部门脱敏）',
      access: 'signedIn',
      request: { params: IdParams },
      responses: { 200: jsonResponse(FollowUpSchema, '回访', ex.followUp) },
      errors: [404],
    }),
    async (c) => c.json(await getFollowUp(deps, c.get('principal'), c.req.valid('param').id), 200),
  );

  f.openapi(
    defineRoute(deps, {
      operationId: 'recordFollowUpCallBack',
      method: 'post',
      path: FOLLOW_UP_PATHS.followUpCallBacks,
      tag: TAG,
      summary: '记录一次回访：时间、方式（电话/上门/微信/其他）、企业反馈；version 须为当前版本（否则 409）',
      access: 'signedIn',
      roles: ['specialist', 'manager'],
      request: {
        params: IdParams,
        body: jsonBody(CallBackInputSchema, {
          version: 1,
          calledAt: '2026-12-03T02:30:00.000Z',
          method: 'phone',
          note: '企业表示需要补充欧盟标准的检测项目，希望重新安排机构。',
        }),
      },
      responses: { 200: jsonResponse(FollowUpSchema, '记录后的回访', ex.followUp) },
      errors: [404, 409, 422],
    }),
    async (c) => c.json(await recordCallBack(deps, c.get('principal'), c.req.valid('param').id, c.req.valid('json')), 200),
  );

  f.openapi(
    defineRoute(deps, {
      operationId: 'resolveFollowUp',
      method: 'post',
      path: FOLLOW_UP_PATHS.followUpResolution,
      tag: TAG,
      summary: '处理回访（回访后，仅一次）：重新办理需求、安排整改（运营管理）或解释说明（负责人也可）；version 须为当前版本（否则 409）',
      access: 'signedIn',
      roles: ['specialist', 'manager'],
      request: {
        params: IdParams,
        body: jsonBody(ResolutionInputSchema, { resolution: 'reopen', version: 2, note: '企业需补充欧盟标准检测项目，重新安排机构服务。' }),
      },
      responses: { 200: jsonResponse(FollowUpSchema, '处理后的回访', { ...ex.followUp, state: 'resolved', version: 3 }) },
      errors: [404, 409, 422],
    }),
    async (c) => c.json(await resolveFollowUp(deps, c.get('principal'), c.req.valid('param').id, c.req.valid('json')), 200),
  );

  const r = createRouter(FOLLOW_UP_PATHS.rectifications);

  r.openapi(
    defineRoute(deps, {
      operationId: 'listRectifications',
      method: 'get',
      path: FOLLOW_UP_PATHS.rectifications,
      tag: TAG,
      summary: '整改列表：整改中的在前（按期限），可按状态、是否超期、来源筛选（运营管理；监督部门只读、脱敏）',
      access: 'signedIn',
      roles: ['manager', 'supervisor'],
      request: { query: RectificationListQuerySchema },
      responses: { 200: jsonResponse(RectificationListSchema, '整改列表', ex.rectificationList) },
    }),
    async (c) => c.json({ items: await listRectifications(deps, c.get('principal'), c.req.valid('query')) }, 200),
  );

  r.openapi(
    defineRoute(deps, {
      operationId: 'createRectification',
      method: 'post',
      path: FOLLOW_UP_PATHS.rectifications,
      tag: TAG,
      summary: '安排整改（运营管理）：来源为投诉或动态评价（回访的整改在处理回访时安排）；内容、责任方、期限',
      access: 'signedIn',
      roles: ['manager'],
      request: {
        body: jsonBody(RectificationInputSchema, {
          source: { kind: 'complaint', id: '61c3ca19-815c-42d5-8354-1caed9b715da' },
          subject: ex.rectification.subject,
          responsible: { kind: ex.rectification.responsible.kind, id: ex.rectification.responsible.id },
          dueOn: ex.rectification.dueOn,
        }),
      },
      responses: {
        201: jsonResponse(RectificationSchema, '已安排的整改', {
          ...ex.rectification,
          source: { kind: 'complaint', id: '61c3ca19-815c-42d5-8354-1caed9b715da', label: '投诉：需求QS-20261202-00001' },
        }),
      },
      errors: [404, 422],
    }),
    async (c) => c.json(await createRectification(deps, c.get('principal'), c.req.valid('json')), 201),
  );

  r.openapi(
    defineRoute(deps, {
      operationId: 'getRectification',
      method: 'get',
      path: FOLLOW_UP_PATHS.rectification,
      tag: TAG,
      summary: '一项整改：来源、内容、责任方、期限和完成情况（运营管理；监督部门只读、脱敏）',
      access: 'signedIn',
      roles: ['manager', 'supervisor'],
      request: { params: IdParams },
      responses: { 200: jsonResponse(RectificationSchema, '整改', ex.rectification) },
      errors: [404],
    }),
    async (c) => c.json(await getRectification(deps, c.get('principal'), c.req.valid('param').id), 200),
  );

  r.openapi(
    defineRoute(deps, {
      operationId: 'completeRectification',
      method: 'post',
      path: FOLLOW_UP_PATHS.rectificationDone,
      tag: TAG,
      summary: '确认整改完成（运营管理）：完成日期与整改情况，仅一次；version 须为当前版本（否则 409）',
      access: 'signedIn',
      roles: ['manager'],
      request: {
        params: IdParams,
        body: jsonBody(RectificationDoneSchema, {
          version: 1,
          doneOn: '2026-12-18',
          note: '已逐项复核检测方案并完成专项培训，签到表已归档。',
        }),
      },
      responses: { 200: jsonResponse(RectificationSchema, '已完成的整改', ex.rectification) },
      errors: [404, 409, 422],
    }),
    async (c) => c.json(await completeRectification(deps, c.get('principal'), c.req.valid('param').id, c.req.valid('json')), 200),
  );
  return [f, r];
}
