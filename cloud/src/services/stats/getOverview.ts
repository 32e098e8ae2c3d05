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
  type NeedState,
  type StatsOverview,
  type StatsQuery,
} from '@qi/shared';
import type { Principal } from '../../auth/principal';
import type { Deps } from '../../deps';
import { loadCalendar } from '../calendar';
import { foldStats } from './fold';
import { statsScope } from './scope';
import { durationFigures, type DayCount } from './workingDays';
import { histogramsCurrent, refreshStatsCalendar } from './workdays';

import { countImprovement } from '../followUps/improvementCounts';
import { byCount, countPeriod, headline, months, sumOf, type NeedRow, type Raw } from './countPeriod';
const NO_STATION = '未经站点（服务中心直接受理）';
const NO_REGION = '未填写地区';

export async function getStatsOverview(deps: Deps, p: Principal, q: StatsQuery): Promise<StatsOverview> {
  const scope = statsScope(p, q);
  const period = { from: q.from, to: q.to };
  const prev = previousPeriod(q.from, q.to);
  const db = deps.db;
  await foldStats(db);
  const cal = await loadCalendar(deps, db);
  // The duration histograms, recounted first when the calendar changed since (the tick does it too).
  const histograms = (await histogramsCurrent(db, cal)) || (await refreshStatsCalendar(deps));
  const [cur, before] = await Promise.all([
    countPeriod(db, q, scope, period, { cal, histograms }),
    countPeriod(db, q, scope, prev, { cal, histograms }),
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
  const hist = (kind: 'accept' | 'complete'): DayCount[] => cur.durations.filter((d) => d.kind === kind);

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
    durations: { accept: durationFigures(hist('accept')), complete: durationFigures(hist('complete')) },
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
    current: headline(cur),
    previous: headline(before),
    improvement: await countImprovement(db, period, scope, deps.now()),
  };
}

const COMPLAINT_TARGET_LABELS: Record<string, string> = { need: '需求办理', provider: '服务机构或专家', staff: '工作人员' };
