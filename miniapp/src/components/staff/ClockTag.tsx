import { Text } from '@tarojs/components'
import { PROVISIONAL_MARK, toShanghaiDate, type Clock } from '@qi/shared'
import { isProvisionalSpan, useCalendar } from '../../hooks/useCalendar'
import { clockText } from './labels'
import './ClockTag.scss'

/** The clock running on a need or a task, coloured by its status (overdue, due soon, on time, paused). */
export function ClockTag({ clock }: { clock: Clock | null | undefined }) {
  const { calendar } = useCalendar()
  if (!clock) return null
  // The server counted the days left; a count through a year not yet published is provisional.
  const provisional = clock.dueOn !== null && isProvisionalSpan(calendar, toShanghaiDate(new Date()), clock.dueOn)
  return (
    <Text className={`clock-tag clock-tag--${clock.status}`} data-clock={clock.status} data-provisional={provisional ? 'true' : undefined}>
      {clockText(clock)}
      {provisional ? ` · ${PROVISIONAL_MARK}` : ''}
    </Text>
  )
}
