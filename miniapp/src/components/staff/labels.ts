// Labels of the workbench's records: event actions (need actions, task
// actions, submission) and clocks, from the shared tables.
import {
  CLOCK_KIND_LABELS,
  DUE_STATUS_LABELS,
  NEED_ACTION_LABELS,
  TASK_ACTION_LABELS,
  type Clock,
  type NeedAction,
  type TaskAction,
} from '@qi/shared'

/** The Chinese name of an event's action: `submit`, a need action, or `task_<action>`. */
export function eventLabel(action: string): string {
  if (action === 'submit') return '提交需求'
  if (action.startsWith('task_')) {
    const a = action.slice(5) as TaskAction
    return `任务${TASK_ACTION_LABELS[a] ?? a}`
  }
  return NEED_ACTION_LABELS[action as NeedAction] ?? action
}

/** "受理时限 2026-03-03 · 还剩 1 个工作日", or "答复时限 · 计时暂停". */
export function clockText(clock: Clock): string {
  const kind = CLOCK_KIND_LABELS[clock.kind]
  if (clock.status === 'paused' || clock.dueOn === null || clock.daysLeft === null) return `${kind} · ${DUE_STATUS_LABELS.paused}`
  const left =
    clock.daysLeft > 0 ? `还剩 ${clock.daysLeft} 个工作日` : clock.daysLeft === 0 ? '今天到期' : `已超期 ${-clock.daysLeft} 个工作日`
  return `${kind} ${clock.dueOn} · ${left}`
}
