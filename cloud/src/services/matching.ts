// 精准匹配: institutions and experts ranked for a need by category and service
// item coverage, qualification validity today, region, current load, and the
// on-time and satisfaction rates the dynamic evaluation measures over its
// window (services/evaluation); each with its score and the reasons in Chinese.
import {
  CATEGORIES,
  EXPERT_TITLE_LEVEL_LABELS,
  ITEM_BY_CODE,
  OFFERED_PROVIDER_STATUSES,
  OPEN_TASK_STATES,
  toShanghaiDate,
  type CategoryCode,
  type EvaluationFigures,
  type ExpertTitleLevel,
  type IsoDate,
  type Match,
  type ProviderStatus,
} from '@qi/shared';
import { isIn } from '../db/sql';
import type { Principal } from '../auth/principal';
import type { Deps } from '../deps';
import { fail } from '../errors';
import { evaluateSubjects, evaluationContext } from './evaluation/subjects';
import { visibleNeed } from './needs';
import { needActors } from './needView';

/** Points per criterion; they add up to 100. */
export const MATCH_WEIGHTS = {
  categories: 35,
  items: 20,
  qualification: 10,
  region: 10,
  load: 10,
  onTime: 8,
  satisfaction: 7,
} as const;
/** Taken off a provider whose dynamic evaluation put it on 预警. */
export const WARNED_PENALTY = 15;
/** Open tasks at which the load score reaches zero. */
export const FULL_LOAD = 5;
/** Assumed rates for a provider with no history yet: neither rewarded nor punished much. */
const NO_HISTORY_RATE = 0.75;

export interface MatchCandidate {
  kind: 'institution' | 'expert';
  id: string;
  name: string;
  categories: CategoryCode[];
  items: string[];
  region: string;
  status: ProviderStatus;
  /** `items`: the service items a qualification covers (none recorded: it covers none in particular). */
  qualifications: { name: string; validFrom: IsoDate; validTo: IsoDate; items?: string[] }[];
  title: string | null;
  titleLevel: ExpertTitleLevel | null;
  openTasks: number;
  alreadyAssigned: boolean;
  /** The dynamic evaluation's on-time rate: tasks judged, and those on time. */
  dueTasks: number;
  onTimeTasks: number;
  /** The dynamic evaluation's satisfaction rate: rated needs served, and those satisfied. */
  ratings: number;
  satisfied: number;
  /** The evaluation's window, in months (named in the reasons). */
  windowMonths?: number;
}

export interface MatchNeed {
  categories: CategoryCode[];
  items: string[];
  /** Where the service happens: the station's region, else the enterprise's; '' when unknown. */
  region: string;
}

const categoryName = (c: string) => CATEGORIES.find((x) => x.code === c)?.shortName ?? c;
const itemName = (code: string) => ITEM_BY_CODE.get(code)?.item.name ?? code;
const percent = (r: number) => `${Math.round(r * 100)}%`;

/** Items an institution offers only under qualifications that have expired: they no longer match. */
export function lapsedItems(c: Pick<MatchCandidate, 'kind' | 'items' | 'qualifications'>, today: IsoDate): string[] {
  if (c.kind !== 'institution') return [];
  const covered = (item: string, when: (q: MatchCandidate['qualifications'][number]) => boolean) =>
    c.qualifications.some((q) => q.items?.includes(item) && when(q));
  return c.items.filter((x) => covered(x, (q) => q.validTo < today) && !covered(x, (q) => q.validFrom <= today && today <= q.validTo));
}

/** A need listing items none of which the candidate may still serve, though it offered some: not a match. */
export const stopsMatching = (need: MatchNeed, c: MatchCandidate, today: IsoDate): boolean => {
  const lapsed = lapsedItems(c, today);
  const listed = need.items.filter((x) => c.items.includes(x));
  return listed.length > 0 && listed.every((x) => lapsed.includes(x));
};

