// Rendered codes are kept in the database (table qr_codes), keyed by a hash
// of everything the image depends on: a code is drawn (or fetched from
// WeChat) once, then served from the table by every instance. Concurrent
// misses for one key in this process share one rendering.
import { createHash } from 'node:crypto';
import type { Db } from '../db/types';

export interface CachedImage {
  contentType: string;
  body: Buffer;
  /** A strong ETag for HTTP revalidation. */
  etag: string;
}

export interface QrCache {
  /** The image for `parts` from the cache, else from `render` (then stored). */
  get(parts: Record<string, unknown>, render: () => Promise<{ contentType: string; body: Buffer | string }>): Promise<CachedImage>;
}

/** Bump to redraw every cached code after a change to how codes are drawn. */
const RENDER_VERSION = 1;

export function cacheKey(parts: Record<string, unknown>): string {
  const canonical = JSON.stringify(
    Object.fromEntries(Object.entries({ ...parts, v: RENDER_VERSION }).sort(([a], [b]) => a.localeCompare(b))),
  );
  return createHash('sha256').update(canonical).digest('hex');
}

export function createQrCache(db: Db): QrCache {
  const inflight = new Map<string, Promise<CachedImage>>();

  async function load(key: string, render: () => Promise<{ contentType: string; body: Buffer | string }>): Promise<CachedImage> {
    const etag = `"${key.slice(0, 32)}"`;
    const hit = await db.query<{ content_type: string; body_base64: string }>(
      'SELECT content_type, body_base64 FROM qr_codes WHERE key = $1',
      [key],
    );
    if (hit.rows[0]) return { contentType: hit.rows[0].content_type, body: Buffer.from(hit.rows[0].body_base64, 'base64'), etag };
    const made = await render();
    const body = typeof made.body === 'string' ? Buffer.from(made.body, 'utf8') : made.body;
    // Another instance may have stored it meanwhile: keep the first.
    await db.query('INSERT INTO qr_codes (key, content_type, body_base64) VALUES ($1, $2, $3) ON CONFLICT (key) DO NOTHING', [
      key,
      made.contentType,
      body.toString('base64'),
    ]);
    return { contentType: made.contentType, body, etag };
  }

  return {
    get(parts, render) {
      const key = cacheKey(parts);
      let p = inflight.get(key);
      if (!p) {
        p = load(key, render).finally(() => inflight.delete(key));
        inflight.set(key, p);
      }
      return p;
    },
  };
}
