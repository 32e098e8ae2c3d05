import type { ReactNode } from 'react'
import { View } from '@tarojs/components'
import type { PagedList } from '../hooks/usePagedList'
import { LoadMore } from './LoadMore'
import { EmptyView, ErrorView, LoadingView } from './StatusView'

/**
 * A paged list's body: the loading view, the error view with 重试, the empty
 * view, or the items (`children` draws one) and the 加载更多 footer.
 */
export function PagedListView<T>(props: {
  list: PagedList<T, unknown>
  empty: { title: string; description: string }
  /** The items' container, e.g. for its padding. */
  className?: string
  children: (item: T) => ReactNode
}) {
  const { list } = props
  if (list.status === 'loading') return <LoadingView />
  if (list.status === 'error') return <ErrorView message={list.error} onRetry={() => void list.reload()} />
  if (!list.items.length) return <EmptyView title={props.empty.title} description={props.empty.description} />
  return (
    <View className={props.className}>
      {list.items.map(props.children)}
      <LoadMore hasMore={Boolean(list.nextCursor)} loading={list.loadingMore} onLoad={() => void list.loadMore()} />
    </View>
  )
}
