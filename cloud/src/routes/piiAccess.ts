// The log of unmasked reads of personal data, for managers and supervisors.
import { PII_ACCESS_PATHS, PiiAccessLogPageSchema, PiiAccessLogQuerySchema } from '@qi/shared';
import type { Deps } from '../deps';
import { listPiiAccess } from '../services/piiAccess';
import { createRouter } from './common';
import * as ex from './examples';
import { defineRoute, jsonResponse } from './route';

export function piiAccessRoutes(deps: Deps) {
  const r = createRouter(PII_ACCESS_PATHS.log);

  r.openapi(
    defineRoute(deps, {
      operationId: 'listPiiAccessLog',
      method: 'get',
      path: PII_ACCESS_PATHS.log,
      tag: '个人信息保护',
      summary: '个人信息查阅记录：谁在何时以何目的查看了未脱敏的联系人、投诉人或访客；最新在前，游标分页',
      access: 'signedIn',
      roles: ['manager', 'supervisor'],
      request: { query: PiiAccessLogQuerySchema },
      responses: { 200: jsonResponse(PiiAccessLogPageSchema, '一页查阅记录', ex.piiAccessLogPage) },
    }),
    async (c) => c.json(await listPiiAccess(deps, c.get('principal'), c.req.valid('query')), 200),
  );
  return [r];
}
