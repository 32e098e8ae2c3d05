// The API reference page, with Swagger UI from the swagger-ui-dist package (no CDN).
// Its assets are served here from node_modules (local server); the Vercel build
// copies them into the static output instead (cloud/scripts/build.ts), so the
// function itself needs none of them.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { DOCS_PATHS } from '@qi/shared';
import { Hono } from 'hono';
import { inlineScriptHashes } from '../securityHeaders';

/** The assets the page loads, by file name in swagger-ui-dist, with their content types. */
export const DOCS_ASSETS: Readonly<Record<string, string>> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
};

/** swagger-ui-dist's folder. Resolved, not imported: its main module evaluates the whole bundle. */
export function swaggerUiDistDir(): string {
  return dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
}

const PAGE = `<!doctype html>
<html lang="zh-CN">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>质量基础设施“一站式”服务 · 接口文档</title>
<link rel="stylesheet" href="${DOCS_PATHS.assets}/swagger-ui.css"></head>
<body><div id="swagger-ui"></div>
<script src="${DOCS_PATHS.assets}/swagger-ui-bundle.js"></script>
<script>window.ui = SwaggerUIBundle({ url: '${DOCS_PATHS.openapi}', dom_id: '#swagger-ui', deepLinking: true, validatorUrl: null });</script>
</body></html>`;

/** The page's inline script, allowed by hash in its Content-Security-Policy. */
export const DOCS_INLINE_SCRIPTS = inlineScriptHashes(PAGE);

export function docsRoutes() {
  const r = new Hono();
  r.get(DOCS_PATHS.page, (c) => c.html(PAGE));
  r.get(`${DOCS_PATHS.assets}/:file`, async (c) => {
    const file = c.req.param('file');
    const type = DOCS_ASSETS[file];
    if (!type) return c.notFound();
    // Not shipped with this deployment? On Vercel they are static files, served before the function.
    const body = await Promise.resolve()
      .then(() => readFile(join(swaggerUiDistDir(), file)))
      .catch(() => null);
    if (!body) return c.notFound();
    return c.body(body, 200, { 'Content-Type': type, 'Cache-Control': 'public, max-age=86400' });
  });
  return r;
}
