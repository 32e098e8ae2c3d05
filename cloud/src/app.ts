// Builds the Hono app: middleware, routers, the OpenAPI document and the
// reference page. The same app runs in the local server and on Vercel.
import { OpenAPIHono } from '@hono/zod-openapi';
import { DOCS_PATHS, isStorableText, MAX_JSON_BODY_BYTES } from '@qi/shared';
import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import { HTTPException } from 'hono/http-exception';
import type { Deps } from './deps';
import { sealOnce } from './db/sealNames';
import { isDbUnavailable } from './db/types';
import { ApiError, DB_UNAVAILABLE_RETRY_AFTER_S } from './errors';
import { bodyWithin } from './jsonBody';
import { rateLimits } from './rateLimit';
import { apiSecurityHeaders } from './securityHeaders';
import { authRoutes } from './routes/auth';
import { catalogRoutes } from './routes/catalog';
import type { AppEnv, Router } from './routes/common';
import { DOCS_INLINE_SCRIPTS, docsRoutes } from './routes/docs';
import { needRoutes } from './routes/needs';
import { stationRoutes } from './routes/stations';
import { ratingLinkRoutes } from './routes/ratingLinks';
import { complaintRoutes } from './routes/complaints';
import { followUpRoutes } from './routes/followUps';
import { privacyRoutes } from './routes/privacy';
import { settingsRoutes } from './routes/settings';
import { calendarRoutes } from './routes/calendar';
import { institutionRoutes } from './routes/institutions';
import { directoryRoutes } from './routes/directory';
import { uploadRoutes } from './routes/uploads';
import { taskRoutes } from './routes/tasks';
import { notificationRoutes } from './routes/notifications';
import { cronRoutes } from './routes/cron';
import { piiAccessRoutes } from './routes/piiAccess';
import { statsRoutes } from './routes/stats';
import { archiveRoutes } from './routes/archives';
import { evaluationRoutes } from './routes/evaluation';
import { staffRoutes } from './routes/staff';

export function createApp(deps: Deps) {
  const app = new OpenAPIHono<AppEnv>();
  app.use('/api/*', apiSecurityHeaders(DOCS_INLINE_SCRIPTS));
  app.use('/api/*', refuseControlCharacters);
  // Names stored before they were encrypted are encrypted before the first request is served
  // (the rate limits load the caller's).
  app.use('/api/*', async (_c, next) => {
    await sealOnce(deps, deps.db, deps.pii);
    await next();
  });
  app.use('/api/*', rateLimits(deps)); // sign-in and creating POSTs, uploads included
  mount(app, uploadRoutes(deps)); // before the JSON-only and 256 KB rules: files are multipart, with their own limit

  app.use(
    '/api/*',
    bodyWithin(MAX_JSON_BODY_BYTES, () => {
      throw new ApiError('payload_too_large', `提交的内容超过 ${MAX_JSON_BODY_BYTES / 1024} KB`);
    }),
  );
  // JSON bodies only: anything else would be read as an empty object.
  app.use('/api/*', async (c, next) => {
    if (['POST', 'PUT', 'PATCH'].includes(c.req.method)) {
      const type = c.req.header('content-type') ?? '';
      if (!/^application\/json\b/i.test(type)) throw new ApiError('unsupported_media_type');
    }
    await next();
  });

  for (const routers of [
    authRoutes(deps),
    catalogRoutes(deps),
    needRoutes(deps),
    stationRoutes(deps),
    ratingLinkRoutes(deps),
    complaintRoutes(deps),
    settingsRoutes(deps),
    calendarRoutes(deps),
    institutionRoutes(deps),
    directoryRoutes(deps),
    taskRoutes(deps),
    notificationRoutes(deps),
    cronRoutes(deps),
    piiAccessRoutes(deps),
    statsRoutes(deps),
    archiveRoutes(deps),
    evaluationRoutes(deps),
    followUpRoutes(deps),
    staffRoutes(deps),
    privacyRoutes(deps),
  ]) {
    mount(app, routers);
  }
  app.route('/', docsRoutes());

  app.openAPIRegistry.registerComponent('securitySchemes', 'bearerAuth', {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description: '登录（/api/auth/wechat 或演示登录）得到的会话令牌：Authorization: Bearer <token>',
  });
  app.openAPIRegistry.registerComponent('securitySchemes', 'cronSecret', {
    type: 'http',
    scheme: 'bearer',
    description: '定时任务密钥：Authorization: Bearer $CRON_SECRET（Vercel Cron 自动带上）',
  });
  app.doc31(DOCS_PATHS.openapi, openApiConfig(deps));

  app.notFound(notFound);

  app.onError((err, c) => {
    if (err instanceof ApiError) return c.json(err.toBody(), err.status as 400);
    if (err instanceof HTTPException && err.status === 400) {
      // Hono's JSON validator throws this for a body that does not parse.
      return c.json(new ApiError('malformed_json').toBody(), 400);
    }
    if (err instanceof HTTPException && err.status === 415) {
      // A multipart route's validator, given another body type (JSON routes refuse it earlier).
      return c.json(new ApiError('unsupported_media_type', '提交内容的类型与接口要求不符').toBody(), 415);
    }
    if (err instanceof HTTPException && err.status < 500) {
      return c.json(new ApiError('validation_failed', err.message).toBody(), err.status);
    }
    if (isDbUnavailable(err)) {
      // A restart, a failover or a cut connection: nothing was acknowledged, the pool
      // reconnects by itself, and the client may retry (with the same Idempotency-Key).
      console.warn(`[api] ${c.req.method} ${c.req.path}: database unavailable: ${err.message}`);
      c.header('Retry-After', String(DB_UNAVAILABLE_RETRY_AFTER_S));
      return c.json(new ApiError('database_unavailable').toBody(), 503);
    }
    console.error(`[api] ${c.req.method} ${c.req.path} failed:`, err);
    return c.json(new ApiError('internal').toBody(), 500);
  });

  return app;
}

