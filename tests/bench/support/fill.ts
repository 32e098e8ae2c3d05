// Fills a migrated, seeded database with N realistic needs, set-based with
// generate_series (10 M on Postgres in minutes): three years of them ending
// yesterday (Asia/Shanghai), numbered per day; states by age (the last days
// open, older ones completed, rated, closed, rejected, withdrawn; a few left
// overdue); the stations' queues and the service centre's; the channels in
// realistic shares; one or two categories and a service item; owners among
// each queue's specialists; tasks with the seeded institutions and experts;
// ratings; the first response event. Enterprises are added (one for about
// every 40 needs) and specialists (three a queue).
//
// A bulk load, as a restore: row triggers off (statistics, counts, the
// append-only guards); the kept counts are rebuilt after, the statistics'
// rollups when asked. On a large load the needs' secondary indexes are
// dropped first and built again after, as a restore would.
// Used by the benches (inbox, stats) and by `npm run bench:fill`.
import { CATEGORY_CODES, ITEM_BY_CODE } from '@qi/shared';
import type { Db } from '../../../cloud/src/db/types';
import type { PiiCipher } from '../../../cloud/src/pii';

export interface FillOptions {
  needs: number;
  /** Rebuild the statistics' rollups after the load (stats_rebuild); slow on millions. Default false. */
  statsRollups?: boolean;
  /** Drop and rebuild the needs' secondary indexes around the load. Default: from 200 000 needs. */
  rebuildIndexes?: boolean;
  /** Progress lines (default: none). */
  log?: (line: string) => void;
}

export interface FillResult {
  needs: number;
  seconds: number;
}

/** Days of history. */
const DAYS = 3 * 365;
/** Specialists a queue (the centre's and each station's). */
const SPECIALISTS_PER_QUEUE = 3;

const PRODUCTS = [
  '椰子汁',
  '芒果干',
  '咖啡豆',
  '橡胶制品',
  '电动自行车',
  '槟榔',
  '白胡椒',
  '沉香',
  '冷链包装',
  '游艇配件',
  '热带水果罐头',
  '海鲜制品',
  '菠萝蜜',
  '茶叶',
  '化妆品',
  '建筑钢材',
];
const ASKS = [
  '出口检测咨询',
  '标准制定咨询',
  '计量器具校准',
  '产品认证办理',
  '质量问题诊断',
  '检验报告解读',
  '品牌培育指导',
  '包装标识审核',
  '能效测试',
  '食品安全抽检咨询',
];
const CITIES = ['海口', '三亚', '儋州', '琼海', '文昌', '万宁', '五指山', '东方', '陵水', '澄迈', '定安', '屯昌'];
const BRANDS = [
  '椰风',
  '南繁',
  '热岛',
  '蓝海',
  '金岛',
  '绿洲',
  '恒通',
  '华信',
  '鹿城',
  '椰岛',
  '琼州',
  '天涯',
  '海韵',
  '丰源',
  '博鳌',
  '兴隆',
  '南洋',
  '洋浦',
  '凤凰',
  '鸿达',
];
/** The second character of a trade name (字号): with the brand, one of 1 200 per city and trade. */
const SYLLABLES = [...'源兴盛隆昌泰丰华茂通利德信和安顺福康宏创新林森嘉捷凯锦瑞祥晟鑫鼎晨辉航远宇翔恒邦诚益佳美润泽广元合众聚成星腾飞越正'];
const TRADES = ['食品', '农业科技', '生物科技', '机械制造', '电子', '建材', '化工', '贸易', '旅游用品', '水产'];
const NAMES = ['林晓华', '符海燕', '王丽娜', '陈志明', '吴海峰', '黄晓琳', '李文博', '郑秋月'];
const PHONES = ['13876543210', '13907561234', '13698745612', '18976543218', '13518901234', '15120987654', '13337654321', '18608981234'];

const sqlText = (values: readonly string[]) => `ARRAY[${values.map((v) => `'${v}'`).join(',')}]`;

/**
 * The fill's enterprise number `i` (SQL, an integer from 1) as its name, region and industry: city
 * + trade name (字号: brand + syllable) + trade + form. Each a name of its own, as registration
 * requires within a province (up to 273 600 enterprises): a search by a whole name finds one
 * enterprise, by its city and trade name a few (20).
 */
export function enterpriseSql(i: string): { name: string; region: string; industry: string } {
  // i written in a mixed radix: city, brand, syllable, trade, then whether a 股份 company.
  const radix = [CITIES.length, BRANDS.length, SYLLABLES.length, TRADES.length, 2];
  const digit = (k: number) => `1 + (${i} / ${radix.slice(0, k).reduce((a, b) => a * b, 1)}) % ${radix[k]}`;
  const city = `(${sqlText(CITIES)})[${digit(0)}]`;
  const trade = `(${sqlText(TRADES)})[${digit(3)}]`;
  return {
    name: `${city} || (${sqlText(BRANDS)})[${digit(1)}] || (${sqlText(SYLLABLES)})[${digit(2)}] || ${trade} || (ARRAY['', '股份'])[${digit(4)}] || '有限公司'`,
    region: city,
    industry: trade,
  };
}

