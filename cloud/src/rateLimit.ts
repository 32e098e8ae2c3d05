// Rate limits kept in Postgres, so every instance (every serverless function)
// shares one count: sign-in per client address, and every creating POST per
// signed-in user and per address. Fixed one-minute windows, one atomic upsert
// per request; a request over a limit answers 429 with Retry-After.
//
// The client address is the socket's, unless the configuration names the
// header a trusted proxy sets (config.trustProxy): a header anyone can send
// is never believed otherwise.
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import { principalJson, principalOf, rememberPrincipal, type PrincipalRow } from './auth/principal';
import { requestUser } from './auth/session';
import type { AppConfig } from './config';
import { COMMIT_WITHOUT_FLUSH } from './db/durable';
import type { Deps } from './deps';
import { ApiError } from './errors';

const WINDOW_MS = 60_000;
/** Windows older than this are deleted, now and then. */
const KEEP_MS = 10 * WINDOW_MS;
const PRUNE_EVERY = 50;

interface Rule {
  name: 'signin' | 'create';
  method: string;
  path: RegExp;
  message: string;
}

const SIGNIN_MESSAGE = '登录尝试过于频繁，请稍后再试';
const CREATE_MESSAGE = '提交过于频繁，请稍后再试';

/** What is limited, by method and path. */
export const RATE_LIMIT_RULES: readonly Rule[] = [
  { name: 'signin', method: 'POST', path: /^\/api\/auth\//, message: SIGNIN_MESSAGE },
  { name: 'create', method: 'POST', path: /^\/api\/needs$/, message: CREATE_MESSAGE },
  { name: 'create', method: 'POST', path: /^\/api\/needs\/[^/]+\/rating$/, message: CREATE_MESSAGE },
  { name: 'create', method: 'POST', path: /^\/api\/rating-links\/[^/]+\/rating$/, message: CREATE_MESSAGE },
  { name: 'create', method: 'POST', path: /^\/api\/complaints$/, message: CREATE_MESSAGE },
  { name: 'create', method: 'POST', path: /^\/api\/stations$/, message: CREATE_MESSAGE },
  { name: 'create', method: 'POST', path: /^\/api\/stations\/[^/]+\/checkins$/, message: CREATE_MESSAGE },
  { name: 'create', method: 'POST', path: /^\/api\/uploads$/, message: CREATE_MESSAGE },
  { name: 'create', method: 'POST', path: /^\/api\/manage\/(institutions|experts)$/, message: CREATE_MESSAGE },
  // Binding codes are tried like passwords: counted as sign-ins (per address); issuing one counts as creating.
  { name: 'signin', method: 'POST', path: /^\/api\/invitations\/bind$/, message: SIGNIN_MESSAGE },
  { name: 'create', method: 'POST', path: /^\/api\/(manage|enterprise)\/invitations$/, message: CREATE_MESSAGE },
];

export const ruleFor = (method: string, path: string): Rule | undefined =>
  RATE_LIMIT_RULES.find((r) => r.method === method && r.path.test(path));

/** An IPv6 address by its /64 (one subscriber's block), an IPv4 one as it is; anything else is not an address. */
export function normalizeAddress(raw: string | undefined | null): string | null {
  let a = raw?.trim().replace(/^\[|\]$/g, '') ?? '';
  if (!a) return null;
  if (/^::ffff:\d+\.\d+\.\d+\.\d+$/i.test(a)) a = a.slice(7);
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(a)) return a;
  if (!/^[0-9a-f:]{2,39}$/i.test(a) || !a.includes(':')) return null;
  const [head = '', tail = ''] = a.toLowerCase().split('::');
  const left = head ? head.split(':') : [];
  const right = a.includes('::') ? (tail ? tail.split(':') : []) : [];
  const groups = a.includes('::') ? [...left, ...Array(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right] : left;
  if (groups.length !== 8 || groups.some((g) => g.length > 4)) return null;
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}

/** The client's address: from the trusted proxy's header when one is configured, else the socket. */
export function clientAddress(c: Context, trust: AppConfig['trustProxy']): string {
  if (trust) {
    const raw = c.req.header(trust.header);
    if (raw) {
      const list = raw
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
      // Each trusted proxy appends the address it saw: the client is `hops` from the right.
      const pick = trust.header === 'x-forwarded-for' ? (list[list.length - trust.hops] ?? list[0]) : list[0];
      const addr = normalizeAddress(pick);
      if (addr) return addr;
    }
  }
  try {
    return normalizeAddress(getConnInfo(c).remote.address) ?? 'unknown';
  } catch {
    return 'unknown'; // no socket: an in-process request (tests)
  }
}

async function signedInUser(c: Context, secret: string): Promise<string | null> {
  try {
    return await requestUser(c, secret);
  } catch {
    return null; // the route answers 401 itself
  }
}

let requests = 0;

export function rateLimits(deps: Deps) {
  const { rateLimits: limits, trustProxy, sessionSecret } = deps.config;
  return createMiddleware(async (c, next) => {
    const rule = ruleFor(c.req.method, c.req.path);
    if (!rule) return next();
    const address = clientAddress(c, trustProxy);
    const buckets: { key: string; limit: number }[] = [];
    let user: string | null = null;
    if (rule.name === 'signin') {
      buckets.push({ key: `signin:addr:${address}`, limit: limits.signinPerAddress });
    } else {
      buckets.push({ key: `create:addr:${address}`, limit: limits.createPerAddress });
      user = await signedInUser(c, sessionSecret);
      if (user) buckets.push({ key: `create:user:${user}`, limit: limits.createPerUser });
    }

    const now = deps.now().getTime();
    const windowStart = new Date(now - (now % WINDOW_MS));
    const params: unknown[] = [windowStart, ...buckets.map((b) => b.key)];
    const values = buckets.map((_, i) => `($${i + 2}::text)`).join(', ');
    // Every request of an address counts on one row: committed without waiting for the
    // disk, so its lock is not held through a flush (a count lost in a crash is harmless).
    // A signed-in caller is loaded in the same statement, for the route's sign-in (one round trip less).
    const { rows } = await deps.db.query<{ bucket: string; count: number; principal: PrincipalRow | null }>(
      `WITH counted AS (
         INSERT INTO rate_limits (bucket, window_start, count)
         SELECT b.bucket, $1, 1 FROM (VALUES ${values}) AS b (bucket), (SELECT ${COMMIT_WITHOUT_FLUSH}) AS async
         ON CONFLICT (bucket, window_start) DO UPDATE SET count = rate_limits.count + 1
         RETURNING bucket, count
       )
       SELECT bucket, count, ${user ? principalJson(`$${params.push(user)}`) : 'NULL'} AS principal FROM counted`,
      params,
      { prepared: true },
    );
    if (user) rememberPrincipal(c, user, principalOf(rows[0]?.principal ?? null));
    if (++requests % PRUNE_EVERY === 0) {
      await deps.db.query('DELETE FROM rate_limits WHERE window_start < $1', [new Date(now - KEEP_MS)]);
    }
    const counts = new Map(rows.map((r) => [r.bucket, r.count]));
    if (buckets.some((b) => (counts.get(b.key) ?? 0) > b.limit)) {
      c.header('Retry-After', String(Math.max(1, Math.ceil((windowStart.getTime() + WINDOW_MS - now) / 1000))));
      throw new ApiError('rate_limited', rule.message);
    }
    await next();
  });
}
