// The statistics overview of a period (效能评估): read from the rollups only
// (migration 0014), never the needs table, so it stays fast on years of data.
// Durations are counted in working days on the calendar in force.
import {
  CATEGORY_BY_CODE,
  CHANNEL_LABELS,
  COMPLAINT_STATE_LABELS,
  COMPLAINT_STATES,
  ITEM_BY_CODE,
  maskName,
  NEED_STATE_LABELS,
  NEED_STATES,
  previousPeriod,
  RATING_QUESTIONS,
  SATISFACTION_LABELS,
  SATISFACTION_LEVELS,
  share,
  type CategoryCode,
  type Channel,
  type ComplaintState,
  type IsoDate,
  type NeedState,
  type StatsCountRow,
  type StatsHeadline,
  type StatsOverview,
  type StatsQuery,
  type WorkCalendar,
} from '@qi/shared';
import type { Principal } from '../../auth/principal';
import type { Queryable } from '../../db/types';
import type { Deps } from '../../deps';
import { loadCalendar } from '../calendar';
import { rollupFilter } from './rollupFilter';
import { statsScope, type StatsScope } from './scope';
import { durationFigures, type DayPair } from './workingDays';

interface Period {
  from: IsoDate;
  to: IsoDate;
}

interface NeedRow {
  dim: 'station' | 'channel' | 'region' | 'state' | 'month' | 'total';
  key: string | null;
  n: number;
  answered: number;
  accept_on_time: number;
  accept_late: number;
  reply_on_time: number;
  reply_late: number;
}

/** Everything counted for one period, before labels. */
interface Raw {
  needs: NeedRow[];
  categories: { key: string; n: number }[];
  items: { key: string; n: number }[];
  durations: { kind: 'accept' | 'complete'; start: IsoDate; end: IsoDate; n: number }[];
  ratings: { question: string; level: string; n: number }[];
  providers: { kind: 'institution' | 'expert'; id: string; task_state: string; n: number }[];
  complaints: { target_kind: string; state: string; resolved_late: boolean; n: number }[];
}

async function countPeriod(db: Queryable, q: StatsQuery, scope: StatsScope, period: Period): Promise<Raw> {
  const f = rollupFilter(q, scope, period, 'categorised');
  const fMonths = rollupFilter(q, scope, period, 'categorised', { coarsest: 'm' });
  const fDays = rollupFilter(q, scope, period, 'categorised', { coarsest: 'd' });
  const fAll = rollupFilter(q, scope, period, 'categorised', { allCategories: true });
  const fItems = rollupFilter(q, scope, period, 'items');
  const fComplaints = rollupFilter(q, scope, period, 'complaints');
  const [needs, byMonth, categories, items, durations, ratings, providers, complaints] = await Promise.all([
    db.query<NeedRow>(
      `SELECT CASE WHEN grouping(station) = 0 THEN 'station' WHEN grouping(channel) = 0 THEN 'channel'
                   WHEN grouping(region) = 0 THEN 'region' WHEN grouping(state) = 0 THEN 'state' ELSE 'total' END AS dim,
              coalesce(station, channel, region, state) AS key,
              sum(n)::int AS n, sum(answered)::int AS answered,
              sum(accept_on_time)::int AS accept_on_time, sum(accept_late)::int AS accept_late,
              sum(reply_on_time)::int AS reply_on_time, sum(reply_late)::int AS reply_late
         FROM stats_needs WHERE ${f.where}
        GROUP BY GROUPING SETS ((station), (channel), (region), (state), ())`,
      f.params,
    ),
    db.query<NeedRow>(
      `SELECT 'month' AS dim, to_char(day, 'YYYY-MM') AS key, sum(n)::int AS n, 0 AS answered, 0 AS accept_on_time,
              0 AS accept_late, 0 AS reply_on_time, 0 AS reply_late
         FROM stats_needs WHERE ${fMonths.where} GROUP BY 2`,
      fMonths.params,
    ),
    db.query<{ key: string; n: number }>(
      `SELECT category AS key, sum(n)::int AS n FROM stats_needs WHERE ${fAll.where} GROUP BY category`,
      fAll.params,
    ),
    db.query<{ key: string; n: number }>(
      `SELECT item AS key, sum(n)::int AS n FROM stats_items WHERE ${fItems.where} GROUP BY item`,
      fItems.params,
    ),
    db.query<{ kind: 'accept' | 'complete'; start: IsoDate; end: IsoDate; n: number }>(
      `SELECT kind, day::text AS start, end_day::text AS end, sum(n)::int AS n
         FROM stats_durations WHERE ${fDays.where} GROUP BY kind, day, end_day`,
      fDays.params,
    ),
    db.query<{ question: string; level: string; n: number }>(
      `SELECT question, level, sum(n)::int AS n FROM stats_ratings WHERE ${f.where} GROUP BY question, level`,
      f.params,
    ),
    db.query<{ kind: 'institution' | 'expert'; id: string; task_state: string; n: number }>(
      `SELECT provider_kind AS kind, provider_id AS id, task_state, sum(n)::int AS n
         FROM stats_providers WHERE ${f.where} GROUP BY 1, 2, 3`,
      f.params,
    ),
    db.query<{ target_kind: string; state: string; resolved_late: boolean; n: number }>(
      `SELECT target_kind, state, resolved_late, sum(n)::int AS n FROM stats_complaints WHERE ${fComplaints.where} GROUP BY 1, 2, 3`,
      fComplaints.params,
    ),
  ]);
  return {
    needs: [...needs.rows, ...byMonth.rows],
    categories: categories.rows,
    items: items.rows,
    durations: durations.rows,
    ratings: ratings.rows,
    providers: providers.rows,
    complaints: complaints.rows,
  };
}

