// The need list everyone shares (GET /api/needs) with the workbench's filters
// — state, category, station, channel, overdue / due soon, mine, free text —
// newest first or by the running deadline, cursor-paged; and the counts
// behind the filter chips. Visibility is the policy's; the running clock is
// NEED_CLOCKS' (shared), turned into SQL here.
import {
  dueSoonBefore,
  NEED_CLOCKS,
  NEED_STATES,
  OPEN_NEED_STATES,
  toShanghaiDate,
  type InboxQuery,
  type NeedCounts,
  type NeedPage,
} from '@qi/shared';
import { needVisibility } from '../auth/policy';
import type { Principal } from '../auth/principal';
import type { Queryable } from '../db/types';
import type { Deps } from '../deps';
import { Keyset, newestFirst, Params } from '../db/sql';
import { loadTimeLimits, NEED_COLUMNS, NEED_FROM, toSummaries, type NeedRow } from './needView';
import { loadCalendar } from './calendar';

const CLOCK_COLUMN = { accept: 'n.accept_by', reply: 'n.reply_by', rate: 'n.rate_by' } as const;

/** `CASE n.state WHEN … THEN value(clock) … END` over the states whose staff clock runs (NEED_CLOCKS). */
const staffClockCase = (value: (kind: 'accept' | 'reply') => string): string =>
  `CASE n.state ${NEED_STATES.map((s) => {
    const c = NEED_CLOCKS[s];
    return c && !c.paused && c.kind !== 'rate' ? `WHEN '${s}' THEN ${value(c.kind)} ` : '';
  }).join('')}END`;

/**
 * The due day of the staff clock running now (NULL when none runs: paused,
 * rating window, ended), and which clock it is.
 */
export const STAFF_DUE_SQL = staffClockCase((kind) => CLOCK_COLUMN[kind]);
export const STAFF_CLOCK_SQL = staffClockCase((kind) => `'${kind}'`);

/** Sort key of the deadline order: the running clock's day, needs without one last. */
const DEADLINE_KEY = `coalesce(${STAFF_DUE_SQL}, DATE '9999-12-31')`;

/** An ILIKE pattern matching text that contains `q` literally (% and _ escaped). */
export const containsPattern = (q: string): string => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

interface Where {
  params: Params;
  conds: string[];
}

const param = (w: Where, v: unknown): string => w.params.add(v);

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
async function filters(deps: Deps, tx: Queryable, p: Principal, q: InboxQuery, w: Where): Promise<void> {
  w.conds.push(needVisibility(p, w.params));
  if (q.state === 'open') w.conds.push(`n.state = ANY(${param(w, OPEN_NEED_STATES)}::text[])`);
  else if (q.state) w.conds.push(`n.state = ${param(w, q.state)}`);
  if (q.category) w.conds.push(`${param(w, q.category)} = ANY(n.categories)`);
  if (q.stationId) w.conds.push(`n.station_id = ${param(w, q.stationId)}`);
  if (q.channel) w.conds.push(`n.channel = ${param(w, q.channel)}`);
  if (q.mine) w.conds.push(`n.owner_id = ${param(w, p.id)}`);
  if (q.q) {
    const like = param(w, containsPattern(q.q));
    w.conds.push(`(n.number ILIKE ${like} OR n.title ILIKE ${like} OR e.name ILIKE ${like})`);
  }
  if (q.due) {
    const today = toShanghaiDate(deps.now());
    if (q.due === 'overdue') w.conds.push(`${STAFF_DUE_SQL} < ${param(w, today)}::date`);
    else {
      const before = dueSoonBefore(today, await loadTimeLimits(tx), await loadCalendar(deps, tx));
      w.conds.push(`${STAFF_DUE_SQL} >= ${param(w, today)}::date AND ${STAFF_DUE_SQL} < ${param(w, before)}::date`);
    }
  }
}

