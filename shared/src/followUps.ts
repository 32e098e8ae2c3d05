// The improvement loop (持续改进, DB46 9.3): a bad rating opens a follow-up
// (回访) with an owner and a deadline; its call-backs are recorded and it is
// resolved by reopening the need, by a rectification (整改, DB46 9.3.2), or
// by an explanation. Rectifications also arise from complaints and the
// dynamic evaluation. Paths, codes with their labels, the rules, the shapes.
import { z } from 'zod';
import type { IsoDate } from './calendar';
import { NEED_STATES, SATISFACTION_LEVELS, type SatisfactionLevel } from './enums';
import { IdSchema, IsoDateSchema, requiredText, TimestampSchema, VersionSchema } from './schemas';

export const FOLLOW_UP_PATHS = {
  followUps: '/api/follow-ups',
  followUpCounts: '/api/follow-ups/counts',
  followUp: '/api/follow-ups/{id}',
  followUpCallBacks: '/api/follow-ups/{id}/call-backs',
  followUpResolution: '/api/follow-ups/{id}/resolution',
  rectifications: '/api/rectifications',
  rectification: '/api/rectifications/{id}',
  rectificationDone: '/api/rectifications/{id}/done',
} as const;

// ---- codes and labels ----------------------------------------------------------------------

export const FOLLOW_UP_STATES = ['open', 'called_back', 'resolved'] as const;
export type FollowUpState = (typeof FOLLOW_UP_STATES)[number];
export const FOLLOW_UP_STATE_LABELS: Record<FollowUpState, string> = {
  open: '待回访',
  called_back: '已回访',
  resolved: '已处理',
};

export const CALL_BACK_METHODS = ['phone', 'visit', 'wechat', 'other'] as const;
export type CallBackMethod = (typeof CALL_BACK_METHODS)[number];
export const CALL_BACK_METHOD_LABELS: Record<CallBackMethod, string> = {
  phone: '电话',
  visit: '上门',
  wechat: '微信',
  other: '其他',
};

export const FOLLOW_UP_RESOLUTIONS = ['reopen', 'rectify', 'explain'] as const;
export type FollowUpResolution = (typeof FOLLOW_UP_RESOLUTIONS)[number];
export const FOLLOW_UP_RESOLUTION_LABELS: Record<FollowUpResolution, string> = {
  reopen: '重新办理需求',
  rectify: '整改',
  explain: '解释说明',
};

export const RECTIFICATION_SOURCES = ['follow_up', 'complaint', 'evaluation'] as const;
export type RectificationSource = (typeof RECTIFICATION_SOURCES)[number];
export const RECTIFICATION_SOURCE_LABELS: Record<RectificationSource, string> = {
  follow_up: '回访',
  complaint: '投诉',
  evaluation: '动态评价',
};

export const RECTIFICATION_STATES = ['open', 'done'] as const;
export type RectificationState = (typeof RECTIFICATION_STATES)[number];
export const RECTIFICATION_STATE_LABELS: Record<RectificationState, string> = {
  open: '整改中',
  done: '已完成',
};

export const RESPONSIBLE_KINDS = ['staff', 'institution', 'expert'] as const;
export type ResponsibleKind = (typeof RESPONSIBLE_KINDS)[number];
export const RESPONSIBLE_KIND_LABELS: Record<ResponsibleKind, string> = {
  staff: '工作人员',
  institution: '服务机构',
  expert: '技术专家',
};

// ---- the rules -------------------------------------------------------------------------------

/** The Annex C answers a follow-up is decided from. */
export interface RatingAnswers {
  timeliness: SatisfactionLevel;
  professionalism: SatisfactionLevel;
  courtesy: SatisfactionLevel;
  overall: SatisfactionLevel;
  resolved: boolean;
}

const QUESTION_LABELS = { timeliness: '反馈及时性', professionalism: '专业性', courtesy: '文明性', overall: '总体评价' } as const;

/**
 * Why a rating needs a follow-up, in Chinese, or null when it does not: any
 * question answered 不满意, or 问题未解决.
 */
export function followUpReason(r: RatingAnswers): string | null {
  const reasons: string[] = [];
  if (!r.resolved) reasons.push('企业反馈问题未解决');
  const bad = (Object.keys(QUESTION_LABELS) as (keyof typeof QUESTION_LABELS)[]).filter((q) => r[q] === 'dissatisfied');
  if (bad.length) reasons.push(`${bad.map((q) => QUESTION_LABELS[q]).join('、')}不满意`);
  return reasons.length ? reasons.join('；') : null;
}

/** Overdue: not resolved and its last day has passed. */
export const isFollowUpOverdue = (f: { state: FollowUpState; dueOn: IsoDate }, today: IsoDate): boolean =>
  f.state !== 'resolved' && f.dueOn < today;

/** Who a follow-up's step is taken by: its owner, a manager, or someone else. */
export interface FollowUpActor {
  isOwner: boolean;
  isManager: boolean;
}

export type FollowUpDecision = { ok: true } | { ok: false; reason: 'role' | 'state'; message: string };

