// What the tick keeps and for how long (README, "Retention"): an
// idempotency key lives through its retry window, a notification for a while
// after it was read (or, unread, for longer); and the workbench counts'
// deltas are folded into the kept counts (migration 0019). Each step deletes
// at most a batch a run, so a tick after a long pause stays short; the next
// runs take the rest. Idempotent: a second run at the same moment finds
// nothing left to do.
import type { Queryable } from '../db/types';

/** A retried submission (Idempotency-Key) is answered with its need for this long; then the key expires. */
export const IDEMPOTENCY_RETRY_WINDOW_HOURS = 24;
/** A notification read this many days ago is deleted. */
export const READ_NOTIFICATION_DAYS = 30;
/** A notification never read is deleted this many days after it was sent. */
export const UNREAD_NOTIFICATION_DAYS = 180;
/** Rows one run deletes at most, per step. */
export const RETENTION_BATCH = 50_000;

export interface RetentionResult {
  idempotencyKeys: number;
  notifications: number;
}

/**
 * Ages are measured by the database's clock, which wrote the rows' created_at
 * (a moved application clock, as in tests, never makes rows look old).
 */
export async function runRetention(tx: Queryable): Promise<RetentionResult> {
  await tx.query('SELECT need_counts_fold()');
  const keys = await tx.query(
    `DELETE FROM idempotency_keys WHERE (user_id, key) IN
       (SELECT user_id, key FROM idempotency_keys WHERE created_at < now() - make_interval(hours => $1) ORDER BY created_at LIMIT $2)`,
    [IDEMPOTENCY_RETRY_WINDOW_HOURS, RETENTION_BATCH],
  );
  const read = await tx.query(
    `DELETE FROM notifications WHERE id IN
       (SELECT id FROM notifications WHERE read_at < now() - make_interval(days => $1) ORDER BY read_at LIMIT $2)`,
    [READ_NOTIFICATION_DAYS, RETENTION_BATCH],
  );
  const unread = await tx.query(
    `DELETE FROM notifications WHERE id IN
       (SELECT id FROM notifications WHERE read_at IS NULL AND created_at < now() - make_interval(days => $1) ORDER BY created_at LIMIT $2)`,
    [UNREAD_NOTIFICATION_DAYS, RETENTION_BATCH],
  );
  return { idempotencyKeys: keys.rowCount, notifications: read.rowCount + unread.rowCount };
}
