import {
  API_PATHS,
  CreateNeedSchema,
  EnterpriseHitSchema,
  EnterpriseLookupQuerySchema,
  IdSchema,
  InboxQuerySchema,
  MatchListSchema,
  NeedActionSchema,
  NeedCountsSchema,
  NeedDetailSchema,
  NeedPageSchema,
  RatingInputSchema,
  TransferTargetsSchema,
  WORKBENCH_PATHS,
} from '@qi/shared';
import { z } from 'zod';
import type { Deps } from '../deps';
import { countNeeds, listNeeds } from '../services/inbox';
import { matchesFor } from '../services/matching';
import { actOnNeed, findEnterprises, getNeed, rateNeed, submitNeed } from '../services/needs';
import { transferTargets } from '../services/needs/transferNeed';
import { callerOf, createRouter, idempotencyKey } from './common';
import * as ex from './examples';
import { defineRoute, jsonBody, jsonResponse } from './route';

const IdParams = z.object({ id: IdSchema });

export function needRoutes(deps: Deps) {
  const enterprises = createRouter(WORKBENCH_PATHS.enterpriseLookup);
  const r = createRouter(API_PATHS.needs);

  r.openapi(
    defineRoute(deps, {
      operationId: 'createNeed',
      method: 'post',
      path: API_PATHS.needs,
      tag: '需求',
      summary: '提交需求（企业），或服务专员代企业登记；同一 Idempotency-Key 重试返回同一需求',
      description: '尚未填写企业信息的企业用户答复 422。',
      access: 'session',
      roles: ['enterprise', 'specialist'],
      idempotencyKey: '每次新提交生成一个，重试时沿用',
      request: {
        body: jsonBody(CreateNeedSchema, {
          title: '椰子汁产品出口检测咨询',
          description: '我司椰子汁准备出口东盟，需要了解检测项目和标准要求。',
          categories: ['testing', 'standardization'],
          contactName: '林晓华',
          contactPhone: '13876543210',
        }),
      },
      responses: { 201: jsonResponse(NeedDetailSchema, '已创建（或重试时返回原需求）', ex.needDetail) },
      errors: [422],
    }),
    async (c) => {
      const key = idempotencyKey(c);
      const { need, replayed } = await submitNeed(deps, await callerOf(deps, c), c.req.valid('json'), key, c.get('pendingCount'));
      if (replayed) c.header('Idempotent-Replayed', 'true');
      return c.json(need, 201);
    },
  );

  r.openapi(
    defineRoute(deps, {
      operationId: 'listNeeds',
      method: 'get',
      path: API_PATHS.needs,
      tag: '需求',
      summary: '调用者可见的需求，游标分页；工作台按状态、类别、站点、渠道、超期/即将到期筛选，最新在前或按时限排序',
      access: 'signedIn',
      request: { query: InboxQuerySchema },
      responses: { 200: jsonResponse(NeedPageSchema, '一页需求', ex.needPage) },
    }),
    async (c) => c.json(await listNeeds(deps, c.get('principal'), c.req.valid('query')), 200),
  );

  // Registered before /api/needs/{id}, which would take "counts" for an id.
  r.openapi(
    defineRoute(deps, {
      operationId: 'countNeeds',
      method: 'get',
      path: WORKBENCH_PATHS.needCounts,
      tag: '工作台',
      summary: '工作台筛选项的计数：各状态、超期、即将到期、我负责的、各类别/渠道/站点',
      access: 'signedIn',
      responses: { 200: jsonResponse(NeedCountsSchema, '计数', ex.needCounts) },
    }),
    async (c) => c.json(await countNeeds(deps, c.get('principal')), 200),
  );

  r.openapi(
    defineRoute(deps, {
      operationId: 'matchNeed',
      method: 'get',
      path: API_PATHS.needMatches,
      tag: '工作台',
      summary: '精准匹配：按类别与服务项目覆盖、资质有效期、地域、在办任务量、动态评价实测的按时率与满意率为需求推荐机构和专家',
      access: 'signedIn',
      roles: ['specialist', 'manager'],
      request: { params: IdParams },
      responses: { 200: jsonResponse(MatchListSchema, '推荐结果，得分从高到低', ex.matchList) },
      errors: [404],
    }),
    async (c) => c.json(await matchesFor(deps, c.get('principal'), c.req.valid('param').id), 200),
  );

  r.openapi(
    defineRoute(deps, {
      operationId: 'listTransferTargets',
      method: 'get',
      path: WORKBENCH_PATHS.needTransferTargets,
      tag: '工作台',
      summary: '转办：可以接手该需求的服务专员（及其所在站点）和服务站点（需求负责人或运营管理人员）',
      access: 'signedIn',
      roles: ['specialist', 'manager'],
      request: { params: IdParams },
      responses: { 200: jsonResponse(TransferTargetsSchema, '可转交的服务专员和站点', ex.transferTargets) },
      errors: [403, 404],
    }),
    async (c) => c.json(await transferTargets(deps, c.get('principal'), c.req.valid('param').id), 200),
  );

  enterprises.openapi(
    defineRoute(deps, {
      operationId: 'findEnterprises',
      method: 'get',
      path: WORKBENCH_PATHS.enterpriseLookup,
      tag: '工作台',
      summary: '窗口登记：按企业名称或统一社会信用代码查找企业（服务专员）',
      access: 'signedIn',
      roles: ['specialist', 'manager'],
      request: { query: EnterpriseLookupQuerySchema },
      responses: { 200: jsonResponse(z.array(EnterpriseHitSchema), '匹配的企业', ex.enterpriseHits) },
    }),
    async (c) => c.json(await findEnterprises(deps, c.get('principal'), c.req.valid('query').q), 200),
  );

  r.openapi(
    defineRoute(deps, {
      operationId: 'getNeed',
      method: 'get',
      path: API_PATHS.need,
      tag: '需求',
      summary: '需求详情：过程记录、任务、评价、时限和可执行的操作',
      access: 'signedIn',
      request: { params: IdParams },
      responses: { 200: jsonResponse(NeedDetailSchema, '需求详情', ex.needDetail) },
      errors: [404],
    }),
    async (c) => c.json(await getNeed(deps, c.get('principal'), c.req.valid('param').id), 200),
  );

  r.openapi(
    defineRoute(deps, {
      operationId: 'actOnNeed',
      method: 'post',
      path: API_PATHS.needActions,
      tag: '需求',
      summary: '一次状态流转（带版本号）',
      description: '谁可以执行哪一步由需求的状态机决定（详情的 allowedActions）；不允许的身份 403，不允许的状态 422。',
      access: 'signedIn',
      request: { params: IdParams, body: jsonBody(NeedActionSchema, { action: 'accept', version: 1 }) },
      responses: { 200: jsonResponse(NeedDetailSchema, '流转后的需求', ex.needDetail) },
      errors: [403, 404, 409, 422],
    }),
    async (c) => c.json(await actOnNeed(deps, c.get('principal'), c.req.valid('param').id, c.req.valid('json')), 200),
  );

  r.openapi(
    defineRoute(deps, {
      operationId: 'rateNeed',
      method: 'post',
      path: API_PATHS.needRating,
      tag: '需求',
      summary: '满意度评价（DB46 附录 C），在评价期内（默认办结后 5 个工作日）',
      access: 'signedIn',
      roles: ['enterprise'],
      request: {
        params: IdParams,
        body: jsonBody(RatingInputSchema, {
          timeliness: 'very_satisfied',
          professionalism: 'satisfied',
          courtesy: 'very_satisfied',
          overall: 'satisfied',
          resolved: true,
          comment: '答复及时，检测项目说明清楚。',
        }),
      },
      responses: { 201: jsonResponse(NeedDetailSchema, '已评价的需求', ex.needDetail) },
      errors: [404, 409, 422],
    }),
    async (c) => c.json(await rateNeed(deps, c.get('principal'), c.req.valid('param').id, c.req.valid('json')), 201),
  );
  return [r, enterprises];
}
