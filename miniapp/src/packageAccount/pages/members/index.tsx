import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { Button, Input, Tag } from '@nutui/nutui-react-taro'
import {
  CreateMemberInvitationSchema,
  INVITATION_DEFAULT_DAYS,
  type EnterpriseMember,
  type Invitation,
  type IssuedInvitation,
} from '@qi/shared'
import { useState } from 'react'
import { showMessage } from '../../../api'
import { createMemberInvitation, fetchMemberInvitations, fetchMembers, removeMember, withdrawMemberInvitation } from '../../../api/staff'
import { Field } from '../../../components/Field'
import { InvitationCode } from '../../../components/InvitationCode'
import { SignInPrompt } from '../../../components/SignInPrompt'
import { ErrorView, LoadingView } from '../../../components/StatusView'
import { useForm } from '../../../hooks/useForm'
import { useRemotePage } from '../../../hooks/useRemote'
import { useSignedIn } from '../../../hooks/useSignedIn'
import { formatDateTime, INVITATION_STATE_LABELS, INVITATION_STATE_TAG } from '../../../labels'
import './index.scss'

/**
 * 企业成员: everyone bound to the enterprise sees its needs. Its first member
 * (管理员) invites colleagues with a one-time code and removes members.
 */
export default function MembersPage() {
  const signedIn = useSignedIn()
  const remote = useRemotePage(async () => {
    const members = await fetchMembers({ toast: false })
    const admin = members.some((m) => m.isMe && m.admin)
    const invitations = admin ? await fetchMemberInvitations({ toast: false }) : []
    return { members, admin, invitations }
  }, [])
  const [issued, setIssued] = useState<IssuedInvitation | null>(null)

  if (!signedIn)
    return (
      <View className="members">
        <SignInPrompt what="企业成员" />
      </View>
    )
  if (remote.state.status === 'error') return <ErrorView message={remote.state.message} onRetry={() => void remote.reload()} />
  if (remote.state.status !== 'ready') return <LoadingView />
  const { members, admin, invitations } = remote.state.data

  if (issued)
    return (
      <View className="members">
        <InvitationCode
          issued={issued}
          onDone={() => {
            setIssued(null)
            void remote.reload()
          }}
        />
      </View>
    )

  const remove = async (m: EnterpriseMember) => {
    const { confirm } = await Taro.showModal({ title: '移除成员', content: `移除后 ${m.name} 立即不能再查看本企业的需求。` })
    if (!confirm) return
    try {
      await removeMember(m.id)
      showMessage('已移除')
      await remote.reload()
    } catch {
      // The client has shown the server's message.
    }
  }
  const withdraw = async (i: Invitation) => {
    try {
      await withdrawMemberInvitation(i.id)
      showMessage('已撤回')
      await remote.reload()
    } catch {
      // The client has shown the server's message.
    }
  }

  return (
    <View className="members">
      <View className="members__head">
        <Text className="members__title">企业成员 {members.length} 人</Text>
        <Text className="members__note">每位成员都能查看、跟进和评价本企业的需求。</Text>
      </View>
      {members.map((m) => (
        <View key={m.id} className="members__card" data-member={m.id}>
          <View className="members__card-head">
            <Text className="members__name">
              {m.name}
              {m.isMe ? '（我）' : ''}
            </Text>
            {m.admin ? (
              <Tag type="primary" round>
                管理员
              </Tag>
            ) : null}
          </View>
          <Text className="members__meta">{m.lastLoginAt ? `最近登录 ${formatDateTime(m.lastLoginAt)}` : '尚未登录'}</Text>
          {admin && !m.isMe ? (
            <View className="members__buttons">
              <Button size="small" type="danger" fill="outline" onClick={() => void remove(m)}>
                移除
              </Button>
            </View>
          ) : null}
        </View>
      ))}
      {admin ? (
        <>
          <InviteForm onIssued={setIssued} />
          {invitations
            .filter((i) => i.state === 'pending')
            .map((i) => (
              <View key={i.id} className="members__card" data-invitation={i.id}>
                <View className="members__card-head">
                  <Text className="members__name">{i.note}</Text>
                  <Tag type={INVITATION_STATE_TAG[i.state]} round>
                    {INVITATION_STATE_LABELS[i.state]}
                  </Tag>
                </View>
                <Text className="members__meta">{formatDateTime(i.expiresAt)} 前有效</Text>
                <View className="members__buttons">
                  <Button size="small" fill="outline" onClick={() => void withdraw(i)}>
                    撤回
                  </Button>
                </View>
              </View>
            ))}
        </>
      ) : (
        <Text className="members__hint">如需邀请同事，请联系本企业的管理员（首位绑定企业的成员）。</Text>
      )}
    </View>
  )
}

function InviteForm({ onIssued }: { onIssued: (i: IssuedInvitation) => void }) {
  const form = useForm({
    state: useState(''),
    schema: CreateMemberInvitationSchema,
    body: (note) => ({ note: note.trim(), validDays: INVITATION_DEFAULT_DAYS }),
    send: async (body) => onIssued(await createMemberInvitation(body)),
  })
  return (
    <View className="members__card">
      <Text className="members__name">邀请同事</Text>
      <Field label="同事" required name="note" error={form.errors.note} hint="生成一次性绑定码，同事微信登录后输入或扫码即可加入">
        <Input placeholder="如：财务部 周晓敏" value={form.values} maxLength={60} onChange={(v) => form.update(() => v, 'note')} />
      </Field>
      <Button block type="primary" loading={form.busy} onClick={form.submit}>
        生成绑定码
      </Button>
    </View>
  )
}
