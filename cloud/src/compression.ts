// Compressed responses for the local and production server (Vercel compresses at its edge):
// brotli or gzip, whichever the client's Accept-Encoding prefers (brotli on a tie), for text
// bodies of at least COMPRESS_MIN_BYTES. Images, workbooks and other already-packed types go
// as they are. The API's replies are compressed here, as they are made; the H5 app's files
// are compressed once (h5Static.ts), at build time when the build left .br/.gz beside them.
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import type { MiddlewareHandler } from 'hono';

export type Encoding = 'br' | 'gzip';

/** Smaller bodies fit in a packet or two as they are: compressing them saves nothing. */
export const COMPRESS_MIN_BYTES = 1024;

/** Text formats: JSON, HTML, CSS, JavaScript, SVG, XML, plain text, source maps. */
export function isCompressible(contentType: string | null | undefined): boolean {
  if (!contentType) return false;
  return /^(text\/|application\/(json|problem\+json|javascript|xml|manifest\+json)|image\/svg\+xml)/i.test(contentType.trim());
}

/**
 * The encoding to send: the client's most preferred of br and gzip (by q-value; brotli on a
 * tie), none when it lists neither (or refuses both with q=0). `*` stands for any encoding.
 */
export function negotiateEncoding(acceptEncoding: string | null | undefined): Encoding | null {
  if (!acceptEncoding) return null;
  const q = new Map<string, number>();
  for (const part of acceptEncoding.split(',')) {
    const [name = '', ...params] = part.trim().toLowerCase().split(';');
    if (!name) continue;
    let weight = 1;
    for (const p of params) {
      const m = /^\s*q\s*=\s*([0-9.]+)\s*$/.exec(p);
      if (m) weight = Number(m[1]);
    }
    if (Number.isFinite(weight)) q.set(name.trim(), weight);
  }
  const weightOf = (e: Encoding) => q.get(e) ?? q.get('*') ?? 0;
  const [br, gz] = [weightOf('br'), weightOf('gzip')];
  if (br <= 0 && gz <= 0) return null;
  return br >= gz ? 'br' : 'gzip';
}

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

/**
 * Compresses a body. `level: 'max'` (build time, files served many times) takes brotli's and
 * gzip's best; `'fast'` (each API reply) a level that costs a millisecond or two per 100 KB.
 */
export function compress(body: Uint8Array, encoding: Encoding, level: 'fast' | 'max' = 'fast'): Promise<Buffer> {
  if (encoding === 'br') {
    return brotli(body, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: level === 'max' ? constants.BROTLI_MAX_QUALITY : 4,
        [constants.BROTLI_PARAM_SIZE_HINT]: body.byteLength,
      },
    });
  }
  return gzipAsync(body, { level: level === 'max' ? 9 : 6 });
}

/** Adds Accept-Encoding to a response's Vary header. */
export function varyOnEncoding(headers: Headers): void {
  const vary = headers.get('Vary');
  if (!vary) headers.set('Vary', 'Accept-Encoding');
  else if (!/(^|,)\s*(accept-encoding|\*)\s*(,|$)/i.test(vary)) headers.set('Vary', `${vary}, Accept-Encoding`);
}

/** The API's replies, compressed as negotiated (see the top of this file). */
export function compressResponses(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    const res = c.res;
    const status = res.status;
    if (c.req.method === 'HEAD' || status < 200 || status === 204 || status === 304) return;
    if (res.headers.has('Content-Encoding') || !isCompressible(res.headers.get('Content-Type'))) return;
    if (/\bno-transform\b/i.test(res.headers.get('Cache-Control') ?? '')) return;
    varyOnEncoding(res.headers);
    const encoding = negotiateEncoding(c.req.header('Accept-Encoding'));
    if (!encoding) return;
    // The headers are taken before the body is read: @hono/node-server's Response keeps the
    // headers inner middleware set (the security headers) only until its body is first read,
    // when it rebuilds itself from what it was made with.
    const headers = new Headers(res.headers);
    const body = new Uint8Array(await res.arrayBuffer());
    let sent = body;
    if (body.byteLength >= COMPRESS_MIN_BYTES) {
      sent = new Uint8Array(await compress(body, encoding));
      headers.set('Content-Encoding', encoding);
      // A strong validator names one representation: the compressed one is another.
      const etag = headers.get('ETag');
      if (etag && !etag.startsWith('W/')) headers.set('ETag', `W/${etag}`);
    }
    headers.set('Content-Length', String(sent.byteLength));
    c.res = undefined; // not merged with the old reply's headers: these are all of them
    c.res = new Response(sent, { status, statusText: res.statusText, headers });
  };
}
