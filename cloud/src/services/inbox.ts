// The need list everyone shares (GET /api/needs) with the workbench's filters
// — state, category, station, channel, overdue / due soon, mine, free text —
// newest first or by the running deadline, cursor-paged; and the counts
// behind the filter chips. Visibility is the policy's; the running clock is
// NEED_CLOCKS' (shared), turned into SQL here.
import {
  dueSoonBefore,
  NEED_CLOCKS,
  NEED_NUMBER_PREFIX,
  NEED_STATES,
  NEED_NUMBER_PATTERN,
  needNumberDays,
  OPEN_NEED_STATES,
  REVIEWABLE_NEED_STATES,
  toShanghaiDate,
  type InboxQuery,
  type NeedCounts,
  type NeedPage,
  type NeedState,
} from '@qi/shared';
import { has, inQueue, needVisibility, oversees } from '../auth/policy';
import type { Principal } from '../auth/principal';
import type { Queryable } from '../db/types';
import type { Deps } from '../deps';
import { isIn, Keyset, newestFirst, Params } from '../db/sql';
import { loadClockRules, NEED_COLUMNS, NEED_FROM, toSummaries, type ClockRules, type NeedRow } from './needView';

const CLOCK_COLUMN = { accept: 'n.accept_by', reply: 'n.reply_by', rate: 'n.rate_by' } as const;

/** The staff clock that runs in a state (NEED_CLOCKS), null when none does (paused, the rating window, ended). */
const staffClockOf = (s: NeedState): 'accept' | 'reply' | null => {
  const c = NEED_CLOCKS[s];
  return c && !c.paused && c.kind !== 'rate' ? c.kind : null;
};

/** `CASE n.state WHEN … THEN value(clock) … END` over the states whose staff clock runs (NEED_CLOCKS). */
const staffClockCase = (value: (kind: 'accept' | 'reply') => string): string =>
  `CASE n.state ${NEED_STATES.map((s) => {
    const kind = staffClockOf(s);
    return kind ? `WHEN '${s}' THEN ${value(kind)} ` : '';
  }).join('')}END`;

/**
 * The due day of the staff clock running now (NULL when none runs: paused,
 * rating window, ended), and which clock it is.
 */
export const STAFF_DUE_SQL = staffClockCase((kind) => CLOCK_COLUMN[kind]);
export const STAFF_CLOCK_SQL = staffClockCase((kind) => `'${kind}'`);

/**
 * Sort key of the deadline order: the running clock's day, needs without one
 * last — the stored column `needs.deadline_key` (migration 0019), which is
 * `coalesce(STAFF_DUE_SQL, '9999-12-31')`, so an index serves the order and
 * the overdue / due-soon filters.
 */
export const DEADLINE_KEY = 'n.deadline_key';
/** The deadline key of needs without a running staff clock. */
export const NO_DEADLINE = '9999-12-31';

