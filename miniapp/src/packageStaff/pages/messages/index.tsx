import { View } from '@tarojs/components'
import { NOTIFICATION_KIND_LABELS } from '@qi/shared'
import { NotificationList } from '../../../components/NotificationList'
import { LoadingView } from '../../../components/StatusView'
import { useMe } from '../../../hooks/useMe'
import { staffNeedPage, taskPage } from '../../../links'
import './index.scss'

/**
 * 工作消息: the staff member's in-app notices (new work, overdue and due-soon
 * reminders, task updates), newest first; a tap opens the need or the task
 * in the workbench.
 */
export default function MessagesPage() {
  const me = useMe()
  if (me.status === 'loading') return <LoadingView />
  const roles = me.status === 'ready' ? me.me.roles : []
  // A provider works on its task, not on the need.
  const providerOnly = roles.includes('provider') && !roles.includes('specialist') && !roles.includes('manager')

  return (
    <View className="messages">
      <NotificationList
        kindLabels={NOTIFICATION_KIND_LABELS}
        emptyDescription="新需求、派单、超期和即将到期的提醒会显示在这里。"
        pageOf={(n) => (n.taskId && n.needId && providerOnly ? taskPage(n.taskId, n.needId) : n.needId ? staffNeedPage(n.needId) : null)}
      />
    </View>
  )
}
