import { useEffect, useMemo, useState } from 'react'
import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { Grid, NoticeBar, SearchBar } from '@nutui/nutui-react-taro'
import { Edit, Order, Service, Tips } from '@nutui/icons-react-taro'
import { CATEGORIES, type CategoryCode } from '@qi/shared'
import { ScanButton } from '../../components/ScanButton'
import { NOTICES } from '../knowledge/content'
import { categoryPage, itemPage, knowledgePage, needFormPage, needsPage, notificationsPage, publicDirectoryPage } from '../../links'
import { useMe } from '../../hooks/useMe'
import { landStaffOnWorkbench } from '../../launch'
import './index.scss'

/**
 * The rotating notice's line height in px (NutUI takes a number, never
 * converted to rem): on H5, 1.8 of the root font-size, so it grows with the
 * root as our rem lengths do (a large system font, 适老化) instead of cutting
 * the line's text; 36 on weapp.
 */
const noticeHeight = () =>
  process.env.TARO_ENV === 'h5' ? Math.round(parseFloat(getComputedStyle(document.documentElement).fontSize) * 1.8) || 36 : 36

/** One character per category for its badge (first characters repeat: 质量…). */
const BADGE: Record<string, string> = {
  metrology: '计',
  standardization: '标',
  testing: '检',
  certification: '认',
  training: '训',
  quality_management: '质',
  ip: '知',
  brand: '品',
  policy: '政',
  supply_chain: '链',
  other: '其',
}

const itemCount = CATEGORIES.reduce((n, c) => n + c.items.length, 0)

/** Every service item with its category, for the search. */
const ALL_ITEMS = CATEGORIES.flatMap((c) =>
  c.items.map((item) => ({ ...item, category: c.code as CategoryCode, categoryName: c.shortName })),
)

/** Items whose name, description or category mentions every word of the query. */
export function searchItems(query: string) {
  const words = query.trim().toLowerCase().split(/\s+/).filter(Boolean)
  if (!words.length) return []
  return ALL_ITEMS.filter((i) => {
    const text = `${i.name} ${i.description} ${i.categoryName}`.toLowerCase()
    return words.every((w) => text.includes(w))
  })
}

const ENTRIES = [
  { key: 'submit', text: '提交需求', icon: <Edit size={22} />, url: needFormPage() },
  { key: 'needs', text: '我的需求', icon: <Order size={22} />, url: needsPage, tab: true },
  { key: 'knowledge', text: '质量讲堂', icon: <Tips size={22} />, url: knowledgePage() },
  { key: 'notices', text: '消息通知', icon: <Service size={22} />, url: notificationsPage },
]

export default function HomePage() {
  // Opened on the home page, staff go on to their workbench (launch.ts).
  const me = useMe()
  useEffect(() => {
    if (me.status === 'ready') landStaffOnWorkbench(me.me.user.roles)
    else if (me.status === 'signed_out' || me.status === 'error') landStaffOnWorkbench(null)
  }, [me])
  const [query, setQuery] = useState('')
  const results = useMemo(() => searchItems(query), [query])
  const open = (url: string, tab = false) => void (tab ? Taro.switchTab({ url }) : Taro.navigateTo({ url }))

  return (
    <View className="home">
      <View className="home__hero">
        <Text className="home__title">质量基础设施“一站式”服务</Text>
        <Text className="home__subtitle">计量、标准、检验检测、认证认可等质量服务，企业所需，一站直达</Text>
        <View className="home__search">
          <SearchBar placeholder="搜索服务项目，如“检定”“商标”" value={query} onChange={(v) => setQuery(v)} onClear={() => setQuery('')} />
        </View>
      </View>

      <ScanButton />

      <View className="home__entries">
        {ENTRIES.map((e) => (
          <View key={e.key} className="home__entry" onClick={() => open(e.url, e.tab)}>
            <View className="home__entry-icon">{e.icon}</View>
            <Text className="home__entry-text">{e.text}</Text>
          </View>
        ))}
      </View>

      <View className="home__directory" onClick={() => open(publicDirectoryPage)}>
        <Text className="home__directory-title">机构名录与专家库</Text>
        <Text className="home__directory-note">查找在册服务机构、资质与专家 ›</Text>
      </View>
      <View className="home__notice">
        <NoticeBar direction="vertical" list={NOTICES} speed={10} duration={3000} height={noticeHeight()} />
      </View>

      {query.trim() ? (
        <View className="home__section home__section--results">
          <View className="home__section-head">
            <Text className="home__section-title">搜索结果</Text>
            <Text className="home__section-note">{results.length} 项</Text>
          </View>
          {results.length ? (
            results.map((i) => (
              <View key={i.code} className="home__result" onClick={() => open(itemPage(i.code))}>
                <Text className="home__result-name">{i.name}</Text>
                <Text className="home__result-category">{i.categoryName}</Text>
                <Text className="home__result-description">{i.description}</Text>
              </View>
            ))
          ) : (
            <View className="home__empty">
              <Text>没有找到相关服务项目。</Text>
              <Text className="home__empty-link" onClick={() => open(needFormPage())}>
                直接描述您的需求，由服务专员为您对接 ›
              </Text>
            </View>
          )}
        </View>
      ) : (
        <View className="home__section">
          <View className="home__section-head">
            <Text className="home__section-title">菜单式服务</Text>
            <Text className="home__section-note">
              {CATEGORIES.length} 类 · {itemCount} 项
            </Text>
          </View>
          <Grid columns={3} className="home__grid">
            {CATEGORIES.map((category) => (
              <Grid.Item
                key={category.code}
                className="home__cell"
                onClick={() => open(categoryPage(category.code))}
                text={
                  <View className="home__label">
                    <Text className="home__name">{category.shortName}</Text>
                    <Text className="home__count">{category.items.length} 项服务</Text>
                  </View>
                }
              >
                <View className={`home__badge home__badge--${category.code}`}>
                  <Text>{BADGE[category.code] ?? category.shortName.slice(0, 1)}</Text>
                </View>
              </Grid.Item>
            ))}
          </Grid>
        </View>
      )}
    </View>
  )
}
