// The built H5 app's files, as the local and production server serve them:
// - compressed as the client's Accept-Encoding asks (brotli or gzip; compression.ts), from the
//   .br/.gz files the H5 build leaves beside each text file (miniapp/scripts/precompress.mjs),
//   or compressed here once, at the first request, when a build left none;
// - files whose name carries a content hash (js/app.1a2b3c4d.js) cached for a year as immutable:
//   a new build gives them new names; everything else (index.html first) `no-cache`: the browser
//   revalidates it each time, by its ETag (304 when unchanged), so a new build is seen at once.
// The file list is read once at start: only files the build wrote are served, and a path that
// names none (or tries to leave the folder) goes on to the next handler (the JSON 404).
import { getMimeType } from 'hono/utils/mime';
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import type { MiddlewareHandler } from 'hono';
import { compress, COMPRESS_MIN_BYTES, isCompressible, negotiateEncoding, type Encoding } from './compression';

export const IMMUTABLE = 'public, max-age=31536000, immutable';
export const REVALIDATE = 'no-cache';

/** A build's hashed file name: `name.<8 or more hex>.ext` (Taro's `[name].[contenthash:8]`). */
export function isHashedAsset(path: string): boolean {
  return /\.[0-9a-f]{8,}\.[a-z0-9]+$/i.test(path);
}

interface Entry {
  file: string;
  type: string;
  size: number;
  etag: string;
  cacheControl: string;
  compressible: boolean;
  /** Build-time compressed files beside it. */
  precompressed: Partial<Record<Encoding, string>>;
}

async function walk(dir: string, out: string[] = []): Promise<string[]> {
  for (const d of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, d.name);
    if (d.isDirectory()) await walk(path, out);
    else if (d.isFile()) out.push(path);
  }
  return out;
}

const SUFFIX: Record<Encoding, string> = { br: '.br', gzip: '.gz' };

/** Serves the files of `dir` (see the top of this file). */
export async function h5Static(dir: string): Promise<MiddlewareHandler> {
  const entries = new Map<string, Entry>();
  const files = await walk(dir);
  const present = new Set(files);
  for (const file of files) {
    if (/\.(br|gz)$/.test(file) && present.has(file.replace(/\.(br|gz)$/, ''))) continue; // a compressed copy
    const url = '/' + relative(dir, file).split(sep).join('/');
    const body = await readFile(file);
    const type = getMimeType(file) ?? 'application/octet-stream';
    const precompressed: Entry['precompressed'] = {};
    for (const enc of ['br', 'gzip'] as const) if (present.has(file + SUFFIX[enc])) precompressed[enc] = file + SUFFIX[enc];
    entries.set(url, {
      file,
      type,
      size: body.byteLength,
      etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`,
      cacheControl: isHashedAsset(url) ? IMMUTABLE : REVALIDATE,
      compressible: isCompressible(type) && body.byteLength >= COMPRESS_MIN_BYTES,
      precompressed,
    });
  }
  // Bodies as sent, by path and encoding: the build's files are few and do not change while serving.
  const bodies = new Map<string, Promise<Buffer>>();
  const bodyOf = (url: string, e: Entry, enc: Encoding | null): Promise<Buffer> => {
    const key = `${enc ?? 'identity'} ${url}`;
    let p = bodies.get(key);
    if (!p) {
      const pre = enc ? e.precompressed[enc] : undefined;
      p = enc === null ? readFile(e.file) : pre ? readFile(pre) : readFile(e.file).then((b) => compress(b, enc, 'max'));
      p.catch(() => bodies.delete(key));
      bodies.set(key, p);
    }
    return p;
  };

  return async (c, next) => {
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD') return next();
    let path: string;
    try {
      path = decodeURIComponent(c.req.path);
    } catch {
      return next();
    }
    if (path === '/') path = '/index.html';
    const e = entries.get(path);
    if (!e) return next();
    const enc = e.compressible ? negotiateEncoding(c.req.header('Accept-Encoding')) : null;
    const etag = enc ? `${e.etag.slice(0, -1)}-${enc}"` : e.etag;
    const headers = new Headers({ 'Content-Type': e.type, 'Cache-Control': e.cacheControl, ETag: etag });
    if (e.compressible) headers.set('Vary', 'Accept-Encoding');
    const inm = c.req.header('If-None-Match');
    if (inm && inm.split(',').some((t) => t.trim().replace(/^W\//, '') === etag)) return new Response(null, { status: 304, headers });
    const body = await bodyOf(path, e, enc);
    if (enc) headers.set('Content-Encoding', enc);
    headers.set('Content-Length', String(body.byteLength));
    return new Response(c.req.method === 'HEAD' ? null : new Uint8Array(body), { status: 200, headers });
  };
}