export async function fillNeeds(db: Db, pii: PiiCipher, opts: FillOptions): Promise<FillResult> {
  const t0 = performance.now();
  const log = opts.log ?? (() => undefined);
  const n = Math.max(0, Math.floor(opts.needs));
  const rebuild = opts.rebuildIndexes ?? n >= 200_000;
  const perDay = Math.max(1, Math.ceil(n / DAYS));
  const items: Record<string, string[]> = Object.fromEntries(CATEGORY_CODES.map((c) => [c, [] as string[]]));
  for (const [code, { category }] of ITEM_BY_CODE) items[category]!.push(code);
  const names = NAMES.map((x) => pii.encrypt(x));
  const phones = PHONES.map((x) => pii.encrypt(x));
  const specialistName = pii.encrypt('服务专员');

  await db.transaction(async (tx) => {
    await tx.query(`SET LOCAL session_replication_role = replica`);
    await tx.query(`SET LOCAL maintenance_work_mem = '512MB'`);
    // Enterprises: one for about every 40 needs.
    const enterprises = Math.max(50, Math.ceil(n / 40));
    const e = enterpriseSql('i');
    await tx.query(
      `INSERT INTO enterprises (name, region, industry, scale)
       SELECT ${e.name}, ${e.region}, ${e.industry}, (ARRAY['micro','small','medium','large'])[1 + i % 4]
         FROM generate_series(1, $1::int) AS i`,
      [enterprises],
    );
    // Specialists: three a queue (slot 1 the service centre's, no station; then each station).
    const { rows: stations } = await tx.query<{ id: string; kind: string }>(
      `SELECT id, kind FROM stations ORDER BY kind = 'center' DESC, code`,
    );
    const centre = stations.find((s) => s.kind === 'center');
    const queues = [null, ...stations.filter((s) => s.kind !== 'center').map((s) => s.id)];
    const owners: string[] = [];
    for (const [q, station] of queues.entries()) {
      const staffOf = station ?? centre?.id ?? null;
      const { rows: have } = await tx.query<{ user_id: string }>(
        `SELECT ss.user_id FROM staff_stations ss JOIN users u ON u.id = ss.user_id
          WHERE ss.station_id = $1 AND 'specialist' = ANY(u.roles) ORDER BY u.persona NULLS LAST, u.id`,
        [staffOf],
      );
      const ids = have.map((r) => r.user_id).slice(0, SPECIALISTS_PER_QUEUE);
      while (ids.length < SPECIALISTS_PER_QUEUE) {
        const { rows } = await tx.query<{ id: string }>(
          `INSERT INTO users (openid, name_enc, roles) VALUES ($1, $2, '{specialist}') RETURNING id`,
          [`bench-specialist-${q}-${ids.length}-${Math.random().toString(36).slice(2, 10)}`, specialistName],
        );
        if (staffOf) await tx.query(`INSERT INTO staff_stations (user_id, station_id) VALUES ($1, $2)`, [rows[0]!.id, staffOf]);
        ids.push(rows[0]!.id);
      }
      owners.push(...ids);
    }
    const { rows: who } = await tx.query<{ id: string; enterprise_id: string | null }>(
      `SELECT id, enterprise_id FROM users WHERE persona = 'enterprise'`,
    );
    const creator = who[0]!;
    if (rebuild && n > 0) await dropNeedIndexes(tx, log);

    log(`fill: ${n} needs (${perDay} a day over ${Math.ceil(n / perDay)} days), ${enterprises} enterprises`);
    // a: age in days (0 = yesterday); h, g: two independent spreads 0..99.
    await tx.query(
      `WITH cfg AS (
         SELECT (now() AT TIME ZONE 'Asia/Shanghai')::date - 1 AS last_day,
                (SELECT array_agg(id ORDER BY created_at, id) FROM enterprises) AS ents,
                $2::uuid[] AS queues, $3::uuid[] AS owners, $4::text[] AS cats, $5::jsonb AS items,
                $6::text[] AS names, $7::text[] AS phones
       )
       INSERT INTO needs (id, number, state, title, description, categories, items, channel, station_id, enterprise_id,
                          applicant, contact_name_enc, contact_phone_enc, created_by, recorder_id, owner_id,
                          submitted_on, accept_by, reply_by, rate_by, completed_on, reviewed_at, closed_at, created_at, updated_at)
       SELECT gen_random_uuid(),
              'QS-' || to_char(d, 'YYYYMMDD') || '-' || lpad(seq::text, 5, '0'),
              st, title, '我司' || title || '，需要了解相关项目、标准要求和办理流程。',
              ncats, CASE WHEN g % 2 = 0 THEN ARRAY[(c.items -> ncats[1]) ->> (g % greatest(1, jsonb_array_length(c.items -> ncats[1])))::int] ELSE '{}' END,
              ch, station, ent, '企业经办人', c.names[1 + g % cardinality(c.names)], c.phones[1 + h % cardinality(c.phones)],
              $8::uuid, CASE WHEN ch IN ('window', 'phone', 'visit', 'email') THEN own END,
              CASE WHEN st = 'submitted' OR (st IN ('rejected', 'withdrawn') AND h % 2 = 0) THEN NULL ELSE own END,
              d, d + 1, d + 15, CASE WHEN st IN ('completed', 'rated', 'closed') THEN d + 3 + h % 10 + 7 END,
              CASE WHEN st IN ('completed', 'rated', 'closed') THEN d + 3 + h % 10 END,
              NULL, CASE WHEN st = 'closed' THEN at + interval '20 days' END, at, at
         FROM cfg c, generate_series(0, $1::int - 1) AS i,
              LATERAL (SELECT abs(hashtext(i::text)::bigint) AS r) r,
              LATERAL (SELECT i / $9::int AS a, 1 + i % $9::int AS seq, (r % 100)::int AS h, ((r / 100) % 100)::int AS g, ((r / 10000) % 1000)::int AS sx, ((r / 10000000) % 100)::int AS ox) k,
              LATERAL (SELECT c.last_day - a AS d,
                              (((c.last_day - a)::timestamp + interval '8 hours' + (seq * 36000 / $9::int) * interval '1 second')
                                 AT TIME ZONE 'Asia/Shanghai') AS at) t,
              LATERAL (SELECT CASE
                         WHEN a < 2 THEN (ARRAY['submitted','submitted','submitted','accepted','accepted','in_service','info_requested','rejected','withdrawn','submitted'])[1 + h % 10]
                         WHEN a < 15 THEN (ARRAY['accepted','in_service','in_service','in_service','info_requested','completed','completed','rated','rejected','withdrawn'])[1 + h % 10]
                         WHEN a < 30 THEN (ARRAY['in_service','completed','rated','rated','closed','closed','closed','closed','rejected','withdrawn'])[1 + h % 10]
                         WHEN a < 60 THEN CASE WHEN h < 2 THEN 'in_service' WHEN h < 5 THEN 'completed' ELSE (ARRAY['closed','closed','closed','closed','closed','closed','closed','rejected','withdrawn','closed'])[1 + h % 10] END
                         ELSE (ARRAY['closed','closed','closed','closed','closed','closed','closed','closed','rejected','withdrawn'])[1 + h % 10]
                       END AS st,
                       (ARRAY['miniapp','miniapp','miniapp','miniapp','station_qr','station_qr','window','window','phone','phone','wechat','wechat','email','visit','miniapp','miniapp','miniapp','phone','window','miniapp'])[1 + g % 20] AS ch) s,
              LATERAL (SELECT CASE WHEN ch IN ('station_qr', 'window') OR h % 2 = 0
                                   THEN c.queues[1 + sx % cardinality(c.queues)] END AS station) q,
              LATERAL (SELECT c.owners[1 + ${SPECIALISTS_PER_QUEUE} * coalesce(array_position(c.queues, station), 0) + ox % ${SPECIALISTS_PER_QUEUE}] AS own,
                              CASE WHEN i % 4000 = 0 THEN $10::uuid ELSE c.ents[1 + ((r / 7) % cardinality(c.ents))::int] END AS ent,
                              CASE WHEN h % 4 = 0 THEN ARRAY[c.cats[1 + g % cardinality(c.cats)], c.cats[1 + (g + 1 + ox % 5) % cardinality(c.cats)]]
                                   ELSE ARRAY[c.cats[1 + g % cardinality(c.cats)]] END AS ncats,
                              (${sqlText(PRODUCTS)})[1 + ((r / 1000) % ${PRODUCTS.length})::int] || (${sqlText(ASKS)})[1 + g % ${ASKS.length}]
                                || CASE WHEN i % 1000 = 0 THEN '（批次' || (i / 1000) || '）' ELSE '' END AS title) o`,
      [n, queues.slice(1), owners, [...CATEGORY_CODES], JSON.stringify(items), names, phones, creator.id, perDay, creator.enterprise_id],
    );
    log(`fill: needs in ${secondsSince(t0)} s`);
    if (n === 0) return;
    await tx.query(
      `INSERT INTO need_events (need_id, at, actor_id, actor_name_enc, actor_role, action, from_state, to_state)
       SELECT id, created_at + interval '3 hours' + (abs(hashtext(number)) % 3) * interval '1 day', owner_id, $1,
              'specialist', CASE WHEN abs(hashtext(number)) % 6 = 0 THEN 'answer' ELSE 'accept' END, 'submitted', 'accepted'
         FROM needs WHERE state NOT IN ('submitted', 'withdrawn') AND owner_id IS NOT NULL`,
      [specialistName],
    );
    log(`fill: events in ${secondsSince(t0)} s`);
    // Tasks on about a third of the needs in service or past it: the seeded institutions and experts.
    await tx.query(
      `WITH p AS (SELECT (SELECT array_agg(id ORDER BY id) FROM institutions) AS inst, (SELECT array_agg(id ORDER BY id) FROM experts) AS exp)
       INSERT INTO tasks (need_id, institution_id, expert_id, state, assigned_by, assigned_at, accept_by, updated_at)
       SELECT n.id, CASE WHEN x.k % 4 <> 0 OR p.exp IS NULL THEN p.inst[1 + x.k % cardinality(p.inst)] END,
              CASE WHEN x.k % 4 = 0 AND p.exp IS NOT NULL THEN p.exp[1 + x.k % cardinality(p.exp)] END,
              CASE WHEN n.state = 'in_service' THEN 'accepted' ELSE 'done' END, n.owner_id, n.created_at + interval '1 day',
              n.submitted_on + 3, n.created_at + interval '2 days'
         FROM needs n, p, LATERAL (SELECT abs(hashtext(n.number)) AS k) x
        WHERE n.state IN ('in_service', 'completed', 'rated', 'closed') AND n.owner_id IS NOT NULL
          AND x.k % 3 = 0 AND p.inst IS NOT NULL`,
    );
    log(`fill: tasks in ${secondsSince(t0)} s`);
    await tx.query(
      `INSERT INTO ratings (need_id, user_id, timeliness, professionalism, courtesy, overall, resolved, created_at)
       SELECT n.id, n.created_by, 'satisfied', 'very_satisfied', 'satisfied',
              (ARRAY['very_satisfied','satisfied','average','dissatisfied'])[1 + abs(hashtext(n.number)) % 4],
              abs(hashtext(n.number)) % 9 <> 0, n.completed_on + 2
         FROM needs n WHERE n.state = 'rated' OR (n.state = 'closed' AND n.completed_on IS NOT NULL AND abs(hashtext(n.number)) % 10 < 7)`,
    );
    log(`fill: ratings in ${secondsSince(t0)} s`);
    if (rebuild) await restoreNeedIndexes(tx, log, t0);
    await tx.query('SELECT need_counts_rebuild()');
    if (opts.statsRollups) {
      // 0014's rollups, then 0024's derived from them (their triggers were off too); the duration
      // histograms are left to refreshStatsCalendar, as after a calendar change.
      await tx.query('SELECT stats_rebuild()');
      await tx.query('SELECT stats_needs_dim_rebuild()');
      await tx.query('SELECT stats_rating_cube_rebuild()');
      await tx.query('SELECT stats_dims_rest_rebuild()');
      await tx.query('UPDATE stats_calendar_state SET fingerprint = NULL');
      log(`fill: statistics rolled up in ${secondsSince(t0)} s`);
    }
  });
  await db.query('VACUUM ANALYZE needs');
  await db.query('ANALYZE');
  log(`fill: done in ${secondsSince(t0)} s`);
  return { needs: n, seconds: (performance.now() - t0) / 1000 };
}

