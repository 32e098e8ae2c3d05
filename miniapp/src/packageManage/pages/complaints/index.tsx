import { useState } from 'react'
import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { awaitsManager, type ComplaintDetail } from '@qi/shared'
import { fetchAllComplaints } from '../../../api'
import { complainantOf, complaintClock, ComplaintCard, ComplaintClock } from '../../../components/ComplaintCard'
import { todayInShanghai } from '../../../components/Deadline'
import { SignInPrompt } from '../../../components/SignInPrompt'
import { Chips } from '../../../components/staff/Chips'
import { EmptyView, ErrorView, LoadingView } from '../../../components/StatusView'
import { usePageRefresh } from '../../../hooks/usePageRefresh'
import { useRemote } from '../../../hooks/useRemote'
import { useSignedIn } from '../../../hooks/useSignedIn'
import { useTimeLimits } from '../../../hooks/useTimeLimits'
import { useCalendar } from '../../../hooks/useCalendar'
import { manageComplaintPage } from '../../../links'
import './index.scss'

type Filter = 'open' | 'resolved' | 'all'
const FILTERS: { key: Filter; label: string }[] = [
  { key: 'open', label: '待处理' },
  { key: 'resolved', label: '已办结' },
  { key: 'all', label: '全部' },
]

const EMPTY: Record<Filter, { title: string; description: string }> = {
  open: { title: '没有待处理的投诉', description: '收到的投诉均已办结。' },
  resolved: { title: '还没有办结的投诉', description: '办结并告知投诉人结果后，投诉会出现在这里。' },
  all: { title: '暂无投诉', description: '企业提交的投诉会出现在这里。' },
}

/**
 * Complaints waiting for a manager first (open ones, and resolved ones the
 * complainant was not satisfied with), the one due soonest on top (the running
 * clock's due day, then the oldest); resolved ones after, the latest handled first.
 */
function byUrgency(items: ComplaintDetail[], today: string): ComplaintDetail[] {
  const due = (c: ComplaintDetail) => complaintClock(c, today)?.due ?? ''
  const open = items.filter(awaitsManager).sort((a, b) => due(a).localeCompare(due(b)) || a.createdAt.localeCompare(b.createdAt))
  const resolved = items.filter((c) => !awaitsManager(c)).sort((a, b) => b.updatedAt.localeCompare(a.updatedAt))
  return [...open, ...resolved]
}

/** 投诉处理 (运营管理、监督部门): every complaint with its state and its clock, to open and handle. */
export default function ManageComplaintsPage() {
  const limits = useTimeLimits()
  useCalendar() // the clocks count on the calendar the server counts on
  const signedIn = useSignedIn()
  const remote = useRemote(() => fetchAllComplaints({ toast: false }), [signedIn])
  const [filter, setFilter] = useState<Filter>('open')
  // Back from a complaint just handled, or pulled down: show it as it now stands.
  usePageRefresh(remote.refresh)

  if (!signedIn)
    return (
      <View className="manage-complaints">
        <SignInPrompt what="投诉处理" />
      </View>
    )
  if (remote.state.status === 'loading')
    return (
      <View className="manage-complaints">
        <LoadingView />
      </View>
    )
  if (remote.state.status === 'error') {
    return (
      <View className="manage-complaints">
        <ErrorView message={remote.state.message} onRetry={() => void remote.reload()} />
      </View>
    )
  }

  const today = todayInShanghai()
  const all = byUrgency(remote.state.data.items, today)
  const open = all.filter(awaitsManager)
  const overdue = open.filter((c) => complaintClock(c, today)?.status === 'overdue').length
  const counts: Record<Filter, number> = { open: open.length, resolved: all.length - open.length, all: all.length }
  const shown = filter === 'open' ? open : filter === 'resolved' ? all.filter((c) => !awaitsManager(c)) : all

  return (
    <View className="manage-complaints">
      <View className="manage-complaints__summary">
        <Text className="manage-complaints__title">待处理 {open.length} 件</Text>
        {overdue ? <Text className="manage-complaints__overdue">其中已超期 {overdue} 件</Text> : null}
        <Text className="manage-complaints__rule">
          收到投诉后 {limits.complaintAckDays} 个工作日内确认受理、{limits.complaintResolveDays} 个工作日内办结并告知投诉人。
        </Text>
      </View>
      <Chips
        name="complaint-filter"
        chips={FILTERS.map((f) => ({
          key: f.key,
          label: f.label,
          count: counts[f.key],
          active: f.key === filter,
          onTap: () => setFilter(f.key),
        }))}
      />
      <View className="manage-complaints__list">
        {shown.length === 0 ? (
          <EmptyView title={EMPTY[filter].title} description={EMPTY[filter].description} />
        ) : (
          shown.map((c) => (
            <ComplaintCard key={c.id} complaint={c} onTap={() => void Taro.navigateTo({ url: manageComplaintPage(c.id) })}>
              <Text className="manage-complaints__who">投诉人：{complainantOf(c)}</Text>
              {c.need && c.targetKind !== 'need' ? (
                <Text className="manage-complaints__who">
                  相关需求：{c.need.number} {c.need.title}
                </Text>
              ) : null}
              <ComplaintClock complaint={c} today={today} />
            </ComplaintCard>
          ))
        )}
      </View>
    </View>
  )
}
