import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { Button } from '@nutui/nutui-react-taro'
import { PROVISIONAL_MARK } from '@qi/shared'
import { useCalendar } from '../hooks/useCalendar'
import { calendarPage } from '../links'
import './CalendarReminder.scss'

/**
 * For managers on the workbench: from 1 November, while next year's holidays
 * are not published, deadlines reaching into it count on the statutory
 * holidays only; a tap opens 放假安排.
 */
export function CalendarReminder() {
  const { view } = useCalendar()
  const year = view?.reminderYear
  if (!year) return null
  return (
    <View className="calendar-reminder" data-reminder-year={year}>
      <Text className="calendar-reminder__text">
        {year} 年放假安排尚未发布：跨入 {year} 年的期限{PROVISIONAL_MARK}，没有调休。国务院办公厅通知发布后请及时录入。
      </Text>
      <Button size="small" type="primary" onClick={() => void Taro.navigateTo({ url: calendarPage })}>
        录入放假安排
      </Button>
    </View>
  )
}
