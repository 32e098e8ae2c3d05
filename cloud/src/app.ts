// Builds the Hono app: middleware, routers, the OpenAPI document and the
// reference page. The same app runs in the local server and on Vercel.
import { OpenAPIHono } from '@hono/zod-openapi';
import { isStorableText, MAX_JSON_BODY_BYTES } from '@qi/shared';
import type { Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { createMiddleware } from 'hono/factory';
import { HTTPException } from 'hono/http-exception';
import type { Deps } from './deps';
import { ApiError } from './errors';
import { rateLimits } from './rateLimit';
import { authRoutes } from './routes/auth';
import { catalogRoutes } from './routes/catalog';
import type { AppEnv } from './routes/common';
import { docsRoutes } from './routes/docs';
import { needRoutes } from './routes/needs';
import { stationRoutes } from './routes/stations';
import { complaintRoutes } from './routes/complaints';
import { settingsRoutes } from './routes/settings';
import { institutionRoutes } from './routes/institutions';
import { uploadRoutes } from './routes/uploads';
import { taskRoutes } from './routes/tasks';
import { notificationRoutes } from './routes/notifications';
import { cronRoutes } from './routes/cron';

export function createApp(deps: Deps) {
  const app = new OpenAPIHono<AppEnv>();
  app.use('/api/*', refuseControlCharacters);
  app.use('/api/*', rateLimits(deps)); // sign-in and creating POSTs, uploads included
  app.route('/', uploadRoutes(deps)); // before the JSON-only and 256 KB rules: files are multipart, with their own limit

  app.use(
    '/api/*',
    bodyLimit({ maxSize: MAX_JSON_BODY_BYTES, onError: () => { throw new ApiError('payload_too_large', `提交的内容超过 ${MAX_JSON_BODY_BYTES / 1024} KB`); } }),
  );
  // JSON bodies only: anything else would be read as an empty object.
  app.use('/api/*', async (c, next) => {
    if (['POST', 'PUT', 'PATCH'].includes(c.req.method)) {
      const type = c.req.header('content-type') ?? '';
      if (!/^application\/json\b/i.test(type)) throw new ApiError('unsupported_media_type');
    }
    await next();
  });

  app.route('/', authRoutes(deps));
  app.route('/', catalogRoutes());
  app.route('/', needRoutes(deps));
  app.route('/', stationRoutes(deps));
  app.route('/', complaintRoutes(deps));
  app.route('/', settingsRoutes(deps));
  app.route('/', institutionRoutes(deps));
  app.route('/', taskRoutes(deps));
  app.route('/', notificationRoutes(deps));
  app.route('/', cronRoutes(deps));
  app.route('/', docsRoutes());

  app.openAPIRegistry.registerComponent('securitySchemes', 'bearerAuth', { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
  app.doc31('/api/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: '质量基础设施“一站式”服务 API',
      version: '1.0.0',
      description: '企业提交需求、服务专员受理派单、服务机构办理、企业评价。错误统一为 { error: { code, message, issues? } }。',
    },
  });

  app.notFound(notFound);

  app.onError((err, c) => {
    if (err instanceof ApiError) return c.json(err.toBody(), err.status as 400);
    if (err instanceof HTTPException && err.status === 400) {
      // Hono's JSON validator throws this for a body that does not parse.
      return c.json(new ApiError('malformed_json').toBody(), 400);
    }
    if (err instanceof HTTPException && err.status < 500) {
      return c.json(new ApiError('validation_failed', err.message).toBody(), err.status);
    }
    console.error(`[api] ${c.req.method} ${c.req.path} failed:`, err);
    return c.json(new ApiError('internal').toBody(), 500);
  });

  return app;
}

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
