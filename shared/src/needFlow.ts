// The need's state machine (SPEC "Need states"): pure data and functions used by
// the server to decide and by the UI to show only the actions that are allowed.
import type { NeedState, Role } from './enums';

/** Who may act: a person in a role, or the scheduler (window expiry, auto-close). */
export type Actor = Role | 'system';

export const NEED_ACTIONS = [
  'accept',
  'answer',
  'request_info',
  'supplement',
  'serve',
  'dispatch',
  'complete',
  'reject',
  'withdraw',
  'rate',
  'close',
  'expire',
  'reopen',
  'note',
  'sign_off',
  'transfer',
] as const;
export type NeedAction = (typeof NEED_ACTIONS)[number];

export const NEED_ACTION_LABELS: Record<NeedAction, string> = {
  accept: '受理',
  answer: '即时答复',
  request_info: '一次性告知补充材料',
  supplement: '补充材料',
  serve: '自主服务',
  dispatch: '派单',
  complete: '办结',
  reject: '不予受理',
  withdraw: '撤回',
  rate: '评价',
  close: '归档',
  expire: '评价期满归档',
  reopen: '重新办理',
  note: '记录备注',
  sign_off: '审核签字',
  transfer: '转办',
};

/** The state a need is submitted in. */
export const INITIAL_NEED_STATE: NeedState = 'submitted';

/** Facts outside the state that some transitions depend on. */
export interface NeedGuardContext {
  /** Tasks still assigned or accepted (not done, declined or cancelled). */
  openTasks?: number;
  /** The stored rating said 问题未解决 (resolved = false). */
  ratingUnresolved?: boolean;
  /** Declined tasks not yet replaced by a re-dispatch. */
  unreplacedDeclines?: number;
  /** A reviewer (审核人) has already signed the record off. */
  signedOff?: boolean;
  /** Reopened as the resolution of the follow-up (回访) a bad rating opened: its call-back is the reason. */
  followUpOpen?: boolean;
}

interface Transition {
  from: readonly NeedState[];
  /** 'same': the action records something and leaves the state as it is. */
  to: NeedState | 'same';
  actors: readonly Actor[];
  /** Returns a Chinese reason when the context forbids the move. */
  guard?: (state: NeedState, ctx: NeedGuardContext) => string | null;
}

export const NEED_TRANSITIONS: Readonly<Record<NeedAction, Transition>> = {
  accept: { from: ['submitted'], to: 'accepted', actors: ['specialist'] },
  answer: { from: ['submitted', 'accepted'], to: 'completed', actors: ['specialist'] },
  request_info: { from: ['accepted'], to: 'info_requested', actors: ['specialist'] },
  supplement: { from: ['info_requested'], to: 'accepted', actors: ['enterprise'] },
  serve: { from: ['accepted'], to: 'in_service', actors: ['specialist'] },
  // Re-dispatch after a decline keeps the need in service.
  dispatch: { from: ['accepted', 'in_service'], to: 'in_service', actors: ['specialist'] },
  complete: {
    from: ['in_service'],
    to: 'completed',
    actors: ['specialist'],
    guard: (_s, ctx) =>
      (ctx.openTasks ?? 0) > 0
        ? `还有 ${ctx.openTasks} 项服务任务未完成，全部完成后才能办结`
        : (ctx.unreplacedDeclines ?? 0) > 0
          ? `有 ${ctx.unreplacedDeclines} 项服务任务被拒绝且尚未重新派单，请先重新派单`
          : null,
  },
  reject: { from: ['submitted', 'accepted'], to: 'rejected', actors: ['specialist'] },
  // Withdrawal is possible until service begins.
  withdraw: { from: ['submitted', 'accepted', 'info_requested'], to: 'withdrawn', actors: ['enterprise'] },
  rate: { from: ['completed'], to: 'rated', actors: ['enterprise'] },
  close: { from: ['rated'], to: 'closed', actors: ['specialist', 'system'] },
  expire: { from: ['completed'], to: 'closed', actors: ['system'] },
  reopen: {
    from: ['rated', 'closed'],
    to: 'in_service',
    actors: ['manager'],
    guard: (state, ctx) =>
      state === 'rated' && !ctx.ratingUnresolved && !ctx.followUpOpen ? '企业评价问题已解决，已评价的需求不能重新办理' : null,
  },
  // A note (internal, or shown to the enterprise) on any need still on record.
  note: {
    from: ['submitted', 'accepted', 'info_requested', 'in_service', 'completed', 'rated', 'closed'],
    to: 'same',
    actors: ['specialist'],
  },
  // 审核人 signs the finished record off (DB46 Annex B), once.
  sign_off: {
    from: ['completed', 'rated', 'closed'],
    to: 'same',
    actors: ['specialist', 'manager'],
    guard: (_s, ctx) => (ctx.signedOff ? '该需求记录已审核签字，不能重复审核' : null),
  },
  // 转办: the owner (or a manager) hands a need still being worked on to another
  // specialist or another station's queue; its state and clocks stay as they are.
  transfer: {
    from: ['submitted', 'accepted', 'info_requested', 'in_service'],
    to: 'same',
    actors: ['specialist', 'manager'],
  },
};

export type NeedDecision =
  | { ok: true; to: NeedState }
  | { ok: false; reason: 'role'; message: string }
  | { ok: false; reason: 'state'; message: string }
  | { ok: false; reason: 'guard'; message: string };

/**
 * Decides one transition. A role that may never take this action is refused
 * first (403), then a state that does not allow it (422), then a guard (422).
 */
export function decideNeedAction(state: NeedState, action: NeedAction, actors: readonly Actor[], ctx: NeedGuardContext = {}): NeedDecision {
  const t = NEED_TRANSITIONS[action];
  if (!t.actors.some((a) => actors.includes(a))) {
    return { ok: false, reason: 'role', message: `当前身份不能执行“${NEED_ACTION_LABELS[action]}”` };
  }
  if (!t.from.includes(state)) {
    return { ok: false, reason: 'state', message: `需求当前状态不能执行“${NEED_ACTION_LABELS[action]}”` };
  }
  const refusal = t.guard?.(state, ctx) ?? null;
  if (refusal) return { ok: false, reason: 'guard', message: refusal };
  return { ok: true, to: t.to === 'same' ? state : t.to };
}

/** The actions these actors may take on a need in this state, in table order. */
export function allowedNeedActions(state: NeedState, actors: readonly Actor[], ctx: NeedGuardContext = {}): NeedAction[] {
  return NEED_ACTIONS.filter((a) => decideNeedAction(state, a, actors, ctx).ok);
}

/** States no transition leaves (rejected, withdrawn). */
export function isTerminalNeedState(state: NeedState): boolean {
  return !NEED_ACTIONS.some((a) => NEED_TRANSITIONS[a].from.includes(state));
}

/** The enterprise's reply clock pauses while it is asked to supplement. */
export const PAUSED_NEED_STATES: readonly NeedState[] = ['info_requested'];
/** States in which the record is finished and a reviewer (审核人) may sign it off. */
export const REVIEWABLE_NEED_STATES: readonly NeedState[] = NEED_TRANSITIONS.sign_off.from;
/** States in which the need is still being worked on (not done, not ended). */
export const OPEN_NEED_STATES: readonly NeedState[] = ['submitted', 'accepted', 'info_requested', 'in_service'];
