import { View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { fetchComplaints } from '../../api'
import { ComplaintCard } from '../../components/ComplaintCard'
import { SignInPrompt } from '../../components/SignInPrompt'
import { EmptyView, ErrorView, LoadingView } from '../../components/StatusView'
import { useRemotePage } from '../../hooks/useRemote'
import { useSignedIn } from '../../hooks/useSignedIn'
import { complaintPage, needsPage } from '../../links'
import './index.scss'

/** 我的投诉: every complaint the user filed, newest first, with its state and outcome. */
export default function ComplaintsPage() {
  const signedIn = useSignedIn()
  const remote = useRemotePage(() => fetchComplaints({ toast: false }), [signedIn])

  if (!signedIn)
    return (
      <View className="complaints">
        <SignInPrompt what="您的投诉及处理结果" />
      </View>
    )
  if (remote.state.status === 'loading')
    return (
      <View className="complaints">
        <LoadingView />
      </View>
    )
  if (remote.state.status === 'error') {
    return (
      <View className="complaints">
        <ErrorView message={remote.state.message} onRetry={() => void remote.reload()} />
      </View>
    )
  }
  const items = remote.state.data.items
  if (!items.length) {
    return (
      <View className="complaints">
        <EmptyView
          title="暂无投诉"
          description="对服务不满意时，可在需求详情中点“投诉”。"
          actionText="去我的需求"
          onAction={() => void Taro.switchTab({ url: needsPage })}
        />
      </View>
    )
  }
  return (
    <View className="complaints">
      {items.map((c) => (
        <ComplaintCard key={c.id} complaint={c} onTap={() => void Taro.navigateTo({ url: complaintPage({ id: c.id }) })} />
      ))}
    </View>
  )
}
