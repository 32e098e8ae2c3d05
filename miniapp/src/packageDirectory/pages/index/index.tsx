import { useState } from 'react'
import { Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { Input, Tabs, Tag } from '@nutui/nutui-react-taro'
import { CATEGORIES, CATEGORY_BY_CODE, EXPERT_TITLE_LEVEL_LABELS, ITEM_BY_CODE, type CategoryCode } from '@qi/shared'
import { fetchPublicExperts, fetchPublicInstitutions } from '../../../api/directory'
import { EmptyView, ErrorView, LoadingView } from '../../../components/StatusView'
import { useRemote } from '../../../hooks/useRemote'
import { institutionPage } from '../../../links'
import './index.scss'

type Tab = 'institutions' | 'experts'

/** 机构名录与专家库 (public): institutions and experts in good standing, by category, item and region. */
export default function DirectoryPage() {
  const { params } = useRouter()
  const [tab, setTab] = useState<Tab>(params.tab === 'experts' ? 'experts' : 'institutions')
  const [category, setCategory] = useState<CategoryCode | undefined>(
    params.category && params.category in CATEGORY_BY_CODE ? (params.category as CategoryCode) : undefined,
  )
  const [item, setItem] = useState<string | undefined>(params.item && ITEM_BY_CODE.has(params.item) ? params.item : undefined)
  const [region, setRegion] = useState('')
  const [regionQuery, setRegionQuery] = useState('')
  const query = { category, item, region: regionQuery || undefined }
  const remote = useRemote<{ kind: Tab; rows: unknown[] }>(
    async () =>
      tab === 'institutions'
        ? { kind: tab, rows: await fetchPublicInstitutions(query, { toast: false }) }
        : { kind: tab, rows: await fetchPublicExperts(query, { toast: false }) },
    [tab, category, item, regionQuery],
  )

  return (
    <View className="dir">
      <Tabs value={tab} onChange={(v) => setTab(v as Tab)}>
        <Tabs.TabPane title="服务机构" value="institutions" />
        <Tabs.TabPane title="专家" value="experts" />
      </Tabs>
      <View className="dir__filters">
        <View className="dir__chips">
          <Text
            className={`dir__chip${!category ? ' dir__chip--on' : ''}`}
            onClick={() => {
              setCategory(undefined)
              setItem(undefined)
            }}
          >
            全部类别
          </Text>
          {CATEGORIES.map((c) => (
            <Text
              key={c.code}
              className={`dir__chip${category === c.code ? ' dir__chip--on' : ''}`}
              onClick={() => {
                setCategory(c.code)
                if (item && ITEM_BY_CODE.get(item)?.category !== c.code) setItem(undefined)
              }}
            >
              {c.shortName}
            </Text>
          ))}
        </View>
        {item ? (
          <View className="dir__item">
            <Text>服务项目：{ITEM_BY_CODE.get(item)?.item.name}</Text>
            <Text className="dir__clear" onClick={() => setItem(undefined)}>
              清除
            </Text>
          </View>
        ) : null}
        <View className="dir__region">
          <Input
            placeholder="所在地区，如：三亚市"
            value={region}
            onChange={(v: string) => setRegion(v)}
            onBlur={() => setRegionQuery(region.trim())}
            onConfirm={() => setRegionQuery(region.trim())}
          />
        </View>
      </View>
      <Results remote={remote} />
    </View>
  )
}

function Results({ remote }: { remote: ReturnType<typeof useRemote<{ kind: Tab; rows: unknown[] }>> }) {
  if (remote.state.status === 'error') return <ErrorView message={remote.state.message} onRetry={() => void remote.reload()} />
  if (remote.state.status === 'loading') return <LoadingView />
  const { kind, rows } = remote.state.data
  if (!rows.length) return <EmptyView title={kind === 'institutions' ? '没有符合条件的服务机构' : '没有符合条件的专家'} />
  if (kind === 'institutions') {
    return (
      <View className="dir__list">
        {(rows as Awaited<ReturnType<typeof fetchPublicInstitutions>>).map((i) => (
          <View key={i.id} className="dir__card" onClick={() => void Taro.navigateTo({ url: institutionPage(i.id) })}>
            <Text className="dir__name">{i.name}</Text>
            <Text className="dir__meta">
              {i.region} · {i.categories.map((c) => CATEGORY_BY_CODE[c].shortName).join('、')}
            </Text>
            <View className="dir__tags">
              {i.qualifications.slice(0, 3).map((q) => (
                <Tag key={q.number} background="#e8f0fc" color="#1f66d6">
                  {q.name}
                </Tag>
              ))}
            </View>
          </View>
        ))}
      </View>
    )
  }
  return (
    <View className="dir__list">
      {(rows as Awaited<ReturnType<typeof fetchPublicExperts>>).map((x) => (
        <View key={x.id} className="dir__card">
          <Text className="dir__name">
            {x.name} · {x.title}（{EXPERT_TITLE_LEVEL_LABELS[x.titleLevel]}）
          </Text>
          <Text className="dir__meta">
            {x.organisation} · {x.region} · {x.fields.map((c) => CATEGORY_BY_CODE[c].shortName).join('、')}
          </Text>
          {x.intro ? <Text className="dir__intro">{x.intro}</Text> : null}
        </View>
      ))}
    </View>
  )
}