/** The document's top level: info, servers and the tags in the order the reference shows them. */
export function openApiConfig(deps: Deps) {
  return {
    openapi: '3.1.0',
    info: {
      title: '质量基础设施“一站式”服务 API',
      version: '1.0.0',
      description: '企业提交需求、服务专员受理派单、服务机构办理、企业评价。错误统一为 { error: { code, message, issues? } }。',
      license: { name: 'UNLICENSED（项目内部使用）', identifier: 'LicenseRef-Proprietary' },
    },
    // Paths already carry /api, so the server is the site's root: the public address when configured, else the origin serving this document.
    servers: [{ url: deps.config.publicBaseUrl?.replace(/\/+$/, '') || '/', description: '本服务' }],
    tags: OPENAPI_TAGS,
  };
}

const OPENAPI_TAGS = [
  { name: '账号', description: '登录、会话与当前用户' },
  { name: '服务目录', description: '服务类别、服务项目与机构名录（公开）' },
  { name: '需求', description: '企业的需求：提交、查看、流转与评价' },
  { name: '工作台', description: '服务专员与运营管理的工作台：计数、匹配、企业查找' },
  { name: '服务任务', description: '服务机构与专家承接的任务' },
  { name: '服务站点', description: '服务中心、分中心与驿站：公示、二维码、到站登记、站点维护' },
  { name: '投诉', description: '企业的投诉及其处理' },
  { name: '消息', description: '站内消息与微信订阅消息' },
  { name: '附件', description: '附件的上传与下载' },
  { name: '设置', description: '办理时限等运营设置' },
  { name: '名录维护', description: '机构名录与专家库的维护及修改历史（运营管理）' },
  { name: '个人信息保护', description: '未脱敏个人信息的查阅记录（运营管理、监督部门）' },
  { name: '定时任务', description: '由 Vercel Cron 调用的定时任务' },
  { name: '档案', description: '一项一档、一企一档、档案检索与复查、半年工作总结（PDF）' },
  { name: '员工账号', description: '员工账号的邀请、绑定、角色与站点、撤销及变更记录（运营管理）' },
];

export type App = ReturnType<typeof createApp>;

/** 404 in the error envelope, for the app and for a server that mounts it. */
export function notFound(c: Context) {
  const api = c.req.path === '/api' || c.req.path.startsWith('/api/');
  return c.json(new ApiError('not_found', api ? '接口不存在' : '页面不存在').toBody(), 404);
}

/**
 * Path and query parameters hold no control character (NUL included) and no
 * lone surrogate: every route's parameters, before any schema sees them. The
 * schemas refuse the same in bodies (shared/src/schemas.ts, plainText).
 */
const refuseControlCharacters = createMiddleware(async (c, next) => {
  const url = new URL(c.req.url);
  const decode = (s: string) => {
    try {
      return decodeURIComponent(s.replace(/\+/g, ' '));
    } catch {
      return null; // malformed percent-encoding
    }
  };
  const parts = [url.pathname, ...url.search.slice(1).split('&')].map(decode);
  if (parts.some((p) => p === null || !isStorableText(p))) {
    throw new ApiError('validation_failed', '地址或查询参数包含无效字符', [{ path: 'url', message: '不能包含控制字符或无效编码' }]);
  }
  await next();
});

/** Mounts each router at its resource's base path. */
function mount(app: OpenAPIHono<AppEnv>, routers: readonly Router[]): void {
  for (const r of routers) app.route(r.base, r);
}