export async function listNeeds(deps: Deps, p: Principal, q: InboxQuery): Promise<NeedPage> {
  return deps.db.transaction(async (tx) => {
    const w: Where = { params: new Params(), conds: [] };
    await filters(deps, tx, p, q, w);
    const keyset = q.sort === 'deadline' ? BY_DEADLINE : BY_CREATED;
    const after = keyset.after(w.params, q.cursor);
    if (after) w.conds.push(after);
    const { rows } = await tx.query<InboxRow>(
      `SELECT ${NEED_COLUMNS}, ${DEADLINE_KEY} AS deadline_key ${NEED_FROM}
        WHERE ${w.conds.join(' AND ')} ORDER BY ${keyset.orderBy} ${keyset.limit(w.params, q.limit)}`,
      w.params.values,
    );
    const { page, nextCursor } = keyset.page(rows, q.limit);
    return { items: await toSummaries(deps, tx, p, page, 'need_list'), nextCursor };
  });
}

/** Counts for the filter chips, over everything the caller may see. */
export async function countNeeds(deps: Deps, p: Principal): Promise<NeedCounts> {
  const today = toShanghaiDate(deps.now());
  return deps.db.transaction(async (tx) => {
    const limits = await loadTimeLimits(tx);
    const cal = await loadCalendar(deps, tx);
    const w: Where = { params: new Params(), conds: [] };
    w.conds.push(needVisibility(p, w.params));
    const visible = `FROM needs n WHERE ${w.conds.join(' AND ')}`;
    // The totals take four more parameters after the visibility's own.
    const x: Where = { params: new Params(...w.params.values), conds: [] };
    const t = param(x, today);
    const soon = param(x, dueSoonBefore(today, limits, cal));
    const me = param(x, p.id);
    const open = param(x, OPEN_NEED_STATES);
    const totals = await tx.query<{ total: number; open: number; mine: number; overdue: number; due_soon: number }>(
      `SELECT count(*)::int AS total,
              count(*) FILTER (WHERE n.state = ANY(${open}::text[]))::int AS open,
              count(*) FILTER (WHERE n.owner_id = ${me} AND n.state = ANY(${open}::text[]))::int AS mine,
              count(*) FILTER (WHERE ${STAFF_DUE_SQL} < ${t}::date)::int AS overdue,
              count(*) FILTER (WHERE ${STAFF_DUE_SQL} >= ${t}::date AND ${STAFF_DUE_SQL} < ${soon}::date)::int AS due_soon
         ${visible}`,
      x.params.values,
    );
    const group = async (key: string) =>
      (await tx.query<{ k: string | null; n: number }>(`SELECT ${key} AS k, count(*)::int AS n ${visible} GROUP BY 1`, w.params.values))
        .rows;
    const byState = Object.fromEntries(NEED_STATES.map((s) => [s, 0])) as NeedCounts['byState'];
    for (const r of await group('n.state')) byState[r.k as keyof typeof byState] = r.n;
    const byCategory: Record<string, number> = {};
    for (const r of await group('unnest(n.categories)')) byCategory[r.k!] = r.n;
    const byChannel: Record<string, number> = {};
    for (const r of await group('n.channel')) byChannel[r.k!] = r.n;
    const stations = await tx.query<{ id: string | null; name: string | null; count: number }>(
      `SELECT n.station_id AS id, s.name, count(*)::int AS count
         FROM needs n LEFT JOIN stations s ON s.id = n.station_id
        WHERE ${w.conds.join(' AND ')} GROUP BY n.station_id, s.name ORDER BY count DESC, s.name`,
      w.params.values,
    );
    const sums = totals.rows[0]!;
    return {
      total: sums.total,
      open: sums.open,
      mine: sums.mine,
      overdue: sums.overdue,
      dueSoon: sums.due_soon,
      byState,
      byCategory,
      byChannel,
      byStation: stations.rows.map((r) => ({ id: r.id, name: r.name ?? '服务中心（未指定站点）', count: r.count })),
    };
  });
}