const secondsSince = (t0: number) => ((performance.now() - t0) / 1000).toFixed(1);

/** The needs' indexes that back no constraint, as created (kept in a temp table for the rebuild). */
async function dropNeedIndexes(tx: Parameters<Parameters<Db['transaction']>[0]>[0], log: (l: string) => void): Promise<void> {
  await tx.query(
    `CREATE TEMP TABLE fill_needs_indexes ON COMMIT DROP AS
     SELECT i.indexrelid::regclass::text AS name, pg_get_indexdef(i.indexrelid) AS def
       FROM pg_index i
      WHERE i.indrelid = 'needs'::regclass
        AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)`,
  );
  const { rows } = await tx.query<{ name: string }>('SELECT name FROM fill_needs_indexes');
  for (const r of rows) await tx.query(`DROP INDEX ${r.name}`);
  log(`fill: ${rows.length} indexes of needs dropped for the load`);
}

async function restoreNeedIndexes(
  tx: Parameters<Parameters<Db['transaction']>[0]>[0],
  log: (l: string) => void,
  t0: number,
): Promise<void> {
  const { rows } = await tx.query<{ name: string; def: string }>('SELECT name, def FROM fill_needs_indexes');
  for (const r of rows) {
    await tx.query(r.def);
    log(`fill: ${r.name} built at ${secondsSince(t0)} s`);
  }
}
