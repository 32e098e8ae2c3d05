import { API_PATHS, DevLoginSchema, EnterpriseProfileSchema, LoginResultSchema, MeSchema, WechatLoginSchema } from '@qi/shared';
import type { Deps } from '../deps';
import { ApiError } from '../errors';
import { devLogin, getMe, saveEnterpriseProfile, wechatLogin } from '../services/users';
import { createRouter } from './common';
import * as ex from './examples';
import { defineRoute, jsonBody, jsonResponse } from './route';

export function authRoutes(deps: Deps) {
  const me = createRouter(API_PATHS.me);
  const r = createRouter(API_PATHS.authDev);

  r.openapi(
    defineRoute(deps, {
      operationId: 'signInWithWechat',
      method: 'post',
      path: API_PATHS.authWechat,
      tag: '账号',
      summary: '微信登录：用 wx.login 的 code 换取会话',
      description: '首次登录的微信用户成为企业用户（待填写企业信息）。按来源地址限流。',
      access: 'public',
      request: { body: jsonBody(WechatLoginSchema, { code: '0a3Kx8000YkZ1V1bNQ200Ra5Hc0Kx80h' }) },
      responses: { 200: jsonResponse(LoginResultSchema, '登录成功', ex.loginResult) },
      errors: [401, 502],
    }),
    async (c) => c.json(await wechatLogin(deps, c.req.valid('json').code), 200),
  );

  r.openapi(
    defineRoute(deps, {
      operationId: 'signInAsDemoPersona',
      method: 'post',
      path: API_PATHS.authDev,
      tag: '账号',
      summary: '演示登录：演示身份，或首次登录的新用户（仅演示模式，否则 404）',
      access: 'public',
      request: { body: jsonBody(DevLoginSchema, { persona: 'enterprise' }) },
      responses: { 200: jsonResponse(LoginResultSchema, '登录成功', ex.loginResult) },
      errors: [404],
    }),
    async (c) => {
      if (!deps.config.demoMode) throw new ApiError('not_found', '接口不存在');
      return c.json(await devLogin(deps, c.req.valid('json')), 200);
    },
  );

  me.openapi(
    defineRoute(deps, {
      operationId: 'getMe',
      method: 'get',
      path: API_PATHS.me,
      tag: '账号',
      summary: '当前用户、角色及其企业/机构/专家身份',
      access: 'signedIn',
      responses: { 200: jsonResponse(MeSchema, '当前用户', ex.me) },
    }),
    async (c) => c.json(await getMe(deps, c.get('principal')), 200),
  );

  me.openapi(
    defineRoute(deps, {
      operationId: 'saveEnterpriseProfile',
      method: 'put',
      path: API_PATHS.meEnterprise,
      tag: '账号',
      summary: '填写或更新本账号的企业信息（统一社会信用代码校验）',
      access: 'signedIn',
      roles: ['enterprise'],
      request: {
        body: jsonBody(EnterpriseProfileSchema, {
          name: '海南椰语食品有限公司',
          creditCode: '91460105MA5T8H3R2K',
          region: '海口市',
          industry: '食品制造',
          scale: 'small',
          contactName: '林晓华',
        }),
      },
      responses: { 200: jsonResponse(MeSchema, '更新后的当前用户', ex.me) },
      errors: [409, 422],
    }),
    async (c) => c.json(await saveEnterpriseProfile(deps, c.get('principal'), c.req.valid('json')), 200),
  );
  return [r, me];
}
