import { Text } from '@tarojs/components'
import { Tag } from '@nutui/nutui-react-taro'
import { openingState, type OpeningHours } from '@qi/shared'
import { useCalendar } from '../hooks/useCalendar'

/** 营业中 / 休息中 now, from a station's hours and the holiday calendar, with today's hours. */
export function OpenState({ hours, className }: { hours: readonly OpeningHours[]; className?: string }) {
  const { calendar } = useCalendar()
  const state = openingState(hours, new Date(), calendar)
  return (
    <>
      {state.open ? (
        <Tag type="success" round>
          {state.label}
        </Tag>
      ) : (
        <Tag background="#eef1f5" color="#5e6a7d" round>
          {state.label}
        </Tag>
      )}
      <Text className={className}>{state.detail}</Text>
    </>
  )
}
