import { Text, View } from '@tarojs/components'
import { Tag } from '@nutui/nutui-react-taro'
import { CATEGORIES } from '@qi/shared'
import type { NeedSummary } from '../api'
import { NEED_STATE_LABELS, NEED_STATE_TAG, formatDateTime } from '../labels'
import { useCalendar } from '../hooks/useCalendar'
import { needMarkers } from './Deadline'
import { LoadMore } from './LoadMore'
import './NeedList.scss'

const categoryName = (code: string): string => CATEGORIES.find((c) => c.code === code)?.shortName ?? code

/** One need: title, state, number, time, categories, and what to notice (overdue, please rate). */
export function NeedCard({
  need,
  onOpen,
  showMarkers = false,
}: {
  need: NeedSummary
  onOpen?: (need: NeedSummary) => void
  /** The enterprise's markers (overdue, 请评价, 待补充). */
  showMarkers?: boolean
}) {
  useCalendar() // the markers count on the calendar the server counts on
  const markers = showMarkers ? needMarkers(need) : []
  return (
    <View
      className={`need-card${onOpen ? ' need-card--link' : ''}`}
      data-need-id={need.id}
      onClick={onOpen ? () => onOpen(need) : undefined}
    >
      <View className="need-card__head">
        <Text className="need-card__title">{need.title}</Text>
        <Tag type={NEED_STATE_TAG[need.state] ?? 'default'} round>
          {NEED_STATE_LABELS[need.state] ?? need.state}
        </Tag>
      </View>
      <View className="need-card__meta">
        <Text className="need-card__number">{need.number}</Text>
        <Text>{formatDateTime(need.createdAt)}</Text>
      </View>
      {need.categories.length > 0 ? (
        <View className="need-card__categories">
          {need.categories.map((code) => (
            <Text key={code} className="need-card__category">
              {categoryName(code)}
            </Text>
          ))}
        </View>
      ) : null}
      {markers.length > 0 ? (
        <View className="need-card__markers">
          {markers.map((m) => (
            <Text key={m.kind} className={`need-card__marker need-card__marker--${m.kind}`}>
              {m.text}
            </Text>
          ))}
        </View>
      ) : null}
    </View>
  )
}

/** The cards of one cursor-paged list, with its "加载更多" footer. */
export function NeedList(props: {
  needs: NeedSummary[]
  hasMore: boolean
  loadingMore: boolean
  onLoadMore: () => void
  /** Tapping a card opens it (the need's detail); without it cards are not links. */
  onOpen?: (need: NeedSummary) => void
  showMarkers?: boolean
}) {
  return (
    <View className="need-list">
      {props.needs.map((need) => (
        <NeedCard key={need.id} need={need} onOpen={props.onOpen} showMarkers={props.showMarkers} />
      ))}
      <LoadMore hasMore={props.hasMore} loading={props.loadingMore} onLoad={props.onLoadMore} />
    </View>
  )
}
