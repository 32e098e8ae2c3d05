// The facts the need's state machine decides on, beyond the row itself.
import { NEED_TRANSITIONS, OPEN_TASK_STATES, type Actor, type NeedAction, type TaskState } from '@qi/shared';
import { is } from '../../db/sql';
import type { Queryable } from '../../db/types';
import type { NeedRow } from './needRow';

/** The capacity in which the caller takes `action`: the first of its actors the state machine accepts. */
export function capacityFor(actors: readonly Actor[], action: NeedAction): Actor | undefined {
  return actors.find((a) => NEED_TRANSITIONS[action].actors.includes(a));
}

export async function openTaskCount(tx: Queryable, needId: string): Promise<number> {
  const { rows } = await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM tasks WHERE need_id = $1 AND state = ANY($2::text[])', [
    needId,
    OPEN_TASK_STATES,
  ]);
  return rows[0]?.n ?? 0;
}

/** A declined task (over `tasks`): with replaced_by IS NULL, one no re-dispatch has replaced yet. */
export const UNREPLACED_DECLINE = is('state', 'declined' satisfies TaskState);

/** Declined tasks no re-dispatch has replaced yet: they too keep a need from completing. */
export async function unreplacedDeclineCount(tx: Queryable, needId: string): Promise<number> {
  const { rows } = await tx.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM tasks WHERE need_id = $1 AND ${UNREPLACED_DECLINE} AND replaced_by IS NULL`,
    [needId],
  );
  return rows[0]?.n ?? 0;
}

/** The facts the need's guards depend on, read inside the caller's transaction. */
export async function guardContext(tx: Queryable, row: NeedRow) {
  const rating = await tx.query<{ resolved: boolean }>('SELECT resolved FROM ratings WHERE need_id = $1', [row.id]);
  return {
    openTasks: await openTaskCount(tx, row.id),
    unreplacedDeclines: await unreplacedDeclineCount(tx, row.id),
    ratingUnresolved: rating.rows[0] ? !rating.rows[0].resolved : false,
    signedOff: row.reviewer_id !== null,
  };
}