/** Recording a call-back: the owner or a manager, until it is resolved. */
export function decideCallBack(state: FollowUpState, who: FollowUpActor): FollowUpDecision {
  if (!who.isOwner && !who.isManager) return { ok: false, reason: 'role', message: '只有回访负责人或运营管理人员可以记录回访' };
  if (state === 'resolved') return { ok: false, reason: 'state', message: '该回访已处理完毕，不能再记录回访' };
  return { ok: true };
}

/**
 * Resolving: after a call-back, once. Its owner may explain; reopening the
 * need and ordering a rectification are the managers' (the need's reopen is
 * theirs in its state machine, and no one orders their own rectification).
 */
export function decideResolution(state: FollowUpState, resolution: FollowUpResolution, who: FollowUpActor): FollowUpDecision {
  if (!who.isManager && !(who.isOwner && resolution === 'explain')) {
    return {
      ok: false,
      reason: 'role',
      message: who.isOwner ? '重新办理需求或整改须由运营管理人员决定' : '只有回访负责人或运营管理人员可以处理回访',
    };
  }
  if (state === 'resolved') return { ok: false, reason: 'state', message: '该回访已处理，不能重复处理' };
  if (state === 'open') return { ok: false, reason: 'state', message: '请先记录回访情况，再作处理' };
  return { ok: true };
}

/** The steps the UI offers. */
export function allowedFollowUpSteps(state: FollowUpState, who: FollowUpActor) {
  return {
    callBack: decideCallBack(state, who).ok,
    resolutions: FOLLOW_UP_RESOLUTIONS.filter((r) => decideResolution(state, r, who).ok),
  };
}

/** Free text shown to supervisors: phone numbers inside it masked (they read outcomes, not people). */
export function maskPhonesInText(text: string): string {
  return text.replace(/(?<!\d)(1[3-9]\d)\d{4}(\d{4})(?!\d)/g, '$1****$2').replace(/(?<!\d)(0\d{2,3}-?)\d{3,4}(\d{4})(?!\d)/g, '$1****$2');
}

// ---- requests --------------------------------------------------------------------------------

export const FollowUpListQuerySchema = z.object({
  /** mine: the caller's own (a specialist's default); all: every one (managers, supervisors). */
  scope: z.enum(['mine', 'all'], { error: '范围只能是 mine 或 all' }).default('mine'),
  state: z.enum(FOLLOW_UP_STATES, { error: '状态不正确' }).optional(),
  overdue: z.enum(['1', 'true'], { error: 'overdue 只能是 1 或 true' }).optional(),
  ownerId: IdSchema.optional(),
});
export type FollowUpListQuery = z.infer<typeof FollowUpListQuerySchema>;

export const CallBackInputSchema = z
  .strictObject({
    version: VersionSchema,
    /** When the enterprise was reached (not in the future). */
    calledAt: z.iso.datetime({ offset: true, error: '请填写回访时间（日期和时刻）' }),
    method: z.enum(CALL_BACK_METHODS, { error: '请选择回访方式' }),
    note: requiredText('企业反馈', 2, 2000, { multiline: true }),
  })
  .meta({ id: 'CallBackInput' });
export type CallBackInput = z.infer<typeof CallBackInputSchema>;

/** Who answers for a rectification: a staff member, an institution or an expert. */
export const ResponsibleSchema = z.strictObject(
  { kind: z.enum(RESPONSIBLE_KINDS, { error: '请选择整改责任方类型' }), id: IdSchema },
  { error: '请选择整改责任方' },
);

/** What to rectify, who answers for it and by when (a follow-up's resolution, or on its own). */
const rectificationFields = {
  subject: requiredText('整改内容', 4, 1000, { multiline: true }),
  responsible: ResponsibleSchema,
  dueOn: IsoDateSchema,
};
export const RectificationOrderSchema = z.strictObject(rectificationFields).meta({ id: 'RectificationOrder' });

export const ResolutionInputSchema = z
  .discriminatedUnion(
    'resolution',
    [
      z.strictObject({
        resolution: z.literal('reopen'),
        version: VersionSchema,
        note: requiredText('重新办理的原因', 2, 1000, { multiline: true }),
      }),
      z.strictObject({
        resolution: z.literal('rectify'),
        version: VersionSchema,
        note: requiredText('处理说明', 2, 1000, { multiline: true }),
        rectification: RectificationOrderSchema,
      }),
      z.strictObject({
        resolution: z.literal('explain'),
        version: VersionSchema,
        note: requiredText('解释说明', 2, 1000, { multiline: true }),
      }),
    ],
    { error: '请选择处理方式 resolution' },
  )
  .meta({ id: 'FollowUpResolutionInput' });
export type ResolutionInput = z.infer<typeof ResolutionInputSchema>;

/** A rectification ordered from a complaint or an evaluation (follow-ups order theirs in their resolution). */
export const RectificationInputSchema = z
  .strictObject({
    source: z.strictObject(
      { kind: z.enum(['complaint', 'evaluation'], { error: '整改来源只能是投诉或动态评价' }), id: IdSchema },
      { error: '请选择整改来源' },
    ),
    ...rectificationFields,
  })
  .meta({ id: 'RectificationInput' });
