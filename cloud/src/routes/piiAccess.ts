// The log of unmasked reads of personal data, for managers and supervisors.
import { createRoute } from '@hono/zod-openapi';
import { PII_ACCESS_PATHS, PiiAccessLogPageSchema, PiiAccessLogQuerySchema } from '@qi/shared';
import type { Deps } from '../deps';
import { listPiiAccess } from '../services/piiAccess';
import { bearerSecurity, createRouter, errors, jsonResponse, signedIn } from './common';

export function piiAccessRoutes(deps: Deps) {
  const r = createRouter();
  r.use(PII_ACCESS_PATHS.log, signedIn(deps));

  r.openapi(
    createRoute({
      method: 'get',
      path: PII_ACCESS_PATHS.log,
      operationId: 'listPiiAccessLog',
      tags: ['个人信息保护'],
      summary: '个人信息查阅记录（运营管理、监督部门）：谁在何时以何目的查看了未脱敏的联系人、投诉人或访客；最新在前，游标分页',
      security: bearerSecurity,
      request: { query: PiiAccessLogQuerySchema },
      responses: { 200: jsonResponse(PiiAccessLogPageSchema, '一页查阅记录'), ...errors(400, 401, 403) },
    }),
    async (c) => c.json(await listPiiAccess(deps, c.get('principal'), c.req.valid('query')), 200),
  );
  return r;
}
