import { useState } from 'react'
import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { RectificationCard } from '../../../components/FollowUpCard'
import { SignInPrompt } from '../../../components/SignInPrompt'
import { Chips } from '../../../components/staff/Chips'
import { EmptyView, ErrorView, LoadingView } from '../../../components/StatusView'
import { usePageRefresh } from '../../../hooks/usePageRefresh'
import { useRemote } from '../../../hooks/useRemote'
import { useSignedIn } from '../../../hooks/useSignedIn'
import { rectificationPage } from '../../../links'
import { fetchRectifications } from '../../api'
// The same list layout as 回访管理.
import '../follow-ups/index.scss'

type Filter = 'open' | 'overdue' | 'done' | 'all'
const FILTERS: { key: Filter; label: string }[] = [
  { key: 'open', label: '整改中' },
  { key: 'overdue', label: '已超期' },
  { key: 'done', label: '已完成' },
  { key: 'all', label: '全部' },
]

/** 整改 (运营管理; 监督部门只读): rectifications from follow-ups, complaints and the evaluation. */
export default function RectificationsPage() {
  const signedIn = useSignedIn()
  const [filter, setFilter] = useState<Filter>('open')
  const remote = useRemote(
    () =>
      fetchRectifications(
        { state: filter === 'open' || filter === 'done' ? filter : undefined, overdue: filter === 'overdue' || undefined },
        { toast: false },
      ),
    [filter, signedIn],
  )
  usePageRefresh(remote.refresh)
  if (!signedIn)
    return (
      <View className="follow-ups">
        <SignInPrompt what="整改" />
      </View>
    )
  return (
    <View className="follow-ups">
      <View className="follow-ups__summary">
        <Text className="follow-ups__title">整改</Text>
        <Text className="follow-ups__rule">来自回访、投诉和动态评价的整改：内容、责任方、期限与完成情况。</Text>
      </View>
      <Chips
        name="rectification-filter"
        chips={FILTERS.map((f) => ({ key: f.key, label: f.label, active: f.key === filter, onTap: () => setFilter(f.key) }))}
      />
      <View className="follow-ups__list">
        {remote.state.status === 'loading' ? (
          <LoadingView />
        ) : remote.state.status === 'error' ? (
          <ErrorView message={remote.state.message} onRetry={() => void remote.reload()} />
        ) : remote.state.data.items.length === 0 ? (
          <EmptyView title="没有符合条件的整改" description="处理回访、投诉或动态评价时安排的整改会出现在这里。" />
        ) : (
          remote.state.data.items.map((x) => (
            <RectificationCard key={x.id} x={x} onTap={() => void Taro.navigateTo({ url: rectificationPage(x.id) })} />
          ))
        )}
      </View>
    </View>
  )
}
