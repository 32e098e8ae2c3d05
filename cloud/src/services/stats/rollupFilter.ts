// The WHERE clause over a rollup table (columns day, station, channel, region
// and, for most, category/is_primary) for a period, the caller's stations and
// the filters. Totals read the primary-category rows, so a need with two
// categories counts once; a category filter reads that category's rows.
import { addCalendarDays, CATEGORY_BY_CODE, type IsoDate, type StatsQuery } from '@qi/shared';
import type { StatsScope } from './scope';

/** [from, to] as whole years, then whole months, then runs of single days (at most `coarsest`). */
export function coverPeriod(from: IsoDate, to: IsoDate, coarsest: 'y' | 'm' = 'y') {
  const years: IsoDate[] = [];
  const months: IsoDate[] = [];
  const days: [IsoDate, IsoDate][] = [];
  let d = from;
  while (d <= to) {
    const [y, m] = [Number(d.slice(0, 4)), Number(d.slice(5, 7))];
    const yearEnd = `${y}-12-31`;
    const monthEnd = addCalendarDays(m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`, -1);
    if (coarsest === 'y' && d.endsWith('-01-01') && yearEnd <= to) {
      years.push(d);
      d = `${y + 1}-01-01`;
    } else if (d.endsWith('-01') && monthEnd <= to) {
      months.push(d);
      d = addCalendarDays(monthEnd, 1);
    } else {
      const last = days[days.length - 1];
      if (last && addCalendarDays(last[1], 1) === d) last[1] = d;
      else days.push([d, d]);
      d = addCalendarDays(d, 1);
    }
  }
  return { years, months, days };
}

/**
 * The filter key of 0024's by-dimension tables (migration 0029) for at most one of a category, a
 * channel and a region; null when more than one is chosen (the cube answers those).
 */
export function filterKey(q: Pick<StatsQuery, 'category' | 'channel' | 'region'>): string | null {
  const keys = [q.category, q.channel && `channel:${q.channel}`, q.region && `region:${q.region}`].filter(Boolean) as string[];
  return keys.length > 1 ? null : (keys[0] ?? '*');
}

export interface RollupFilter {
  where: string;
  params: unknown[];
}

/**
 * categorised: the 0014 cubes; items, complaints: their tables; byDimension: the tables of 0024, 0029 and
 * 0031 (a station and a filter key); itemsByDimension: stats_items_dim (a channel or region key, a
 * category filter picks its items).
 */
type Dims = 'categorised' | 'items' | 'complaints' | 'byDimension' | 'itemsByDimension';

export function rollupFilter(
  q: StatsQuery,
  scope: StatsScope,
  period: { from: IsoDate; to: IsoDate },
  dims: Dims,
  opts: { allCategories?: boolean; coarsest?: 'y' | 'm' | 'd' } = {},
): RollupFilter {
  const params: unknown[] = [];
  const p = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  const w: string[] = [];
  if (opts.coarsest === 'd') w.push(`day BETWEEN ${p(period.from)}::date AND ${p(period.to)}::date`);
  else {
    const c = coverPeriod(period.from, period.to, opts.coarsest);
    const spans = [
      ...(c.years.length ? [`(span = 'y' AND day = ANY(${p(c.years)}::date[]))`] : []),
      ...(c.months.length ? [`(span = 'm' AND day = ANY(${p(c.months)}::date[]))`] : []),
      ...c.days.map(([a, b]) => `(span = 'd' AND day BETWEEN ${p(a)}::date AND ${p(b)}::date)`),
    ];
    w.push(`(${spans.join(' OR ')})`);
  }
  if (scope.stations) w.push(`station = ANY(${p(scope.stations)}::text[])`);
  if (q.stationId) w.push(`station = ${p(q.stationId)}`);
  if (dims === 'byDimension') w.push(`catkey = ${p(filterKey(q))}`);
  if (dims === 'itemsByDimension') w.push(`catkey = ${p(filterKey({ channel: q.channel, region: q.region }))}`);
  if (dims === 'categorised' || dims === 'items') {
    if (q.channel) w.push(`channel = ${p(q.channel)}`);
    if (q.region) w.push(`region = ${p(q.region)}`);
  }
  if (dims === 'categorised') {
    if (q.category) w.push(`category = ${p(q.category)}`);
    else if (!opts.allCategories) w.push('is_primary');
  }
  if ((dims === 'items' || dims === 'itemsByDimension') && q.category)
    w.push(`item = ANY(${p(CATEGORY_BY_CODE[q.category].items.map((i) => i.code))}::text[])`);
  return { where: w.join(' AND '), params };
}
