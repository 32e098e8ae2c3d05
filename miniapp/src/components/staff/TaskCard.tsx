import type { ReactNode } from 'react'
import { Text, View } from '@tarojs/components'
import { Tag } from '@nutui/nutui-react-taro'
import { TASK_STATE_LABELS, type Task, type TaskState } from '@qi/shared'
import { formatDateTime } from '../../labels'
import { AttachmentList } from '../AttachmentList'
import { ClockTag } from './ClockTag'
import './TaskCard.scss'

const TASK_STATE_TAG: Record<TaskState, 'default' | 'primary' | 'success' | 'warning' | 'danger'> = {
  assigned: 'warning',
  accepted: 'primary',
  done: 'success',
  declined: 'danger',
  cancelled: 'default',
}

/** A task: its provider, state, clock, and what came of it (result, decline reason). */
export function TaskCard({ task, title, children, onOpen }: { task: Task; title?: string; children?: ReactNode; onOpen?: () => void }) {
  return (
    <View className={`task-card${onOpen ? ' task-card--link' : ''}`} data-task-id={task.id} onClick={onOpen}>
      <View className="task-card__head">
        <Text className="task-card__title">{title ?? task.assignee.name}</Text>
        <Tag type={TASK_STATE_TAG[task.state]} round>
          {TASK_STATE_LABELS[task.state]}
        </Tag>
      </View>
      <Text className="task-card__meta">
        {task.assignee.kind === 'institution' ? '服务机构' : '技术专家'} · 派单 {formatDateTime(task.assignedAt)}
      </Text>
      {task.note ? <Text className="task-card__text">派单说明：{task.note}</Text> : null}
      {task.result ? <Text className="task-card__text">服务结果：{task.result}</Text> : null}
      {task.declineReason ? <Text className="task-card__text task-card__text--danger">拒绝理由：{task.declineReason}</Text> : null}
      {task.state === 'declined' ? <Text className="task-card__hint">{task.replacedBy ? '已重新派单' : '待重新派单'}</Text> : null}
      {task.attachments?.length ? (
        <View className="task-card__files">
          <Text className="task-card__text">服务报告与附件</Text>
          <AttachmentList attachments={task.attachments} />
        </View>
      ) : null}
      <ClockTag clock={task.clock} />
      {children}
    </View>
  )
}
