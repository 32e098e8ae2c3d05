import { Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { Tag } from '@nutui/nutui-react-taro'
import { CATEGORY_BY_CODE, ITEM_BY_CODE, PROVIDER_STATUS_LABELS, QUALIFICATION_KIND_LABELS } from '@qi/shared'
import { fetchInstitutionPage } from '../../../api/directory'
import { ErrorView, LoadingView } from '../../../components/StatusView'
import { useRemote } from '../../../hooks/useRemote'
import { formatShare } from '../../../labels'
import './index.scss'

/** A service institution's public page: what it offers and its qualifications (never its contact). */
export default function InstitutionPage() {
  const { params } = useRouter()
  const id = params.id ?? ''
  const remote = useRemote(async () => {
    const page = await fetchInstitutionPage(id, { toast: false })
    void Taro.setNavigationBarTitle({ title: page.name })
    return page
  }, [id])
  if (remote.state.status === 'error') return <ErrorView message={remote.state.message} onRetry={() => void remote.reload()} />
  if (remote.state.status === 'loading') return <LoadingView />
  const i = remote.state.data
  return (
    <View className="inst">
      <View className="inst__card">
        <Text className="inst__name">{i.name}</Text>
        <Text className="inst__meta">
          {i.region} · {i.address}
        </Text>
        {i.status === 'warned' ? <Text className="inst__warn">动态评价：{PROVIDER_STATUS_LABELS[i.status]}</Text> : null}
        {i.intro ? <Text className="inst__intro">{i.intro}</Text> : null}
      </View>
      <View className="inst__card">
        <Text className="inst__title">服务类别与项目</Text>
        {i.categories.map((c) => (
          <View key={c} className="inst__category">
            <Text className="inst__category-name">{CATEGORY_BY_CODE[c].name}</Text>
            <Text className="inst__meta">
              {i.items
                .filter((x) => ITEM_BY_CODE.get(x)?.category === c)
                .map((x) => ITEM_BY_CODE.get(x)!.item.name)
                .join('、') || '（未列具体项目）'}
            </Text>
          </View>
        ))}
      </View>
      <View className="inst__card" data-evaluation>
        <Text className="inst__title">服务评价（近 {i.evaluation.windowMonths} 个月）</Text>
        {i.evaluation.served === 0 ? (
          <Text className="inst__meta">评价期内暂无派单服务记录</Text>
        ) : (
          <View className="inst__figures">
            {[
              ['服务任务', `${i.evaluation.served} 项`],
              ['完成率', formatShare(i.evaluation.completionRate)],
              ['按时率', formatShare(i.evaluation.onTimeRate)],
              ['满意率', formatShare(i.evaluation.satisfactionRate)],
            ].map(([label, value]) => (
              <View key={label} className="inst__figure">
                <Text className="inst__figure-value">{value}</Text>
                <Text className="inst__meta">{label}</Text>
              </View>
            ))}
          </View>
        )}
        <Text className="inst__meta">
          {i.evaluation.from} 至 {i.evaluation.to}，按服务记录、办理时限和企业评价计算
        </Text>
      </View>
      <View className="inst__card">
        <Text className="inst__title">资质证书（{i.qualifications.length} 项）</Text>
        {i.qualifications.map((q) => (
          <View key={`${q.kind}-${q.number}`} className="inst__qualification">
            <View className="inst__q-head">
              <Text className="inst__q-name">{q.name}</Text>
              <Tag background={q.valid ? '#e7f6ec' : '#fdecec'} color={q.valid ? '#1f8a4c' : '#d93a3a'}>
                {q.valid ? '有效' : '已过期或未生效'}
              </Tag>
            </View>
            <Text className="inst__meta">
              {QUALIFICATION_KIND_LABELS[q.kind]} · 证书编号 {q.number}
            </Text>
            <Text className="inst__meta">
              有效期 {q.validFrom} 至 {q.validTo}
            </Text>
            {q.scope ? <Text className="inst__meta">范围：{q.scope}</Text> : null}
          </View>
        ))}
      </View>
    </View>
  )
}
