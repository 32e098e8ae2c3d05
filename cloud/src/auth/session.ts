// Signed session tokens (HS256 JWT via hono/jwt) with an expiry.
import { sign, verify } from 'hono/jwt';
import { JwtTokenExpired } from 'hono/utils/jwt/types';
import { IdSchema } from '@qi/shared';
import { ApiError } from '../errors';

export async function issueToken(userId: string, secret: string, ttlSeconds: number, now: Date): Promise<string> {
  const iat = Math.floor(now.getTime() / 1000);
  return sign({ sub: userId, iat, exp: iat + ttlSeconds }, secret, 'HS256');
}

/** The user id in a valid token; 401 otherwise. */
export async function readToken(token: string, secret: string): Promise<string> {
  try {
    const payload = await verify(token, secret, 'HS256');
    // Every token we issue names a user by uuid and expires; a signed token
    // without either was not made here (or by an old build): refuse it.
    if (typeof payload.exp !== 'number') throw new ApiError('unauthorized');
    if (!IdSchema.safeParse(payload.sub).success) throw new ApiError('unauthorized');
    return payload.sub as string;
  } catch (e) {
    if (e instanceof ApiError) throw e;
    throw new ApiError(e instanceof JwtTokenExpired ? 'session_expired' : 'unauthorized');
  }
}
