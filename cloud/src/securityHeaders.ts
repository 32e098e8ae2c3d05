// Security headers (hono/secure-headers) for the three kinds of response: the
// API's JSON and files, its reference page (/api/docs, Swagger UI) and the H5
// app's pages. The local server sends them itself; on Vercel the function sends
// the API's, and vercel.json's `headers` carry the pages' (pageHeaderList: the
// build checks that vercel.json says the same).
import { createHash } from 'node:crypto';
import { DOCS_PATHS } from '@qi/shared';
import { Hono, type MiddlewareHandler } from 'hono';
import { secureHeaders } from 'hono/secure-headers';

type SecureHeadersOptions = NonNullable<Parameters<typeof secureHeaders>[0]>;
/** CSP directives as hono/secure-headers takes them: camelCase names → sources. */
export type CspDirectives = NonNullable<SecureHeadersOptions['contentSecurityPolicy']>;

/**
 * What the H5 build (Taro 4, React, NutUI) needs, and nothing more:
 * - script-src: its own chunks, plus Taro's inline rem script in index.html, allowed by hash;
 * - style-src 'unsafe-inline': Taro's H5 APIs (toast, modal, action sheet) and NutUI inject <style> elements;
 * - img-src data: blob:: NutUI's inline images; a photo picked for upload is shown from a blob: URL;
 * - connect-src blob:: Taro.uploadFile reads the picked photo back from its blob: URL; the API is the same origin.
 */
export const PAGE_CSP: CspDirectives = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", 'data:', 'blob:'],
  fontSrc: ["'self'", 'data:'],
  connectSrc: ["'self'", 'blob:'],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
};

/** API responses are data, never a document to render: nothing may load, nobody may frame them. */
export const API_CSP: CspDirectives = {
  defaultSrc: ["'none'"],
  frameAncestors: ["'none'"],
};

/** The API reference page: Swagger UI's bundle and its injected styles, and the document it fetches. */
export const DOCS_CSP: CspDirectives = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", 'data:'],
  fontSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
};

/** `'sha256-…'` sources for the inline <script> elements of an HTML page. */
export function inlineScriptHashes(html: string): string[] {
  const hashes: string[] = [];
  for (const m of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
    const [, attrs = '', body = ''] = m;
    if (/\bsrc\s*=/i.test(attrs) || body.length === 0) continue;
    hashes.push(`'sha256-${createHash('sha256').update(body, 'utf8').digest('base64')}'`);
  }
  return [...new Set(hashes)];
}

/** A policy with extra script sources (hashes of inline scripts). */
export function withScripts(csp: CspDirectives, scriptSources: readonly string[]): CspDirectives {
  return { ...csp, scriptSrc: [...(csp.scriptSrc ?? ["'self'"]), ...scriptSources] };
}

/** The headers every kind of response carries besides its CSP and CORP. */
const COMMON: SecureHeadersOptions = {
  xFrameOptions: 'DENY',
  referrerPolicy: 'no-referrer',
  strictTransportSecurity: 'max-age=15552000; includeSubDomains',
  crossOriginOpenerPolicy: 'same-origin',
};

const secure = (csp: CspDirectives, crossOriginResourcePolicy: string): MiddlewareHandler =>
  secureHeaders({ ...COMMON, contentSecurityPolicy: csp, crossOriginResourcePolicy });

/**
 * For /api/*: the reference page gets its own policy (its one inline script by hash),
 * everything else the API's. Cross-Origin-Resource-Policy is cross-origin: the
 * mini-program shows the API's images (station codes) from another origin.
 */
export function apiSecurityHeaders(docsInlineScripts: readonly string[]): MiddlewareHandler {
  const docs = secure(withScripts(DOCS_CSP, docsInlineScripts), 'cross-origin');
  const api = secure(API_CSP, 'cross-origin');
  return (c, next) => (c.req.path === DOCS_PATHS.page ? docs(c, next) : api(c, next));
}

/** For the H5 app's pages and files (everything outside /api/), served by the local server. */
export function pageSecurityHeaders(scriptHashes: readonly string[]): MiddlewareHandler {
  const page = secure(withScripts(PAGE_CSP, scriptHashes), 'same-origin');
  return (c, next) => (c.req.path.startsWith('/api/') ? next() : page(c, next));
}

/**
 * The H5 pages' headers as vercel.json lists them for the static app on Vercel:
 * what pageSecurityHeaders sends (read back from the middleware itself).
 */
export async function pageHeaderList(scriptHashes: readonly string[]): Promise<{ key: string; value: string }[]> {
  const app = new Hono();
  app.use('*', pageSecurityHeaders(scriptHashes));
  app.get('*', (c) => c.text(''));
  const res = await app.request('/');
  const list: { key: string; value: string }[] = [];
  res.headers.forEach((value, key) => {
    if (key !== 'content-type') list.push({ key, value });
  });
  return list.sort((a, b) => a.key.localeCompare(b.key));
}
