import type { ReactNode } from 'react'
import { Text, View } from '@tarojs/components'
import { Tag } from '@nutui/nutui-react-taro'
import {
  COMPLAINT_FEEDBACK_LABELS,
  COMPLAINT_STATE_LABELS,
  COMPLAINT_TARGET_LABELS,
  deadlineStatus,
  workingDaysLeft,
  type ComplaintDetail,
  type DeadlineStatus,
} from '@qi/shared'
import { COMPLAINT_STATE_TAG, formatDateTime } from '../labels'
import { currentCalendar, useCalendar } from '../hooks/useCalendar'
import { daysLeftText, provisionalSuffix, todayInShanghai } from './Deadline'
import './ComplaintCard.scss'
import './staff/ClockTag.scss'

/** A complaint still being handled (not yet 已办结). */
export const isOpenComplaint = (c: Pick<ComplaintDetail, 'state'>): boolean => c.state !== 'resolved'

/** "需求办理：QI-… 标题", "服务人员：王…", or just the kind when the target has no name. */
export const complaintTargetText = (c: Pick<ComplaintDetail, 'targetKind' | 'targetName'>): string =>
  `${COMPLAINT_TARGET_LABELS[c.targetKind]}${c.targetName ? `：${c.targetName}` : ''}`

/** Who filed it: "林晓华（海南椰语食品有限公司）". */
export const complainantOf = ({ complainant: { name, enterpriseName } }: Pick<ComplaintDetail, 'complainant'>): string =>
  enterpriseName ? `${name}（${enterpriseName}）` : name

export interface ComplaintClockInfo {
  kind: 'acknowledge' | 'resolve'
  label: string
  due: string
  status: DeadlineStatus
  text: string
}

/**
 * The time limit running on a complaint (GB/T 19012): 确认时限 until it is
 * acknowledged (or moved on), then 办结时限 until it is resolved; none after.
 * Working days on the calendar the server counts on; marked when the count
 * runs through a year whose holidays are only provisional.
 */
export function complaintClock(
  c: Pick<ComplaintDetail, 'state' | 'acknowledgeBy' | 'resolveBy'>,
  today = todayInShanghai(),
): ComplaintClockInfo | null {
  if (!isOpenComplaint(c)) return null
  const kind = c.state === 'received' ? 'acknowledge' : 'resolve'
  const due = kind === 'acknowledge' ? c.acknowledgeBy : c.resolveBy
  const cal = currentCalendar()
  const status = deadlineStatus(due, today, undefined, cal)
  const left = workingDaysLeft(due, today, cal)
  // Overdue on a rest day right after the due day counts no working day yet.
  const when = status === 'overdue' ? (left < 0 ? `已超期 ${-left} 个工作日` : '已超期') : daysLeftText(due, today, cal)
  const mark = provisionalSuffix(due, today, cal)
  // The words of the complaint's record (ComplaintView) and of the workbench's clocks (…时限).
  const label = kind === 'acknowledge' ? '确认时限' : '办结时限'
  return { kind, label, due, status, text: `${label} ${due} · ${when}${mark}` }
}

/** The running clock as a tag coloured by how close it is: the workbench's clock tag. */
export function ComplaintClock({
  complaint,
  today,
}: {
  complaint: Pick<ComplaintDetail, 'state' | 'acknowledgeBy' | 'resolveBy'>
  today?: string
}) {
  useCalendar() // re-render when the calendar arrives
  const clock = complaintClock(complaint, today)
  if (!clock) return null
  return (
    <Text className={`clock-tag clock-tag--${clock.status}`} data-clock={clock.status} data-clock-kind={clock.kind}>
      {clock.text}
    </Text>
  )
}

/**
 * One complaint in a list: against whom, its state, what was said and the
 * outcome once resolved; `children` add lines (who filed it, its clock).
 * Used by 我的投诉 and 投诉处理.
 */
export function ComplaintCard({ complaint: c, onTap, children }: { complaint: ComplaintDetail; onTap: () => void; children?: ReactNode }) {
  return (
    <View className="complaint-card" data-complaint={c.id} data-state={c.state} onClick={onTap}>
      <View className="complaint-card__head">
        <Text className="complaint-card__target">{complaintTargetText(c)}</Text>
        <Tag type={COMPLAINT_STATE_TAG[c.state]} round>
          {COMPLAINT_STATE_LABELS[c.state]}
        </Tag>
      </View>
      <Text className="complaint-card__content">{c.content}</Text>
      {c.outcome ? <Text className="complaint-card__outcome">处理结果：{c.outcome}</Text> : null}
      {c.feedback ? (
        <Text className={`complaint-card__feedback complaint-card__feedback--${c.feedback.answer}`} data-feedback={c.feedback.answer}>
          投诉人评价：{COMPLAINT_FEEDBACK_LABELS[c.feedback.answer]}
          {c.feedback.answer === 'dissatisfied' ? '（待重新调查）' : ''}
        </Text>
      ) : null}
      {children}
      <Text className="complaint-card__time">{formatDateTime(c.createdAt)}</Text>
    </View>
  )
}
