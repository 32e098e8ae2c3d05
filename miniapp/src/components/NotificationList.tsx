import { Text, View } from '@tarojs/components'
import Taro, { usePullDownRefresh } from '@tarojs/taro'
import type { Notification } from '@qi/shared'
import { fetchNotifications, markAllNotificationsRead, markNotificationRead } from '../api'
import { usePagedList } from '../hooks/usePagedList'
import { formatDateTime } from '../labels'
import { PagedListView } from './PagedListView'
import './NotificationList.scss'

/**
 * The signed-in user's in-app notices, newest first, with the unread count
 * and 全部标为已读. A tap marks a notice read and opens `pageOf(notice)`, if
 * any. `kindLabels` (the workbench's) put each notice's kind above its title.
 */
export function NotificationList({
  pageOf,
  kindLabels,
  emptyDescription,
}: {
  pageOf: (notice: Notification) => string | null
  kindLabels?: Record<string, string>
  emptyDescription: string
}) {
  const list = usePagedList<Notification, number>('notifications', async (cursor) => {
    const page = await fetchNotifications(cursor, { toast: cursor !== null })
    return { items: page.items, nextCursor: page.nextCursor, extra: page.unread }
  })
  usePullDownRefresh(async () => {
    await list.refresh()
    Taro.stopPullDownRefresh()
  })

  const open = (n: Notification) => {
    if (!n.readAt)
      void markNotificationRead(n.id)
        .catch(() => undefined)
        .then(() => list.refresh())
    const url = pageOf(n)
    if (url) void Taro.navigateTo({ url })
  }
  const unread = list.extra ?? 0
  const time = (n: Notification) => <Text className="notification-list__time">{formatDateTime(n.createdAt)}</Text>

  return (
    <View className="notification-list">
      {list.status === 'ready' && list.items.length ? (
        <View className="notification-list__head">
          <Text className="notification-list__count">{unread ? `${unread} 条未读` : '全部已读'}</Text>
          {unread ? (
            <Text
              className="notification-list__all"
              onClick={() =>
                void markAllNotificationsRead().then(
                  () => list.refresh(),
                  () => undefined,
                )
              }
            >
              全部标为已读
            </Text>
          ) : null}
        </View>
      ) : null}
      <PagedListView list={list} empty={{ title: '暂无消息', description: emptyDescription }}>
        {(n) => (
          <View
            key={n.id}
            className={`notification-list__item${n.readAt ? '' : ' notification-list__item--unread'}`}
            data-kind={n.kind}
            onClick={() => open(n)}
          >
            {kindLabels ? (
              <View className="notification-list__item-head">
                <Text className={`notification-list__kind notification-list__kind--${n.kind}`}>{kindLabels[n.kind] ?? '通知'}</Text>
                {time(n)}
              </View>
            ) : null}
            <Text className="notification-list__title">{n.title}</Text>
            <Text className="notification-list__body">{n.body}</Text>
            {kindLabels ? null : time(n)}
          </View>
        )}
      </PagedListView>
    </View>
  )
}