/** An ILIKE pattern matching text that contains `q` literally (% and _ escaped). */
export const containsPattern = (q: string): string => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** A LIKE pattern matching need numbers that begin with `q` (numbers are upper case). */
export const prefixPattern = (q: string): string => `${q.toUpperCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** Enterprises a search names before their needs are found by filtering instead of by enterprise. */
const MAX_ENTERPRISE_HITS = 500;

/** The planner's price of a random page read in the inbox's transaction (see listNeeds). */
const INBOX_RANDOM_PAGE_COST = 1.1;

interface Where {
  params: Params;
  conds: string[];
}

const param = (w: Where, v: unknown): string => w.params.add(v);

/** A search that is the start of a need number (QS-20261201-00001): a letter pair, a dash and a digit at least. */
const NUMBER_SHAPED = new RegExp(`^${NEED_NUMBER_PREFIX}-\\d[\\d-]*[A-P]?\\d*$`, 'i');

/**
 * Enterprises a newest-first search names whose needs are merged, one walk of
 * the enterprise's own index each, rather than all fetched and sorted (each
 * more makes the statement longer to plan).
 */
const MAX_MERGED_ENTERPRISES = 150;

/** A word search whose enterprises' needs are merged newest first (mergedSearchSql): the rest of it, and those enterprises. */
interface MergedSearch {
  text: string;
  enterprises: string;
  count: number;
}

/** The organisational forms enterprise names end in: nearly every name has one, so they narrow nothing. */
const ENTERPRISE_FORM = /(股份有限公司|有限责任公司|有限公司|集团公司|公司)$/;

/**
 * The enterprises whose names contain `words`: found through the names' trigrams. Words that end
 * in an organisational form (a whole name) are looked up without it and the rest checked: its
 * trigrams are in almost every name, and reading them took most of a search (8–13 ms of 250 000
 * enterprises, against 1 ms without).
 */
function enterprisesNaming(words: string): [string, string[]] {
  const core = words.replace(ENTERPRISE_FORM, '');
  if (core === words || core.length < 3) return [`SELECT id FROM enterprises WHERE name ILIKE $1`, [containsPattern(words)]];
  return [`SELECT id FROM enterprises WHERE name ILIKE $1 AND strpos(lower(name), lower($2)) > 0`, [containsPattern(core), words]];
}

/**
 * Words of a search: in titles (trigrams) or in the enterprise's name — the
 * enterprises found first (trigrams), then their needs (by enterprise); when
 * the words name very many enterprises, their needs are common and found
 * walking newest first — or the start of a number that does not look like one.
 * Newest first over a few enterprises, their needs are merged (a MergedSearch
 * for listNeeds), not added to the conditions.
 */
async function wordSearch(tx: Queryable, w: Where, words: string, newestFirst: boolean): Promise<MergedSearch | null> {
  const like = param(w, containsPattern(words));
  const { rows: hits } = await tx.query<{ id: string }>(...enterprisesNaming(words));
  const text = `n.number LIKE ${param(w, prefixPattern(words))} OR n.title ILIKE ${like}`;
  if (hits.length > MAX_ENTERPRISE_HITS) {
    w.conds.push(`(${text} OR e.name ILIKE ${like})`);
    return null;
  }
  const ids = `${param(
    w,
    hits.map((h) => h.id),
  )}::uuid[]`;
  if (newestFirst && hits.length > 0 && hits.length <= MAX_MERGED_ENTERPRISES) return { text, enterprises: ids, count: hits.length };
  w.conds.push(`(${text} OR n.enterprise_id = ANY(${ids}))`);
  return null;
}

/**
 * A page of a word search newest first: the needs its text finds and each of
 * its enterprises' needs, each part walked in the page's order and cut to the
 * page, merged (Merge Append), then the page read whole. Fetching every need
 * of a hundred enterprises to sort them took 40–70 ms on 10 million needs.
 */
function mergedSearchSql(where: string, search: MergedSearch, orderBy: string, limit: string): string {
  const part = (cond: string) => `(SELECT n.id, n.created_at FROM needs n WHERE ${where} AND ${cond} ORDER BY ${orderBy} ${limit})`;
  const parts = [part(`(${search.text})`)];
  for (let i = 1; i <= search.count; i++) parts.push(part(`n.enterprise_id = (${search.enterprises})[${i}]`));
  return `SELECT ${NEED_COLUMNS} ${NEED_FROM}
    WHERE n.id IN (SELECT n.id FROM (${parts.join(' UNION ALL ')}) n ORDER BY ${orderBy} ${limit})
    ORDER BY ${orderBy} ${limit}`;
}

/**
 * The needs whose numbers begin with `prefix`, found in the days it names (a
 * number carries its need's day of submission, the day it was created,
 * Asia/Shanghai): a day's thousands of needs are read newest first within that
 * day. The prefix itself is a filter the number's index does not take: the
 * planner would take the two conditions, which say the same day, as
 * independent, expect one need, and fetch the day's thousands by number to sort.
 */
function numberPrefixSearch(w: Where, prefix: string): void {
  w.conds.push(`left(n.number, ${param(w, prefix.length)}::int) = ${param(w, prefix.toUpperCase())}`);
  const days = needNumberDays(prefix);
  if (!days) return;
  w.conds.push(`n.created_at >= (${param(w, days.from)}::date::timestamp AT TIME ZONE 'Asia/Shanghai')`);
  if (days.until) w.conds.push(`n.created_at < (${param(w, days.until)}::date::timestamp AT TIME ZONE 'Asia/Shanghai')`);
}

type InboxRow = NeedRow & { deadline_key: string };

/** Newest first, or by the running deadline (needs without one last), oldest first among equals. */
const BY_CREATED = newestFirst<InboxRow>('n', 'created_at', (r) => r.created_at);
const BY_DEADLINE = new Keyset<InboxRow>(
  [
    { sql: DEADLINE_KEY, type: 'date', of: (r) => r.deadline_key },
    { sql: 'n.created_at', type: 'timestamptz', of: (r) => r.created_at.toISOString() },
    { sql: 'n.id', type: 'uuid', of: (r) => r.id },
  ],
  'asc',
);

/** The filters of the query (not the cursor), over `needs n` joined with `enterprises e`. */
/**
 * The caller's visibility, simplified by a station or owner filter when the
 * caller sees by station and owner only (a specialist): with `mine` it is
 * implied; with a station it is the whole station (its queue) or the needs
 * there the caller owns — a condition an index serves, where the general
 * OR would scan the station for the few it owns.
 */
function visibility(p: Principal, q: InboxQuery, w: Where): string {
  if (oversees(p) || !has(p, 'specialist') || !countedByStationAndOwner(p)) return needVisibility(p, w.params);
  // A specialist sees the needs it owns and its queues' (policy.needVisibility).
  if (q.mine) return 'true';
  if (q.stationId) return inQueue(p, q.stationId) ? 'true' : `n.owner_id = ${param(w, p.id)}`;
  return needVisibility(p, w.params);
}

/**
 * Adds the query's filters to `w`; a word search over a few enterprises, newest first, comes back
 * to be merged. `rules`: the clock's rules, read once per request (due soon needs them, and the page).
 */
async function filters(
  deps: Deps,
  tx: Queryable,
  p: Principal,
  q: InboxQuery,
  w: Where,
  rules: () => Promise<ClockRules>,
): Promise<MergedSearch | null> {
  let merged: MergedSearch | null = null;
  w.conds.push(visibility(p, q, w));
  if (q.state === 'open') w.conds.push(isIn('n.state', OPEN_NEED_STATES));
  else if (q.state) {
    w.conds.push(`n.state = ${param(w, q.state)}`);
    // Said outright for a state without a running clock, though implied: the deadline order's
    // index is then entered at that key, not walked past every need whose clock runs.
    if (!staffClockOf(q.state)) w.conds.push(`${DEADLINE_KEY} = DATE '${NO_DEADLINE}'`);
  }
  if (q.category) w.conds.push(`${param(w, q.category)} = ANY(n.categories)`);
  if (q.stationId) w.conds.push(`n.station_id = ${param(w, q.stationId)}`);
  if (q.channel) w.conds.push(`n.channel = ${param(w, q.channel)}`);
  if (q.mine) w.conds.push(`n.owner_id = ${param(w, p.id)}`);
  if (q.review) {
    w.conds.push(`${isIn('n.state', REVIEWABLE_NEED_STATES)} AND n.reviewer_id IS NULL AND n.owner_id IS DISTINCT FROM ${param(w, p.id)}`);
  }
  if (q.q) {
    // Text shaped like a need number (QS-2026…) is a number: found through its index alone,
    // not also searched for in every title and enterprise name.
    if (NEED_NUMBER_PATTERN.test(q.q.toUpperCase())) w.conds.push(`n.number = ${param(w, q.q.toUpperCase())}`);
    else if (NUMBER_SHAPED.test(q.q)) numberPrefixSearch(w, q.q);
    else merged = await wordSearch(tx, w, q.q, q.sort !== 'deadline');
  }
  if (q.due) {
    const today = toShanghaiDate(deps.now());
    if (q.due === 'overdue') w.conds.push(`${DEADLINE_KEY} < ${param(w, today)}::date`);
    else {
      const { limits, cal } = await rules();
      const before = dueSoonBefore(today, limits, cal);
      w.conds.push(`${DEADLINE_KEY} >= ${param(w, today)}::date AND ${DEADLINE_KEY} < ${param(w, before)}::date`);
    }
  }
  return merged;
}

export async function listNeeds(deps: Deps, p: Principal, q: InboxQuery): Promise<NeedPage> {
  // Random reads priced as on an SSD or a cached table (Postgres's default 4
  // is for spinning disks): otherwise a filter's own index (state, created)
  // loses to walking the newest-first index, as the heap follows creation,
  // and a state of old needs (closed) is found only past all the recent ones.
  // Set with the transaction's BEGIN, in the same round trip.
  const settings = { random_page_cost: String(INBOX_RANDOM_PAGE_COST) };
  return deps.db.transaction(
    async (tx) => {
      const w: Where = { params: new Params(), conds: [] };
      let read: Promise<ClockRules> | undefined;
      const rules = () => (read ??= loadClockRules(deps, tx));
      const merged = await filters(deps, tx, p, q, w, rules);
      const keyset = q.sort === 'deadline' ? BY_DEADLINE : BY_CREATED;
      const after = keyset.after(w.params, q.cursor);
      if (after) w.conds.push(after);
      const where = w.conds.join(' AND ');
      const limit = keyset.limit(w.params, q.limit);
      const { rows } = await tx.query<InboxRow>(
        merged
          ? mergedSearchSql(where, merged, keyset.orderBy, limit)
          : `SELECT ${NEED_COLUMNS} ${NEED_FROM} WHERE ${where} ORDER BY ${keyset.orderBy} ${limit}`,
        w.params.values,
      );
      const { page, nextCursor } = keyset.page(rows, q.limit);
      return { items: await toSummaries(deps, tx, p, page, 'need_list', page.length ? await rules() : undefined), nextCursor };
    },
    { settings },
  );
}

/** How many needs share a station, an owner, a state and a channel. */
interface CountRow {
  station_id: string | null;
  owner_id: string | null;
  state: NeedState;
  channel: string;
  n: number;
}

/** How many needs of a station and an owner are of a category. */
interface CategoryRow {
  station_id: string | null;
  owner_id: string | null;
  category: string;
  n: number;
}

/**
 * Whether the caller's visibility is a condition over station and owner only
 * (managers, supervisors, specialists): then the kept counts answer it.
 */
const countedByStationAndOwner = (p: Principal): boolean =>
  oversees(p) || !((has(p, 'enterprise') && p.enterpriseId) || (has(p, 'provider') && (p.institutionId || p.expertId)));

/**
 * The counts over what the caller may see: the kept ones (need_counts and
 * need_category_counts plus the deltas the tick has not folded yet) when its
 * visibility is over station and owner, else counted from its needs
 * (enterprises, providers: theirs are few).
 */
async function countRows(tx: Queryable, p: Principal): Promise<{ rows: CountRow[]; categories: CategoryRow[] }> {
  const params = new Params();
  const visible = needVisibility(p, params);
  const kept = countedByStationAndOwner(p);
  const source = kept
    ? `(SELECT station_id, owner_id, state, channel, n FROM need_counts
        UNION ALL SELECT station_id, owner_id, state, channel, n FROM need_count_deltas) n`
    : 'needs n';
  const { rows } = await tx.query<CountRow>(
    `SELECT n.station_id, n.owner_id, n.state, n.channel, ${kept ? 'sum(n.n)' : 'count(*)'}::int AS n
       FROM ${source} WHERE ${visible} GROUP BY 1, 2, 3, 4`,
    params.values,
  );
  const categorySource = kept
    ? `(SELECT station_id, owner_id, category, n FROM need_category_counts
        UNION ALL SELECT station_id, owner_id, category, n FROM need_count_deltas, unnest(categories) AS category) n`
    : 'needs n, unnest(n.categories) AS category';
  const { rows: categories } = await tx.query<CategoryRow>(
    `SELECT n.station_id, n.owner_id, category, ${kept ? 'sum(n.n)' : 'count(*)'}::int AS n
       FROM ${categorySource} WHERE ${visible} GROUP BY 1, 2, 3`,
    params.values,
  );
  return { rows, categories };
}

/** Counts for the filter chips, over everything the caller may see. */
export async function countNeeds(deps: Deps, p: Principal): Promise<NeedCounts> {
  const today = toShanghaiDate(deps.now());
  return deps.db.transaction(async (tx) => {
    const { limits, cal } = await loadClockRules(deps, tx);
    const { rows, categories } = await countRows(tx, p);
    const open = new Set<string>(OPEN_NEED_STATES);
    let total = 0;
    let openCount = 0;
    let mine = 0;
    const byState = Object.fromEntries(NEED_STATES.map((s) => [s, 0])) as NeedCounts['byState'];
    const byCategory: Record<string, number> = {};
    const byChannel: Record<string, number> = {};
    const byStationId = new Map<string | null, number>();
    for (const r of rows) {
      if (!r.n) continue;
      total += r.n;
      if (open.has(r.state)) {
        openCount += r.n;
        if (r.owner_id === p.id) mine += r.n;
      }
      byState[r.state] += r.n;
      byChannel[r.channel] = (byChannel[r.channel] ?? 0) + r.n;
      byStationId.set(r.station_id, (byStationId.get(r.station_id) ?? 0) + r.n);
    }
    for (const r of categories) if (r.n) byCategory[r.category] = (byCategory[r.category] ?? 0) + r.n;
    // The clocks depend on today: counted over the needs whose clock runs (the deadline index).
    const params = new Params();
    const visible = needVisibility(p, params);
    const t = params.add(today);
    const soon = params.add(dueSoonBefore(today, limits, cal));
    const due = await tx.query<{ overdue: number; due_soon: number }>(
      `SELECT count(*) FILTER (WHERE ${DEADLINE_KEY} < ${t}::date)::int AS overdue,
              count(*) FILTER (WHERE ${DEADLINE_KEY} >= ${t}::date)::int AS due_soon
         FROM needs n WHERE ${DEADLINE_KEY} < ${soon}::date AND ${visible}`,
      params.values,
    );
    const ids = [...byStationId.keys()].filter((id): id is string => id !== null);
    const names = new Map(
      (await tx.query<{ id: string; name: string }>('SELECT id, name FROM stations WHERE id = ANY($1::uuid[])', [ids])).rows.map((r) => [
        r.id,
        r.name,
      ]),
    );
    const byStation = [...byStationId]
      .filter(([, count]) => count > 0)
      .map(([id, count]) => ({ id, name: id === null ? null : (names.get(id) ?? null), count }))
      // Most first; among equals by name, the service centre (no station) last.
      .sort((a, b) => b.count - a.count || (a.name === b.name ? 0 : a.name === null ? 1 : b.name === null ? -1 : a.name < b.name ? -1 : 1))
      .map((s) => ({ id: s.id, name: s.name ?? '服务中心（未指定站点）', count: s.count }));
    return {
      total,
      open: openCount,
      mine,
      overdue: due.rows[0]!.overdue,
      dueSoon: due.rows[0]!.due_soon,
      byState,
      byCategory,
      byChannel,
      byStation,
    };
  });
}
