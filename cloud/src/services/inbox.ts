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
import { decodeCursor, encodeCursor, isDate, isTimestamp, isUuid } from './cursor';
import { loadTimeLimits, NEED_SELECT, toSummaries, type NeedRow } from './needView';
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
  params: unknown[];
  conds: string[];
}

const param = (w: Where, v: unknown): string => {
  w.params.push(v);
  return `$${w.params.length}`;
};

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
    const w: Where = { params: [], conds: [] };
    await filters(deps, tx, p, q, w);
    const byDeadline = q.sort === 'deadline';
    if (q.cursor) {
      if (byDeadline) {
        const [due, at, id] = decodeCursor(q.cursor, [isDate, isTimestamp, isUuid]);
        w.conds.push(
          `(${DEADLINE_KEY}, n.created_at, n.id) > (${param(w, due)}::date, ${param(w, at)}::timestamptz, ${param(w, id)}::uuid)`,
        );
      } else {
        const [at, id] = decodeCursor(q.cursor, [isTimestamp, isUuid]);
        w.conds.push(`(n.created_at, n.id) < (${param(w, at)}::timestamptz, ${param(w, id)}::uuid)`);
      }
    }
    const order = byDeadline ? `${DEADLINE_KEY} ASC, n.created_at ASC, n.id ASC` : 'n.created_at DESC, n.id DESC';
    const limit = param(w, q.limit + 1);
    const { rows } = await tx.query<NeedRow & { deadline_key: string }>(
      `${NEED_SELECT.replace('SELECT n.*,', `SELECT n.*, ${DEADLINE_KEY} AS deadline_key,`)}
        WHERE ${w.conds.join(' AND ')} ORDER BY ${order} LIMIT ${limit}`,
      w.params,
    );
    const page = rows.slice(0, q.limit);
    const last = page[page.length - 1];
    const nextCursor =
      !last || rows.length <= q.limit
        ? null
        : byDeadline
          ? encodeCursor([last.deadline_key, last.created_at.toISOString(), last.id])
          : encodeCursor([last.created_at.toISOString(), last.id]);
    return { items: await toSummaries(deps, tx, p, page, 'need_list'), nextCursor };
  });
}

/** Counts for the filter chips, over everything the caller may see. */
export async function countNeeds(deps: Deps, p: Principal): Promise<NeedCounts> {
  const today = toShanghaiDate(deps.now());
  return deps.db.transaction(async (tx) => {
    const limits = await loadTimeLimits(tx);
    const cal = await loadCalendar(deps, tx);
    const w: Where = { params: [], conds: [] };
    w.conds.push(needVisibility(p, w.params));
    const visible = `FROM needs n WHERE ${w.conds.join(' AND ')}`;
    // The totals take four more parameters after the visibility's own.
    const x: Where = { params: [...w.params], conds: [] };
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
      x.params,
    );
    const group = async (key: string) =>
      (await tx.query<{ k: string | null; n: number }>(`SELECT ${key} AS k, count(*)::int AS n ${visible} GROUP BY 1`, w.params)).rows;
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
      w.params,
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
