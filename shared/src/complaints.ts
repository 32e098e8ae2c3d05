// Complaints (SPEC "Complaints", GB/T 19012): against a need, a provider or
// a staff member; received → acknowledged → investigated → resolved, with the
// complainant told the outcome. Request and response shapes, labels, paths.
import { z } from 'zod';
import { COMPLAINT_STATE_LABELS, COMPLAINT_STATES, COMPLAINT_TARGETS, type ComplaintState, type ComplaintTarget } from './enums';
import type { Actor } from './needFlow';
import { IdSchema, IsoDateSchema, optionalText, requiredText as text, TimestampSchema, VersionSchema } from './schemas';
import { ComplaintSchema } from './models';

/** The complainant's word on a resolved complaint's outcome. */
export const COMPLAINT_FEEDBACK_ANSWERS = ['satisfied', 'dissatisfied'] as const;
export type ComplaintFeedbackAnswer = (typeof COMPLAINT_FEEDBACK_ANSWERS)[number];
export const COMPLAINT_FEEDBACK_LABELS: Record<ComplaintFeedbackAnswer, string> = { satisfied: '满意', dissatisfied: '不满意' };

/** POST /api/complaints/{id}/feedback: once, by the complainant, after the outcome. */
export const ComplaintFeedbackInputSchema = z
  .strictObject({
    answer: z.enum(COMPLAINT_FEEDBACK_ANSWERS, { error: '请选择对处理结果是否满意' }),
    note: optionalText('意见', 500, { multiline: true }),
  })
  .meta({ id: 'ComplaintFeedbackInput' });
export type ComplaintFeedbackInput = z.infer<typeof ComplaintFeedbackInputSchema>;

export const ComplaintFeedbackSchema = z.object({
  answer: z.enum(COMPLAINT_FEEDBACK_ANSWERS),
  note: z.string().nullable(),
  at: TimestampSchema,
});
export type ComplaintFeedback = z.infer<typeof ComplaintFeedbackSchema>;

export const COMPLAINT_TARGET_LABELS: Record<ComplaintTarget, string> = {
  need: '需求办理',
  provider: '服务机构或专家',
  staff: '服务人员',
};

/** Required multi-line text with the same Chinese messages as the other forms. */
const requiredText = (label: string, min: number, max: number) => text(label, min, max, { multiline: true });

/** What a complainant submits (POST /api/complaints, with an Idempotency-Key). */
export const ComplaintInputSchema = z
  .strictObject({
    needId: IdSchema.optional(),
    targetKind: z.enum(COMPLAINT_TARGETS, { error: '请选择投诉对象' }),
    /** The institution or expert (provider), or the staff member (staff). */
    targetId: IdSchema.optional(),
    content: requiredText('投诉内容', 10, 2000),
  })
  .superRefine((v, ctx) => {
    if (v.targetKind === 'need' && !v.needId) {
      ctx.addIssue({ code: 'custom', path: ['needId'], message: '请选择被投诉的需求' });
    }
    if (v.targetKind === 'provider' && !v.targetId) {
      ctx.addIssue({ code: 'custom', path: ['targetId'], message: '请选择被投诉的服务机构或专家' });
    }
  })
  .meta({ id: 'ComplaintInput' });
export type ComplaintInput = z.infer<typeof ComplaintInputSchema>;

export const ComplaintEventSchema = z.object({
  at: TimestampSchema,
  actorName: z.string(),
  from: z.enum(COMPLAINT_STATES).nullable(),
  to: z.enum(COMPLAINT_STATES),
  note: z.string().nullable(),
});
export type ComplaintEvent = z.infer<typeof ComplaintEventSchema>;

/** A complaint as its complainant (or a manager) sees it: the handling record included. */
export const ComplaintDetailSchema = ComplaintSchema.extend({
  targetId: IdSchema.nullable(),
  /** The need's number and title, the provider's or the staff member's name. */
  targetName: z.string().nullable(),
  need: z.object({ id: IdSchema, number: z.string(), title: z.string() }).nullable(),
  /** Who filed it; the name is masked for supervisors (they oversee, they do not serve). */
  complainant: z.object({ name: z.string(), enterpriseName: z.string().nullable() }),
  acknowledgeBy: IsoDateSchema,
  resolveBy: IsoDateSchema,
  updatedAt: TimestampSchema,
  /** The complainant's word on the outcome; 不满意 sends the complaint back to the managers. */
  feedback: ComplaintFeedbackSchema.nullable(),
  /**
   * Whether the one reading it may answer the outcome now: its complainant,
   * once resolved and not yet answered. Colleagues of the enterprise (who see
   * the complaint too) and staff read the outcome and the answer only.
   */
  canGiveFeedback: z.boolean(),
  events: z.array(ComplaintEventSchema),
}).meta({ id: 'ComplaintDetail' });
export type ComplaintDetail = z.infer<typeof ComplaintDetailSchema>;

export const ComplaintListSchema = z.object({ items: z.array(ComplaintDetailSchema) }).meta({ id: 'ComplaintList' });
export type ComplaintList = z.infer<typeof ComplaintListSchema>;

/** How many complaints wait for handling (投诉处理's badge), without loading them. */
export const ComplaintCountsSchema = z.object({ open: z.int() }).meta({ id: 'ComplaintCounts' });
export type ComplaintCounts = z.infer<typeof ComplaintCountsSchema>;