export type RectificationInput = z.infer<typeof RectificationInputSchema>;

export const RectificationDoneSchema = z
  .strictObject({
    version: VersionSchema,
    /** The day it was done (not in the future). */
    doneOn: IsoDateSchema,
    note: requiredText('整改情况', 4, 2000, { multiline: true }),
  })
  .meta({ id: 'RectificationDone' });
export type RectificationDoneInput = z.infer<typeof RectificationDoneSchema>;

export const RectificationListQuerySchema = z.object({
  state: z.enum(RECTIFICATION_STATES, { error: '状态不正确' }).optional(),
  overdue: z.enum(['1', 'true'], { error: 'overdue 只能是 1 或 true' }).optional(),
  sourceKind: z.enum(RECTIFICATION_SOURCES, { error: '来源不正确' }).optional(),
  sourceId: IdSchema.optional(),
});
export type RectificationListQuery = z.infer<typeof RectificationListQuerySchema>;

// ---- responses -------------------------------------------------------------------------------

const Person = z.object({ id: IdSchema, name: z.string() });

export const CallBackSchema = z.object({
  id: IdSchema,
  calledAt: TimestampSchema,
  method: z.enum(CALL_BACK_METHODS),
  /** What the enterprise said (phone numbers masked for supervisors). */
  note: z.string(),
  recordedBy: z.string(),
  recordedAt: TimestampSchema,
});
export type CallBack = z.infer<typeof CallBackSchema>;

export const FollowUpSchema = z
  .object({
    id: IdSchema,
    state: z.enum(FOLLOW_UP_STATES),
    version: z.int(),
    reason: z.string(),
    need: z.object({ id: IdSchema, number: z.string(), title: z.string(), state: z.enum(NEED_STATES), enterpriseName: z.string() }),
    rating: z
      .object({
        timeliness: z.enum(SATISFACTION_LEVELS),
        professionalism: z.enum(SATISFACTION_LEVELS),
        courtesy: z.enum(SATISFACTION_LEVELS),
        overall: z.enum(SATISFACTION_LEVELS),
        resolved: z.boolean(),
        comment: z.string().nullable(),
      })
      .nullable(),
    /** The need's owner specialist, else a manager; the name masked for supervisors. */
    owner: Person.nullable(),
    dueOn: IsoDateSchema,
    overdue: z.boolean(),
    createdAt: TimestampSchema,
    callBacks: z.array(CallBackSchema),
    resolution: z
      .object({
        kind: z.enum(FOLLOW_UP_RESOLUTIONS),
        note: z.string(),
        at: TimestampSchema,
        by: z.string(),
        rectificationId: IdSchema.nullable(),
      })
      .nullable(),
    /** What the caller may do next (none for supervisors). */
    allowed: z.object({ callBack: z.boolean(), resolutions: z.array(z.enum(FOLLOW_UP_RESOLUTIONS)) }),
  })
  .meta({ id: 'FollowUp' });
export type FollowUp = z.infer<typeof FollowUpSchema>;

export const FollowUpListSchema = z.object({ items: z.array(FollowUpSchema) }).meta({ id: 'FollowUpList' });
export type FollowUpList = z.infer<typeof FollowUpListSchema>;

/** The caller's own follow-ups not yet resolved, and how many of them are overdue (the workbench badge). */
export const FollowUpCountsSchema = z.object({ open: z.int(), overdue: z.int() }).meta({ id: 'FollowUpCounts' });
export type FollowUpCounts = z.infer<typeof FollowUpCountsSchema>;

export const RectificationSchema = z
  .object({
    id: IdSchema,
    state: z.enum(RECTIFICATION_STATES),
    version: z.int(),
    source: z.object({ kind: z.enum(RECTIFICATION_SOURCES), id: IdSchema, label: z.string() }),
    need: z.object({ id: IdSchema, number: z.string(), title: z.string() }).nullable(),
    subject: z.string(),
    /** A staff member's name is masked for supervisors. */
    responsible: z.object({ kind: z.enum(RESPONSIBLE_KINDS), id: IdSchema, name: z.string() }),
    dueOn: IsoDateSchema,
    overdue: z.boolean(),
    createdAt: TimestampSchema,
    createdBy: z.string(),
    done: z.object({ on: IsoDateSchema, note: z.string(), by: z.string(), at: TimestampSchema }).nullable(),
    /** Whether the caller may record it done. */
    canComplete: z.boolean(),
  })
  .meta({ id: 'Rectification' });
export type Rectification = z.infer<typeof RectificationSchema>;

export const RectificationListSchema = z.object({ items: z.array(RectificationSchema) }).meta({ id: 'RectificationList' });
export type RectificationList = z.infer<typeof RectificationListSchema>;

/** The loop in the statistics of a period: opened, resolved/done and overdue. */
export const ImprovementCountsSchema = z
  .object({
    followUps: z.object({ opened: z.int(), resolved: z.int(), overdue: z.int() }),
    rectifications: z.object({ opened: z.int(), done: z.int(), overdue: z.int() }),
  })
  .meta({ id: 'ImprovementCounts' });
export type ImprovementCounts = z.infer<typeof ImprovementCountsSchema>;
