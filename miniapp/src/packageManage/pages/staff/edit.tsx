import { Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { Button, TextArea } from '@nutui/nutui-react-taro'
import { ADMIN_ROLES, RevokeStaffSchema, UpdateStaffSchema, type StaffAccount } from '@qi/shared'
import { useEffect, useState } from 'react'
import { ApiError, showMessage } from '../../../api'
import { fetchStaffAccounts, revokeStaffAccount, updateStaffAccount } from '../../../api/staff'
import { Field } from '../../../components/Field'
import { SignInPrompt } from '../../../components/SignInPrompt'
import { EmptyView, ErrorView, LoadingView } from '../../../components/StatusView'
import { useForm } from '../../../hooks/useForm'
import { useRemote } from '../../../hooks/useRemote'
import { useSignedIn } from '../../../hooks/useSignedIn'
import { staffAuditPage } from '../../../links'
import { emptyGrant, grantBody, StaffGrantFields, type GrantValues } from '../../components/StaffGrantFields'
import './edit.scss'
import { readOnlyGate } from '../../../components/ReadOnlyView'
import { useMe } from '../../../hooks/useMe'

const valuesOf = (a: StaffAccount): GrantValues => ({
  roles: a.roles.filter((r) => r !== 'enterprise'),
  stationIds: a.stations.map((s) => s.id),
  providerKind: a.expert ? 'expert' : 'institution',
  providerId: a.expert?.id ?? a.institution?.id ?? '',
})

/** 修改员工账号: change an account's roles, stations and institution at its version, or revoke it with a reason. */
export default function EditStaffPage() {
  const signedIn = useSignedIn()
  const { params } = useRouter()
  const id = params.id ?? ''
  const me = useMe()
  const remote = useRemote(async () => (await fetchStaffAccounts({ toast: false })).find((a) => a.id === id) ?? null, [id])
  if (!signedIn)
    return (
      <View className="staff-edit">
        <SignInPrompt what="员工账号" />
      </View>
    )
  // Only managers use this page: anyone else reaching it by its URL is told so, with nothing to press that would be refused.
  const readOnly = signedIn
    ? readOnlyGate(me, ADMIN_ROLES, { description: '员工账号由运营管理人员管理；需要开通或调整账号时，请联系运营管理人员。' })
    : null
  if (readOnly) return readOnly
  if (remote.state.status === 'error') return <ErrorView message={remote.state.message} onRetry={() => void remote.reload()} />
  if (remote.state.status !== 'ready') return <LoadingView />
  const account = remote.state.data
  if (!account) return <EmptyView title="没有找到该员工账号" description="可能已被撤销" />
  return <Editor key={account.version} account={account} reload={() => void remote.reload()} />
}

function Editor({ account, reload }: { account: StaffAccount; reload: () => void }) {
  const [reason, setReason] = useState('')
  const conflict = (e: unknown) => {
    if (e instanceof ApiError && e.status === 409) {
      showMessage('该账号已被他人修改，已重新加载')
      reload()
      return true
    }
    return false
  }
  const form = useForm({
    state: useState<GrantValues>(emptyGrant),
    schema: UpdateStaffSchema,
    body: (v) => ({ ...grantBody(v), version: account.version }),
    order: ['roles', 'stationIds', 'institutionId'],
    send: async (body) => {
      await updateStaffAccount(account.id, body)
      showMessage('已保存')
      reload()
    },
    onFailure: (e) => {
      if (!conflict(e)) showMessage(e instanceof Error ? e.message : '保存失败')
    },
  })
  // The form starts from the account as read.
  useEffect(() => form.update(() => valuesOf(account)), [account]) // eslint-disable-line react-hooks/exhaustive-deps -- once per version read

  const revoke = useForm({
    state: [reason, setReason],
    schema: RevokeStaffSchema,
    body: (r) => ({ version: account.version, reason: r.trim() }),
    send: async (body) => {
      const { confirm } = await Taro.showModal({ title: '撤销账号', content: `撤销后 ${account.name} 立即失去全部员工权限。` })
      if (!confirm) return
      await revokeStaffAccount(account.id, body)
      showMessage('已撤销')
      void Taro.navigateBack()
    },
    onFailure: (e) => {
      if (!conflict(e)) showMessage(e instanceof Error ? e.message : '撤销失败')
    },
  })

  return (
    <View className="staff-edit">
      <View className="staff-edit__card">
        <Text className="staff-edit__name">{account.name}</Text>
        <StaffGrantFields values={form.values} errors={form.errors} onChange={(g, clears) => form.update(() => g, clears)} />
        <Button block type="primary" loading={form.busy} onClick={form.submit}>
          保存修改
        </Button>
      </View>
      <View className="staff-edit__card">
        <Text className="staff-edit__title">撤销账号</Text>
        <Text className="staff-edit__hint">撤销后立即失去全部员工角色、站点和机构，下一次操作即被拒绝；记入变更记录。</Text>
        <Field label="撤销原因" required name="reason" error={revoke.errors.reason}>
          <TextArea placeholder="如：已离职" value={reason} maxLength={200} onChange={(r) => revoke.update(() => r, 'reason')} />
        </Field>
        <Button block type="danger" fill="outline" loading={revoke.busy} onClick={revoke.submit}>
          撤销账号
        </Button>
      </View>
      <View className="staff-edit__save">
        <Button block fill="outline" onClick={() => void Taro.navigateTo({ url: staffAuditPage(account.id) })}>
          查看变更记录
        </Button>
      </View>
    </View>
  )
}
