// 一次一评: staff issue a need's one-time rating link; whoever holds it (no
// sign-in) sees what it rates, rates once, or fetches its QR code.
import { z } from '@hono/zod-openapi';
import {
  IdSchema,
  IssuedRatingLinkSchema,
  RATING_LINK_PATHS,
  RatingInputSchema,
  RatingLinkParams,
  RatingLinkViewSchema,
  ratingLinkUrl,
} from '@qi/shared';
import type { Context } from 'hono';
import type { Deps } from '../deps';
import { issueRatingLink, rateByLink, viewRatingLink } from '../services/needs';
import { createRouter, idempotencyKey, type AppEnv } from './common';
import { defineRoute, jsonBody, jsonResponse } from './route';

const token = 'q7Yb0cZ3kR1mN8sT2vW5xA9dE4fG6hJ0kL3mN7pQ1rS';
const view = {
  number: 'QS-20260415-0001',
  title: '食品包装袋材质检测',
  state: 'completed' as const,
  ready: true,
  rateBy: '2026-04-24',
  rating: null,
};
const originOf = (c: Context<AppEnv>) => new URL(c.req.url).origin;

export function ratingLinkRoutes(deps: Deps) {
  const needs = createRouter(RATING_LINK_PATHS.needRatingLink);
  const links = createRouter(RATING_LINK_PATHS.ratingLink);

  needs.openapi(
    defineRoute(deps, {
      operationId: 'issueRatingLink',
      method: 'post',
      path: RATING_LINK_PATHS.needRatingLink,
      tag: '需求',
      summary: '生成一次性评价链接（一次一评）：窗口或电话办理的企业无需登录即可评价；再次生成时旧链接失效',
      description:
        '需求办结、尚未评价且在评价期内时可生成；服务专员代企业登记（窗口、电话等）的需求，办理中即可生成，打印在回执上，办结后可评价（rateBy 在办结前为 null）。令牌只在此答复中出现一次，服务端只保存其哈希。',
      access: 'signedIn',
      roles: ['specialist', 'manager'],
      request: { params: z.object({ id: IdSchema }), body: jsonBody(z.strictObject({}), {}) },
      responses: {
        201: jsonResponse(IssuedRatingLinkSchema, '评价链接（令牌仅此一次可见）', {
          token,
          url: ratingLinkUrl('https://qi.example.cn', token),
          number: view.number,
          rateBy: view.rateBy,
          issuedAt: '2026-04-17T02:00:00.000Z',
        }),
      },
      errors: [404, 409, 422],
    }),
    async (c) => c.json(await issueRatingLink(deps, c.get('principal'), c.req.valid('param').id, originOf(c)), 201),
  );

  links.openapi(
    defineRoute(deps, {
      operationId: 'getRatingLink',
      method: 'get',
      path: RATING_LINK_PATHS.ratingLink,
      tag: '需求',
      summary:
        '评价链接对应的需求（编号、标题和状态，无个人信息）；服务未完成时 ready 为 false（服务完成后可评价）；已使用或已过期 410，无效 404',
      access: 'public',
      request: { params: RatingLinkParams },
      responses: { 200: jsonResponse(RatingLinkViewSchema, '可评价的需求', view) },
      errors: [404, 409, 410, 422],
    }),
    async (c) => c.json(await viewRatingLink(deps, c.req.valid('param').token), 200),
  );

  links.openapi(
    defineRoute(deps, {
      operationId: 'rateByLink',
      method: 'post',
      path: RATING_LINK_PATHS.ratingLinkRating,
      tag: '需求',
      summary: '通过一次性评价链接评价（DB46 附录 C）；服务未完成 422；同一 Idempotency-Key 重试返回同一结果，其他再次使用 410',
      access: 'public',
      idempotencyKey: '每次提交评价生成一个，重试时沿用',
      request: {
        params: RatingLinkParams,
        body: jsonBody(RatingInputSchema, {
          timeliness: 'very_satisfied',
          professionalism: 'satisfied',
          courtesy: 'very_satisfied',
          overall: 'satisfied',
          resolved: true,
          comment: '窗口办理很快，报告说明清楚。',
        }),
      },
      responses: {
        201: jsonResponse(RatingLinkViewSchema, '已评价', {
          ...view,
          state: 'rated',
          ready: false,
          rating: { overall: 'satisfied', resolved: true },
        }),
      },
      errors: [404, 409, 410, 422],
    }),
    async (c) => c.json(await rateByLink(deps, c.req.valid('param').token, idempotencyKey(c), c.req.valid('json')), 201),
  );

  links.openapi(
    defineRoute(deps, {
      operationId: 'getRatingLinkQrCodeSvg',
      method: 'get',
      path: RATING_LINK_PATHS.ratingLinkQrSvg,
      tag: '需求',
      summary: '评价链接的二维码（SVG，供打印回执或当面扫码）；链接已使用、过期或无效时同上',
      access: 'public',
      request: { params: RatingLinkParams },
      responses: { 200: { description: '二维码', content: { 'image/svg+xml': { schema: z.string().meta({ format: 'binary' }) } } } },
      errors: [404, 409, 410, 422],
    }),
    async (c) => {
      const t = c.req.valid('param').token;
      await viewRatingLink(deps, t);
      const { qrSvg } = await import('../qr/render');
      // Not cached: the address holds the token, which is kept nowhere.
      return c.body(qrSvg(ratingLinkUrl(deps.config.publicBaseUrl ?? originOf(c), t)), 200, {
        'Content-Type': 'image/svg+xml; charset=utf-8',
        'Cache-Control': 'no-store',
      });
    },
  );

  return [needs, links];
}
