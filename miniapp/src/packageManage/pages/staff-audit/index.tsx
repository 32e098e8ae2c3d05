import { Text, View } from '@tarojs/components'
import { useRouter } from '@tarojs/taro'
import { ADMIN_ROLES, type AccountChange, type GrantView } from '@qi/shared'
import { fetchAccountChanges } from '../../../api/staff'
import { EmptyView } from '../../../components/StatusView'
import { useRemotePage } from '../../../hooks/useRemote'
import { useSignedIn } from '../../../hooks/useSignedIn'
import { ACCOUNT_CHANGE_LABELS, formatDateTime, ROLE_LABELS } from '../../../labels'
import { pageGate } from '../../../components/PageGate'
import './index.scss'
import { readOnlyGate } from '../../../components/ReadOnlyView'
import { useMe } from '../../../hooks/useMe'

const rolesText = (g: GrantView | null) => (g && g.roles.length ? g.roles.map((r) => ROLE_LABELS[r]).join('、') : '无')
const stationsText = (g: GrantView) => (g.stationIds.length ? `${g.stationIds.length} 个站点` : '')

/** What changed, in words: the roles before and after, and whether stations or the institution moved. */
function what(c: AccountChange): string[] {
  const lines: string[] = []
  if (c.before && c.after && rolesText(c.before) !== rolesText(c.after)) lines.push(`角色：${rolesText(c.before)} → ${rolesText(c.after)}`)
  else if (!c.before && c.after) lines.push(`授予：${rolesText(c.after)}${stationsText(c.after) ? ` · ${stationsText(c.after)}` : ''}`)
  if (c.before && c.after && c.before.stationIds.join() !== c.after.stationIds.join())
    lines.push(`站点：${c.before.stationIds.length} 个 → ${c.after.stationIds.length} 个`)
  if (c.before && c.after && (c.before.institutionId !== c.after.institutionId || c.before.expertId !== c.after.expertId))
    lines.push(c.after.institutionId || c.after.expertId ? '所属机构或专家已变更' : '已解除所属机构或专家')
  if (c.before && c.after && c.before.enterpriseId !== c.after.enterpriseId) lines.push(c.after.enterpriseId ? '加入企业' : '移出企业')
  return lines
}

/** 账号变更记录: every invitation, binding, change, revocation and member change, newest first (one account's, or all). */
export default function StaffAuditPage() {
  const signedIn = useSignedIn()
  const userId = useRouter().params.userId
  const me = useMe()
  const remote = useRemotePage(() => fetchAccountChanges(userId, { toast: false }), [userId])
  // Only managers use this page: anyone else reaching it by its URL is told so, with nothing to press that would be refused.
  const readOnly = signedIn
    ? readOnlyGate(me, ADMIN_ROLES, { description: '员工账号由运营管理人员管理；需要开通或调整账号时，请联系运营管理人员。' })
    : null
  if (readOnly) return readOnly
  const gate = pageGate(signedIn, remote, { className: 'staff-audit', what: '账号变更记录' })
  if (gate || remote.state.status !== 'ready') return gate
  const list = remote.state.data
  return (
    <View className="staff-audit">
      <View className="staff-audit__head">
        <Text className="staff-audit__title">{userId ? '该账号的变更记录' : '账号变更记录'}</Text>
      </View>
      {list.length === 0 ? (
        <EmptyView title="还没有变更记录" />
      ) : (
        list.map((c) => (
          <View key={c.id} className="staff-audit__entry" data-change={c.action}>
            <View className="staff-audit__entry-head">
              <Text className="staff-audit__name">{ACCOUNT_CHANGE_LABELS[c.action]}</Text>
              <Text className="staff-audit__time">{formatDateTime(c.at)}</Text>
            </View>
            <Text className="staff-audit__meta">
              操作人 {c.actor?.name ?? '命令行（首位运营管理人员）'}
              {c.subject && c.subject.id !== c.actor?.id ? ` · 账号 ${c.subject.name}` : ''}
            </Text>
            {what(c).map((l) => (
              <Text key={l} className="staff-audit__line">
                {l}
              </Text>
            ))}
            {c.note ? <Text className="staff-audit__line">说明：{c.note}</Text> : null}
          </View>
        ))
      )}
    </View>
  )
}
