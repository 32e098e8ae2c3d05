// What each task action writes besides the task's state, and whom it tells:
// one row per action of the contract (a new action is a row here and its
// transition in shared/taskFlow.ts).
import type { TaskActionInput } from '@qi/shared';

/** Who is told of a task action: the need's owners, the enterprise, the task's providers. */
export type Audience = 'owners' | 'enterprise' | 'providers';

export interface TaskEffect {
  /** Columns of `tasks` the action sets. */
  set: Record<string, unknown>;
  /** The event's note on the need's record. */
  note: string;
  /** Kept from the enterprise (a decline's or a cancel's reason is the platform's business). */
  internal: boolean;
  tell: { to: Audience; title: string; body: string }[];
}

/** The facts an effect's texts name. */
export interface TaskEffectContext {
  now: Date;
  /** The assignee's name. */
  who: string;
  needNumber: string;
  needTitle: string;
}

type ActionInput<A extends TaskActionInput['action']> = Extract<TaskActionInput, { action: A }>;
type EffectTable = { [A in TaskActionInput['action']]: (ctx: TaskEffectContext, input: ActionInput<A>) => TaskEffect };

export const TASK_EFFECTS: EffectTable = {
  accept: ({ now, who, needNumber, needTitle }) => {
    const note = `${who}已接单`;
    return {
      set: { responded_at: now },
      note,
      internal: false,
      tell: [
        { to: 'owners', title: `任务已接单：需求${needNumber}`, body: note },
        { to: 'enterprise', title: `需求${needNumber}：服务机构已接单`, body: `${who}已接受您的需求“${needTitle}”，将与您联系。` },
      ],
    };
  },
  decline: ({ now, who, needNumber }, input) => {
    const note = `${who}拒绝了任务：${input.reason}`;
    return {
      set: { responded_at: now, decline_reason: input.reason },
      note,
      internal: true,
      tell: [{ to: 'owners', title: `任务被拒绝，请重新派单：需求${needNumber}`, body: note }],
    };
  },
  progress: ({ who, needNumber }, input) => {
    const note = `${who}：${input.note}`;
    return {
      set: {},
      note,
      internal: false,
      tell: [
        { to: 'owners', title: `服务进展：需求${needNumber}`, body: note },
        { to: 'enterprise', title: `需求${needNumber}：服务进展`, body: note },
      ],
    };
  },
  done: ({ now, who, needNumber }, input) => {
    const note = `${who}已完成服务：${input.result}`;
    return {
      set: { done_at: now, result: input.result, attachments: JSON.stringify(input.attachments ?? []) },
      note,
      internal: false,
      tell: [
        { to: 'owners', title: `任务已完成：需求${needNumber}`, body: note },
        { to: 'enterprise', title: `需求${needNumber}：服务已完成`, body: note },
      ],
    };
  },
  cancel: ({ who, needNumber }, input) => ({
    set: { cancel_reason: input.reason },
    note: `取消${who}的任务：${input.reason}`,
    internal: true,
    tell: [{ to: 'providers', title: `任务已取消：需求${needNumber}`, body: input.reason }],
  }),
};

export function taskEffectOf(ctx: TaskEffectContext, input: TaskActionInput): TaskEffect {
  const run = TASK_EFFECTS[input.action] as (ctx: TaskEffectContext, input: TaskActionInput) => TaskEffect;
  return run(ctx, input);
}
