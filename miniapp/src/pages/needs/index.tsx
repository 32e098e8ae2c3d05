import { useRef, useState } from 'react'
import { Text, View } from '@tarojs/components'
import Taro, { useDidShow, usePullDownRefresh, useReachBottom } from '@tarojs/taro'
import type { NeedState } from '@qi/shared'
import { NeedList } from '../../components/NeedList'
import { SignInPrompt } from '../../components/SignInPrompt'
import { EmptyView, ErrorView, LoadingView } from '../../components/StatusView'
import { useNeedList } from '../../hooks/useNeedList'
import { useSignedIn } from '../../hooks/useSignedIn'
import { homePage, needDetailPage, needFormPage } from '../../links'
import './index.scss'

/** The filter chips: all, or one state the enterprise acts on or looks for. */
const FILTERS: { label: string; state?: NeedState }[] = [
  { label: '全部' },
  { label: '待补充', state: 'info_requested' },
  { label: '服务中', state: 'in_service' },
  { label: '待评价', state: 'completed' },
  { label: '已评价', state: 'rated' },
]

export default function NeedsPage() {
  const signedIn = useSignedIn()
  const [filter, setFilter] = useState<NeedState | undefined>(undefined)
  const list = useNeedList(signedIn, filter)
  const shownOnce = useRef(false)

  // Coming back to the tab: refresh quietly (states may have moved).
  useDidShow(() => {
    if (shownOnce.current && signedIn && list.status === 'ready') void list.refresh()
    shownOnce.current = true
  })

  usePullDownRefresh(async () => {
    if (signedIn) await list.refresh()
    Taro.stopPullDownRefresh()
  })

  useReachBottom(() => {
    void list.loadMore()
  })

  if (!signedIn) {
    return (
      <View className="needs">
        <SignInPrompt what="您提交的服务需求及办理进度" />
      </View>
    )
  }

  const chips = (
    <View className="needs__filters">
      {FILTERS.map((f) => (
        <Text key={f.label} className={`needs__filter${filter === f.state ? ' needs__filter--on' : ''}`} onClick={() => setFilter(f.state)}>
          {f.label}
        </Text>
      ))}
    </View>
  )

  let body
  if (list.status === 'idle' || list.status === 'loading') body = <LoadingView />
  else if (list.status === 'error') body = <ErrorView message={list.error} onRetry={() => void list.reload()} />
  else if (list.items.length === 0) {
    body = filter ? (
      <EmptyView title="没有该状态的需求" actionText="查看全部" onAction={() => setFilter(undefined)} />
    ) : (
      <EmptyView
        title="暂无需求"
        description="在服务大厅选择所需服务，提交后可在这里跟踪办理进度。"
        actionText="提交需求"
        onAction={() => void Taro.navigateTo({ url: needFormPage() })}
      />
    )
  } else {
    body = (
      <>
        <Text className="needs__hint">下拉刷新 · 按提交时间从新到旧</Text>
        <NeedList
          needs={list.items}
          hasMore={Boolean(list.nextCursor)}
          loadingMore={list.loadingMore}
          onLoadMore={() => void list.loadMore()}
          onOpen={(need) => void Taro.navigateTo({ url: needDetailPage(need.id) })}
          showMarkers
        />
      </>
    )
  }

  return (
    <View className="needs">
      {chips}
      {body}
      {list.status === 'ready' && list.items.length === 0 && !filter ? (
        <Text className="needs__home" onClick={() => void Taro.switchTab({ url: homePage })}>
          去服务大厅看看 ›
        </Text>
      ) : null}
    </View>
  )
}
