import { DIRECTORY_PATHS, InstitutionQuerySchema, InstitutionSchema } from '@qi/shared';
import { z } from 'zod';
import type { Deps } from '../deps';
import { listPublicInstitutions } from '../services/institutions';
import { createRouter } from './common';
import * as ex from './examples';
import { defineRoute, jsonResponse } from './route';

export function institutionRoutes(deps: Deps) {
  const r = createRouter(DIRECTORY_PATHS.institutions);
  r.openapi(
    defineRoute(deps, {
      operationId: 'listInstitutions',
      method: 'get',
      path: DIRECTORY_PATHS.institutions,
      tag: '服务目录',
      summary: '机构名录（公开信息）：提供某类别或某服务项目的在册机构，不含联系人',
      access: 'public',
      request: { query: InstitutionQuerySchema },
      responses: { 200: jsonResponse(z.array(InstitutionSchema), '机构列表', ex.institutions) },
    }),
    async (c) => {
      c.header('Cache-Control', 'public, max-age=60');
      return c.json(await listPublicInstitutions(deps, c.req.valid('query')), 200);
    },
  );
  return [r];
}
