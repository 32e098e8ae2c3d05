import { useCallback, useEffect, useMemo, useState } from 'react'
import { Text, View } from '@tarojs/components'
import Taro, { useReachBottom } from '@tarojs/taro'
import { ActionSheet, Button, SearchBar } from '@nutui/nutui-react-taro'
import { CATEGORIES, CHANNEL_LABELS, CHANNELS, NEED_STATE_LABELS, type NeedCounts, type NeedSummary } from '@qi/shared'
import { messageOf } from '../../../api'
import { CalendarReminder } from '../../../components/CalendarReminder'
import { PagedListView } from '../../../components/PagedListView'
import { SignInPrompt } from '../../../components/SignInPrompt'
import { Chips, type Chip } from '../../../components/staff/Chips'
import { MessagesButton } from '../../../components/staff/MessagesButton'
import { FollowUpsButton } from '../../../components/staff/FollowUpsButton'
import { StaffNeedCard } from '../../../components/staff/StaffNeedCard'
import { EmptyView, ErrorView, LoadingView } from '../../../components/StatusView'
import { useLive } from '../../../hooks/useLive'
import { useMe } from '../../../hooks/useMe'
import { usePagedList } from '../../../hooks/usePagedList'
import { usePageRefresh } from '../../../hooks/usePageRefresh'
import { fetchCounts, fetchInbox, type InboxFilters } from '../../api'
import { intakePage, staffNeedPage, tasksPage } from '../../../links'
import './index.scss'

const STATE_CHIPS = ['open', 'submitted', 'accepted', 'info_requested', 'in_service', 'completed', 'all'] as const
type Picking = 'category' | 'channel' | 'station' | null

/** 工作台: the needs of the specialist's stations, with filters, counts and deadline order. */
export default function InboxPage() {
  const me = useMe()
  const roles = me.status === 'ready' ? me.me.roles : []
  const queueRoles = roles.some((r) => r === 'specialist' || r === 'manager' || r === 'supervisor')
  const isProvider = roles.includes('provider')

  // A provider's workbench is its task list.
  useEffect(() => {
    if (me.status === 'ready' && !queueRoles && isProvider) void Taro.redirectTo({ url: tasksPage })
  }, [me.status, queueRoles, isProvider])

  if (me.status === 'signed_out')
    return (
      <View className="inbox">
        <SignInPrompt what="工作台中的待办需求" />
      </View>
    )
  if (me.status === 'loading') return <LoadingView />
  if (me.status === 'error') return <ErrorView message={me.message} onRetry={me.reload} />
  if (!queueRoles) {
    return isProvider ? <LoadingView /> : <EmptyView title="无权使用工作台" description="工作台供服务专员、服务机构和管理人员使用。" />
  }
  return <Queue canIntake={roles.includes('specialist')} isProvider={isProvider} isManager={roles.includes('manager')} />
}

