// Signed tokens (HS256 JWT via hono/jwt) with an expiry: sessions, and the
// short-lived download links of attachments.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Context } from 'hono';
import { sign, verify } from 'hono/jwt';
import { IdSchema } from '@qi/shared';
import { remember } from '../boundedMap';
import { ApiError } from '../errors';

const keys = new Map<string, Promise<CryptoKey>>();

/**
 * The secret as an HMAC key, imported once: given a string, hono/jwt imports
 * it again on every sign and verify (a third of a token check's time).
 */
function keyOf(secret: string): Promise<CryptoKey> {
  let key = keys.get(secret);
  if (!key) {
    key = crypto.subtle.importKey('raw', new TextEncoder().encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']);
    keys.set(secret, key);
  }
  return key;
}

export async function issueToken(userId: string, secret: string, ttlSeconds: number, now: Date): Promise<string> {
  const iat = Math.floor(now.getTime() / 1000);
  return sign({ sub: userId, iat, exp: iat + ttlSeconds }, await keyOf(secret), 'HS256');
}

/** The request's context variable holding its bearer token's check (requestUser). */
export interface SessionVariables {
  sessionUser?: Promise<string>;
}

/**
 * The user id of the request's bearer token, checked once per request (the
 * rate limits and the route's sign-in both ask); 401 without a valid one.
 */
export function requestUser<E extends { Variables: SessionVariables }>(c: Context<E>, secret: string): Promise<string> {
  let user = c.get('sessionUser');
  if (!user) {
    const m = /^Bearer\s+(\S+)$/i.exec(c.req.header('authorization') ?? '');
    user = m ? readToken(m[1]!, secret) : Promise.reject(new ApiError('unauthorized'));
    // Checked by whoever asks; a request nobody asks about again must not report it unhandled.
    user.catch(() => undefined);
    c.set('sessionUser', user);
  }
  return user;
}

const SIGNATURE = /^[A-Za-z0-9_-]{43}$/;

/**
 * The claims of an HS256 token signed with `secret`, null when it is not one:
 * checked synchronously with node:crypto, since WebCrypto's verify (hono/jwt)
 * goes through the thread pool, a measurable part of every signed-in request.
 */
function verifiedClaims(token: string, secret: string): Record<string, unknown> | null {
  const [header, payload, signature, ...rest] = token.split('.');
  if (rest.length || !header || !payload || !signature || !SIGNATURE.test(signature)) return null;
  const expected = createHmac('sha256', secret).update(`${header}.${payload}`).digest();
  if (!timingSafeEqual(Buffer.from(signature, 'base64url'), expected)) return null;
  try {
    const h: unknown = JSON.parse(Buffer.from(header, 'base64url').toString('utf8'));
    const claims: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    const alg = typeof h === 'object' && h !== null ? (h as { alg?: unknown }).alg : undefined;
    if (alg !== 'HS256' || typeof claims !== 'object' || claims === null || Array.isArray(claims)) return null;
    return claims as Record<string, unknown>;
  } catch {
    return null;
  }
}

interface SessionClaims {
  sub: string;
  exp: number;
  /** When it was issued, if it says so. */
  iat: number | null;
}

/**
 * Tokens this instance found signed with a secret and naming a user, by
 * secret: a client sends the same token with every request, and checking it
 * again costs an HMAC and two JSON parses. Their times are checked on every
 * use; only tokens that passed are kept, the oldest forgotten first.
 */
const checkedTokens = new Map<string, Map<string, SessionClaims>>();
const MAX_CHECKED_TOKENS = 10_000;

function sessionClaims(token: string, secret: string): SessionClaims | null {
  let checked = checkedTokens.get(secret);
  if (!checked) checkedTokens.set(secret, (checked = new Map()));
  const known = checked.get(token);
  if (known) return known;
  const claims = verifiedClaims(token, secret);
  // Every token we issue names a user by uuid and expires; a signed token
  // without either was not made here (or by an old build): refuse it.
  if (!claims || typeof claims.exp !== 'number' || !IdSchema.safeParse(claims.sub).success) return null;
  const found: SessionClaims = { sub: claims.sub as string, exp: claims.exp, iat: typeof claims.iat === 'number' ? claims.iat : null };
  remember(checked, token, found, MAX_CHECKED_TOKENS);
  return found;
}

/** The user id in a valid token; 401 otherwise. */
export async function readToken(token: string, secret: string): Promise<string> {
  const claims = sessionClaims(token, secret);
  if (!claims) throw new ApiError('unauthorized');
  const now = Date.now() / 1000;
  if (claims.iat !== null && claims.iat > now) throw new ApiError('unauthorized');
  if (claims.exp <= now) throw new ApiError('session_expired');
  return claims.sub;
}

/**
 * The key download links are signed with: derived from the session secret
 * (one secret to configure), and different from it, so a link's token is
 * never accepted as a session, nor a session token as a link.
 */
const fileLinkKey = (secret: string) => keyOf(createHmac('sha256', secret).update('qi:file-link:v1').digest('base64url'));

/** A download link's token: this user, this upload, until `now + ttlSeconds`. */
export async function issueFileToken(
  userId: string,
  uploadId: string,
  secret: string,
  ttlSeconds: number,
  now: Date,
): Promise<{ token: string; expiresAt: Date }> {
  const iat = Math.floor(now.getTime() / 1000);
  const exp = iat + ttlSeconds;
  return {
    token: await sign({ sub: userId, att: uploadId, iat, exp }, await fileLinkKey(secret), 'HS256'),
    expiresAt: new Date(exp * 1000),
  };
}

/**
 * The user a download link's token was issued to, when it is ours, names
 * `uploadId` and has not expired at `now` (the app's clock, not the library's):
 * 403 file_link_invalid or 410 file_link_expired otherwise.
 */
export async function readFileToken(token: string, uploadId: string, secret: string, now: Date): Promise<string> {
  let payload: Record<string, unknown>;
  try {
    payload = await verify(token, await fileLinkKey(secret), { alg: 'HS256', exp: false, iat: false, nbf: false });
  } catch {
    throw new ApiError('file_link_invalid');
  }
  if (payload.att !== uploadId || !IdSchema.safeParse(payload.sub).success || typeof payload.exp !== 'number') {
    throw new ApiError('file_link_invalid');
  }
  if (payload.exp * 1000 <= now.getTime()) throw new ApiError('file_link_expired');
  return payload.sub as string;
}
