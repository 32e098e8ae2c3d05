import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { Button, Tag } from '@nutui/nutui-react-taro'
import { ADMIN_ROLES, CATEGORY_BY_CODE, EXPERT_TITLE_LEVEL_LABELS, PROVIDER_STATUS_LABELS } from '@qi/shared'
import { fetchManagedExperts } from '../../../api/directory'
import { EmptyView } from '../../../components/StatusView'
import { useRemotePage } from '../../../hooks/useRemote'
import { useSignedIn } from '../../../hooks/useSignedIn'
import { directoryHistoryPage as historyPage, editExpertPage } from '../../../links'
import { STATUS_TAG_COLORS } from '../../statusTags'
import { pageGate } from '../../../components/PageGate'
import '../institutions/index.scss'
import { readOnlyGate } from '../../../components/ReadOnlyView'
import { useMe } from '../../../hooks/useMe'
import { directoryReadOnly } from '../../components/DirectoryFields'

/** 专家库: every expert, any status. */
export default function ManageExpertsPage() {
  const signedIn = useSignedIn()
  const me = useMe()
  const remote = useRemotePage(() => fetchManagedExperts({}, { toast: false }), [])
  // Only managers use this page: anyone else reaching it by its URL is told so, with nothing to press that would be refused.
  const readOnly = signedIn ? readOnlyGate(me, ADMIN_ROLES, directoryReadOnly('experts')) : null
  if (readOnly) return readOnly
  const gate = pageGate(signedIn, remote, { className: 'directory', what: '专家库' })
  if (gate || remote.state.status !== 'ready') return gate
  const list = remote.state.data
  return (
    <View className="directory">
      <View className="directory__head">
        <Text className="directory__title">专家 {list.length} 名</Text>
        <Button size="small" type="primary" onClick={() => void Taro.navigateTo({ url: editExpertPage() })}>
          新增专家
        </Button>
      </View>
      {list.length === 0 ? (
        <EmptyView title="还没有专家" />
      ) : (
        list.map((x) => (
          <View key={x.id} className="directory__card" data-expert={x.id}>
            <View className="directory__card-head">
              <Text className="directory__name">
                {x.name} · {x.title}（{EXPERT_TITLE_LEVEL_LABELS[x.titleLevel]}）
              </Text>
              <Tag className="directory__status" {...STATUS_TAG_COLORS[x.status]} round>
                {PROVIDER_STATUS_LABELS[x.status]}
              </Tag>
            </View>
            <Text className="directory__meta">
              {x.organisation} · {x.region} · {x.fields.map((c) => CATEGORY_BY_CODE[c].shortName).join('、')}
            </Text>
            {!x.titleEvidence ? <Text className="directory__warn">未上传职称证明材料</Text> : null}
            <View className="directory__buttons">
              <Button size="small" fill="outline" onClick={() => void Taro.navigateTo({ url: historyPage('expert', x.id) })}>
                修改历史
              </Button>
              <Button size="small" type="primary" fill="outline" onClick={() => void Taro.navigateTo({ url: editExpertPage(x.id) })}>
                编辑
              </Button>
            </View>
          </View>
        ))
      )}
    </View>
  )
}
