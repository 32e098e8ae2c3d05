import type { ReactNode } from 'react'
import { Text, View } from '@tarojs/components'
import './Chips.scss'

/** One filter pill: its label, its count when known, and whether it is the filter in use. */
export interface Chip {
  key: string
  label: string
  count?: number
  active: boolean
  onTap: () => void
}

/** A row of filter pills; `children` follow them (e.g. a sort toggle). */
export function Chips({ chips, name, children }: { chips: Chip[]; name?: string; children?: ReactNode }) {
  return (
    <View className="chips" data-chips={name}>
      {chips.map((c) => (
        <Text key={c.key} className={`chip${c.active ? ' chip--on' : ''}`} data-chip={c.key} onClick={c.onTap}>
          {c.label}
          {c.count !== undefined ? ` ${c.count}` : ''}
        </Text>
      ))}
      {children}
    </View>
  )
}
