// The statistics overview on years of data: STATS_BENCH_NEEDS needs (default
// 100 000; `STATS_BENCH_NEEDS=10000000 npm run bench` for ten million) over
// five years, with their first responses, completions and ratings, bulk-loaded
// with generate_series and the rollups rebuilt set-based (stats_rebuild), as a
// restore would. Prints the overview's time against a ceiling measured in the
// same run: one plain GROUP BY over the needs table for the same year — what
// any overview reading the needs would cost at least — and the 200 ms target.
import { CATEGORY_CODES } from '@qi/shared';
import { afterAll, beforeAll, bench, describe } from 'vitest';
import { createTestApi, type TestApi } from '../support/api';

const NEEDS = Number(process.env.STATS_BENCH_NEEDS ?? 100_000);
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
  api = await createTestApi();
  token = await api.login('manager');
  const t0 = performance.now();
  await api.deps.db.transaction(async (tx) => {
    // A bulk load, as a restore: row triggers off (stats, retention, append-only), rollups rebuilt after.
    await tx.query(`SET LOCAL session_replication_role = replica`);
    await tx.query(
      `WITH s AS (SELECT array_agg(id) AS ids FROM stations), e AS (SELECT array_agg(id) AS ids FROM enterprises),
            u AS (SELECT id FROM users WHERE persona = 'enterprise')
       INSERT INTO needs (id, number, state, title, description, categories, items, channel, station_id, enterprise_id,
                          applicant, contact_name_enc, contact_phone_enc, created_by, submitted_on, accept_by, reply_by, completed_on)
       SELECT gen_random_uuid(), 'BENCH-' || i,
              (ARRAY['closed','closed','closed','rated','completed','in_service','accepted','submitted','rejected','withdrawn'])[1 + i % 10],
              '压测需求', '压测', CASE WHEN i % 4 = 0 THEN ARRAY[c1, c2] ELSE ARRAY[c1] END, '{}',
              (ARRAY['miniapp','miniapp','miniapp','station_qr','window','phone','wechat'])[1 + i % 7],
              s.ids[1 + i % cardinality(s.ids)], e.ids[1 + (i / 7) % cardinality(e.ids)],
              '压测', 'x', 'x', u.id, d, d + 1, d + 14, CASE WHEN i % 10 < 5 THEN d + (i % 17) END
         FROM generate_series(1, $1::int) AS i, s, e, u,
              LATERAL (SELECT date '2026-11-30' - (i % 1826) AS d,
                              ($2::text[])[1 + i % cardinality($2::text[])] AS c1,
                              ($2::text[])[1 + (i + 3) % cardinality($2::text[])] AS c2) x`,
      [NEEDS, [...CATEGORY_CODES]],
    );
    await tx.query(
      `INSERT INTO need_events (need_id, at, actor_role, action, from_state, to_state)
       SELECT id, (submitted_on + (abs(hashtext(number)) % 3))::timestamp AT TIME ZONE 'Asia/Shanghai' + interval '10 hours',
              'specialist', CASE WHEN abs(hashtext(number)) % 6 = 0 THEN 'answer' ELSE 'accept' END, 'submitted', 'accepted'
         FROM needs WHERE number LIKE 'BENCH-%' AND state <> 'submitted'`,
    );
    await tx.query(
      `INSERT INTO ratings (need_id, user_id, timeliness, professionalism, courtesy, overall, resolved)
       SELECT n.id, n.created_by, 'satisfied', 'very_satisfied', 'satisfied',
              (ARRAY['very_satisfied','satisfied','average','dissatisfied'])[1 + abs(hashtext(n.number)) % 4], abs(hashtext(n.number)) % 9 <> 0
         FROM needs n WHERE n.number LIKE 'BENCH-%' AND n.state IN ('rated', 'closed')`,
    );
    await tx.query('SELECT stats_rebuild()');
  });
  await api.deps.db.query('ANALYZE');
  const { rows } = await api.deps.db.query<{ n: number }>('SELECT count(*)::int AS n FROM stats_needs');
  console.log(
    `stats bench: ${NEEDS} needs loaded and rolled up in ${((performance.now() - t0) / 1000).toFixed(1)} s; ${rows[0]!.n} rollup rows`,
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
}, 3_600_000);
afterAll(() => api?.close());

describe('statistics', () => {
  bench(
    `GET /api/stats/overview (a year of ${NEEDS} needs over five years)`,
    async () => {
      await api.request('GET', QUERY, { token });
    },
    { iterations: 20, time: 0 },
  );
});
