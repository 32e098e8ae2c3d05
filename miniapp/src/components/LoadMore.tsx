import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import './LoadMore.scss'

/** The foot of a cursor-paged list: 加载更多 while there is a next page, then 没有更多了. */
export function LoadMore({ hasMore, loading, onLoad }: { hasMore: boolean; loading: boolean; onLoad: () => void }) {
  return (
    <View className="load-more">
      {hasMore ? (
        <Button size="small" fill="outline" loading={loading} onClick={onLoad}>
          加载更多
        </Button>
      ) : (
        <Text className="load-more__end">没有更多了</Text>
      )}
    </View>
  )
}
