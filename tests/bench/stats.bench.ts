// The statistics overview on years of data: STATS_BENCH_NEEDS needs (default
// 100 000; `STATS_BENCH_NEEDS=10000000 npm run bench` for ten million) over
// three years, with their first responses, completions and ratings, bulk-loaded
// by the shared filler (tests/bench/support/fill.ts, generate_series) with the
// rollups rebuilt set-based, as a restore would, the duration histograms counted
// as the tick would. Prints the overview's time against a ceiling measured in the
// same run: one plain GROUP BY over the needs table for the same year — what
// any overview reading the needs would cost at least — and the 200 ms target.
// STATS_BENCH_DATABASE_URL: a database `npm run bench:fill -- --stats` filled, used as it is.
import { afterAll, beforeAll, bench, describe } from 'vitest';
import { createPgDb } from '../../cloud/src/db/pg';
import { refreshStatsCalendar } from '../../cloud/src/services/stats/workdays';
import { createTestApi, createTestApiOn, type TestApi } from '../support/api';
import { fillNeeds } from './support/fill';

let NEEDS = Number(process.env.STATS_BENCH_NEEDS ?? 100_000);
/** A Postgres database already filled by `npm run bench:fill -- --stats` (instead of a fresh one filled here). */
const FILLED = process.env.STATS_BENCH_DATABASE_URL?.trim();
const QUERY = '/api/stats/overview?from=2025-12-01&to=2026-11-30';

let api: TestApi;
let token: string;

async function timed(fn: () => Promise<unknown>, runs = 5): Promise<number> {
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    ms.push(performance.now() - t);
  }
  return ms.sort((a, b) => a - b)[Math.floor(runs / 2)]!;
}

beforeAll(async () => {
  const t0 = performance.now();
  if (FILLED) {
    // kept after the run, as it was (same DATA_KEY as the fill)
    const db = createPgDb(FILLED);
    api = await createTestApiOn(db, () => db.close());
    NEEDS = (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM needs')).rows[0]!.n;
  } else {
    api = await createTestApi();
    // A bulk load, as a restore (tests/bench/support/fill.ts): row triggers off, rollups rebuilt after.
    await fillNeeds(api.deps.db, api.deps.pii, { needs: NEEDS, statsRollups: true });
  }
  token = await api.login('manager');
  const t1 = performance.now();
  // as the tick does after a bulk load or a calendar change: count the durations on the calendar in force
  if (!(await refreshStatsCalendar(api.deps))) throw new Error('the duration histograms were not counted');
  console.log(`stats bench: duration histograms counted in ${((performance.now() - t1) / 1000).toFixed(1)} s`);
  await api.deps.db.query('ANALYZE');
  const { rows } = await api.deps.db.query<{ cube: number; dims: number; hist: number }>(
    `SELECT (SELECT count(*) FROM stats_needs)::int AS cube, (SELECT count(*) FROM stats_needs_dim)::int AS dims,
            (SELECT count(*) FROM stats_duration_hist)::int AS hist`,
  );
  console.log(
    `stats bench: ${NEEDS} needs loaded and rolled up in ${((t1 - t0) / 1000).toFixed(1)} s; rollup rows: ${rows[0]!.cube} (stats_needs), ${rows[0]!.dims} (stats_needs_dim), ${rows[0]!.hist} (stats_duration_hist)`,
  );

  const ceiling = await timed(() =>
    api.deps.db.query(
      `SELECT channel, state, count(*) FROM needs WHERE submitted_on BETWEEN '2025-12-01' AND '2026-11-30' GROUP BY channel, state`,
    ),
  );
  const overview = await timed(async () => {
    const r = await api.request('GET', QUERY, { token });
    if (r.status !== 200) throw new Error(`overview answered ${r.status}`);
  });
  console.log(
    `stats bench: GET ${QUERY} median ${overview.toFixed(1)} ms; ceiling (one GROUP BY over the needs table) ${ceiling.toFixed(1)} ms; target 200 ms`,
  );
  // A station, a category, a channel or a region (the by-dimension tables), and a channel with a region
  // (0014's cubes, every dimension at once), for comparison.
  const { rows: stations } = await api.deps.db.query<{ id: string }>('SELECT id::text FROM stations ORDER BY code LIMIT 1');
  const { rows: regions } = await api.deps.db.query<{ region: string }>(
    `SELECT region FROM enterprises WHERE region <> '' GROUP BY region ORDER BY count(*) DESC LIMIT 1`,
  );
  const region = `region=${encodeURIComponent(regions[0]?.region ?? '海口市')}`;
  for (const filter of [`stationId=${stations[0]!.id}`, 'category=testing', 'channel=phone', region, `channel=phone&${region}`]) {
    const ms = await timed(async () => {
      const r = await api.request('GET', `${QUERY}&${filter}`, { token });
      if (r.status !== 200) throw new Error(`overview answered ${r.status}`);
    });
    console.log(`stats bench: GET …&${filter} median ${ms.toFixed(1)} ms`);
  }
}, 3_600_000);
afterAll(() => api?.close());

describe('statistics', () => {
  bench(
    // Named before a filled database is counted: its size is in the lines printed above.
    FILLED
      ? 'GET /api/stats/overview (a year of the filled database)'
      : `GET /api/stats/overview (a year of ${NEEDS} needs over three years)`,
    async () => {
      await api.request('GET', QUERY, { token });
    },
    { iterations: 20, time: 0 },
  );
});
