import { View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import './ActionBar.scss'

/** How an action's button looks: its colour and whether it is outlined. */
export type ActionLook = { type: 'primary' | 'danger' | 'default'; fill: 'solid' | 'outline' }

/** The actions allowed now, as buttons in a bar fixed to the bottom of the page; none, no bar. */
export function ActionBar<A extends string>(props: {
  actions: readonly A[]
  labels: Record<A, string>
  look: (action: A) => ActionLook
  busy: boolean
  onTap: (action: A) => void
}) {
  if (!props.actions.length) return null
  return (
    <View className="action-bar" data-actions={props.actions.join(',')}>
      {props.actions.map((a) => (
        <Button key={a} size="small" {...props.look(a)} data-action={a} disabled={props.busy} onClick={() => props.onTap(a)}>
          {props.labels[a]}
        </Button>
      ))}
    </View>
  )
}
