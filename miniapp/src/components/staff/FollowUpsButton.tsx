import { useEffect, useState } from 'react'
import Taro, { useDidShow } from '@tarojs/taro'
import { Badge, Button } from '@nutui/nutui-react-taro'
import { FOLLOW_UP_PATHS, type FollowUpCounts } from '@qi/shared'
import { api } from '../../api'
import { followUpsPage } from '../../links'

/** 我的回访, with how many of the caller's follow-ups are still open (overdue ones named). Refreshed whenever the page shows. */
export function FollowUpsButton() {
  const [counts, setCounts] = useState<FollowUpCounts | null>(null)
  const load = () => {
    api.get<FollowUpCounts>(FOLLOW_UP_PATHS.followUpCounts, { toast: false }).then(setCounts, () => undefined)
  }
  // On mount (a component's useDidShow misses the page's first show on H5), and on every later show.
  useEffect(load, [])
  useDidShow(load)
  const button = (
    <Button size="small" fill="outline" onClick={() => void Taro.navigateTo({ url: followUpsPage('mine') })} data-follow-ups-button>
      {counts?.overdue ? `我的回访（${counts.overdue} 超期）` : '我的回访'}
    </Button>
  )
  return counts?.open ? (
    <Badge value={counts.open} max={99}>
      {button}
    </Badge>
  ) : (
    button
  )
}
