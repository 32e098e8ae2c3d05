// The statistics bench's data set: `needs` needs over the five years up to
// 2026-11-30, with their first responses, completions and ratings,
// bulk-loaded with generate_series as a restore would (row triggers off), and
// the rollups rebuilt set-based (stats_rebuild, then those of migration 0024);
// the duration histograms are left to refreshStatsCalendar.
import { CATEGORY_CODES } from '@qi/shared';
import type { Db } from '../../cloud/src/db/types';

export async function loadStatsBench(db: Db, needs: number): Promise<void> {
  await db.transaction(async (tx) => {
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
      [needs, [...CATEGORY_CODES]],
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
    // 0014's rollups, then 0024's derived from them (their triggers were off too); the duration
    // histograms are recounted by refreshStatsCalendar, as after a calendar change.
    await tx.query('SELECT stats_rebuild()');
    await tx.query('SELECT stats_needs_dim_rebuild()');
    await tx.query('SELECT stats_rating_cube_rebuild()');
    await tx.query('UPDATE stats_calendar_state SET fingerprint = NULL');
  });
  await db.query('ANALYZE');
}
