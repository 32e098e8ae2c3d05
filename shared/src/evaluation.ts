// 动态评价 (DB46 7.2.3, 7.3.2 d, 9.2.3; DB44 8.2.3): the figures of every
// institution, expert and specialist over a rolling window the manager sets,
// the evidence behind each figure, the thresholds (versioned like the time
// limits) that turn figures into proposals — warn, suspend, exit (淘汰退出) or
// restore — and the manager's decision on a proposal, with its reason.
import { z } from 'zod';
import type { ProviderStatus } from './enums';
import { IdSchema, int4, ProviderStatusSchema, requiredText, TimestampSchema, VersionSchema } from './schemas';

export const EVALUATION_PATHS = {
  settings: '/api/evaluation/settings',
  subjects: '/api/evaluation/subjects',
  subject: '/api/evaluation/subjects/{kind}/{id}',
  evidence: '/api/evaluation/subjects/{kind}/{id}/evidence',
  proposals: '/api/evaluation/proposals',
  runProposals: '/api/evaluation/proposals/run',
  decision: '/api/evaluation/proposals/{id}/decision',
} as const;

/** Who is evaluated: providers (they have a status the figures can move) and the platform's specialists. */
export const EVALUATION_SUBJECT_KINDS = ['institution', 'expert', 'specialist'] as const;
export type EvaluationSubjectKind = (typeof EVALUATION_SUBJECT_KINDS)[number];
export const EVALUATION_SUBJECT_KIND_LABELS: Record<EvaluationSubjectKind, string> = {
  institution: '服务机构',
  expert: '技术专家',
  specialist: '服务专员',
};
export type ProviderKind = Exclude<EvaluationSubjectKind, 'specialist'>;

/** The figures, each with the evidence the API lists for it. */
export const EVALUATION_FIGURES = ['served', 'completion', 'onTime', 'satisfaction', 'complaints', 'declines'] as const;
export type EvaluationFigure = (typeof EVALUATION_FIGURES)[number];
export const EVALUATION_FIGURE_LABELS: Record<EvaluationFigure, string> = {
  served: '服务量',
  completion: '完成率',
  onTime: '按时率',
  satisfaction: '满意率',
  complaints: '有效投诉',
  declines: '拒单',
};
/** How each figure is counted, shown under it. */
export const EVALUATION_FIGURE_HINTS: Record<EvaluationFigure, string> = {
  served: '评价期内派给它的服务任务（专员：由其负责的需求），不含已撤销的任务',
  completion: '已接单且已完成或已过答复期限的任务中，已完成的比例（专员：已过答复期限或已办结的需求中已办结的比例）',
  onTime: '按期接单或拒单，并在需求答复期限（工作日）内完成的比例（专员：在答复期限内办结的比例）',
  satisfaction: '其服务的需求中，企业总体评价为“非常满意”或“满意”的比例（附录 C 满意度评价表）',
  complaints: '针对它的投诉中，办结时认定属实的件数',
  declines: '评价期内拒绝接单的任务数（专员不适用）',
};

/** One rate: the count meeting it over the count judged; `rate` null when nothing was judged. */
export const RateSchema = z.object({ met: z.int(), of: z.int(), rate: z.number().nullable() }).meta({ id: 'EvaluationRate' });
export type Rate = z.infer<typeof RateSchema>;

export const EvaluationFiguresSchema = z
  .object({
    served: z.int(),
    completion: RateSchema,
    onTime: RateSchema,
    satisfaction: RateSchema,
    complaints: z.int(),
    /** Null for specialists (they do not receive tasks). */
    declines: z.int().nullable(),
  })
  .meta({ id: 'EvaluationFigures' });
export type EvaluationFigures = z.infer<typeof EvaluationFiguresSchema>;

export const EvaluationWindowSchema = z.object({ months: z.int(), from: z.iso.date(), to: z.iso.date() }).meta({ id: 'EvaluationWindow' });
export type EvaluationWindow = z.infer<typeof EvaluationWindowSchema>;

// ---- thresholds ----------------------------------------------------------------------------------

