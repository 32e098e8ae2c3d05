// Settings managers keep: the time limits (public to read, changed by managers).
import { SETTINGS_PATHS, TimeLimitsUpdateSchema, TimeLimitsViewSchema } from '@qi/shared';
import type { Deps } from '../deps';
import { getTimeLimits, updateTimeLimits } from '../services/settings';
import { createRouter } from './common';
import * as ex from './examples';
import { defineRoute, jsonBody, jsonResponse } from './route';

export function settingsRoutes(deps: Deps) {
  const r = createRouter(SETTINGS_PATHS.timeLimits);

  r.openapi(
    defineRoute(deps, {
      operationId: 'getTimeLimits',
      method: 'get',
      path: SETTINGS_PATHS.timeLimits,
      tag: '设置',
      summary: '办理时限（工作日，公开的服务承诺）：现行值、规范默认值、最近修改',
      access: 'public',
      responses: { 200: jsonResponse(TimeLimitsViewSchema, '办理时限', ex.timeLimits) },
    }),
    async (c) => c.json(await getTimeLimits(deps), 200),
  );

  // Reading is public (a service commitment); changing needs a signed-in manager.
  r.openapi(
    defineRoute(deps, {
      operationId: 'updateTimeLimits',
      method: 'put',
      path: SETTINGS_PATHS.timeLimits,
      tag: '设置',
      summary: '修改办理时限（运营管理）；此后计算的期限按新时限，已给出的期限不变；version 须为当前版本（否则 409）',
      access: 'signedIn',
      roles: ['manager'],
      request: { body: jsonBody(TimeLimitsUpdateSchema, { version: ex.timeLimits.version, limits: ex.timeLimits.limits }) },
      responses: { 200: jsonResponse(TimeLimitsViewSchema, '修改后的办理时限', ex.timeLimits) },
      errors: [409],
    }),
    async (c) => c.json(await updateTimeLimits(deps, c.get('principal'), c.req.valid('json')), 200),
  );
  return [r];
}
