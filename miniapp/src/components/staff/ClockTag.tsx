import { Text } from '@tarojs/components'
import type { Clock } from '@qi/shared'
import { clockText } from './labels'
import './ClockTag.scss'

/** The clock running on a need or a task, coloured by its status (overdue, due soon, on time, paused). */
export function ClockTag({ clock }: { clock: Clock | null | undefined }) {
  if (!clock) return null
  return (
    <Text className={`clock-tag clock-tag--${clock.status}`} data-clock={clock.status}>
      {clockText(clock)}
    </Text>
  )
}
