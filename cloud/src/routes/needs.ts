import { createRoute } from '@hono/zod-openapi';
import {
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
} from '@qi/shared';
import { z } from 'zod';
import type { Deps } from '../deps';
import { countNeeds, listNeeds } from '../services/inbox';
import { matchesFor } from '../services/matching';
import { actOnNeed, createNeed, findEnterprises, getNeed, rateNeed } from '../services/needs';
import { bearerSecurity, createRouter, errors, idempotencyKey, jsonBody, jsonResponse, signedIn } from './common';

const IdParams = z.object({ id: IdSchema });

export function needRoutes(deps: Deps) {
  const r = createRouter();
  r.use('/api/needs', signedIn(deps));
  r.use('/api/needs/*', signedIn(deps));

  r.openapi(
    createRoute({
      method: 'post',
      path: '/api/needs',
      tags: ['需求'],
      summary: '提交需求（企业），或服务专员代企业登记；同一 Idempotency-Key 重试返回同一需求',
      security: bearerSecurity,
      request: {
        headers: z.object({ 'idempotency-key': z.string().optional().meta({ description: '每次新提交生成一个，重试时沿用' }) }),
        body: jsonBody(CreateNeedSchema),
      },
      responses: { 201: jsonResponse(NeedDetailSchema, '已创建（或重试时返回原需求）'), ...errors(400, 401, 403, 422) },
    }),
    async (c) => {
      const key = idempotencyKey(c);
      const { need, replayed } = await createNeed(deps, c.get('principal'), c.req.valid('json'), key);
      if (replayed) c.header('Idempotent-Replayed', 'true');
      return c.json(need, 201);
    },
  );

  r.openapi(
    createRoute({
      method: 'get',
      path: '/api/needs',
      tags: ['需求'],
      summary: '调用者可见的需求，游标分页；工作台按状态、类别、站点、渠道、超期/即将到期筛选，最新在前或按时限排序',
      security: bearerSecurity,
      request: { query: InboxQuerySchema },
      responses: { 200: jsonResponse(NeedPageSchema, '一页需求'), ...errors(400, 401) },
    }),
    async (c) => c.json(await listNeeds(deps, c.get('principal'), c.req.valid('query')), 200),
  );

  // Registered before /api/needs/{id}, which would take "counts" for an id.
  r.openapi(
    createRoute({
      method: 'get',
      path: '/api/needs/counts',
      tags: ['工作台'],
      summary: '工作台筛选项的计数：各状态、超期、即将到期、我负责的、各类别/渠道/站点',
      security: bearerSecurity,
      responses: { 200: jsonResponse(NeedCountsSchema, '计数'), ...errors(401) },
    }),
    async (c) => c.json(await countNeeds(deps, c.get('principal')), 200),
  );

  r.openapi(
    createRoute({
      method: 'get',
      path: '/api/needs/{id}/matches',
      tags: ['工作台'],
      summary: '精准匹配：按类别与服务项目覆盖、资质有效期、地域、在办任务量、历史按时率与满意率为需求推荐机构和专家',
      security: bearerSecurity,
      request: { params: IdParams },
      responses: { 200: jsonResponse(MatchListSchema, '推荐结果，得分从高到低'), ...errors(400, 401, 403, 404) },
    }),
    async (c) => c.json(await matchesFor(deps, c.get('principal'), c.req.valid('param').id), 200),
  );

  r.use('/api/enterprises', signedIn(deps));
  r.openapi(
    createRoute({
      method: 'get',
      path: '/api/enterprises',
      tags: ['工作台'],
      summary: '窗口登记：按企业名称或统一社会信用代码查找企业（服务专员）',
      security: bearerSecurity,
      request: { query: EnterpriseLookupQuerySchema },
      responses: { 200: jsonResponse(z.array(EnterpriseHitSchema), '匹配的企业'), ...errors(400, 401, 403) },
    }),
    async (c) => c.json(await findEnterprises(deps, c.get('principal'), c.req.valid('query').q), 200),
  );

  r.openapi(
    createRoute({
      method: 'get',
      path: '/api/needs/{id}',
      tags: ['需求'],
      summary: '需求详情：过程记录、任务、评价、时限和可执行的操作',
      security: bearerSecurity,
      request: { params: IdParams },
      responses: { 200: jsonResponse(NeedDetailSchema, '需求详情'), ...errors(400, 401, 404) },
    }),
    async (c) => c.json(await getNeed(deps, c.get('principal'), c.req.valid('param').id), 200),
  );

  r.openapi(
    createRoute({
      method: 'post',
      path: '/api/needs/{id}/actions',
      tags: ['需求'],
      summary: '一次状态流转（带版本号）',
      security: bearerSecurity,
      request: { params: IdParams, body: jsonBody(NeedActionSchema) },
      responses: { 200: jsonResponse(NeedDetailSchema, '流转后的需求'), ...errors(400, 401, 403, 404, 409, 422) },
    }),
    async (c) => c.json(await actOnNeed(deps, c.get('principal'), c.req.valid('param').id, c.req.valid('json')), 200),
  );

  r.openapi(
    createRoute({
      method: 'post',
      path: '/api/needs/{id}/rating',
      tags: ['需求'],
      summary: '满意度评价（DB46 附录 C），在评价期内（默认办结后 5 个工作日）',
      security: bearerSecurity,
      request: { params: IdParams, body: jsonBody(RatingInputSchema) },
      responses: { 201: jsonResponse(NeedDetailSchema, '已评价的需求'), ...errors(400, 401, 403, 404, 409, 422) },
    }),
    async (c) => c.json(await rateNeed(deps, c.get('principal'), c.req.valid('param').id, c.req.valid('json')), 201),
  );
  return r;
}
