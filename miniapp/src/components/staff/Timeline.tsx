import { Text, View } from '@tarojs/components'
import { actorLabel, needEventLabel, type NeedEvent } from '@qi/shared'
import { formatDateTime } from '../../labels'
import './Timeline.scss'

/** 过程记录: every event of the need, oldest first, internal notes marked. */
export function Timeline({ events }: { events: NeedEvent[] }) {
  return (
    <View className="timeline">
      {events.map((e) => (
        <View key={e.id} className={`timeline__item${e.internal ? ' timeline__item--internal' : ''}`} data-event={e.action}>
          <View className="timeline__dot" />
          <View className="timeline__body">
            <View className="timeline__head">
              <Text className="timeline__action">{needEventLabel(e.action)}</Text>
              {e.internal ? <Text className="timeline__badge">内部</Text> : null}
              <Text className="timeline__time">{formatDateTime(e.at)}</Text>
            </View>
            <Text className="timeline__actor">
              {e.actor.name}（{actorLabel(e.actor.role)}）
            </Text>
            {e.note ? <Text className="timeline__note">{e.note}</Text> : null}
          </View>
        </View>
      ))}
    </View>
  )
}