/** The proposals the thresholds can produce, and the status each leads to. */
export const PROPOSAL_KINDS = ['warn', 'suspend', 'exit', 'restore'] as const;
export type ProposalKind = (typeof PROPOSAL_KINDS)[number];
export const PROPOSAL_KIND_LABELS: Record<ProposalKind, string> = {
  warn: '预警',
  suspend: '暂停派单',
  exit: '淘汰退出',
  restore: '恢复正常',
};
export const PROPOSAL_TARGET_STATUS: Record<ProposalKind, ProviderStatus> = {
  warn: 'warned',
  suspend: 'suspended',
  exit: 'exited',
  restore: 'active',
};
export const PROPOSAL_STATES = ['pending', 'accepted', 'rejected', 'superseded'] as const;
export type ProposalState = (typeof PROPOSAL_STATES)[number];
export const PROPOSAL_STATE_LABELS: Record<ProposalState, string> = {
  pending: '待决定',
  accepted: '已采纳',
  rejected: '未采纳',
  superseded: '已失效',
};
export const PROPOSAL_DECISIONS = ['accept', 'reject'] as const;
export type ProposalDecision = (typeof PROPOSAL_DECISIONS)[number];
export const PROPOSAL_DECISION_LABELS: Record<ProposalDecision, string> = { accept: '采纳', reject: '不采纳' };

/** The levels that worsen a status, mildest first. */
export const THRESHOLD_LEVELS = ['warn', 'suspend', 'exit'] as const;
export type ThresholdLevel = (typeof THRESHOLD_LEVELS)[number];

const percent = (label: string) => {
  const msg = `${label}须为 0–100 的整数（0 表示不按此项判断）`;
  return z.int({ error: msg }).min(0, { error: msg }).max(100, { error: msg });
};
const count = (label: string) => {
  const msg = `${label}须为 0–1000 的整数（0 表示不按此项判断）`;
  return z.int({ error: msg }).min(0, { error: msg }).max(1000, { error: msg });
};

/** One level: a rate below a percentage, or a count at or above a number, triggers it (0: not judged). */
export const ThresholdLevelSchema = z
  .strictObject({
    completionBelow: percent('完成率下限'),
    onTimeBelow: percent('按时率下限'),
    satisfactionBelow: percent('满意率下限'),
    complaintsAtLeast: count('有效投诉件数'),
    declinesAtLeast: count('拒单次数'),
  })
  .meta({ id: 'ThresholdLevel' });
export type ThresholdLevelValues = z.infer<typeof ThresholdLevelSchema>;
export const THRESHOLD_FIELD_LABELS: Record<keyof ThresholdLevelValues, string> = {
  completionBelow: '完成率低于（%）',
  onTimeBelow: '按时率低于（%）',
  satisfactionBelow: '满意率低于（%）',
  complaintsAtLeast: '有效投诉达到（件）',
  declinesAtLeast: '拒单达到（次）',
};

const monthsMsg = '评价周期须为 1–36 个月的整数';
const sampleMsg = '最少样本数须为 1–100 的整数';
export const EvaluationThresholdsSchema = z
  .strictObject({
    /** The rolling window, in months back from today. */
    windowMonths: z.int({ error: monthsMsg }).min(1, { error: monthsMsg }).max(36, { error: monthsMsg }),
    /** A rate is judged only over at least this many tasks, needs or ratings. */
    minSample: z.int({ error: sampleMsg }).min(1, { error: sampleMsg }).max(100, { error: sampleMsg }),
    warn: ThresholdLevelSchema,
    suspend: ThresholdLevelSchema,
    exit: ThresholdLevelSchema,
  })
  .meta({ id: 'EvaluationThresholds' });
export type EvaluationThresholds = z.infer<typeof EvaluationThresholdsSchema>;

export const DEFAULT_EVALUATION_THRESHOLDS: EvaluationThresholds = {
  windowMonths: 12,
  minSample: 3,
  warn: { completionBelow: 80, onTimeBelow: 80, satisfactionBelow: 80, complaintsAtLeast: 2, declinesAtLeast: 5 },
  suspend: { completionBelow: 60, onTimeBelow: 60, satisfactionBelow: 60, complaintsAtLeast: 3, declinesAtLeast: 10 },
  exit: { completionBelow: 40, onTimeBelow: 40, satisfactionBelow: 40, complaintsAtLeast: 5, declinesAtLeast: 0 },
};

export const EvaluationSettingsViewSchema = z
  .object({
    thresholds: EvaluationThresholdsSchema,
    defaults: EvaluationThresholdsSchema,
    /** 0 while the defaults have never been changed. */
    version: z.int(),
    updatedAt: TimestampSchema.nullable(),
    updatedBy: z.string().nullable(),
  })
  .meta({ id: 'EvaluationSettingsView' });
export type EvaluationSettingsView = z.infer<typeof EvaluationSettingsViewSchema>;

