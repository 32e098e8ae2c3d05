// One period's raw figures from the rollups, and the headline they make (the overview compares two periods).
import {
  RATING_QUESTIONS,
  SATISFACTION_LEVELS,
  share,
  type IsoDate,
  type StatsCountRow,
  type StatsHeadline,
  type StatsQuery,
  type WorkCalendar,
} from '@qi/shared';
import type { Queryable } from '../../db/types';
import { filterKey, rollupFilter, type RollupFilter } from './rollupFilter';
import type { StatsScope } from './scope';
import { durationFigures, pairsToDays, type DayCount } from './workingDays';

export interface Period {
  from: IsoDate;
  to: IsoDate;
}

export interface NeedRow {
  dim: 'station' | 'channel' | 'region' | 'state' | 'month' | 'category' | 'total';
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
  /** How many needs took each number of working days, to their first response (accept) and to completion. */
  durations: ({ kind: 'accept' | 'complete' } & DayCount)[];
  ratings: { question: string; level: string; n: number }[];
  providers: { kind: 'institution' | 'expert'; id: string; task_state: string; n: number }[];
  complaints: { target_kind: string; state: string; resolved_late: boolean; n: number }[];
}

/** The columns of stats_rating_cube (migration 0024): each question by level, then 问题是否解决. */
const RATING_CELLS = [
  ...RATING_QUESTIONS.flatMap((q) => SATISFACTION_LEVELS.map((level) => ({ question: q.key as string, level: level as string }))),
  { question: 'resolved', level: 'yes' },
  { question: 'resolved', level: 'no' },
];

/** How the period is read: the calendar counts pair durations when the histograms are not current. */
export interface CountOptions {
  cal: WorkCalendar;
  /** The duration histograms were counted on `cal` (stats_calendar_state). */
  histograms: boolean;
}

type Durations = Raw['durations'];
type Counted<T> = Promise<{ rows: T[] }>;

/**
 * Need counts, durations, items, ratings and provider tasks by one dimension at a time (migrations 0024,
 * 0029, 0031), for a period read with at most one of a category, channel and region filter: a few
 * thousand rows a year whatever the number of needs.
 */
export function countByDimension(db: Queryable, q: StatsQuery, scope: StatsScope, period: Period, opts: CountOptions) {
  const f = rollupFilter(q, scope, period, 'byDimension');
  const fMonths = rollupFilter(q, scope, period, 'byDimension', { coarsest: 'm' });
  const needs: Counted<NeedRow> = Promise.all([
    db.query<NeedRow>(`SELECT dim, key, ${SUMS} FROM stats_needs_dim WHERE ${f.where} AND dim <> 'total' GROUP BY dim, key`, f.params),
    db.query<NeedRow>(
      `SELECT CASE WHEN grouping(station) = 0 THEN 'station' WHEN grouping(to_char(day, 'YYYY-MM')) = 0 THEN 'month' ELSE 'total' END AS dim,
              coalesce(station, to_char(day, 'YYYY-MM')) AS key, ${SUMS}
         FROM stats_needs_dim WHERE ${fMonths.where} AND dim = 'total'
        GROUP BY GROUPING SETS ((station), (to_char(day, 'YYYY-MM')), ())`,
      fMonths.params,
    ),
  ]).then(([byDim, byTotal]) => ({ rows: [...byDim.rows, ...byTotal.rows] }));
  const fItems = rollupFilter(q, scope, period, 'itemsByDimension');
  return {
    needs,
    durations: opts.histograms ? histogramDurations(db, f) : pairDurations(db, q, scope, period, opts),
    items: itemsFrom(db, 'stats_items_dim', fItems),
    ratings: db
      .query<Raw['ratings'][number]>(
        `SELECT question, level, sum(n)::int AS n FROM stats_ratings_dim WHERE ${f.where} GROUP BY 1, 2`,
        f.params,
      )
      .then((r) => ratingCells(r.rows)),
    providers: providersFrom(db, 'stats_providers_dim', f),
  };
}

/** Items and provider tasks read alike from a cube or its by-dimension table. */
const itemsFrom = (db: Queryable, table: 'stats_items' | 'stats_items_dim', f: RollupFilter): Promise<Raw['items']> =>
  db
    .query<Raw['items'][number]>(`SELECT item AS key, sum(n)::int AS n FROM ${table} WHERE ${f.where} GROUP BY item`, f.params)
    .then((r) => r.rows);
const providersFrom = (db: Queryable, table: 'stats_providers' | 'stats_providers_dim', f: RollupFilter): Promise<Raw['providers']> =>
  db
    .query<Raw['providers'][number]>(
      `SELECT provider_kind AS kind, provider_id AS id, task_state, sum(n)::int AS n FROM ${table} WHERE ${f.where} GROUP BY 1, 2, 3`,
      f.params,
    )
    .then((r) => r.rows);

/** Every rating cell, in RATING_CELLS' order, from (question, level, n) rows. */
const ratingCells = (rows: readonly Raw['ratings'][number][]): Raw['ratings'] => {
  const n = new Map(rows.map((r) => [`${r.question}.${r.level}`, r.n]));
  return RATING_CELLS.map((c) => ({ ...c, n: n.get(`${c.question}.${c.level}`) ?? 0 }));
};

const SUMS = ['n', 'answered', 'accept_on_time', 'accept_late', 'reply_on_time', 'reply_late']
  .map((c) => `coalesce(sum(${c}), 0)::int AS ${c}`)
  .join(', ');

