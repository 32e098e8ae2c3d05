import type { ReactNode } from 'react'
import { Text, View } from '@tarojs/components'
import { Tag } from '@nutui/nutui-react-taro'
import type { FollowUp, Rectification } from '@qi/shared'
import {
  FOLLOW_UP_STATE_LABELS,
  FOLLOW_UP_STATE_TAG,
  RECTIFICATION_STATE_LABELS,
  RECTIFICATION_STATE_TAG,
  RESPONSIBLE_KIND_LABELS,
} from '../labels'
import './FollowUpCard.scss'

/** "处理期限 2026-10-13", marked when it has passed. */
function DueLine({ dueOn, overdue, label }: { dueOn: string; overdue: boolean; label: string }) {
  return (
    <Text className={`follow-up-card__due${overdue ? ' follow-up-card__due--overdue' : ''}`}>
      {label} {dueOn}
      {overdue ? ' · 已超期' : ''}
    </Text>
  )
}

/** One follow-up in a list: the need, why, who owns it and by when. */
export function FollowUpCard({ f, onTap, children }: { f: FollowUp; onTap: () => void; children?: ReactNode }) {
  return (
    <View className="follow-up-card" data-follow-up-id={f.id} data-state={f.state} onClick={onTap}>
      <View className="follow-up-card__head">
        <Text className="follow-up-card__title">{f.need.title}</Text>
        <Tag type={FOLLOW_UP_STATE_TAG[f.state]} round>
          {FOLLOW_UP_STATE_LABELS[f.state]}
        </Tag>
      </View>
      <Text className="follow-up-card__meta">
        {f.need.number} · {f.need.enterpriseName}
      </Text>
      <Text className="follow-up-card__reason">{f.reason}</Text>
      <Text className="follow-up-card__meta">负责人：{f.owner?.name ?? '未指定'}</Text>
      {f.state === 'resolved' ? null : <DueLine dueOn={f.dueOn} overdue={f.overdue} label="处理期限" />}
      {children}
    </View>
  )
}

/** One rectification in a list: what, who answers for it, by when, from where. */
export function RectificationCard({ x, onTap }: { x: Rectification; onTap: () => void }) {
  return (
    <View className="follow-up-card" data-rectification-id={x.id} data-state={x.state} onClick={onTap}>
      <View className="follow-up-card__head">
        <Text className="follow-up-card__title">{x.subject}</Text>
        <Tag type={RECTIFICATION_STATE_TAG[x.state]} round>
          {RECTIFICATION_STATE_LABELS[x.state]}
        </Tag>
      </View>
      <Text className="follow-up-card__meta">
        责任方：{RESPONSIBLE_KIND_LABELS[x.responsible.kind]} {x.responsible.name}
      </Text>
      <Text className="follow-up-card__meta">来源：{x.source.label}</Text>
      {x.done ? (
        <Text className="follow-up-card__meta">完成于 {x.done.on}</Text>
      ) : (
        <DueLine dueOn={x.dueOn} overdue={x.overdue} label="整改期限" />
      )}
    </View>
  )
}
