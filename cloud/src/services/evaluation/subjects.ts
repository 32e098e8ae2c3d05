// The evaluated subjects (institutions, experts, specialists) with their
// figures over the window in force, the ranking, one subject's detail and the
// evidence behind a figure. Managers and supervisors read them; a
// specialist's name is masked for supervisors.
import {
  EVALUATION_SUBJECT_KINDS,
  judge,
  maskName,
  toShanghaiDate,
  type EvaluationFigure,
  type EvaluationList,
  type EvaluationListQuery,
  type EvaluationSubject,
  type EvaluationSubjectDetail,
  type EvaluationSubjectKind,
  type EvaluationThresholds,
  type EvaluationWindow,
  type EvidenceList,
  type IsoDate,
  type ProviderStatus,
  type RankingSort,
} from '@qi/shared';
import { has, requireOversight } from '../../auth/policy';
import type { Principal } from '../../auth/principal';
import type { Queryable } from '../../db/types';
import type { Deps } from '../../deps';
import { fail } from '../../errors';
import { openName } from '../../pii';
import { evidenceOf, figuresOf, loadRows } from './figures';
import { listProposals } from './proposals';
import { loadThresholds, windowEnding } from './thresholds';

interface SubjectRow {
  id: string;
  name: string | null;
  name_enc: string | null;
  status: ProviderStatus | null;
}

const SUBJECT_SQL: Record<EvaluationSubjectKind, string> = {
  institution: 'SELECT id, name, NULL AS name_enc, status FROM institutions',
  expert: 'SELECT id, name, NULL AS name_enc, status FROM experts',
  specialist: `SELECT id, NULL AS name, name_enc, NULL AS status FROM users WHERE 'specialist' = ANY(roles)`,
};

async function subjectRows(q: Queryable, kind: EvaluationSubjectKind, ids?: readonly string[]): Promise<SubjectRow[]> {
  const sql = SUBJECT_SQL[kind];
  if (!ids) return (await q.query<SubjectRow>(sql)).rows;
  return (await q.query<SubjectRow>(`${sql} ${kind === 'specialist' ? 'AND' : 'WHERE'} id = ANY($1::uuid[])`, [ids])).rows;
}

/** The window and thresholds in force today. */
export async function evaluationContext(deps: Deps, q: Queryable) {
  const today = toShanghaiDate(deps.now());
  const { thresholds, version } = await loadThresholds(q);
  return { today, thresholds, version, window: windowEnding(today, thresholds.windowMonths) };
}

/**
 * The figures of every subject of `kind` (or the one `id`), judged against the
 * thresholds. Exposed for other use cases (matching, statistics): it reads only.
 */
export async function evaluateSubjects(
  deps: Deps,
  q: Queryable,
  kind: EvaluationSubjectKind,
  ctx: { today: IsoDate; thresholds: EvaluationThresholds; window: EvaluationWindow },
  opts: { ids?: readonly string[]; maskNames?: boolean } = {},
): Promise<EvaluationSubject[]> {
  const subjects = await subjectRows(q, kind, opts.ids);
  const rows = await loadRows(
    q,
    kind,
    subjects.map((s) => s.id),
    ctx.window,
  );
  return subjects.map((s) => {
    const figures = figuresOf(kind, rows.get(s.id)!, ctx.today);
    const { level, findings } = judge(figures, ctx.thresholds);
    const name = s.name ?? openName(deps.pii, s.name_enc);
    return { kind, id: s.id, name: opts.maskNames ? maskName(name) : name, status: s.status, figures, level, findings };
  });
}

const sortKey: Record<RankingSort, (s: EvaluationSubject) => number> = {
  satisfaction: (s) => s.figures.satisfaction.rate ?? -1,
  onTime: (s) => s.figures.onTime.rate ?? -1,
  completion: (s) => s.figures.completion.rate ?? -1,
  served: (s) => s.figures.served,
};

/** 排行: the subjects of one kind (institutions by default), best first by the chosen figure, then by volume. */
export async function listEvaluations(deps: Deps, p: Principal, query: EvaluationListQuery): Promise<EvaluationList> {
  requireOversight(p, '只有运营管理人员和监管人员可以查看动态评价');
  const ctx = await evaluationContext(deps, deps.db);
  const kind = query.kind ?? 'institution';
  const key = sortKey[query.sort ?? 'satisfaction'];
  const items = await evaluateSubjects(deps, deps.db, kind, ctx, { maskNames: masks(p, kind) });
  items.sort((a, b) => key(b) - key(a) || b.figures.served - a.figures.served || a.name.localeCompare(b.name, 'zh-CN'));
  return { window: ctx.window, thresholdsVersion: ctx.version, items };
}

/** Supervisors see staff names desensitised; organisations and experts are public names. */
const masks = (p: Principal, kind: EvaluationSubjectKind) => kind === 'specialist' && !has(p, 'manager');

async function oneSubject(deps: Deps, p: Principal, kind: EvaluationSubjectKind, id: string) {
  requireOversight(p, '只有运营管理人员和监管人员可以查看动态评价');
  if (!EVALUATION_SUBJECT_KINDS.includes(kind)) fail('not_found', '没有找到该评价对象');
  const ctx = await evaluationContext(deps, deps.db);
  const [subject] = await evaluateSubjects(deps, deps.db, kind, ctx, { ids: [id], maskNames: masks(p, kind) });
  if (!subject) fail('not_found', '没有找到该评价对象');
  return { ctx, subject: subject! };
}

export async function getEvaluation(deps: Deps, p: Principal, kind: EvaluationSubjectKind, id: string): Promise<EvaluationSubjectDetail> {
  const { ctx, subject } = await oneSubject(deps, p, kind, id);
  const proposals = kind === 'specialist' ? [] : (await listProposals(deps, p, { subjectId: id })).items;
  return { ...subject, window: ctx.window, thresholdsVersion: ctx.version, proposals };
}

/** The needs, tasks and complaints behind one figure, each marked met or not, with what was compared. */
export async function listEvidence(
  deps: Deps,
  p: Principal,
  kind: EvaluationSubjectKind,
  id: string,
  figure: EvaluationFigure,
): Promise<EvidenceList> {
  const { ctx } = await oneSubject(deps, p, kind, id);
  const rows = (await loadRows(deps.db, kind, [id], ctx.window)).get(id)!;
  return { figure, window: ctx.window, items: evidenceOf(kind, figure, rows, ctx.today) };
}
