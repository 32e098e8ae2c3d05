import { useState } from 'react'
import { Text, View } from '@tarojs/components'
import Taro, { useReachBottom } from '@tarojs/taro'
import { CATEGORY_BY_CODE, TASK_STATE_LABELS, type TaskListItem, type TaskPage, type TaskState } from '@qi/shared'
import { PagedListView } from '../../../components/PagedListView'
import { SignInPrompt } from '../../../components/SignInPrompt'
import { Chips, type Chip } from '../../../components/staff/Chips'
import { MessagesButton } from '../../../components/staff/MessagesButton'
import { TaskCard } from '../../../components/staff/TaskCard'
import { usePagedList } from '../../../hooks/usePagedList'
import { usePageRefresh } from '../../../hooks/usePageRefresh'
import { useSignedIn } from '../../../hooks/useSignedIn'
import { fetchTasks } from '../../api'
import { taskPage } from '../../../links'
import './index.scss'

const FILTERS = ['open', 'assigned', 'accepted', 'done', 'all'] as const
type Filter = (typeof FILTERS)[number]

/** 我的任务: the tasks dispatched to the provider's institution (or to the expert), with their clocks. */
export default function TasksPage() {
  const signedIn = useSignedIn()
  const [filter, setFilter] = useState<Filter>('open')
  const list = usePagedList<TaskListItem, TaskPage['counts']>(`${signedIn}:${filter}`, async (cursor) => {
    const page = await fetchTasks(filter === 'all' ? undefined : (filter as TaskState | 'open'), cursor, { toast: cursor !== null })
    return { items: page.items, nextCursor: page.nextCursor, extra: page.counts }
  })
  usePageRefresh(list.refresh)
  useReachBottom(() => void list.loadMore())

  if (!signedIn)
    return (
      <View className="tasks">
        <SignInPrompt what="派给您的服务任务" />
      </View>
    )
  const counts = list.extra
  const chips: Chip[] = FILTERS.map((f) => ({
    key: f,
    label: f === 'open' ? '进行中' : f === 'all' ? '全部' : TASK_STATE_LABELS[f],
    count: counts && (f === 'open' || f === 'assigned' || f === 'accepted') ? counts[f] : undefined,
    active: filter === f,
    onTap: () => setFilter(f),
  }))

  return (
    <View className="tasks">
      <View className="tasks__head">
        <Text className="tasks__title">我的任务</Text>
        {counts?.overdue ? <Text className="tasks__overdue">{counts.overdue} 项已超期</Text> : null}
        <MessagesButton />
      </View>
      <Chips chips={chips} />
      <PagedListView list={list} className="tasks__list" empty={{ title: '暂无任务', description: '服务专员派单后，任务会显示在这里。' }}>
        {(t) => (
          <TaskCard key={t.id} task={t} title={t.need.title} onOpen={() => void Taro.navigateTo({ url: taskPage(t.id, t.needId) })}>
            <Text className="tasks__need">
              {t.need.number} · {t.need.enterprise.name} · {t.need.categories.map((c) => CATEGORY_BY_CODE[c].shortName).join('、')}
            </Text>
          </TaskCard>
        )}
      </PagedListView>
    </View>
  )
}
