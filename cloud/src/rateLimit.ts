// A fixed-window request limiter per client, in memory: enough to slow down
// guessing at the sign-in endpoints on one instance. (Each serverless
// instance counts on its own; a shared store would be needed for a hard cap.)
import { createMiddleware } from 'hono/factory';
import { ApiError } from './errors';

export function rateLimit(opts: { limit: number; windowMs: number; now?: () => number }) {
  const now = opts.now ?? Date.now;
  const windows = new Map<string, { start: number; count: number }>();
  return createMiddleware(async (c, next) => {
    // Behind Vercel's proxy the client is the first x-forwarded-for entry.
    const key = c.req.header('x-forwarded-for')?.split(',')[0]?.trim() || c.req.header('x-real-ip') || 'local';
    const t = now();
    let w = windows.get(key);
    if (!w || t - w.start >= opts.windowMs) {
      if (windows.size > 10_000) windows.clear(); // bound memory under a flood of keys
      w = { start: t, count: 0 };
      windows.set(key, w);
    }
    if (++w.count > opts.limit) {
      c.header('Retry-After', String(Math.ceil((w.start + opts.windowMs - t) / 1000)));
      throw new ApiError('rate_limited', '登录尝试过于频繁，请稍后再试');
    }
    await next();
  });
}
