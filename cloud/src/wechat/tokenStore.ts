// The access_token shared through the database: every instance reads the same row, and
// a refresh happens under a transaction-scoped advisory lock, so concurrent instances
// take turns instead of each asking WeChat.
import type { Db, Queryable } from '../db/types';
import type { PiiCipher } from '../pii';
import type { AccessTokenStore, StoredAccessToken } from './client';

const lockKey = (appId: string) => `wechat_access_token:${appId}`;

export function dbAccessTokenStore(db: Db, cipher: PiiCipher): AccessTokenStore {
  async function read(q: Queryable, appId: string): Promise<StoredAccessToken | null> {
    const { rows } = await q.query<{ access_token_enc: string; expires_at: Date }>(
      'SELECT access_token_enc, expires_at FROM wechat_access_tokens WHERE app_id = $1',
      [appId],
    );
    const row = rows[0];
    if (!row) return null;
    try {
      return { token: cipher.decrypt(row.access_token_enc), expiresAt: row.expires_at.getTime() };
    } catch {
      return null; // written under another DATA_KEY: fetch a new one
    }
  }

  async function write(q: Queryable, appId: string, t: StoredAccessToken): Promise<void> {
    await q.query(
      `INSERT INTO wechat_access_tokens (app_id, access_token_enc, expires_at, updated_at) VALUES ($1, $2, $3, now())
       ON CONFLICT (app_id) DO UPDATE SET access_token_enc = EXCLUDED.access_token_enc,
                                          expires_at = EXCLUDED.expires_at, updated_at = now()`,
      [appId, cipher.encrypt(t.token), new Date(t.expiresAt)],
    );
  }

  const same = (a: StoredAccessToken | null, b: StoredAccessToken) => a?.token === b.token && a.expiresAt === b.expiresAt;

  return {
    load: (appId) => read(db, appId),
    async refresh(appId, next) {
      if (db.driver === 'pglite') {
        // One process, one connection: the provider's in-flight request already makes
        // callers take turns, and a transaction held over an HTTP call would stall every
        // other query.
        const current = await read(db, appId);
        const t = await next(current);
        if (!same(current, t)) await write(db, appId, t);
        return t;
      }
      return db.transaction(async (tx) => {
        await tx.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [lockKey(appId)]);
        const current = await read(tx, appId);
        const t = await next(current);
        if (!same(current, t)) await write(tx, appId, t);
        return t;
      });
    },
  };
}
