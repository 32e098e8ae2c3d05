import { useState } from 'react'
import { Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { SignInPrompt } from '../../../components/SignInPrompt'
import { FollowUpCard } from '../../../components/FollowUpCard'
import { Chips } from '../../../components/staff/Chips'
import { EmptyView, ErrorView, LoadingView } from '../../../components/StatusView'
import { useMe } from '../../../hooks/useMe'
import { usePageRefresh } from '../../../hooks/usePageRefresh'
import { useRemote } from '../../../hooks/useRemote'
import { useSignedIn } from '../../../hooks/useSignedIn'
import { useTimeLimits } from '../../../hooks/useTimeLimits'
import { followUpPage, rectificationsPage } from '../../../links'
import { fetchFollowUps, type FollowUpFilters } from '../../api'
import './index.scss'

type Filter = 'pending' | 'overdue' | 'open' | 'called_back' | 'resolved' | 'all'
const FILTERS: { key: Filter; label: string }[] = [
  { key: 'pending', label: '未处理' },
  { key: 'overdue', label: '已超期' },
  { key: 'open', label: '待回访' },
  { key: 'called_back', label: '已回访' },
  { key: 'resolved', label: '已处理' },
  { key: 'all', label: '全部' },
]

/** 回访: a specialist's own follow-ups (?scope=mine), or every one for managers and supervisors (?scope=all). */
export default function FollowUpsPage() {
  const signedIn = useSignedIn()
  const { params } = useRouter()
  if (!signedIn)
    return (
      <View className="follow-ups">
        <SignInPrompt what="回访" />
      </View>
    )
  return <FollowUps scope={params.scope === 'all' ? 'all' : 'mine'} />
}

function FollowUps({ scope }: { scope: 'mine' | 'all' }) {
  const me = useMe()
  const limits = useTimeLimits()
  const [filter, setFilter] = useState<Filter>('pending')
  const [onlyMine, setOnlyMine] = useState(false)
  const myId = me.status === 'ready' ? me.me.user.id : undefined
  const isManager = me.status === 'ready' && me.me.user.roles.includes('manager')
  const query: FollowUpFilters = {
    scope,
    overdue: filter === 'overdue' || undefined,
    state: filter === 'open' || filter === 'called_back' || filter === 'resolved' ? filter : undefined,
    ownerId: scope === 'all' && onlyMine ? myId : undefined,
  }
  const remote = useRemote(() => fetchFollowUps(query, { toast: false }), [scope, filter, onlyMine, myId])
  usePageRefresh(remote.refresh)

  const chips = [
    ...FILTERS.map((f) => ({ key: f.key, label: f.label, active: f.key === filter, onTap: () => setFilter(f.key) })),
    ...(scope === 'all' && isManager ? [{ key: 'mine', label: '我负责的', active: onlyMine, onTap: () => setOnlyMine((v) => !v) }] : []),
  ]
  const items =
    remote.state.status === 'ready'
      ? filter === 'pending'
        ? remote.state.data.items.filter((f) => f.state !== 'resolved')
        : remote.state.data.items
      : []

  return (
    <View className="follow-ups">
      <View className="follow-ups__summary">
        <Text className="follow-ups__title">{scope === 'all' ? '回访管理' : '我的回访'}</Text>
        <Text className="follow-ups__rule">
          企业评价有“不满意”或问题未解决时生成回访，须在 {limits.followUpDays} 个工作日内回访企业并处理：重新办理、整改或解释说明。
        </Text>
        {scope === 'all' && isManager ? (
          <Text className="follow-ups__link" onClick={() => void Taro.navigateTo({ url: rectificationsPage })}>
            查看整改 ›
          </Text>
        ) : null}
      </View>
      <Chips name="follow-up-filter" chips={chips} />
      <View className="follow-ups__list">
        {remote.state.status === 'loading' ? (
          <LoadingView />
        ) : remote.state.status === 'error' ? (
          <ErrorView message={remote.state.message} onRetry={() => void remote.reload()} />
        ) : items.length === 0 ? (
          <EmptyView title="没有符合条件的回访" description="企业给出不满意评价或反馈问题未解决后，回访会出现在这里。" />
        ) : (
          items.map((f) => <FollowUpCard key={f.id} f={f} onTap={() => void Taro.navigateTo({ url: followUpPage(f.id) })} />)
        )}
      </View>
    </View>
  )
}
