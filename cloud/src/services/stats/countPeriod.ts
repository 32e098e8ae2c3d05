// One period's raw figures from the rollups, and the headline they make (the overview compares two periods).
import { share, type IsoDate, type StatsCountRow, type StatsHeadline, type StatsQuery, type WorkCalendar } from '@qi/shared';
import type { Queryable } from '../../db/types';
import { rollupFilter } from './rollupFilter';
import type { StatsScope } from './scope';
import { durationFigures } from './workingDays';

export interface Period {
  from: IsoDate;
  to: IsoDate;
}

export interface NeedRow {
  dim: 'station' | 'channel' | 'region' | 'state' | 'month' | 'total';
  key: string | null;
  n: number;
  answered: number;
  accept_on_time: number;
  accept_late: number;
  reply_on_time: number;
  reply_late: number;
}

/** Everything counted for one period, before labels. */
export interface Raw {
  needs: NeedRow[];
  categories: { key: string; n: number }[];
  items: { key: string; n: number }[];
  durations: { kind: 'accept' | 'complete'; start: IsoDate; end: IsoDate; n: number }[];
  ratings: { question: string; level: string; n: number }[];
  providers: { kind: 'institution' | 'expert'; id: string; task_state: string; n: number }[];
  complaints: { target_kind: string; state: string; resolved_late: boolean; n: number }[];
}

export async function countPeriod(db: Queryable, q: StatsQuery, scope: StatsScope, period: Period): Promise<Raw> {
  const f = rollupFilter(q, scope, period, 'categorised');
  const fMonths = rollupFilter(q, scope, period, 'categorised', { coarsest: 'm' });
  const fDays = rollupFilter(q, scope, period, 'categorised', { coarsest: 'd' });
  const fAll = rollupFilter(q, scope, period, 'categorised', { allCategories: true });
  const fItems = rollupFilter(q, scope, period, 'items');
  const fComplaints = rollupFilter(q, scope, period, 'complaints');
  const [needs, byMonth, categories, items, durations, ratings, providers, complaints] = await Promise.all([
    db.query<NeedRow>(
      `SELECT CASE WHEN grouping(station) = 0 THEN 'station' WHEN grouping(channel) = 0 THEN 'channel'
                   WHEN grouping(region) = 0 THEN 'region' WHEN grouping(state) = 0 THEN 'state' ELSE 'total' END AS dim,
              coalesce(station, channel, region, state) AS key,
              sum(n)::int AS n, sum(answered)::int AS answered,
              sum(accept_on_time)::int AS accept_on_time, sum(accept_late)::int AS accept_late,
              sum(reply_on_time)::int AS reply_on_time, sum(reply_late)::int AS reply_late
         FROM stats_needs WHERE ${f.where}
        GROUP BY GROUPING SETS ((station), (channel), (region), (state), ())`,
      f.params,
    ),
    db.query<NeedRow>(
      `SELECT 'month' AS dim, to_char(day, 'YYYY-MM') AS key, sum(n)::int AS n, 0 AS answered, 0 AS accept_on_time,
              0 AS accept_late, 0 AS reply_on_time, 0 AS reply_late
         FROM stats_needs WHERE ${fMonths.where} GROUP BY 2`,
      fMonths.params,
    ),
    db.query<{ key: string; n: number }>(
      `SELECT category AS key, sum(n)::int AS n FROM stats_needs WHERE ${fAll.where} GROUP BY category`,
      fAll.params,
    ),
    db.query<{ key: string; n: number }>(
      `SELECT item AS key, sum(n)::int AS n FROM stats_items WHERE ${fItems.where} GROUP BY item`,
      fItems.params,
    ),
    db.query<{ kind: 'accept' | 'complete'; start: IsoDate; end: IsoDate; n: number }>(
      `SELECT kind, day::text AS start, end_day::text AS end, sum(n)::int AS n
         FROM stats_durations WHERE ${fDays.where} GROUP BY kind, day, end_day`,
      fDays.params,
    ),
    db.query<{ question: string; level: string; n: number }>(
      `SELECT question, level, sum(n)::int AS n FROM stats_ratings WHERE ${f.where} GROUP BY question, level`,
      f.params,
    ),
    db.query<{ kind: 'institution' | 'expert'; id: string; task_state: string; n: number }>(
      `SELECT provider_kind AS kind, provider_id AS id, task_state, sum(n)::int AS n
         FROM stats_providers WHERE ${f.where} GROUP BY 1, 2, 3`,
      f.params,
    ),
    db.query<{ target_kind: string; state: string; resolved_late: boolean; n: number }>(
      `SELECT target_kind, state, resolved_late, sum(n)::int AS n FROM stats_complaints WHERE ${fComplaints.where} GROUP BY 1, 2, 3`,
      fComplaints.params,
    ),
  ]);
  return {
    needs: [...needs.rows, ...byMonth.rows],
    categories: categories.rows,
    items: items.rows,
    durations: durations.rows,
    ratings: ratings.rows,
    providers: providers.rows,
    complaints: complaints.rows,
  };
}

export const byCount = (a: StatsCountRow, b: StatsCountRow) => b.count - a.count || a.key.localeCompare(b.key);
export const sumOf = (rows: readonly { n: number }[]) => rows.reduce((s, r) => s + r.n, 0);

export function months(period: Period): string[] {
  const out: string[] = [];
  let [y, m] = period.from.slice(0, 7).split('-').map(Number) as [number, number];
  const last = period.to.slice(0, 7);
  for (;;) {
    const key = `${y}-${String(m).padStart(2, '0')}`;
    out.push(key);
    if (key >= last) return out;
    m += 1;
    if (m > 12) [y, m] = [y + 1, 1];
  }
}

export function headline(raw: Raw, cal: WorkCalendar): StatsHeadline {
  const total = raw.needs.find((r) => r.dim === 'total');
  const responded = sumOf(raw.durations.filter((d) => d.kind === 'accept'));
  const overall = raw.ratings.filter((r) => r.question === 'overall');
  const resolved = raw.ratings.filter((r) => r.question === 'resolved');
  const complete = durationFigures(
    raw.durations.filter((d) => d.kind === 'complete'),
    cal,
  );
  return {
    needs: total?.n ?? 0,
    instantAnswerShare: share(total?.answered ?? 0, responded),
    acceptOnTimeRate: share(total?.accept_on_time ?? 0, (total?.accept_on_time ?? 0) + (total?.accept_late ?? 0)),
    replyOnTimeRate: share(total?.reply_on_time ?? 0, (total?.reply_on_time ?? 0) + (total?.reply_late ?? 0)),
    medianCompleteDays: complete.median,
    satisfiedRate: share(sumOf(overall.filter((r) => r.level === 'very_satisfied' || r.level === 'satisfied')), sumOf(overall)),
    resolutionRate: share(sumOf(resolved.filter((r) => r.level === 'yes')), sumOf(resolved)),
    complaints: sumOf(raw.complaints),
  };
}
