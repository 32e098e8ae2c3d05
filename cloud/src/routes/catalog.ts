import { API_PATHS, CATEGORIES, CategoryListSchema } from '@qi/shared';
import type { Deps } from '../deps';
import { createRouter } from './common';
import { defineRoute, jsonResponse } from './route';

const categories = CATEGORIES.map((c) => ({
  code: c.code,
  name: c.name,
  description: c.description,
  items: c.items.map((i) => ({ code: i.code, name: i.name, description: i.description })),
}));

export function catalogRoutes(deps: Deps) {
  const r = createRouter(API_PATHS.categories);
  r.openapi(
    defineRoute(deps, {
      operationId: 'listCategories',
      method: 'get',
      path: API_PATHS.categories,
      tag: '服务目录',
      summary: '11 个服务类别及其服务项目（菜单式服务）',
      access: 'public',
      responses: {
        200: jsonResponse(
          CategoryListSchema,
          '服务目录',
          categories.slice(0, 1).map((c) => ({ ...c, items: c.items.slice(0, 2) })),
        ),
      },
    }),
    (c) => {
      c.header('Cache-Control', 'public, max-age=300');
      return c.json(categories, 200);
    },
  );
  return [r];
}
