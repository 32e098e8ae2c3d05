// Labels of the workbench's clocks, from the shared tables.
import { CLOCK_KIND_LABELS, DUE_STATUS_LABELS, type Clock } from '@qi/shared'

/** "受理时限 2026-03-03 · 还剩 1 个工作日", or "答复时限 · 计时暂停". */
export function clockText(clock: Clock): string {
  const kind = CLOCK_KIND_LABELS[clock.kind]
  if (clock.status === 'paused' || clock.dueOn === null || clock.daysLeft === null) return `${kind} · ${DUE_STATUS_LABELS.paused}`
  const left =
    clock.daysLeft > 0 ? `还剩 ${clock.daysLeft} 个工作日` : clock.daysLeft === 0 ? '今天到期' : `已超期 ${-clock.daysLeft} 个工作日`
  return `${kind} ${clock.dueOn} · ${left}`
}
