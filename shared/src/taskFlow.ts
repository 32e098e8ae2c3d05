// The task's state machine (SPEC: a task is one provider's share of a need).
import type { TaskState } from './enums';
import type { Actor } from './needFlow';

export const TASK_ACTIONS = ['accept', 'decline', 'progress', 'done', 'cancel'] as const;
export type TaskAction = (typeof TASK_ACTIONS)[number];

export const TASK_ACTION_LABELS: Record<TaskAction, string> = {
  accept: '接单',
  decline: '拒绝',
  progress: '记录进展',
  done: '完成',
  cancel: '取消',
};

interface TaskTransition {
  from: readonly TaskState[];
  to: TaskState | 'same';
  actors: readonly Actor[];
}

export const TASK_TRANSITIONS: Readonly<Record<TaskAction, TaskTransition>> = {
  accept: { from: ['assigned'], to: 'accepted', actors: ['provider'] },
  decline: { from: ['assigned'], to: 'declined', actors: ['provider'] },
  // A progress note leaves the state as it is.
  progress: { from: ['accepted'], to: 'same', actors: ['provider'] },
  done: { from: ['accepted'], to: 'done', actors: ['provider'] },
  cancel: { from: ['assigned', 'accepted'], to: 'cancelled', actors: ['specialist'] },
};

export type TaskDecision = { ok: true; to: TaskState } | { ok: false; reason: 'role' | 'state'; message: string };

export function decideTaskAction(state: TaskState, action: TaskAction, actors: readonly Actor[]): TaskDecision {
  const t = TASK_TRANSITIONS[action];
  if (!t.actors.some((a) => actors.includes(a))) {
    return { ok: false, reason: 'role', message: `当前身份不能对任务执行“${TASK_ACTION_LABELS[action]}”` };
  }
  if (!t.from.includes(state)) {
    return { ok: false, reason: 'state', message: `任务当前状态不能执行“${TASK_ACTION_LABELS[action]}”` };
  }
  return { ok: true, to: t.to === 'same' ? state : t.to };
}

export function allowedTaskActions(state: TaskState, actors: readonly Actor[]): TaskAction[] {
  return TASK_ACTIONS.filter((a) => decideTaskAction(state, a, actors).ok);
}

/** Tasks in these states still hold a need open: it cannot complete. */
export const OPEN_TASK_STATES: readonly TaskState[] = ['assigned', 'accepted'];
