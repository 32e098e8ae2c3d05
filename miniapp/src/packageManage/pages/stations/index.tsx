import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { Button, Tag } from '@nutui/nutui-react-taro'
import { ADMIN_ROLES, CATEGORY_BY_CODE, hasAnyRole, STATION_KIND_LABELS, stationCategories } from '@qi/shared'
import { fetchStations } from '../../../api/stations'
import { EmptyView } from '../../../components/StatusView'
import { useRemotePage } from '../../../hooks/useRemote'
import { useSignedIn } from '../../../hooks/useSignedIn'
import { useMe } from '../../../hooks/useMe'
import { editStationPage, stationPage } from '../../../links'
import { pageGate } from '../../../components/PageGate'
import './index.scss'

/** 站点管理: every station, to edit it, assign its specialists and print its code. */
export default function ManageStationsPage() {
  const signedIn = useSignedIn()
  const me = useMe()
  // Only managers keep stations; anyone else gets the list to look at.
  const edits = me.status === 'ready' && hasAnyRole(me.me.user.roles, ADMIN_ROLES)
  const remote = useRemotePage(() => fetchStations({}, { toast: false }), [])
  const gate = pageGate(signedIn, remote, { className: 'manage', what: '站点管理' })
  if (gate || remote.state.status !== 'ready') return gate
  const stations = remote.state.data

  return (
    <View className="manage">
      <View className="manage__head">
        <Text className="manage__title">服务站点 {stations.length} 个</Text>
        {edits ? (
          <Button size="small" type="primary" onClick={() => void Taro.navigateTo({ url: editStationPage() })}>
            新建站点
          </Button>
        ) : null}
      </View>
      {stations.length === 0 ? (
        <EmptyView title="还没有服务站点" />
      ) : (
        stations.map((s) => (
          <View key={s.id} className="manage__station">
            <View className="manage__station-head">
              <Text className="manage__name">{s.name}</Text>
              <Tag background="#e8f0fc" color="#1f66d6" round>
                {STATION_KIND_LABELS[s.kind]}
              </Tag>
            </View>
            <Text className="manage__meta">
              站点码 {s.code} · 服务专员 {s.notice.staff.length} 名 ·{' '}
              {stationCategories(s)
                .map((c) => CATEGORY_BY_CODE[c].shortName)
                .join('、') || '未设服务事项'}
            </Text>
            <View className="manage__buttons">
              <Button size="small" fill="outline" onClick={() => void Taro.navigateTo({ url: stationPage(s.code) })}>
                查看
              </Button>
              {edits ? (
                <Button size="small" type="primary" fill="outline" onClick={() => void Taro.navigateTo({ url: editStationPage(s.id) })}>
                  编辑与二维码
                </Button>
              ) : null}
            </View>
          </View>
        ))
      )}
    </View>
  )
}
