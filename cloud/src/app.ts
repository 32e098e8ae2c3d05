// Builds the Hono app: middleware, routers, the OpenAPI document and the
// reference page. The same app runs in the local server and on Vercel.
import { OpenAPIHono } from '@hono/zod-openapi';
import { MAX_JSON_BODY_BYTES } from '@qi/shared';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import type { Deps } from './deps';
import { ApiError } from './errors';
import { rateLimit } from './rateLimit';
import { authRoutes } from './routes/auth';
import { catalogRoutes } from './routes/catalog';
import type { AppEnv } from './routes/common';
import { docsRoutes } from './routes/docs';
import { needRoutes } from './routes/needs';
import { stationRoutes } from './routes/stations';
import { complaintRoutes } from './routes/complaints';
import { settingsRoutes } from './routes/settings';
import { calendarRoutes } from './routes/calendar';
import { institutionRoutes } from './routes/institutions';
import { uploadRoutes } from './routes/uploads';
import { taskRoutes } from './routes/tasks';
import { notificationRoutes } from './routes/notifications';
import { cronRoutes } from './routes/cron';

export function createApp(deps: Deps) {
  const app = new OpenAPIHono<AppEnv>();
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

  app.use('/api/auth/*', rateLimit({ limit: 30, windowMs: 60_000 }));
  app.route('/', authRoutes(deps));
  app.route('/', catalogRoutes());
  app.route('/', needRoutes(deps));
  app.route('/', stationRoutes(deps));
  app.route('/', complaintRoutes(deps));
  app.route('/', settingsRoutes(deps));
  app.route('/', calendarRoutes(deps));
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

  app.notFound((c) => {
    const body = new ApiError('not_found', c.req.path.startsWith('/api/') ? '接口不存在' : '页面不存在').toBody();
    return c.json(body, 404);
  });

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
