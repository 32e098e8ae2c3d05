// Rate limits kept in Postgres, so every instance (every serverless function)
// shares one count: sign-in per client address, and every creating POST per
// signed-in user and per address. Fixed one-minute windows, one atomic upsert
// per request; a request over a limit answers 429 with Retry-After.
//
// A signed-in submission of a need is counted by the statement that writes it
// (Rule.countedBy 'route', PendingCount): one round trip less on the busiest
// write. The statement writes nothing over a limit; a request that ends before
// any statement counted it (a 400, say) is counted after it is answered.
//
// The client address is the socket's, unless the configuration names the
// header a trusted proxy sets (config.trustProxy): a header anyone can send
// is never believed otherwise.
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import { principalJson, principalOf, rememberPrincipal, type LoadedCallerVariables, type PrincipalRow } from './auth/principal';
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
  /** 'route': a signed-in request is counted by the route's own statement (PendingCount). */
  countedBy?: 'route';
}

const SIGNIN_MESSAGE = '登录尝试过于频繁，请稍后再试';
const CREATE_MESSAGE = '提交过于频繁，请稍后再试';

/** What is limited, by method and path. */
export const RATE_LIMIT_RULES: readonly Rule[] = [
  { name: 'signin', method: 'POST', path: /^\/api\/auth\//, message: SIGNIN_MESSAGE },
  { name: 'create', method: 'POST', path: /^\/api\/needs$/, message: CREATE_MESSAGE, countedBy: 'route' },
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

/**
 * A CTE `counted`: this request added to its buckets' current windows (`buckets` a text[]
 * placeholder, `window` a timestamptz one), one row per bucket with its count.
 */
export const countedCte = (buckets: string, window: string): string => `counted AS (
  INSERT INTO rate_limits (bucket, window_start, count)
  SELECT b.bucket, ${window}, 1 FROM unnest(${buckets}::text[]) AS b (bucket)
  ON CONFLICT (bucket, window_start) DO UPDATE SET count = rate_limits.count + 1
  RETURNING bucket, count
)`;

/** A boolean SQL expression over `counted` (countedCte): a count passed its limit (`limits` an int[] placeholder, in the buckets' order). */
export const overLimitSql = (buckets: string, limits: string): string =>
  `EXISTS (SELECT 1 FROM counted JOIN unnest(${buckets}::text[], ${limits}::int[]) AS l (bucket, lim) USING (bucket) WHERE counted.count > l.lim)`;

/** The SQLSTATE of refuseOverLimitSql's error. */
export const OVER_RATE_LIMIT_SQLSTATE = 'QI429';

/**
 * A SQL expression over `counted` that undoes its statement with an error
 * (OVER_RATE_LIMIT_SQLSTATE) when a count passed its limit: in the statement's
 * output, after its writes, so the rate-limit rows are locked at its end only
 * (migration 0035).
 */
export const refuseOverLimitSql = (buckets: string, limits: string): string => `refuse_over_rate_limit(${overLimitSql(buckets, limits)})`;

/**
 * A request its route counts (Rule.countedBy): the statement that writes adds
 * countedCte over `buckets` and `windowStart` and refuseOverLimitSql, and the
 * route says what it found (settle). A route that writes otherwise counts
 * first (count).
 */
export interface PendingCount {
  readonly buckets: readonly string[];
  readonly limits: readonly number[];
  readonly windowStart: Date;
  /** Whether a statement counted the request yet. */
  readonly settled: boolean;
  /** What the route's statement found: 429 when over a limit. */
  settle(over: boolean): void;
  /** Counts the request in a statement of its own, unless counted already; 429 when over a limit. */
  count(): Promise<void>;
}

/** The request's context variable holding its PendingCount. */
export interface RateLimitVariables {
  pendingCount?: PendingCount;
}

let requests = 0;

export function rateLimits(deps: Deps) {
  const { rateLimits: limits, trustProxy, sessionSecret } = deps.config;
  return createMiddleware<{ Variables: RateLimitVariables & LoadedCallerVariables }>(async (c, next) => {
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
    const keys = buckets.map((b) => b.key);
    const bucketLimits = buckets.map((b) => b.limit);
    const refuseWhen = (over: boolean) => {
      if (!over) return;
      c.header('Retry-After', String(Math.max(1, Math.ceil((windowStart.getTime() + WINDOW_MS - now) / 1000))));
      throw new ApiError('rate_limited', rule.message);
    };
    if (++requests % PRUNE_EVERY === 0) {
      await deps.db.query('DELETE FROM rate_limits WHERE window_start < $1', [new Date(now - KEEP_MS)]);
    }
    // Every request of an address counts on one row: committed without waiting for the
    // disk, so its lock is not held through a flush (a count lost in a crash is harmless).
    // A signed-in caller is loaded in the same statement, for the route's sign-in (one round trip less).
    const countNow = async (loadCaller: string | null) => {
      const { rows } = await deps.db.query<{ over: boolean; principal: PrincipalRow | null }>(
        `WITH ${countedCte('$1', '$2')}
         SELECT ${overLimitSql('$1', '$3')} AS over, ${loadCaller ? principalJson('$4') : 'NULL'} AS principal, ${COMMIT_WITHOUT_FLUSH} AS async`,
        [keys, windowStart, bucketLimits, ...(loadCaller ? [loadCaller] : [])],
        { prepared: true },
      );
      if (loadCaller) rememberPrincipal(c, loadCaller, principalOf(rows[0]!.principal));
      return rows[0]!.over;
    };

    if (rule.countedBy === 'route' && user) {
      let settled = false;
      const settle = (over: boolean) => {
        settled = true;
        refuseWhen(over);
      };
      c.set('pendingCount', {
        buckets: keys,
        limits: bucketLimits,
        windowStart,
        get settled() {
          return settled;
        },
        settle,
        count: async () => {
          if (!settled) settle(await countNow(null));
        },
      });
      await next();
      // Answered before any statement counted it (refused, say): counted now, for the next request.
      if (!settled) await countNow(null);
      return;
    }
    refuseWhen(await countNow(user));
    await next();
  });
}
