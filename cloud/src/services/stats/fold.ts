// The statistics' rollups are folded from stats_queue (migration 0030): the
// transactions that change needs only queue their ids, so creations do not
// wait on each other for the rollups' rows. Every read of the statistics folds
// first (nothing committed is missing from what it shows); the tick folds too.
import type { Queryable } from '../../db/types';

/** Folds what is queued; how many needs it recounted. */
export async function foldStats(db: Queryable): Promise<number> {
  const { rows } = await db.query<{ folded: number }>('SELECT stats_fold() AS folded');
  return rows[0]!.folded;
}
