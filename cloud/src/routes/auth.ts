import { createRoute } from '@hono/zod-openapi';
import { DevLoginSchema, EnterpriseProfileSchema, LoginResultSchema, MeSchema, WechatLoginSchema } from '@qi/shared';
import type { Deps } from '../deps';
import { ApiError } from '../errors';
import { devLogin, getMe, saveEnterpriseProfile, wechatLogin } from '../services/users';
import { bearerSecurity, createRouter, errors, jsonBody, jsonResponse, signedIn } from './common';

export function authRoutes(deps: Deps) {
  const r = createRouter();

  r.openapi(
    createRoute({
      method: 'post',
      path: '/api/auth/wechat',
      tags: ['账号'],
      summary: '微信登录：用 wx.login 的 code 换取会话',
      request: { body: jsonBody(WechatLoginSchema) },
      responses: { 200: jsonResponse(LoginResultSchema, '登录成功'), ...errors(400, 401, 502) },
    }),
    async (c) => c.json(await wechatLogin(deps, c.req.valid('json').code), 200),
  );

  r.openapi(
    createRoute({
      method: 'post',
      path: '/api/auth/dev',
      tags: ['账号'],
      summary: '演示登录（仅演示模式）',
      request: { body: jsonBody(DevLoginSchema) },
      responses: { 200: jsonResponse(LoginResultSchema, '登录成功'), ...errors(400, 404) },
    }),
    async (c) => {
      if (!deps.config.demoMode) throw new ApiError('not_found', '接口不存在');
      return c.json(await devLogin(deps, c.req.valid('json').persona), 200);
    },
  );

  r.use('/api/me', signedIn(deps));
  r.use('/api/me/*', signedIn(deps));
  r.openapi(
    createRoute({
      method: 'get',
      path: '/api/me',
      tags: ['账号'],
      summary: '当前用户、角色及其企业/机构/专家身份',
      security: bearerSecurity,
      responses: { 200: jsonResponse(MeSchema, '当前用户'), ...errors(401) },
    }),
    async (c) => c.json(await getMe(deps, c.get('principal')), 200),
  );

  r.openapi(
    createRoute({
      method: 'put',
      path: '/api/me/enterprise',
      tags: ['账号'],
      summary: '填写或更新本账号的企业信息（统一社会信用代码校验）',
      security: bearerSecurity,
      request: { body: jsonBody(EnterpriseProfileSchema) },
      responses: { 200: jsonResponse(MeSchema, '更新后的当前用户'), ...errors(400, 401, 403, 409, 422) },
    }),
    async (c) => c.json(await saveEnterpriseProfile(deps, c.get('principal'), c.req.valid('json')), 200),
  );
  return r;
}