export const EvaluationSettingsUpdateSchema = z
  .strictObject({ version: int4('缺少版本号 version').min(0), thresholds: EvaluationThresholdsSchema })
  .superRefine((v, ctx) => {
    // A harsher level must be at least as strict as a milder one, or a provider would be suspended before being warned.
    const rates = ['completionBelow', 'onTimeBelow', 'satisfactionBelow'] as const;
    const t = v.thresholds;
    for (const f of rates) {
      const pairs = [
        ['warn', 'suspend'],
        ['suspend', 'exit'],
      ] as const;
      for (const [mild, harsh] of pairs) {
        if (t[harsh][f] > 0 && t[mild][f] > 0 && t[harsh][f] > t[mild][f]) {
          ctx.addIssue({
            code: 'custom',
            path: ['thresholds', harsh, f],
            message: `${PROPOSAL_KIND_LABELS[harsh]}的${THRESHOLD_FIELD_LABELS[f]}不能高于${PROPOSAL_KIND_LABELS[mild]}的`,
          });
        }
      }
    }
  })
  .meta({ id: 'EvaluationSettingsUpdate' });
export type EvaluationSettingsUpdate = z.infer<typeof EvaluationSettingsUpdateSchema>;

// ---- figures, ranking, evidence ----------------------------------------------------------------

export const EvaluationSubjectSchema = z
  .object({
    kind: z.enum(EVALUATION_SUBJECT_KINDS),
    id: IdSchema,
    /** An institution's or expert's name; a specialist's name masked (138****-style) for supervisors. */
    name: z.string(),
    /** Providers only; null for specialists. */
    status: ProviderStatusSchema.nullable(),
    figures: EvaluationFiguresSchema,
    /** The level the figures reach under the thresholds in force (null: none). */
    level: z.enum(THRESHOLD_LEVELS).nullable(),
    /** Which thresholds the figures cross, in Chinese. */
    findings: z.array(z.string()),
  })
  .meta({ id: 'EvaluationSubject' });
export type EvaluationSubject = z.infer<typeof EvaluationSubjectSchema>;

export const RANKING_SORTS = ['satisfaction', 'onTime', 'completion', 'served'] as const;
export type RankingSort = (typeof RANKING_SORTS)[number];

export const EvaluationListQuerySchema = z.object({
  kind: z.enum(EVALUATION_SUBJECT_KINDS, { error: '评价对象类型不正确' }).optional(),
  sort: z.enum(RANKING_SORTS, { error: '排序方式不正确' }).optional(),
});
export type EvaluationListQuery = z.infer<typeof EvaluationListQuerySchema>;

export const EvaluationListSchema = z
  .object({ window: EvaluationWindowSchema, thresholdsVersion: z.int(), items: z.array(EvaluationSubjectSchema) })
  .meta({ id: 'EvaluationList' });
export type EvaluationList = z.infer<typeof EvaluationListSchema>;

export const SubjectParamsSchema = z.object({
  kind: z.enum(EVALUATION_SUBJECT_KINDS, { error: '评价对象类型不正确' }),
  id: IdSchema,
});

export const EvidenceQuerySchema = z.object({
  figure: z.enum(EVALUATION_FIGURES, { error: '请选择要查看依据的指标' }),
});

/** One need or task behind a figure: whether it counted towards the figure's "met". */
export const EvidenceItemSchema = z
  .object({
    /** Null only for a complaint raised without a need. */
    needId: IdSchema.nullable(),
    needNumber: z.string().nullable(),
    needTitle: z.string().nullable(),
    taskId: IdSchema.nullable(),
    complaintId: IdSchema.nullable(),
    /** The day it entered the window (dispatched, submitted, complained). */
    on: z.iso.date(),
    /** Met the figure (on time, completed, satisfied, upheld…). */
    met: z.boolean(),
    /** What was compared, in Chinese (e.g. 接单期限 2026-10-09，10-09 接单；答复期限 …). */
    detail: z.string(),
  })
  .meta({ id: 'EvidenceItem' });
export type EvidenceItem = z.infer<typeof EvidenceItemSchema>;

export const EvidenceListSchema = z
  .object({ figure: z.enum(EVALUATION_FIGURES), window: EvaluationWindowSchema, items: z.array(EvidenceItemSchema) })
  .meta({ id: 'EvidenceList' });
export type EvidenceList = z.infer<typeof EvidenceListSchema>;

// ---- proposals ---------------------------------------------------------------------------------

export const ProposalSchema = z
  .object({
    id: IdSchema,
    version: z.int(),
    subjectKind: z.enum(['institution', 'expert']),
    subjectId: IdSchema,
    subjectName: z.string(),
    kind: z.enum(PROPOSAL_KINDS),
    fromStatus: ProviderStatusSchema,
    toStatus: ProviderStatusSchema,
    state: z.enum(PROPOSAL_STATES),
    /** The figures when the proposal was made, the window and the thresholds version: the evidence kept. */
    figures: EvaluationFiguresSchema,
    window: EvaluationWindowSchema,
    thresholdsVersion: z.int(),
    findings: z.array(z.string()),
    createdAt: TimestampSchema,
    decidedAt: TimestampSchema.nullable(),
    decidedBy: z.string().nullable(),
    reason: z.string().nullable(),
  })
  .meta({ id: 'EvaluationProposal' });
