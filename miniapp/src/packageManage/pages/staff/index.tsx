import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { Button, Tag } from '@nutui/nutui-react-taro'
import { ADMIN_ROLES, type Invitation } from '@qi/shared'
import { showMessage } from '../../../api'
import { fetchStaffAccounts, fetchStaffInvitations, withdrawStaffInvitation } from '../../../api/staff'
import { EmptyView } from '../../../components/StatusView'
import { useRemotePage } from '../../../hooks/useRemote'
import { useSignedIn } from '../../../hooks/useSignedIn'
import { formatDateTime, INVITATION_STATE_LABELS, INVITATION_STATE_TAG, ROLE_LABELS } from '../../../labels'
import { editStaffPage, inviteStaffPage, staffAuditPage } from '../../../links'
import { pageGate } from '../../../components/PageGate'
import { STATUS_TAG_COLORS } from '../../statusTags'
import { grantWhere } from '../../components/StaffGrantFields'
import './index.scss'
import { readOnlyGate } from '../../../components/ReadOnlyView'
import { useMe } from '../../../hooks/useMe'

/** 员工账号: the staff accounts with their roles and stations, the invitations still open, and the way to invite. */
export default function ManageStaffPage() {
  const signedIn = useSignedIn()
  const me = useMe()
  const remote = useRemotePage(async () => {
    const [accounts, invitations] = await Promise.all([fetchStaffAccounts({ toast: false }), fetchStaffInvitations({ toast: false })])
    return { accounts, invitations }
  }, [])
  // Only managers use this page: anyone else reaching it by its URL is told so, with nothing to press that would be refused.
  const readOnly = signedIn
    ? readOnlyGate(me, ADMIN_ROLES, { description: '员工账号由运营管理人员管理；需要开通或调整账号时，请联系运营管理人员。' })
    : null
  if (readOnly) return readOnly
  const gate = pageGate(signedIn, remote, { className: 'staff', what: '员工账号' })
  if (gate || remote.state.status !== 'ready') return gate
  const { accounts, invitations } = remote.state.data
  const open = invitations.filter((i) => i.state === 'pending')

  const withdraw = async (i: Invitation) => {
    const { confirm } = await Taro.showModal({ title: '撤回邀请', content: `撤回后“${i.note}”的绑定码立即失效。` })
    if (!confirm) return
    try {
      await withdrawStaffInvitation(i.id)
      showMessage('已撤回')
      await remote.reload()
    } catch {
      // The client has shown the server's message.
    }
  }

  return (
    <View className="staff">
      <View className="staff__head">
        <Text className="staff__title">员工账号 {accounts.length} 个</Text>
        <View className="staff__buttons">
          <Button size="small" fill="outline" onClick={() => void Taro.navigateTo({ url: staffAuditPage() })}>
            变更记录
          </Button>
          <Button size="small" type="primary" onClick={() => void Taro.navigateTo({ url: inviteStaffPage })}>
            邀请员工
          </Button>
        </View>
      </View>

      {open.length ? <Text className="staff__section">待绑定的邀请 {open.length} 个</Text> : null}
      {open.map((i) => (
        <View key={i.id} className="staff__card" data-invitation={i.id}>
          <View className="staff__card-head">
            <Text className="staff__name">{i.note}</Text>
            <Tag type={INVITATION_STATE_TAG[i.state]} round>
              {INVITATION_STATE_LABELS[i.state]}
            </Tag>
          </View>
          <Text className="staff__meta">
            {i.roles.map((r) => ROLE_LABELS[r]).join('、')}
            {grantWhere(i) ? ` · ${grantWhere(i)}` : ''}
          </Text>
          <Text className="staff__time">{formatDateTime(i.expiresAt)} 前有效</Text>
          <View className="staff__buttons">
            <Button size="small" fill="outline" onClick={() => void withdraw(i)}>
              撤回
            </Button>
          </View>
        </View>
      ))}

      <Text className="staff__section">账号</Text>
      {accounts.length === 0 ? (
        <EmptyView title="还没有员工账号" description="点“邀请员工”生成绑定码，受邀人微信登录后绑定" />
      ) : (
        accounts.map((a) => (
          <View key={a.id} className="staff__card" data-account={a.id}>
            <View className="staff__card-head">
              <Text className="staff__name">{a.name}</Text>
              <View className="staff__roles">
                {a.roles.map((r) => (
                  <Tag key={r} {...STATUS_TAG_COLORS.active} round>
                    {ROLE_LABELS[r]}
                  </Tag>
                ))}
              </View>
            </View>
            {grantWhere(a) ? <Text className="staff__meta">{grantWhere(a)}</Text> : null}
            <Text className="staff__time">
              {a.persona ? '演示账号 · ' : ''}
              {a.lastLoginAt ? `最近登录 ${formatDateTime(a.lastLoginAt)}` : '尚未登录'}
            </Text>
            <View className="staff__buttons">
              <Button size="small" fill="outline" onClick={() => void Taro.navigateTo({ url: staffAuditPage(a.id) })}>
                记录
              </Button>
              <Button size="small" type="primary" fill="outline" onClick={() => void Taro.navigateTo({ url: editStaffPage(a.id) })}>
                修改或撤销
              </Button>
            </View>
          </View>
        ))
      )}
    </View>
  )
}
