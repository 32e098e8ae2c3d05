import { createRoute } from '@hono/zod-openapi';
import {
  IdSchema,
  NotificationListQuerySchema,
  NotificationPageSchema,
  NotificationSchema,
  ReadAllResultSchema,
  SubscriptionInputSchema,
  SubscriptionStatusSchema,
} from '@qi/shared';
import { z } from 'zod';
import type { Deps } from '../deps';
import {
  listNotifications,
  markAllRead,
  markRead,
  recordSubscription,
  subscriptionStatus,
} from '../services/notifications';
import { bearerSecurity, createRouter, errors, jsonBody, jsonResponse, signedIn } from './common';

export function notificationRoutes(deps: Deps) {
  const r = createRouter();
  r.use('/api/notifications', signedIn(deps));
  r.use('/api/notifications/*', signedIn(deps));

  r.openapi(
    createRoute({
      method: 'get',
      path: '/api/notifications',
      tags: ['消息'],
      summary: '我的消息：最新在前，游标分页，附未读数',
      security: bearerSecurity,
      request: { query: NotificationListQuerySchema },
      responses: { 200: jsonResponse(NotificationPageSchema, '一页消息'), ...errors(400, 401) },
    }),
    async (c) => c.json(await listNotifications(deps, c.get('principal'), c.req.valid('query')), 200),
  );

  // Fixed paths before /api/notifications/{id}/read.
  r.openapi(
    createRoute({
      method: 'post',
      path: '/api/notifications/read-all',
      tags: ['消息'],
      summary: '全部标为已读',
      security: bearerSecurity,
      responses: { 200: jsonResponse(ReadAllResultSchema, '已读条数'), ...errors(401) },
    }),
    async (c) => c.json(await markAllRead(deps, c.get('principal')), 200),
  );

  r.openapi(
    createRoute({
      method: 'get',
      path: '/api/notifications/subscriptions',
      tags: ['消息'],
      summary: '可订阅的微信订阅消息模板，及本人剩余的可接收条数',
      security: bearerSecurity,
      responses: { 200: jsonResponse(SubscriptionStatusSchema, '订阅状态'), ...errors(401) },
    }),
    async (c) => c.json(await subscriptionStatus(deps, c.get('principal')), 200),
  );

  r.openapi(
    createRoute({
      method: 'post',
      path: '/api/notifications/subscriptions',
      tags: ['消息'],
      summary: '记录 wx.requestSubscribeMessage 的结果：每次同意可接收一条订阅消息',
      security: bearerSecurity,
      request: { body: jsonBody(SubscriptionInputSchema) },
      responses: { 200: jsonResponse(SubscriptionStatusSchema, '订阅状态'), ...errors(400, 401, 422) },
    }),
    async (c) => c.json(await recordSubscription(deps, c.get('principal'), c.req.valid('json')), 200),
  );

  r.openapi(
    createRoute({
      method: 'post',
      path: '/api/notifications/{id}/read',
      tags: ['消息'],
      summary: '标为已读（本人的消息）',
      security: bearerSecurity,
      request: { params: z.object({ id: IdSchema }) },
      responses: { 200: jsonResponse(NotificationSchema, '已读的消息'), ...errors(400, 401, 404) },
    }),
    async (c) => c.json(await markRead(deps, c.get('principal'), c.req.valid('param').id), 200),
  );
  return r;
}