export type Proposal = z.infer<typeof ProposalSchema>;

export const ProposalListQuerySchema = z.object({
  state: z.enum(PROPOSAL_STATES, { error: '建议状态不正确' }).optional(),
  subjectId: IdSchema.optional(),
});
export type ProposalListQuery = z.infer<typeof ProposalListQuerySchema>;
export const ProposalListSchema = z.object({ items: z.array(ProposalSchema) }).meta({ id: 'EvaluationProposalList' });
export type ProposalList = z.infer<typeof ProposalListSchema>;

export const ProposalRunSchema = z
  .object({ created: z.int(), superseded: z.int(), pending: z.array(ProposalSchema) })
  .meta({ id: 'EvaluationProposalRun' });
export type ProposalRun = z.infer<typeof ProposalRunSchema>;

export const ProposalDecisionInputSchema = z
  .strictObject({
    version: VersionSchema,
    decision: z.enum(PROPOSAL_DECISIONS, { error: '请选择采纳或不采纳' }),
    reason: requiredText('决定理由', 2, 500, { multiline: true }),
  })
  .meta({ id: 'EvaluationProposalDecision' });
export type ProposalDecisionInput = z.infer<typeof ProposalDecisionInputSchema>;

/** The detail of one subject: figures, the proposals made about it. */
export const EvaluationSubjectDetailSchema = EvaluationSubjectSchema.extend({
  window: EvaluationWindowSchema,
  thresholdsVersion: z.int(),
  proposals: z.array(ProposalSchema),
}).meta({ id: 'EvaluationSubjectDetail' });
export type EvaluationSubjectDetail = z.infer<typeof EvaluationSubjectDetailSchema>;

// ---- the rule: figures × thresholds → level ----------------------------------------------------

const pct = (r: number) => `${Math.round(r * 1000) / 10}%`;

/** The thresholds of one level the figures cross, in Chinese (rates judged over at least minSample). */
export function crossings(f: EvaluationFigures, level: ThresholdLevelValues, minSample: number): string[] {
  const out: string[] = [];
  const rate = (name: string, r: Rate, below: number) => {
    if (below > 0 && r.rate !== null && r.of >= minSample && r.rate * 100 < below) {
      out.push(`${name} ${pct(r.rate)}（${r.met}/${r.of}）低于 ${below}%`);
    }
  };
  rate('完成率', f.completion, level.completionBelow);
  rate('按时率', f.onTime, level.onTimeBelow);
  rate('满意率', f.satisfaction, level.satisfactionBelow);
  if (level.complaintsAtLeast > 0 && f.complaints >= level.complaintsAtLeast) {
    out.push(`有效投诉 ${f.complaints} 件，达到 ${level.complaintsAtLeast} 件`);
  }
  if (level.declinesAtLeast > 0 && f.declines !== null && f.declines >= level.declinesAtLeast) {
    out.push(`拒单 ${f.declines} 次，达到 ${level.declinesAtLeast} 次`);
  }
  return out;
}

/** The harshest level the figures reach, and why. */
export function judge(f: EvaluationFigures, t: EvaluationThresholds): { level: ThresholdLevel | null; findings: string[] } {
  for (const level of [...THRESHOLD_LEVELS].reverse()) {
    const found = crossings(f, t[level], t.minSample);
    if (found.length) return { level, findings: found.map((x) => `${PROPOSAL_KIND_LABELS[level]}：${x}`) };
  }
  return { level: null, findings: [] };
}

const SEVERITY: Record<ProviderStatus, number> = { active: 0, warned: 1, suspended: 2, exited: 3 };

/**
 * What the figures propose for a provider in this status: a harsher status
 * when a level is reached that its status is milder than; restore when a
 * warned or suspended provider reaches none over enough work to judge
 * (`judged`: at least minSample tasks in the window). An exited provider stays out.
 */
export function proposalFor(status: ProviderStatus, level: ThresholdLevel | null, judged: boolean): ProposalKind | null {
  if (status === 'exited') return null;
  if (level === null) return status === 'active' || !judged ? null : 'restore';
  return SEVERITY[PROPOSAL_TARGET_STATUS[level]] > SEVERITY[status] ? level : null;
}

/** A thresholds version as people read it. */
export const thresholdsVersionText = (version: number): string => (version === 0 ? '默认阈值' : `阈值第 ${version} 版`);