const byCount = (a: StatsCountRow, b: StatsCountRow) => b.count - a.count || a.key.localeCompare(b.key);
const sumOf = (rows: readonly { n: number }[]) => rows.reduce((s, r) => s + r.n, 0);

function months(period: Period): string[] {
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

function headline(raw: Raw, cal: WorkCalendar): StatsHeadline {
  const total = raw.needs.find((r) => r.dim === 'total');
  const responded = sumOf(raw.durations.filter((d) => d.kind === 'accept'));
  const overall = raw.ratings.filter((r) => r.question === 'overall');
  const resolved = raw.ratings.filter((r) => r.question === 'resolved');
  const complete = durationFigures(
    raw.durations.filter((d) => d.kind === 'complete'),
    cal,
  );
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

const NO_STATION = '未经站点（服务中心直接受理）';
const NO_REGION = '未填写地区';

export async function getStatsOverview(deps: Deps, p: Principal, q: StatsQuery): Promise<StatsOverview> {
  const scope = statsScope(p, q);
  const period = { from: q.from, to: q.to };
  const prev = previousPeriod(q.from, q.to);
  const db = deps.db;
  const [cal, cur, before] = await Promise.all([
    loadCalendar(deps, db),
    countPeriod(db, q, scope, period),
    countPeriod(db, q, scope, prev),
  ]);

  const dimRows = (dim: NeedRow['dim']) => cur.needs.filter((r) => r.dim === dim && r.key !== null && r.n !== 0);
  const stationIds = dimRows('station')
    .map((r) => r.key!)
    .filter((k) => k !== '');
  const providerIds = (kind: 'institution' | 'expert') => [...new Set(cur.providers.filter((r) => r.kind === kind).map((r) => r.id))];
  const [stations, institutions, experts] = await Promise.all([
    db.query<{ id: string; name: string }>('SELECT id::text, name FROM stations WHERE id = ANY($1::uuid[])', [stationIds]),
    db.query<{ id: string; name: string }>('SELECT id, name FROM institutions WHERE id = ANY($1::uuid[])', [providerIds('institution')]),
    db.query<{ id: string; name: string }>('SELECT id, name FROM experts WHERE id = ANY($1::uuid[])', [providerIds('expert')]),
  ]);
  const stationName = new Map(stations.rows.map((r) => [r.id, r.name]));
  const providerName = new Map([
    ...institutions.rows.map((r) => [r.id, r.name] as const),
    ...experts.rows.map((r) => [r.id, scope.desensitised ? maskName(r.name) : r.name] as const),
  ]);

  const total = cur.needs.find((r) => r.dim === 'total');
  const monthCounts = new Map(dimRows('month').map((r) => [r.key!, r.n]));
  const stateCounts = new Map(dimRows('state').map((r) => [r.key!, r.n]));
  const rating = (question: string, level: string) => sumOf(cur.ratings.filter((r) => r.question === question && r.level === level));
  const responded = sumOf(cur.durations.filter((d) => d.kind === 'accept'));
  const pairs = (kind: 'accept' | 'complete'): DayPair[] => cur.durations.filter((d) => d.kind === kind);

  const providers = new Map<string, StatsOverview['providers'][number]>();
  for (const r of cur.providers) {
    const e = providers.get(r.id) ?? {
      kind: r.kind,
      id: r.id,
      name: providerName.get(r.id) ?? '（已删除）',
      tasks: 0,
      done: 0,
      declined: 0,
      doneRate: null,
    };
    e.tasks += r.n;
    if (r.task_state === 'done') e.done += r.n;
    if (r.task_state === 'declined') e.declined += r.n;
    providers.set(r.id, e);
  }
  const complaintsBy = (pick: (r: Raw['complaints'][number]) => string) => {
    const m = new Map<string, number>();
    for (const r of cur.complaints) m.set(pick(r), (m.get(pick(r)) ?? 0) + r.n);
    return m;
  };
  const byComplaintState = complaintsBy((r) => r.state);
  const byComplaintTarget = complaintsBy((r) => r.target_kind);
  const resolutionYes = rating('resolved', 'yes');
  const resolutionNo = rating('resolved', 'no');

  return {
    period,
    previousPeriod: prev,
    filters: { stationId: q.stationId ?? null, category: q.category ?? null, channel: q.channel ?? null, region: q.region ?? null },
    desensitised: scope.desensitised,
    provisionalYears: cal.provisionalYears(prev.from, q.to),
    byCategory: cur.categories
      .filter((r) => r.n !== 0)
      .map((r) => ({ key: r.key, label: CATEGORY_BY_CODE[r.key as CategoryCode]?.name ?? r.key, count: r.n }))
      .sort(byCount),
    byItem: cur.items
      .filter((r) => r.n !== 0)
      .map((r) => ({ key: r.key, label: ITEM_BY_CODE.get(r.key)?.item.name ?? r.key, count: r.n }))
      .sort(byCount),
    byStation: dimRows('station')
      .map((r) => ({ key: r.key!, label: r.key === '' ? NO_STATION : (stationName.get(r.key!) ?? r.key!), count: r.n }))
      .sort(byCount),
    byChannel: dimRows('channel')
      .map((r) => ({ key: r.key!, label: CHANNEL_LABELS[r.key as Channel] ?? r.key!, count: r.n }))
      .sort(byCount),
    byRegion: dimRows('region')
      .map((r) => ({ key: r.key!, label: r.key === '' ? NO_REGION : r.key!, count: r.n }))
      .sort(byCount),
    byMonth: months(period).map((m) => ({ key: m, label: m, count: monthCounts.get(m) ?? 0 })),
    states: NEED_STATES.map((s: NeedState) => ({ key: s, label: NEED_STATE_LABELS[s], count: stateCounts.get(s) ?? 0 })),
    durations: { accept: durationFigures(pairs('accept'), cal), complete: durationFigures(pairs('complete'), cal) },
    onTime: [
      {
        clock: 'accept',
        label: '受理（或即时答复）时限',
        onTime: total?.accept_on_time ?? 0,
        late: total?.accept_late ?? 0,
        rate: share(total?.accept_on_time ?? 0, (total?.accept_on_time ?? 0) + (total?.accept_late ?? 0)),
      },
      {
        clock: 'reply',
        label: '答复（办结）时限',
        onTime: total?.reply_on_time ?? 0,
        late: total?.reply_late ?? 0,
        rate: share(total?.reply_on_time ?? 0, (total?.reply_on_time ?? 0) + (total?.reply_late ?? 0)),
      },
    ],
    satisfaction: RATING_QUESTIONS.map(({ key, label }) => {
      const counts = SATISFACTION_LEVELS.map((l) => ({ key: l, label: SATISFACTION_LABELS[l], count: rating(key, l) }));
      const all = sumOf(counts.map((c) => ({ n: c.count })));
      return {
        question: key,
        label,
        counts,
        total: all,
        satisfiedRate: share(rating(key, 'very_satisfied') + rating(key, 'satisfied'), all),
      };
    }),
    resolution: { resolved: resolutionYes, unresolved: resolutionNo, rate: share(resolutionYes, resolutionYes + resolutionNo) },
    instantAnswer: { answered: total?.answered ?? 0, responded, share: share(total?.answered ?? 0, responded) },
    complaints: {
      total: sumOf(cur.complaints),
      byState: COMPLAINT_STATES.map((s: ComplaintState) => ({
        key: s,
        label: COMPLAINT_STATE_LABELS[s],
        count: byComplaintState.get(s) ?? 0,
      })),
      byTarget: [...byComplaintTarget.entries()]
        .map(([k, n]) => ({ key: k, label: COMPLAINT_TARGET_LABELS[k] ?? k, count: n }))
        .sort(byCount),
      resolved: byComplaintState.get('resolved') ?? 0,
      resolvedLate: sumOf(cur.complaints.filter((r) => r.resolved_late)),
    },
    providers: [...providers.values()]
      .map((e) => ({ ...e, doneRate: share(e.done, e.tasks) }))
      .sort((a, b) => b.done - a.done || a.declined - b.declined || a.name.localeCompare(b.name, 'zh')),
    current: headline(cur, cal),
    previous: headline(before, cal),
  };
}

const COMPLAINT_TARGET_LABELS: Record<string, string> = { need: '需求办理', provider: '服务机构或专家', staff: '工作人员' };
