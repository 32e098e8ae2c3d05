import { useState } from 'react'
import Taro, { useDidShow } from '@tarojs/taro'
import { Badge, Button } from '@nutui/nutui-react-taro'
import { fetchUnreadCount } from '../../packageStaff/api'
import { messagesPage } from '../../links'

/** 消息, with the unread count: opens the workbench's notices. Refreshed whenever the page shows. */
export function MessagesButton() {
  const [unread, setUnread] = useState(0)
  useDidShow(() => {
    fetchUnreadCount().then(setUnread, () => undefined)
  })
  const button = (
    <Button size="small" fill="outline" onClick={() => void Taro.navigateTo({ url: messagesPage })}>
      消息
    </Button>
  )
  return unread ? (
    <Badge value={unread} max={99}>
      {button}
    </Badge>
  ) : (
    button
  )
}