function histogramDurations(db: Queryable, f: { where: string; params: unknown[] }): Promise<Durations> {
  return db
    .query<Durations[number]>(`SELECT kind, days, sum(n)::int AS n FROM stats_duration_hist WHERE ${f.where} GROUP BY kind, days`, f.params)
    .then((r) => r.rows);
}

/** The (submitted day, end day) pairs of 0014, counted on the calendar here. */
function pairDurations(db: Queryable, q: StatsQuery, scope: StatsScope, period: Period, opts: CountOptions): Promise<Durations> {
  const f = rollupFilter(q, scope, period, 'categorised', { coarsest: 'd' });
  return db
    .query<{ kind: 'accept' | 'complete'; start: IsoDate; end: IsoDate; n: number }>(
      `SELECT kind, day::text AS start, end_day::text AS end, sum(n)::int AS n
         FROM stats_durations WHERE ${f.where} GROUP BY kind, day, end_day`,
      f.params,
    )
    .then((r) =>
      (['accept', 'complete'] as const).flatMap((kind) =>
        pairsToDays(
          r.rows.filter((p) => p.kind === kind),
          opts.cal,
        ).map((d) => ({ kind, ...d })),
      ),
    );
}

/** The same from 0014's cubes (every dimension at once), for two or more of those filters at once. */
export function countByCube(db: Queryable, q: StatsQuery, scope: StatsScope, period: Period, opts: CountOptions) {
  // All categories' rows; the totals sum the primary ones (a need with two categories counts once)
  // unless a category is chosen (its rows, primary or not).
  const fAll = rollupFilter(q, scope, period, 'categorised', { allCategories: true });
  const fMonths = rollupFilter(q, scope, period, 'categorised', { coarsest: 'm' });
  const counted = q.category ? '' : ' FILTER (WHERE is_primary)';
  const sums = ['n', 'answered', 'accept_on_time', 'accept_late', 'reply_on_time', 'reply_late']
    .map((c) => `coalesce(sum(${c})${counted}, 0)::int AS ${c}`)
    .join(', ');
  const needs: Counted<NeedRow> = Promise.all([
    db.query<NeedRow & { all_n: number }>(
      `SELECT CASE WHEN grouping(station) = 0 THEN 'station' WHEN grouping(channel) = 0 THEN 'channel'
                   WHEN grouping(region) = 0 THEN 'region' WHEN grouping(state) = 0 THEN 'state'
                   WHEN grouping(category) = 0 THEN 'category' ELSE 'total' END AS dim,
              coalesce(station, channel, region, state, category) AS key, ${sums}, sum(n)::int AS all_n
         FROM stats_needs WHERE ${fAll.where}
        GROUP BY GROUPING SETS ((station), (channel), (region), (state), (category), ())`,
      fAll.params,
    ),
    db.query<NeedRow>(
      `SELECT 'month' AS dim, to_char(day, 'YYYY-MM') AS key, ${sums} FROM stats_needs WHERE ${fMonths.where} GROUP BY 2`,
      fMonths.params,
    ),
  ]).then(([all, byMonth]) => ({
    rows: [...all.rows.map((r) => (r.dim === 'category' ? { ...r, n: r.all_n } : r)), ...byMonth.rows],
  }));
  const f = rollupFilter(q, scope, period, 'categorised');
  const fItems = rollupFilter(q, scope, period, 'items');
  return {
    needs,
    durations: pairDurations(db, q, scope, period, opts),
    items: itemsFrom(db, 'stats_items', fItems),
    ratings: db
      .query<Record<string, number>>(
        `SELECT ${RATING_CELLS.map((c, i) => `coalesce(sum(${c.question}_${c.level}), 0)::int AS c${i}`).join(', ')}
           FROM stats_rating_cube WHERE ${f.where}`,
        f.params,
      )
      .then((r) => RATING_CELLS.map((c, i) => ({ ...c, n: r.rows[0]?.[`c${i}`] ?? 0 }))),
    providers: providersFrom(db, 'stats_providers', f),
  };
}

export async function countPeriod(db: Queryable, q: StatsQuery, scope: StatsScope, period: Period, opts: CountOptions): Promise<Raw> {
  const fComplaints = rollupFilter(q, scope, period, 'complaints');
  const counts = filterKey(q) === null ? countByCube(db, q, scope, period, opts) : countByDimension(db, q, scope, period, opts);
  const [needs, items, durations, ratings, providers, complaints] = await Promise.all([
    counts.needs,
    counts.items,
    counts.durations,
    counts.ratings,
    counts.providers,
    db.query<{ target_kind: string; state: string; resolved_late: boolean; n: number }>(
      `SELECT target_kind, state, resolved_late, sum(n)::int AS n FROM stats_complaints WHERE ${fComplaints.where} GROUP BY 1, 2, 3`,
      fComplaints.params,
    ),
  ]);
  const total = needs.rows.find((r) => r.dim === 'total');
  const categories = needs.rows.filter((r) => r.dim === 'category').map((r) => ({ key: r.key!, n: r.n }));
  return {
    needs: needs.rows.filter((r) => r.dim !== 'category'),
    // with a category filter: that category's needs
    categories: q.category ? [{ key: q.category, n: total?.n ?? 0 }] : categories,
    items,
    durations,
    ratings,
    providers,
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

export function headline(raw: Raw): StatsHeadline {
  const total = raw.needs.find((r) => r.dim === 'total');
  const responded = sumOf(raw.durations.filter((d) => d.kind === 'accept'));
  const overall = raw.ratings.filter((r) => r.question === 'overall');
  const resolved = raw.ratings.filter((r) => r.question === 'resolved');
  const complete = durationFigures(raw.durations.filter((d) => d.kind === 'complete'));
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
