import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { Button, Tag } from '@nutui/nutui-react-taro'
import {
  ADMIN_ROLES,
  CATEGORY_BY_CODE,
  PROVIDER_STATUS_LABELS,
  toShanghaiDate,
  QUALIFICATION_WARNING_DAYS,
  addCalendarDays,
} from '@qi/shared'
import { fetchManagedInstitutions } from '../../../api/directory'
import { EmptyView } from '../../../components/StatusView'
import { useRemotePage } from '../../../hooks/useRemote'
import { useSignedIn } from '../../../hooks/useSignedIn'
import { directoryHistoryPage as historyPage, editInstitutionPage } from '../../../links'
import { STATUS_TAG_COLORS } from '../../statusTags'
import { pageGate } from '../../../components/PageGate'
import './index.scss'
import { readOnlyGate } from '../../../components/ReadOnlyView'
import { useMe } from '../../../hooks/useMe'
import { directoryReadOnly } from '../../components/DirectoryFields'

/** 机构名录: every institution, any status, with the qualifications that need attention. */
export default function ManageInstitutionsPage() {
  const signedIn = useSignedIn()
  const me = useMe()
  const remote = useRemotePage(() => fetchManagedInstitutions({}, { toast: false }), [])
  // Only managers use this page: anyone else reaching it by its URL is told so, with nothing to press that would be refused.
  const readOnly = signedIn ? readOnlyGate(me, ADMIN_ROLES, directoryReadOnly('institutions')) : null
  if (readOnly) return readOnly
  const gate = pageGate(signedIn, remote, { className: 'directory', what: '机构名录' })
  if (gate || remote.state.status !== 'ready') return gate
  const list = remote.state.data
  const today = toShanghaiDate(new Date())
  const soon = addCalendarDays(today, QUALIFICATION_WARNING_DAYS)

  return (
    <View className="directory">
      <View className="directory__head">
        <Text className="directory__title">服务机构 {list.length} 家</Text>
        <Button size="small" type="primary" onClick={() => void Taro.navigateTo({ url: editInstitutionPage() })}>
          新增机构
        </Button>
      </View>
      {list.length === 0 ? (
        <EmptyView title="还没有服务机构" />
      ) : (
        list.map((i) => {
          const expired = i.qualifications.filter((q) => q.validTo < today).length
          const expiring = i.qualifications.filter((q) => q.validTo >= today && q.validTo <= soon).length
          return (
            <View key={i.id} className="directory__card" data-institution={i.id}>
              <View className="directory__card-head">
                <Text className="directory__name">{i.name}</Text>
                <Tag className="directory__status" {...STATUS_TAG_COLORS[i.status]} round>
                  {PROVIDER_STATUS_LABELS[i.status]}
                </Tag>
              </View>
              <Text className="directory__meta">
                {i.region} · {i.categories.map((c) => CATEGORY_BY_CODE[c].shortName).join('、')} · 资质 {i.qualifications.length} 项
              </Text>
              {expired || expiring ? (
                <Text className="directory__warn">
                  {[expired ? `${expired} 项资质已过期` : '', expiring ? `${expiring} 项资质 30 天内到期` : ''].filter(Boolean).join('，')}
                </Text>
              ) : null}
              <View className="directory__buttons">
                <Button size="small" fill="outline" onClick={() => void Taro.navigateTo({ url: historyPage('institution', i.id) })}>
                  修改历史
                </Button>
                <Button size="small" type="primary" fill="outline" onClick={() => void Taro.navigateTo({ url: editInstitutionPage(i.id) })}>
                  编辑
                </Button>
              </View>
            </View>
          )
        })
      )}
    </View>
  )
}
