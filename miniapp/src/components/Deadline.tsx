import { Text } from '@tarojs/components'
import {
  deadlineStatus,
  PROVISIONAL_MARK,
  toShanghaiDate,
  workingDaysLeft,
  type NeedDetail,
  type NeedSummary,
  type WorkCalendar,
} from '@qi/shared'
import { currentCalendar, isProvisionalSpan, useCalendar } from '../hooks/useCalendar'
import './Deadline.scss'

/** Today in Asia/Shanghai, the day the working-day calendar counts from. */
export const todayInShanghai = (): string => toShanghaiDate(new Date())

/** "还剩 3 个工作日" / "今天到期" / "已超期 2 个工作日", on the working-day calendar the server counts on. */
export function daysLeftText(due: string, today = todayInShanghai(), cal: WorkCalendar = currentCalendar()): string {
  const left = workingDaysLeft(due, today, cal)
  if (left > 0) return `还剩 ${left} 个工作日`
  if (left === 0) return today === due ? '今天到期' : '今天之内'
  return `已超期 ${-left} 个工作日`
}

/** " · 暂按法定假日计算" when counting from `today` to `due` runs through a year not yet published, else ''. */
export function provisionalSuffix(due: string, today = todayInShanghai(), cal: WorkCalendar = currentCalendar()): string {
  return isProvisionalSpan(cal, today, due) ? ` · ${PROVISIONAL_MARK}` : ''
}

/**
 * A due day with its working days left, coloured by how close it is, and
 * marked when the count runs through a year whose holidays are not published
 * yet (counted on the statutory holidays).
 */
export function DeadlineText({ due, today = todayInShanghai() }: { due: string; today?: string }) {
  const { calendar } = useCalendar()
  const status = deadlineStatus(due, today, undefined, calendar)
  const provisional = isProvisionalSpan(calendar, today, due)
  return (
    <Text className={`deadline deadline--${status}`} data-provisional={provisional ? 'true' : undefined}>
      {due}（{daysLeftText(due, today, calendar)}）{provisional ? <Text className="deadline__provisional">{PROVISIONAL_MARK}</Text> : null}
    </Text>
  )
}

export type NeedMarker = { kind: 'overdue' | 'rate' | 'rate_closed' | 'info'; text: string }

/**
 * What the enterprise should notice on a need in its list: its reply is
 * overdue, it is waiting to be rated (with the days left), or it waits for
 * the enterprise's supplement.
 */
export function needMarkers(need: Pick<NeedSummary, 'state' | 'deadlines'>, today = todayInShanghai()): NeedMarker[] {
  const out: NeedMarker[] = []
  const { state, deadlines } = need
  if (state === 'completed' && deadlines.rateBy) {
    out.push(
      today <= deadlines.rateBy
        ? { kind: 'rate', text: `请评价 · ${daysLeftText(deadlines.rateBy, today)}${provisionalSuffix(deadlines.rateBy, today)}` }
        : { kind: 'rate_closed', text: '评价期已过' },
    )
  }
  if (state === 'info_requested') out.push({ kind: 'info', text: '待您补充材料' })
  const due = state === 'submitted' ? deadlines.acceptBy : ['accepted', 'in_service'].includes(state) ? deadlines.replyBy : null
  const cal = currentCalendar()
  if (due && deadlineStatus(due, today, undefined, cal) === 'overdue')
    out.push({ kind: 'overdue', text: `已超期 ${-workingDaysLeft(due, today, cal)} 个工作日` })
  return out
}

/** Whether the enterprise may rate now, and until when (DB46 9.2.1: 5 working days after completion). */
export function ratingWindow(need: Pick<NeedDetail, 'state' | 'rating' | 'deadlines'>, today = todayInShanghai()) {
  const rateBy = need.deadlines.rateBy
  const open = need.state === 'completed' && !need.rating && rateBy !== null && today <= rateBy
  return { open, rateBy }
}
