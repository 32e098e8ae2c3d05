// Encrypts the people's names stored before names were encrypted (migration
// 0012 moved them to `*_plain` columns, since only the application holds the
// key). Idempotent and safe to run from several instances at once: each row
// is updated only while its plaintext is still there. Runs before the app
// serves its first request, and after `npm run migrate` when DATA_KEY is set.
import type { PiiCipher } from '../pii';
import type { Queryable } from './types';

const SEALED: readonly { table: string; key: string; plain: string; enc: string }[] = [
  { table: 'users', key: 'id', plain: 'name_plain', enc: 'name_enc' },
  { table: 'need_events', key: 'id', plain: 'actor_name_plain', enc: 'actor_name_enc' },
  { table: 'complaint_events', key: 'id', plain: 'actor_name_plain', enc: 'actor_name_enc' },
  { table: 'settings', key: 'key', plain: 'updated_by_plain', enc: 'updated_by_enc' },
];

const BATCH = 500;

/** Returns how many names it encrypted. */
export async function sealPlaintextNames(db: Queryable, pii: PiiCipher): Promise<number> {
  let sealed = 0;
  for (const { table, key, plain, enc } of SEALED) {
    for (;;) {
      const { rows } = await db.query<{ k: string; plain: string }>(
        `SELECT ${key}::text AS k, ${plain} AS plain FROM ${table} WHERE ${plain} IS NOT NULL LIMIT ${BATCH}`,
      );
      if (!rows.length) break;
      // A name already encrypted beside a leftover plaintext keeps its ciphertext.
      const res = await db.query(
        `UPDATE ${table} t SET ${enc} = coalesce(t.${enc}, v.enc), ${plain} = NULL
           FROM unnest($1::text[], $2::text[]) AS v(k, enc)
          WHERE t.${key}::text = v.k AND t.${plain} IS NOT NULL`,
        [rows.map((r) => r.k), rows.map((r) => pii.encrypt(r.plain))],
      );
      sealed += res.rowCount ?? 0;
      if (rows.length < BATCH || !res.rowCount) break;
    }
  }
  return sealed;
}

const done = new WeakMap<object, Promise<number>>();

/** Seals once per `owner` (the app's deps); a failed attempt is retried by the next caller. */
export function sealOnce(owner: object, db: Queryable, pii: PiiCipher): Promise<number> {
  let p = done.get(owner);
  if (!p) {
    p = sealPlaintextNames(db, pii);
    done.set(owner, p);
    p.catch(() => done.delete(owner));
  }
  return p;
}
