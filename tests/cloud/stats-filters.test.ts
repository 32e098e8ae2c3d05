// A channel or a region filter on the statistics reads the by-dimension rollups
// (migrations 0024, 0029 and 0031) as a category filter does: on a few thousand
// filled needs of every channel, region and category, the counts, durations,
// items, ratings and provider tasks they give equal those of 0014's cubes and
// day pairs, for every channel, every region, each category and each station;
// two filters at once still read the cubes.
import { CATEGORY_CODES, CHANNELS, StatsQuerySchema, type StatsQuery } from '@qi/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCalendar } from '../../cloud/src/services/calendar';
import { countByCube, countByDimension, countPeriod, type CountOptions } from '../../cloud/src/services/stats/countPeriod';
import { filterKey } from '../../cloud/src/services/stats/rollupFilter';
import { refreshStatsCalendar } from '../../cloud/src/services/stats/workdays';
import { createTestApi, type TestApi } from '../support/api';
import { fillNeeds } from '../bench/support/fill';

let api: TestApi;
let opts: CountOptions;
let regions: string[];
let stations: string[];
const scope = { stations: null, desensitised: false };
/** Whole months and single days (the last year of the three filled). */
const PERIOD = { from: '2025-11-17', to: '2026-10-09' };

type Counted = ReturnType<typeof countByDimension>;

/** What a path counted, in one order: categories by n only (their other sums are not read). */
async function read(c: Counted) {
  const [needs, durations, items, ratings, providers] = await Promise.all([c.needs, c.durations, c.items, c.ratings, c.providers]);
  const rows = needs.rows
    .map((r) => (r.dim === 'category' ? { dim: r.dim, key: r.key, n: r.n } : { ...r, all_n: undefined }))
    .map((r) => JSON.stringify(r, Object.keys(r).sort()))
    .filter((r) => !/"n":0[,}]/.test(r) || /"(answered|accept_on_time|accept_late|reply_on_time|reply_late)":[1-9-]/.test(r))
    .sort();
  const merged = new Map<string, number>();
  for (const d of durations) merged.set(`${d.kind} ${d.days}`, (merged.get(`${d.kind} ${d.days}`) ?? 0) + d.n);
  const sorted = <T>(xs: readonly T[]) =>
    xs
      .filter((x) => (x as { n: number }).n !== 0)
      .map((x) => JSON.stringify(x))
      .sort();
  return {
    rows,
    durations: [...merged].filter(([, n]) => n !== 0).sort(),
    items: sorted(items),
    ratings: ratings.map((r) => `${r.question}.${r.level} ${r.n}`),
    providers: sorted(providers),
  };
}

const query = (over: Partial<StatsQuery>): StatsQuery => StatsQuerySchema.parse({ ...PERIOD, ...over });

beforeAll(async () => {
  api = await createTestApi();
  await fillNeeds(api.deps.db, api.deps.pii, { needs: 4000, statsRollups: true });
  expect(await refreshStatsCalendar(api.deps)).toBe(true);
  opts = { cal: await loadCalendar(api.deps, api.deps.db), histograms: true };
  regions = (await api.deps.db.query<{ region: string }>('SELECT DISTINCT region FROM stats_needs ORDER BY 1')).rows.map((r) => r.region);
  stations = (await api.deps.db.query<{ station: string }>('SELECT DISTINCT station FROM stats_needs ORDER BY 1')).rows.map(
    (r) => r.station,
  );
}, 120_000);
afterAll(() => api?.close());

describe('a channel or region filter on the statistics', () => {
  it('has needs of several channels, regions and stations to tell them apart', async () => {
    const { rows } = await api.deps.db.query<{ channels: number }>('SELECT count(DISTINCT channel)::int AS channels FROM needs');
    expect(rows[0]!.channels).toBeGreaterThanOrEqual(3);
    expect(regions.length).toBeGreaterThanOrEqual(3);
    expect(stations.length).toBeGreaterThanOrEqual(3);
  });

  it('counts each channel from the by-dimension rows as the cube does', async () => {
    for (const channel of CHANNELS) {
      const q = query({ channel });
      expect(filterKey(q)).toBe(`channel:${channel}`);
      const viaDims = await read(countByDimension(api.deps.db, q, scope, PERIOD, opts));
      expect(viaDims).toEqual(await read(countByCube(api.deps.db, q, scope, PERIOD, opts)));
    }
    const some = await read(countByDimension(api.deps.db, query({ channel: 'miniapp' }), scope, PERIOD, opts));
    expect(some.rows.length).toBeGreaterThan(10);
    expect(some.durations.length).toBeGreaterThan(2);
    expect(some.items.length).toBeGreaterThan(2);
    expect(some.providers.length).toBeGreaterThan(2);
    expect(some.ratings.filter((r) => !r.endsWith(' 0')).length).toBeGreaterThan(4);
  });

  it('counts each region, and a station with a region, from the by-dimension rows as the cube does', async () => {
    for (const region of regions) {
      const q = query({ region });
      const viaDims = await read(countByDimension(api.deps.db, q, scope, PERIOD, opts));
      expect(viaDims).toEqual(await read(countByCube(api.deps.db, q, scope, PERIOD, opts)));
    }
    for (const stationId of stations.filter((s) => s !== '')) {
      const q = query({ region: regions[0], stationId });
      expect(await read(countByDimension(api.deps.db, q, scope, PERIOD, opts))).toEqual(
        await read(countByCube(api.deps.db, q, scope, PERIOD, opts)),
      );
    }
  });

  it('counts the whole period, and each category, from the by-dimension rows as the cubes do', async () => {
    // (a category's own row of the category dimension is the overview's total under that filter: left out)
    const withoutCategoryRows = (r: Awaited<ReturnType<typeof read>>) => ({
      ...r,
      rows: r.rows.filter((x) => !x.includes('"dim":"category"')),
    });
    expect(await read(countByDimension(api.deps.db, query({}), scope, PERIOD, opts))).toEqual(
      await read(countByCube(api.deps.db, query({}), scope, PERIOD, opts)),
    );
    for (const category of CATEGORY_CODES) {
      const q = query({ category });
      expect(withoutCategoryRows(await read(countByDimension(api.deps.db, q, scope, PERIOD, opts)))).toEqual(
        withoutCategoryRows(await read(countByCube(api.deps.db, q, scope, PERIOD, opts))),
      );
    }
  });

  it('reads the cube for two filters at once, and the totals add up across the channels', async () => {
    expect(filterKey(query({ category: 'testing', channel: 'phone' }))).toBeNull();
    const total = (await countPeriod(api.deps.db, query({}), scope, PERIOD, opts)).needs.find((r) => r.dim === 'total')!.n;
    let sum = 0;
    for (const channel of CHANNELS)
      sum += (await countPeriod(api.deps.db, query({ channel }), scope, PERIOD, opts)).needs.find((r) => r.dim === 'total')?.n ?? 0;
    expect(total).toBeGreaterThan(1000);
    expect(sum).toBe(total);
  });
});
