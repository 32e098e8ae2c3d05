import { View } from '@tarojs/components'
import { NotificationList } from '../../components/NotificationList'
import { SignInPrompt } from '../../components/SignInPrompt'
import { useSignedIn } from '../../hooks/useSignedIn'
import { complaintsPage, needDetailPage } from '../../links'
import './index.scss'

/** 消息通知: the in-app notices of every change to the user's needs and complaints. */
export default function NotificationsPage() {
  const signedIn = useSignedIn()
  return (
    <View className="notices">
      {signedIn ? (
        <NotificationList
          emptyDescription="需求状态变化、投诉处理结果会在这里通知您。"
          pageOf={(n) => (n.kind === 'complaint' ? complaintsPage : n.needId ? needDetailPage(n.needId) : null)}
        />
      ) : (
        <SignInPrompt what="消息通知" />
      )}
    </View>
  )
}
