// What each person's action on a need writes besides its state: one row per
// action of the contract. A new action is a row here (and its transition in
// shared/needFlow.ts); actOnNeed runs whichever row the input names.
import { needDeadlines, pausedWorkingDays, type Actor, type NeedActionInput, type TimeLimits, type WorkCalendar } from '@qi/shared';
import type { Principal } from '../../auth/principal';
import type { Queryable } from '../../db/types';
import type { Deps } from '../../deps';
import { notifyUsers } from '../notifications';
import type { NeedRow } from '../needView';
import { dispatchTasks } from './dispatchNeed';
import { transferNeed } from './transferNeed';
import type { NeedStep } from './transitionNeed';

/** What an effect may read: the need as locked, who acts in which capacity, the day and the rules in force. */
export interface EffectContext {
  deps: Deps;
  tx: Queryable;
  p: Principal;
  row: NeedRow;
  role: Actor;
  now: Date;
  today: string;
  limits: TimeLimits;
  cal: WorkCalendar;
}

/** The parts of a step an action decides. */
export type Effect = Pick<NeedStep, 'set' | 'note' | 'data' | 'internal' | 'tellEnterprise' | 'remark' | 'title'>;

type ActionInput<A extends NeedActionInput['action']> = Extract<NeedActionInput, { action: A }>;
type EffectTable = { [A in NeedActionInput['action']]: (ctx: EffectContext, input: ActionInput<A>) => Effect | Promise<Effect> };

/** 首问负责: the first specialist to act on an unowned need (a new one, or one handed to its station) becomes its owner. */
const takeOwnership = (ctx: EffectContext): Record<string, unknown> =>
  ctx.role === 'specialist' && !ctx.row.owner_id ? { owner_id: ctx.p.id } : {};

/** Done today: the rating window opens. */
function completion(ctx: EffectContext): Record<string, unknown> {
  const d = needDeadlines({ submittedOn: ctx.row.submitted_on, completedOn: ctx.today }, ctx.limits, ctx.cal);
  return { completed_on: ctx.today, rate_by: d.rateBy };
}

export const NEED_EFFECTS: EffectTable = {
  accept: (ctx) => ({ set: takeOwnership(ctx) }),
  answer: (ctx, input) => ({ set: { ...takeOwnership(ctx), answer: input.answer, ...completion(ctx) }, note: input.answer }),
  request_info: (ctx, input) => ({
    set: { ...takeOwnership(ctx), requested_info: input.items, paused_on: ctx.today },
    note: input.items.map((x, i) => `${i + 1}. ${x}`).join('\n'),
    remark: `请一次性补充：${input.items.join('；')}`,
  }),
  supplement: async (ctx, input) => {
    const { row, today, cal } = ctx;
    // The reply day given moves by the working days this pause took (not recounted
    // from the time limits, which a manager may have changed since).
    const pause = row.paused_on ? pausedWorkingDays(row.paused_on, today, cal) : 0;
    if (row.owner_id) {
      await notifyUsers(ctx.tx, [row.owner_id], {
        kind: 'need_state',
        title: `需求${row.number}：企业已补充材料`,
        body: input.note,
        needId: row.id,
      });
    }
    // The files supplied join the need's attachments: they reach whoever sees the
    // need's (its owner, the providers it is dispatched to), and the event keeps which came now.
    const files = (input.attachments ?? []).filter((a) => !row.attachments.some((b) => b.url === a.url));
    return {
      set: {
        paused_on: null,
        paused_working_days: row.paused_working_days + pause,
        reply_by: cal.addWorkingDays(row.reply_by, pause),
        ...(files.length ? { attachments: JSON.stringify([...row.attachments, ...files]) } : {}),
      },
      note: input.note,
      ...(files.length ? { data: { attachments: files } } : {}),
    };
  },
  serve: (ctx, input) => ({
    set: { ...takeOwnership(ctx), ...(input.period ? { service_period: input.period } : {}) },
    note: input.note ?? null,
  }),
  dispatch: async (ctx, input) => {
    const { names, created, redispatch } = await dispatchTasks(ctx, input.assignees);
    return {
      set: { ...takeOwnership(ctx), ...(input.period ? { service_period: input.period } : {}) },
      note: `${redispatch ? '重新派单' : '派单'}给：${names.join('、')}${input.period ? `；服务周期：${input.period}` : ''}`,
      remark: `已安排服务机构：${names.join('、')}`,
      data: { assignees: input.assignees, tasks: created },
    };
  },
  complete: (ctx, input) => ({ set: { ...takeOwnership(ctx), result: input.result, ...completion(ctx) }, note: input.result }),
  reject: (ctx, input) => ({
    set: { ...takeOwnership(ctx), reject_reason: input.reason, referral: input.referral ?? null },
    note: input.referral ? `${input.reason}（建议：${input.referral}）` : input.reason,
    remark: input.reason,
  }),
  withdraw: (_ctx, input) => ({ note: input.note ?? null }),
  reopen: (_ctx, input) => ({ set: { completed_on: null, rate_by: null, closed_at: null }, note: input.reason }),
  close: (ctx) => ({ set: { closed_at: ctx.now } }),
  note: (_ctx, input) => ({ note: input.note, internal: input.internal, tellEnterprise: !input.internal, remark: input.note }),
  sign_off: (ctx, input) => ({
    set: { reviewer_id: ctx.p.id, reviewed_at: ctx.now, review_note: input.note || '审核通过' },
    note: input.note || '审核通过',
    tellEnterprise: false,
  }),
  transfer: transferNeed,
};

/** Runs the effect of `input`'s action. */
export function effectOf(ctx: EffectContext, input: NeedActionInput): Effect | Promise<Effect> {
  const run = NEED_EFFECTS[input.action] as (ctx: EffectContext, input: NeedActionInput) => Effect | Promise<Effect>;
  return run(ctx, input);
}
