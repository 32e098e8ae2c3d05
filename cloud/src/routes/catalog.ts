import { createRoute } from '@hono/zod-openapi';
import { CATEGORIES, CategoryListSchema } from '@qi/shared';
import { createRouter, jsonResponse } from './common';

const categories = CATEGORIES.map((c) => ({
  code: c.code,
  name: c.name,
  description: c.description,
  items: c.items.map((i) => ({ code: i.code, name: i.name, description: i.description })),
}));

export function catalogRoutes() {
  const r = createRouter();
  r.openapi(
    createRoute({
      method: 'get',
      path: '/api/categories',
      tags: ['服务目录'],
      summary: '11 个服务类别及其服务项目（菜单式服务）',
      responses: { 200: jsonResponse(CategoryListSchema, '服务目录') },
    }),
    (c) => {
      c.header('Cache-Control', 'public, max-age=300');
      return c.json(categories, 200);
    },
  );
  return r;
}