/** The two clocks of a complaint, as the tick names them when it flags one. */
export const COMPLAINT_CLOCK_LABELS = {
  complaint_ack: '确认受理投诉',
  complaint_resolve: '办结投诉',
} as const;
export type ComplaintClock = keyof typeof COMPLAINT_CLOCK_LABELS;

// The complaint's state machine, of the same shape as the need's and the task's.
export const COMPLAINT_ACTIONS = ['acknowledge', 'investigate', 'resolve', 'reopen'] as const;
export type ComplaintAction = (typeof COMPLAINT_ACTIONS)[number];

/** The state a complaint is filed in. */
export const INITIAL_COMPLAINT_STATE: ComplaintState = 'received';

interface ComplaintTransition {
  from: readonly ComplaintState[];
  to: ComplaintState;
  actors: readonly Actor[];
}

/**
 * The next state for each handling step; managers handle complaints. One step
 * after the other (GB/T 19012): no complaint is resolved without its
 * investigation (调查中) on record.
 */
export const COMPLAINT_TRANSITIONS: Readonly<Record<ComplaintAction, ComplaintTransition>> = {
  acknowledge: { from: ['received'], to: 'acknowledged', actors: ['manager'] },
  investigate: { from: ['acknowledged'], to: 'investigated', actors: ['manager'] },
  resolve: { from: ['investigated'], to: 'resolved', actors: ['manager'] },
  /** The complainant was not satisfied with the outcome: investigated again, then resolved again. */
  reopen: { from: ['resolved'], to: 'investigated', actors: ['manager'] },
};
/** The handling steps, as the mini-program's complaint page names them. */
export const COMPLAINT_STEPS = COMPLAINT_TRANSITIONS;

/** The state a complaint is done with (unless its complainant is not satisfied: see awaitsManager). */
export const CLOSED_COMPLAINT_STATES: readonly ComplaintState[] = ['resolved'];

/** Waits for a manager: still being handled, or resolved and the complainant said 不满意. */
export const awaitsManager = (c: { state: ComplaintState; feedback: { answer: ComplaintFeedbackAnswer } | null }): boolean =>
  !CLOSED_COMPLAINT_STATES.includes(c.state) || c.feedback?.answer === 'dissatisfied';

export type ComplaintDecision = { ok: true; to: ComplaintState } | { ok: false; reason: 'role' | 'state'; message: string };

/** Whether these actors may ever take `action` (the role check, before the complaint is read). */
export const mayTakeComplaintAction = (action: ComplaintAction, actors: readonly Actor[]): boolean =>
  COMPLAINT_TRANSITIONS[action].actors.some((a) => actors.includes(a));

/**
 * Decides one handling step: a role that may not take it first (403), then a
 * state that does not allow it (422); 重新调查 only after the complainant's 不满意.
 */
export function decideComplaintAction(
  state: ComplaintState,
  action: ComplaintAction,
  actors: readonly Actor[],
  feedback: ComplaintFeedbackAnswer | null = null,
): ComplaintDecision {
  const t = COMPLAINT_TRANSITIONS[action];
  if (!mayTakeComplaintAction(action, actors)) return { ok: false, reason: 'role', message: '只有运营管理人员可以处理投诉' };
  if (action === 'reopen' && state === 'resolved' && feedback !== 'dissatisfied') {
    return { ok: false, reason: 'state', message: '投诉人对处理结果表示不满意后才能重新调查' };
  }
  if (!t.from.includes(state)) {
    return {
      ok: false,
      reason: 'state',
      message:
        action === 'resolve' && state !== 'resolved'
          ? `投诉当前为“${COMPLAINT_STATE_LABELS[state]}”，须先确认受理并调查后才能办结`
          : `投诉当前为“${COMPLAINT_STATE_LABELS[state]}”，不能${action === 'resolve' ? '再办结' : '执行此步骤'}`,
    };
  }
  return { ok: true, to: t.to };
}

export function allowedComplaintActions(
  state: ComplaintState,
  actors: readonly Actor[],
  feedback: ComplaintFeedbackAnswer | null = null,
): ComplaintAction[] {
  return COMPLAINT_ACTIONS.filter((a) => decideComplaintAction(state, a, actors, feedback).ok);
}

export const ComplaintActionSchema = z
  .discriminatedUnion(
    'action',
    [
      z.strictObject({
        action: z.literal('acknowledge'),
        version: VersionSchema,
        note: optionalText('受理说明', 500, { multiline: true }),
      }),
      z.strictObject({ action: z.literal('investigate'), version: VersionSchema, note: requiredText('调查情况', 1, 2000) }),
      z.strictObject({
        action: z.literal('resolve'),
        version: VersionSchema,
        outcome: requiredText('处理结果', 1, 2000),
        /** The complaint was found 属实: it counts in the dynamic evaluation of the provider or staff member. */
        upheld: z.boolean({ error: '“投诉属实”须为是或否' }).optional(),
      }),
      z.strictObject({ action: z.literal('reopen'), version: VersionSchema, note: requiredText('重新调查说明', 1, 2000) }),
    ],
    { error: '不支持的操作 action' },
  )
  .meta({ id: 'ComplaintAction' });
export type ComplaintActionInput = z.infer<typeof ComplaintActionSchema>;
