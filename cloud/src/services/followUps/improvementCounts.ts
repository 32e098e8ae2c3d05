// The improvement loop in the statistics of a period (by Shanghai day):
// follow-ups and rectifications opened in it, resolved/done in it, and those
// due in it that were not finished by their last day. A specialist's scope
// (their stations) counts those of the needs raised there; rectifications
// without a need (an evaluation's) count for the unscoped readers only.
import { toShanghaiDate, type ImprovementCounts } from '@qi/shared';
import type { Queryable } from '../../db/types';
import type { StatsScope } from '../stats/scope';

const DAY = (col: string) => `(${col} AT TIME ZONE 'Asia/Shanghai')::date`;

export async function countImprovement(
  db: Queryable,
  period: { from: string; to: string },
  scope: StatsScope,
  now: Date,
): Promise<ImprovementCounts> {
  const stationCond = (alias: string) =>
    `($4::text[] IS NULL OR EXISTS (SELECT 1 FROM needs n WHERE n.id = ${alias}.need_id AND coalesce(n.station_id::text, '') = ANY($4::text[])))`;
  const params = [period.from, period.to, toShanghaiDate(now), scope.stations];
  const { rows } = await db.query<{ kind: string; opened: number; finished: number; overdue: number }>(
    `SELECT 'follow_up' AS kind,
            (count(*) FILTER (WHERE ${DAY('f.created_at')} BETWEEN $1::date AND $2::date))::int AS opened,
            (count(*) FILTER (WHERE ${DAY('f.resolved_at')} BETWEEN $1::date AND $2::date))::int AS finished,
            (count(*) FILTER (WHERE f.due_on BETWEEN $1::date AND $2::date
                               AND (CASE WHEN f.resolved_at IS NULL THEN f.due_on < $3::date ELSE ${DAY('f.resolved_at')} > f.due_on END)))::int AS overdue
       FROM follow_ups f WHERE ${stationCond('f')}
     UNION ALL
     SELECT 'rectification',
            (count(*) FILTER (WHERE ${DAY('x.created_at')} BETWEEN $1::date AND $2::date))::int,
            (count(*) FILTER (WHERE x.done_on BETWEEN $1::date AND $2::date))::int,
            (count(*) FILTER (WHERE x.due_on BETWEEN $1::date AND $2::date
                               AND (CASE WHEN x.done_on IS NULL THEN x.due_on < $3::date ELSE x.done_on > x.due_on END)))::int
       FROM rectifications x WHERE ${stationCond('x')}`,
    params,
  );
  const f = rows.find((r) => r.kind === 'follow_up')!;
  const x = rows.find((r) => r.kind === 'rectification')!;
  return {
    followUps: { opened: f.opened, resolved: f.finished, overdue: f.overdue },
    rectifications: { opened: x.opened, done: x.finished, overdue: x.overdue },
  };
}
