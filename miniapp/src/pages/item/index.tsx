import { useEffect } from 'react'
import { Text, View } from '@tarojs/components'
import Taro, { useRouter, useShareAppMessage } from '@tarojs/taro'
import { Button, Tag } from '@nutui/nutui-react-taro'
import { CATEGORY_BY_CODE, ITEM_BY_CODE, PROVIDER_STATUS_LABELS, type Institution } from '@qi/shared'
import { fetchInstitutions } from '../../api'
import { Section } from '../../components/Field'
import { EmptyView, ErrorView, LoadingView } from '../../components/StatusView'
import { useRemote } from '../../hooks/useRemote'
import { categoryPage, homePage, itemPage, needFormPage } from '../../links'
import { ContactShare } from '../../components/ContactShare'
import './index.scss'

/** A service item: what it is, under which category and clause, and which institutions offer it. */
export default function ItemPage() {
  const { params } = useRouter()
  const code = params.code ? decodeURIComponent(params.code) : ''
  const hit = ITEM_BY_CODE.get(code)
  const institutions = useRemote(() => (hit ? fetchInstitutions({ item: code }, { toast: false }) : Promise.resolve([])), [code])

  // 分享 (the menu and the button): the item's own page, under its name.
  useShareAppMessage(() => ({ title: hit ? `${hit.item.name} · 质量基础设施一站式服务` : '质量基础设施一站式服务', path: itemPage(code) }))

  useEffect(() => {
    if (hit) void Taro.setNavigationBarTitle({ title: hit.item.name })
  }, [hit])

  if (!hit) {
    return (
      <View className="item">
        <EmptyView
          title="未找到该服务项目"
          description="链接可能已失效，请回到服务大厅重新选择。"
          actionText="返回服务大厅"
          onAction={() => void Taro.switchTab({ url: homePage })}
        />
      </View>
    )
  }
  const category = CATEGORY_BY_CODE[hit.category]

  return (
    <View className="item">
      <View className="item__head">
        <Text className="item__category" onClick={() => void Taro.navigateTo({ url: categoryPage(category.code) })}>
          {category.name}
        </Text>
        <Text className="item__name">{hit.item.name}</Text>
        <Text className="item__description">{hit.item.description}</Text>
        <Text className="item__source">依据：{hit.item.source}</Text>
      </View>

      <Section title="提供此服务的机构">
        {institutions.state.status === 'loading' ? <LoadingView /> : null}
        {institutions.state.status === 'error' ? (
          <ErrorView message={institutions.state.message} onRetry={() => void institutions.reload()} />
        ) : null}
        {institutions.state.status === 'ready' && institutions.state.data.length === 0 ? (
          <Text className="item__none">暂无在册机构提供此项服务，提交需求后由服务专员为您对接。</Text>
        ) : null}
        {institutions.state.status === 'ready' ? institutions.state.data.map((i) => <InstitutionCard key={i.id} institution={i} />) : null}
        <Text className="item__note">名录仅展示公开信息；联系方式在派单后向您提供。</Text>
      </Section>

      <ContactShare />
      <View className="item__bar">
        <Button block type="primary" onClick={() => void Taro.navigateTo({ url: needFormPage({ category: hit.category, item: code }) })}>
          申请此服务
        </Button>
      </View>
    </View>
  )
}

function InstitutionCard({ institution: i }: { institution: Institution }) {
  return (
    <View className="item__institution" data-institution={i.name}>
      <View className="item__institution-head">
        <Text className="item__institution-name">{i.name}</Text>
        {i.status === 'warned' ? (
          <Tag type="warning" round>
            {PROVIDER_STATUS_LABELS.warned}
          </Tag>
        ) : null}
      </View>
      <Text className="item__institution-region">{i.region}</Text>
      {i.intro ? <Text className="item__institution-intro">{i.intro}</Text> : null}
      {i.qualifications.length > 0 ? (
        <View className="item__quals">
          {i.qualifications.map((q) => (
            <Text key={q.number} className="item__qual">
              {q.name}（{q.number}，有效期至 {q.validTo}）
            </Text>
          ))}
        </View>
      ) : null}
    </View>
  )
}