function Queue({ canIntake, isProvider, isManager }: { canIntake: boolean; isProvider: boolean; isManager: boolean }) {
  const [filters, setFilters] = useState<InboxFilters>({ state: 'open', sort: 'deadline' })
  const [search, setSearch] = useState('')
  const [counts, setCounts] = useState<NeedCounts | null>(null)
  const [picking, setPicking] = useState<Picking>(null)
  const key = JSON.stringify(filters)
  const list = usePagedList<NeedSummary>(key, (cursor) => fetchInbox(filters, cursor, { toast: cursor !== null }))

  // Without the counts the chips still filter, but the station picker would offer no station: say so, with a retry.
  const [countsError, setCountsError] = useState('')
  const live = useLive()
  const loadCounts = useCallback(
    () =>
      fetchCounts({ toast: false }).then(
        (c) => {
          if (!live.current) return
          setCounts(c)
          setCountsError('')
        },
        (e: unknown) => live.current && setCountsError(messageOf(e)),
      ),
    [live],
  )
  useEffect(() => {
    void loadCounts()
  }, [loadCounts])
  // Back from a need page: its state may have changed.
  usePageRefresh(() => Promise.all([list.refresh(), loadCounts()]))
  useReachBottom(() => void list.loadMore())

  const set = (change: Partial<InboxFilters>) => setFilters((f) => ({ ...f, ...change }))
  const toggle = <K extends keyof InboxFilters>(k: K, v: InboxFilters[K]) =>
    set({ [k]: filters[k] === v ? undefined : v } as Partial<InboxFilters>)

  const stateChips: Chip[] = STATE_CHIPS.map((s) => ({
    key: s,
    label: s === 'open' ? '待办' : s === 'all' ? '全部' : NEED_STATE_LABELS[s],
    count: counts ? (s === 'open' ? counts.open : s === 'all' ? counts.total : counts.byState[s]) : undefined,
    active: s === 'all' ? !filters.state : filters.state === s,
    onTap: () => set({ state: s === 'all' ? undefined : s }),
  }))
  const clockChips: Chip[] = [
    { key: 'overdue', label: '已超期', count: counts?.overdue, active: filters.due === 'overdue', onTap: () => toggle('due', 'overdue') },
    {
      key: 'due_soon',
      label: '即将到期',
      count: counts?.dueSoon,
      active: filters.due === 'due_soon',
      onTap: () => toggle('due', 'due_soon'),
    },
    { key: 'mine', label: '我负责的', count: counts?.mine, active: filters.mine === '1', onTap: () => toggle('mine', '1') },
    {
      key: 'review',
      label: '待审核',
      active: filters.review === 'pending',
      // Records awaiting review are finished: not among 待办, so the state filter gives way.
      onTap: () => set(filters.review ? { review: undefined } : { review: 'pending', state: undefined }),
    },
  ]

  const categoryName = filters.category ? CATEGORIES.find((c) => c.code === filters.category)?.shortName : null
  const stationName = filters.stationId ? counts?.byStation.find((s) => s.id === filters.stationId)?.name : null
  const sheet = useMemo(() => {
    if (picking === 'category') {
      return CATEGORIES.map((c) => ({ name: `${c.shortName}（${counts?.byCategory[c.code] ?? 0}）`, value: c.code }))
    }
    if (picking === 'channel') {
      return CHANNELS.map((c) => ({ name: `${CHANNEL_LABELS[c]}（${counts?.byChannel[c] ?? 0}）`, value: c }))
    }
    if (picking === 'station') {
      return (counts?.byStation ?? []).filter((s) => s.id).map((s) => ({ name: `${s.name}（${s.count}）`, value: s.id! }))
    }
    return []
  }, [picking, counts])

  const filterChips: Chip[] = [
    {
      key: 'category',
      label: categoryName ? `类别：${categoryName} ×` : '服务类别 ▾',
      active: Boolean(filters.category),
      onTap: () => (filters.category ? set({ category: undefined }) : setPicking('category')),
    },
    {
      key: 'channel',
      label: filters.channel ? `渠道：${CHANNEL_LABELS[filters.channel]} ×` : '受理渠道 ▾',
      active: Boolean(filters.channel),
      onTap: () => (filters.channel ? set({ channel: undefined }) : setPicking('channel')),
    },
    {
      key: 'station',
      label: stationName ? `站点：${stationName} ×` : '服务站点 ▾',
      active: Boolean(filters.stationId),
      onTap: () => (filters.stationId ? set({ stationId: undefined }) : setPicking('station')),
    },
  ]

  return (
    <View className="inbox">
      <View className="inbox__head">
        <View className="inbox__title-row">
          <Text className="inbox__title">需求队列</Text>
          <View className="inbox__actions">
            <MessagesButton />
            {canIntake || isManager ? <FollowUpsButton /> : null}
            {isProvider ? (
              <Button size="small" fill="outline" onClick={() => void Taro.navigateTo({ url: tasksPage })}>
                我的任务
              </Button>
            ) : null}
            {canIntake ? (
              <Button size="small" type="primary" onClick={() => void Taro.navigateTo({ url: intakePage })}>
                窗口登记
              </Button>
            ) : null}
          </View>
        </View>
        {isManager ? <CalendarReminder /> : null}
        <SearchBar
          placeholder="编号、标题或企业名称"
          value={search}
          onChange={(v) => setSearch(v)}
          onSearch={(v) => set({ q: v.trim() || undefined })}
          onClear={() => set({ q: undefined })}
        />
      </View>

      <Chips chips={stateChips} name="state" />
      <Chips chips={clockChips} name="clock" />
      <Chips chips={filterChips} name="filters">
        <Text
          className="inbox__sort"
          data-sort={filters.sort}
          onClick={() => set({ sort: filters.sort === 'deadline' ? 'newest' : 'deadline' })}
        >
          {filters.sort === 'deadline' ? '按时限 ⇅' : '按最新 ⇅'}
        </Text>
      </Chips>

      {countsError ? (
        <Text className="inbox__counts-error" data-counts-error onClick={() => void loadCounts()}>
          队列统计未能加载（{countsError}），点此重试
        </Text>
      ) : null}

      <PagedListView list={list} empty={{ title: '没有符合条件的需求', description: '换个筛选条件看看，或下拉刷新。' }}>
        {(n) => <StaffNeedCard key={n.id} need={n} onOpen={(x) => void Taro.navigateTo({ url: staffNeedPage(x.id) })} />}
      </PagedListView>

      <ActionSheet
        visible={picking !== null}
        title={picking === 'category' ? '服务类别' : picking === 'channel' ? '受理渠道' : '服务站点'}
        options={sheet}
        cancelText="取消"
        onCancel={() => setPicking(null)}
        onSelect={(item) => {
          const value = String(item.value)
          if (picking === 'category') set({ category: value as InboxFilters['category'] })
          if (picking === 'channel') set({ channel: value as InboxFilters['channel'] })
          if (picking === 'station') set({ stationId: value })
          setPicking(null)
        }}
      />
    </View>
  )
}
