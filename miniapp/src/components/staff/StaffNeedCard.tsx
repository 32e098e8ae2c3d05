import { Text, View } from '@tarojs/components'
import { Tag } from '@nutui/nutui-react-taro'
import { CATEGORY_BY_CODE, CHANNEL_LABELS, type NeedSummary } from '@qi/shared'
import { formatDateTime, NEED_STATE_LABELS, NEED_STATE_TAG } from '../../labels'
import { ClockTag } from './ClockTag'
import './StaffNeedCard.scss'

/** A need in the workbench: who raised it, how, the categories and the clock running on it. */
export function StaffNeedCard({ need, onOpen }: { need: NeedSummary; onOpen: (need: NeedSummary) => void }) {
  return (
    <View className="staff-need" data-need-id={need.id} data-need-number={need.number} onClick={() => onOpen(need)}>
      <View className="staff-need__head">
        <Text className="staff-need__title">{need.title}</Text>
        <Tag type={NEED_STATE_TAG[need.state]} round>
          {NEED_STATE_LABELS[need.state]}
        </Tag>
      </View>
      <Text className="staff-need__enterprise">{need.enterprise.name}</Text>
      <View className="staff-need__meta">
        <Text>{need.number}</Text>
        <Text>{CHANNEL_LABELS[need.channel]}</Text>
        <Text>{formatDateTime(need.createdAt)}</Text>
      </View>
      <View className="staff-need__foot">
        <View className="staff-need__categories">
          {need.categories.map((c) => (
            <Text key={c} className="staff-need__category">
              {CATEGORY_BY_CODE[c].shortName}
            </Text>
          ))}
        </View>
        <ClockTag clock={need.clock} />
      </View>
    </View>
  )
}
