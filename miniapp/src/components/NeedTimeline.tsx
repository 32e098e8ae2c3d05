import { Text, View } from '@tarojs/components'
import { Step, Steps } from '@nutui/nutui-react-taro'
import { NEED_STATE_LABELS, actorLabel, needEventLabel, type NeedEvent } from '@qi/shared'
import { formatDateTime } from '../labels'
import './NeedTimeline.scss'

/** 办理进度: every event of the need, oldest first — who, when, what, and the note. */
export function NeedTimeline({ events }: { events: NeedEvent[] }) {
  return (
    <View className="timeline">
      <Steps direction="vertical" type="dot" value={events.length}>
        {events.map((e, i) => (
          <Step
            key={e.id}
            value={i + 1}
            title={
              <View className="timeline__title" data-event={e.action}>
                <Text className="timeline__action">{needEventLabel(e.action)}</Text>
                {e.from !== e.to ? <Text className="timeline__state">{NEED_STATE_LABELS[e.to]}</Text> : null}
              </View>
            }
            description={
              <View className="timeline__body">
                <Text className="timeline__meta">
                  {formatDateTime(e.at)} · {e.actor.name}（{actorLabel(e.actor.role)}）
                </Text>
                {e.note ? <Text className="timeline__note">{e.note}</Text> : null}
              </View>
            }
          />
        ))}
      </Steps>
    </View>
  )
}