/** Scores one candidate for one need (pure). */
export function scoreMatch(need: MatchNeed, c: MatchCandidate, today: IsoDate): Match {
  const W = MATCH_WEIGHTS;
  const reasons: string[] = [];
  const notes: string[] = [];
  const warnings: string[] = [];
  let score = 0;

  const cats = need.categories.filter((x) => c.categories.includes(x));
  const catCov = need.categories.length ? cats.length / need.categories.length : 0;
  score += W.categories * catCov;
  reasons.push(`覆盖服务类别：${cats.map(categoryName).join('、')}（${cats.length}/${need.categories.length}）`);

  const lapsed = lapsedItems(c, today);
  if (need.items.length) {
    const items = need.items.filter((x) => c.items.includes(x) && !lapsed.includes(x));
    score += W.items * (items.length / need.items.length);
    if (items.length) reasons.push(`可提供服务项目 ${items.length}/${need.items.length}：${items.map(itemName).join('、')}`);
    else warnings.push(`未登记需求所列的服务项目（${need.items.map(itemName).join('、')}）`);
  } else {
    score += W.items * catCov;
  }

  if (c.kind === 'institution') {
    const valid = c.qualifications.filter((q) => q.validFrom <= today && today <= q.validTo);
    const expired = c.qualifications.filter((q) => !(q.validFrom <= today && today <= q.validTo));
    if (valid.length && !expired.length) {
      score += W.qualification;
      reasons.push(`资质在有效期内：${valid.map((q) => `${q.name}（至 ${q.validTo}）`).join('、')}`);
    } else if (valid.length) {
      score += W.qualification / 2;
      reasons.push(`资质有效：${valid.map((q) => q.name).join('、')}`);
    }
    for (const q of expired) {
      const stopped = (q.items ?? []).filter((x) => lapsed.includes(x));
      const notMatched = stopped.length ? `，不再匹配其覆盖的服务项目：${stopped.map(itemName).join('、')}` : '';
      warnings.push(
        q.validTo < today ? `资质已过期：${q.name}（${q.validTo} 到期）${notMatched}` : `资质尚未生效：${q.name}（${q.validFrom} 起）`,
      );
    }
    if (!c.qualifications.length) warnings.push('未登记资质证书');
  } else if (c.titleLevel) {
    score += c.titleLevel === 'senior' ? W.qualification : W.qualification * 0.8;
    reasons.push(`${c.title}（${EXPERT_TITLE_LEVEL_LABELS[c.titleLevel]}职称）`);
  }

  if (need.region && c.region === need.region) {
    score += W.region;
    reasons.push(`同在${c.region}，便于对接和上门服务`);
  } else if (!need.region) {
    score += W.region / 2;
  } else {
    score += W.region * 0.3;
  }

  score += W.load * Math.max(0, 1 - c.openTasks / FULL_LOAD);
  // A free hand is a strength; some tasks in hand a plain fact; a full load speaks against it.
  if (!c.openTasks) reasons.push('当前无在办任务，可尽快响应');
  else if (c.openTasks < FULL_LOAD) notes.push(`当前在办任务 ${c.openTasks} 项`);
  else warnings.push(`在办任务较多（${c.openTasks} 项）`);

  const onTimeRate = c.dueTasks ? c.onTimeTasks / c.dueTasks : null;
  score += W.onTime * (onTimeRate ?? NO_HISTORY_RATE);
  const satisfactionRate = c.ratings ? c.satisfied / c.ratings : null;
  score += W.satisfaction * (satisfactionRate ?? NO_HISTORY_RATE);
  const measured = c.windowMonths ? `动态评价（近 ${c.windowMonths} 个月）` : '动态评价';
  // A rate is a strength when at least what an unknown provider is assumed to reach; below it, a plain fact.
  const rated = (rate: number) => (rate >= NO_HISTORY_RATE ? reasons : notes);
  if (onTimeRate !== null) rated(onTimeRate).push(`${measured}按时率 ${percent(onTimeRate)}（${c.onTimeTasks}/${c.dueTasks} 项任务）`);
  if (satisfactionRate !== null)
    rated(satisfactionRate).push(`${measured}满意率 ${percent(satisfactionRate)}（${c.satisfied}/${c.ratings} 次评价）`);
  if (onTimeRate === null && satisfactionRate === null) notes.push(`${measured}暂无可计算的服务记录`);

  if (c.status === 'warned') {
    score -= WARNED_PENALTY;
    warnings.push('动态评价处于预警状态');
  }
  if (c.alreadyAssigned) warnings.push('已承担本需求的服务任务');

  return {
    kind: c.kind,
    ...(c.kind === 'institution' ? { institutionId: c.id } : { expertId: c.id }),
    name: c.name,
    score: Math.max(0, Math.min(100, Math.round(score))),
    reasons,
    notes,
    warnings,
    region: c.region,
    openTasks: c.openTasks,
    onTimeRate,
    satisfactionRate,
    alreadyAssigned: c.alreadyAssigned,
  };
}

