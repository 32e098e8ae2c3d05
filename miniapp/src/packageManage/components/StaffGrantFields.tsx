import { Text, View } from '@tarojs/components'
import { Checkbox, Radio, SearchBar } from '@nutui/nutui-react-taro'
import { GRANTABLE_ROLES, type Role, type StaffAccount } from '@qi/shared'
import { useState } from 'react'
import { fetchManagedExperts, fetchManagedInstitutions } from '../../api/directory'
import { fetchStations } from '../../api/stations'
import { Field } from '../../components/Field'
import type { FieldErrors } from '../../components/formErrors'
import { useRemote } from '../../hooks/useRemote'
import { ROLE_LABELS } from '../../labels'

/** What a staff account is given: roles, the stations of a specialist's desk, the institution or expert of a provider. */
export interface GrantValues {
  roles: Role[]
  stationIds: string[]
  providerKind: 'institution' | 'expert'
  providerId: string
}

export const emptyGrant: GrantValues = { roles: [], stationIds: [], providerKind: 'institution', providerId: '' }

/** The request's grant fields from the form's values (stations only for a specialist, a provider's one target). */
export function grantBody(v: GrantValues) {
  const provider = v.roles.includes('provider')
  return {
    roles: v.roles,
    stationIds: v.roles.includes('specialist') ? v.stationIds : [],
    institutionId: provider && v.providerKind === 'institution' && v.providerId ? v.providerId : null,
    expertId: provider && v.providerKind === 'expert' && v.providerId ? v.providerId : null,
  }
}

/** What an account or an invitation acts for: its stations, institution or expert. */
export function grantWhere(g: Pick<StaffAccount, 'stations' | 'institution' | 'expert'>): string {
  return [g.stations.map((s) => s.name).join('、'), g.institution?.name, g.expert ? `专家 ${g.expert.name}` : '']
    .filter(Boolean)
    .join(' · ')
}

const ROLE_HINTS: Partial<Record<Role, string>> = {
  specialist: '在所选站点受理、答复和派单',
  provider: '服务机构的工作人员，或专家本人：接单并记录服务',
  manager: '名录、员工账号、投诉、时限与统计',
  supervisor: '只读监督（信息脱敏）',
}

/** 角色、站点、机构或专家: the fields of an invitation and of an account's edit. */
export function StaffGrantFields(props: { values: GrantValues; errors: FieldErrors; onChange: (v: GrantValues, clears: string) => void }) {
  const { values: v, errors, onChange } = props
  const stations = useRemote(() => fetchStations({}, { toast: false }), [])
  const institutions = useRemote(() => fetchManagedInstitutions({}, { toast: false }), [])
  const experts = useRemote(() => fetchManagedExperts({}, { toast: false }), [])
  const [search, setSearch] = useState('')
  const providers =
    v.providerKind === 'institution'
      ? institutions.state.status === 'ready'
        ? institutions.state.data.filter((i) => i.status !== 'exited')
        : []
      : experts.state.status === 'ready'
        ? experts.state.data.filter((x) => x.status !== 'exited')
        : []
  const shown = providers.filter((x) => !search || x.name.includes(search) || x.id === v.providerId).slice(0, 30)

  return (
    <>
      <Field label="角色" required name="roles" error={errors.roles}>
        <Checkbox.Group value={v.roles} onChange={(roles: string[]) => onChange({ ...v, roles: roles as Role[] }, 'roles')}>
          {GRANTABLE_ROLES.map((r) => (
            <View key={r} className="staff-grant__option">
              <Checkbox value={r} label={ROLE_LABELS[r]} />
              <Text className="staff-grant__hint">{ROLE_HINTS[r]}</Text>
            </View>
          ))}
        </Checkbox.Group>
      </Field>
      {v.roles.includes('specialist') ? (
        <Field label="所在站点" required name="stationIds" error={errors.stationIds} hint="服务专员在所选站点的队列中受理需求">
          {stations.state.status === 'ready' ? (
            <Checkbox.Group value={v.stationIds} onChange={(ids: string[]) => onChange({ ...v, stationIds: ids }, 'stationIds')}>
              {stations.state.data.map((s) => (
                <Checkbox key={s.id} value={s.id} label={s.name} />
              ))}
            </Checkbox.Group>
          ) : (
            <Text className="staff-grant__hint">站点加载中…</Text>
          )}
        </Field>
      ) : null}
      {v.roles.includes('provider') ? (
        <Field label="所属机构或专家" required name="institutionId" error={errors.institutionId}>
          <Radio.Group
            direction="horizontal"
            value={v.providerKind}
            onChange={(k) => onChange({ ...v, providerKind: k as GrantValues['providerKind'], providerId: '' }, 'institutionId')}
          >
            <Radio value="institution">服务机构的工作人员</Radio>
            <Radio value="expert">专家本人</Radio>
          </Radio.Group>
          <SearchBar placeholder={v.providerKind === 'institution' ? '搜索机构名称' : '搜索专家姓名'} value={search} onChange={setSearch} />
          <Radio.Group value={v.providerId} onChange={(id) => onChange({ ...v, providerId: String(id) }, 'institutionId')}>
            {shown.map((x) => (
              <Radio key={x.id} value={x.id} className="staff-grant__provider">
                {x.name}
              </Radio>
            ))}
          </Radio.Group>
          {shown.length === 0 ? (
            <Text className="staff-grant__hint">没有可选的{v.providerKind === 'institution' ? '机构' : '专家'}</Text>
          ) : null}
        </Field>
      ) : null}
    </>
  )
}
