import type { ReactNode } from 'react'
import { View } from '@tarojs/components'
import { Button, Empty, Loading } from '@nutui/nutui-react-taro'
import { Failure, NetworkError, Order } from '@nutui/icons-react-taro'
import { NETWORK_ERROR_MESSAGE } from '../api/client'
import './StatusView.scss'

// NutUI's <Empty> loads a default picture from a remote host unless given
// `image`: we always pass a local icon.
function Picture({ tone, children }: { tone: 'empty' | 'offline' | 'error'; children: ReactNode }) {
  return <View className={`status-view__picture status-view__picture--${tone}`}>{children}</View>
}

export function LoadingView({ text = '加载中…' }: { text?: string }) {
  return (
    <View className="status-view status-view--loading">
      <Loading type="spinner" direction="vertical">
        {text}
      </Loading>
    </View>
  )
}

export function EmptyView({
  title,
  description,
  actionText,
  onAction,
}: {
  title: string
  description?: string
  actionText?: string
  onAction?: () => void
}) {
  return (
    <View className="status-view">
      <Empty
        image={
          <Picture tone="empty">
            <Order size={56} />
          </Picture>
        }
        title={title}
        description={description ?? ''}
      >
        {actionText && onAction ? (
          <View className="status-view__action">
            <Button type="primary" size="small" onClick={onAction}>
              {actionText}
            </Button>
          </View>
        ) : null}
      </Empty>
    </View>
  )
}

export function ErrorView({ message, onRetry }: { message: string; onRetry: () => void }) {
  const offline = message === NETWORK_ERROR_MESSAGE
  return (
    <View className="status-view">
      <Empty
        image={<Picture tone={offline ? 'offline' : 'error'}>{offline ? <NetworkError size={56} /> : <Failure size={56} />}</Picture>}
        title={offline ? '网络异常' : '加载失败'}
        description={message}
      >
        <View className="status-view__action">
          <Button type="primary" size="small" onClick={onRetry}>
            重试
          </Button>
        </View>
      </Empty>
    </View>
  )
}
