import { useRef } from 'react'
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro'

/**
 * Refreshes what a page shows when the user comes back to it (from a page
 * that may have changed it) and when they pull it down.
 */
export function usePageRefresh(refresh: () => Promise<unknown>) {
  const shown = useRef(false)
  useDidShow(() => {
    if (shown.current) void refresh()
    shown.current = true
  })
  usePullDownRefresh(async () => {
    await refresh()
    Taro.stopPullDownRefresh()
  })
}
