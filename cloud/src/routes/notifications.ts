import {
  IdSchema,
  NotificationListQuerySchema,
  NotificationPageSchema,
  NotificationSchema,
  ReadAllResultSchema,
  SubscriptionInputSchema,
  SubscriptionStatusSchema,
  WORKBENCH_PATHS,
} from '@qi/shared';
import { z } from 'zod';
import type { Deps } from '../deps';
import { listNotifications, markAllRead, markRead, recordSubscription, subscriptionStatus } from '../services/notifications';
import { createRouter } from './common';
import * as ex from './examples';
import { defineRoute, jsonBody, jsonResponse } from './route';

export function notificationRoutes(deps: Deps) {
  const r = createRouter(WORKBENCH_PATHS.notifications);

  r.openapi(
    defineRoute(deps, {
      operationId: 'listNotifications',
      method: 'get',
      path: WORKBENCH_PATHS.notifications,
      tag: '消息',
      summary: '我的消息：最新在前，游标分页，附未读数',
      access: 'signedIn',
      request: { query: NotificationListQuerySchema },
      responses: { 200: jsonResponse(NotificationPageSchema, '一页消息', ex.notificationPage) },
    }),
    async (c) => c.json(await listNotifications(deps, c.get('principal'), c.req.valid('query')), 200),
  );

  // Fixed paths before /api/notifications/{id}/read.
  r.openapi(
    defineRoute(deps, {
      operationId: 'markAllNotificationsRead',
      method: 'post',
      path: WORKBENCH_PATHS.notificationsReadAll,
      tag: '消息',
      summary: '全部标为已读',
      access: 'signedIn',
      responses: { 200: jsonResponse(ReadAllResultSchema, '已读条数', ex.readAllResult) },
    }),
    async (c) => c.json(await markAllRead(deps, c.get('principal')), 200),
  );

  r.openapi(
    defineRoute(deps, {
      operationId: 'getSubscriptionStatus',
      method: 'get',
      path: WORKBENCH_PATHS.subscriptions,
      tag: '消息',
      summary: '可订阅的微信订阅消息模板，及本人剩余的可接收条数',
      access: 'signedIn',
      responses: { 200: jsonResponse(SubscriptionStatusSchema, '订阅状态', ex.subscriptionStatus) },
    }),
    async (c) => c.json(await subscriptionStatus(deps, c.get('principal')), 200),
  );

  r.openapi(
    defineRoute(deps, {
      operationId: 'recordSubscription',
      method: 'post',
      path: WORKBENCH_PATHS.subscriptions,
      tag: '消息',
      summary: '记录 wx.requestSubscribeMessage 的结果：每次同意可接收一条订阅消息',
      access: 'signedIn',
      request: { body: jsonBody(SubscriptionInputSchema, { templateId: 'need-status-template-id', accepted: true }) },
      responses: { 200: jsonResponse(SubscriptionStatusSchema, '订阅状态', ex.subscriptionStatus) },
      errors: [422],
    }),
    async (c) => c.json(await recordSubscription(deps, c.get('principal'), c.req.valid('json')), 200),
  );

  r.openapi(
    defineRoute(deps, {
      operationId: 'markNotificationRead',
      method: 'post',
      path: WORKBENCH_PATHS.notificationRead,
      tag: '消息',
      summary: '标为已读（本人的消息）',
      access: 'signedIn',
      request: { params: z.object({ id: IdSchema }) },
      responses: { 200: jsonResponse(NotificationSchema, '已读的消息', ex.notification) },
      errors: [404],
    }),
    async (c) => c.json(await markRead(deps, c.get('principal'), c.req.valid('param').id), 200),
  );
  return [r];
}