interface CandidateRow {
  kind: 'institution' | 'expert';
  id: string;
  name: string;
  categories: CategoryCode[];
  items: string[];
  region: string;
  status: ProviderStatus;
  qualifications: MatchCandidate['qualifications'];
  title: string | null;
  title_level: ExpertTitleLevel | null;
  open_tasks: number;
  already: boolean;
}

// Active and warned providers sharing at least one category with the need,
// with their load. Ids are uuids, unique across both tables.
const CANDIDATES_SQL = `
  WITH p AS (
    SELECT 'institution' AS kind, i.id, i.name, i.categories, i.items, i.region, i.status, i.qualifications,
           NULL::text AS title, NULL::text AS title_level
      FROM institutions i
    UNION ALL
    SELECT 'expert', x.id, x.name, x.fields, x.items, x.region, x.status, '[]'::jsonb, x.title, x.title_level
      FROM experts x
  )
  SELECT p.*, l.open_tasks, l.already
    FROM p
    CROSS JOIN LATERAL (
      SELECT count(*)::int AS open_tasks, coalesce(bool_or(t.need_id = $2), false) AS already
        FROM tasks t WHERE (t.institution_id = p.id OR t.expert_id = p.id) AND ${isIn('t.state', OPEN_TASK_STATES)}
    ) l
   WHERE ${isIn('p.status', OFFERED_PROVIDER_STATUSES)} AND p.categories && $1::text[]`;

/** At most this many matches are returned, best first. */
export const MAX_MATCHES = 20;

export async function matchesFor(deps: Deps, p: Principal, needId: string): Promise<Match[]> {
  const today = toShanghaiDate(deps.now());
  return deps.db.transaction(async (tx) => {
    const row = await visibleNeed(tx, p, needId);
    const actors = needActors(p, row);
    if (!actors.includes('specialist') && !actors.includes('manager')) {
      fail('forbidden', '只有服务专员和运营管理人员可以查看匹配结果');
    }
    const where = await tx.query<{ region: string }>(
      `SELECT coalesce(nullif(s.region, ''), e.region, '') AS region
         FROM needs n JOIN enterprises e ON e.id = n.enterprise_id LEFT JOIN stations s ON s.id = n.station_id
        WHERE n.id = $1`,
      [row.id],
    );
    const need: MatchNeed = { categories: row.categories, items: row.items, region: where.rows[0]?.region ?? '' };
    const { rows } = await tx.query<CandidateRow>(CANDIDATES_SQL, [row.categories, row.id]);
    // The measured figures: the same on-time and satisfaction rates the evaluation pages show.
    const ctx = await evaluationContext(deps, tx);
    const measured = new Map<string, EvaluationFigures>();
    for (const kind of ['institution', 'expert'] as const) {
      const ids = rows.filter((r) => r.kind === kind).map((r) => r.id);
      if (!ids.length) continue;
      for (const s of await evaluateSubjects(deps, tx, kind, ctx, { ids })) measured.set(s.id, s.figures);
    }
    return rows
      .map((r): MatchCandidate => ({
        kind: r.kind,
        id: r.id,
        name: r.name,
        categories: r.categories,
        items: r.items,
        region: r.region,
        status: r.status,
        qualifications: r.qualifications,
        title: r.title,
        titleLevel: r.title_level,
        openTasks: r.open_tasks,
        alreadyAssigned: r.already,
        dueTasks: measured.get(r.id)?.onTime.of ?? 0,
        onTimeTasks: measured.get(r.id)?.onTime.met ?? 0,
        ratings: measured.get(r.id)?.satisfaction.of ?? 0,
        satisfied: measured.get(r.id)?.satisfaction.met ?? 0,
        windowMonths: ctx.window.months,
      }))
      .filter((c) => !stopsMatching(need, c, today))
      .map((c) => scoreMatch(need, c, today))
      .sort((a, b) => b.score - a.score || a.name.localeCompare(b.name, 'zh-CN'))
      .slice(0, MAX_MATCHES);
  });
}
