import { useState } from 'react'
import { Text, View } from '@tarojs/components'
import { useRouter } from '@tarojs/taro'
import { Collapse, Tabs } from '@nutui/nutui-react-taro'
import { FAQ, GUIDES, POLICIES, type Article } from './content'
import './index.scss'

const TABS = [
  { key: 'policies', title: '政策文件' },
  { key: 'guides', title: '办事指南' },
  { key: 'faq', title: '常见问题' },
] as const

/** 质量讲堂: policies, guides and FAQ. */
export default function KnowledgePage() {
  const { params } = useRouter()
  const [tab, setTab] = useState<string>(TABS.some((t) => t.key === params.tab) ? params.tab! : 'policies')

  return (
    <View className="knowledge">
      <Tabs value={tab} onChange={(v) => setTab(String(v))}>
        {TABS.map((t) => (
          <Tabs.TabPane key={t.key} value={t.key} title={t.title}>
            {t.key === 'policies' ? <Articles list={POLICIES} /> : null}
            {t.key === 'guides' ? <Articles list={GUIDES} /> : null}
            {t.key === 'faq' ? (
              <Collapse accordion>
                {FAQ.map((f, i) => (
                  <Collapse.Item key={f.q} name={String(i)} title={f.q}>
                    <Text className="knowledge__answer">{f.a}</Text>
                  </Collapse.Item>
                ))}
              </Collapse>
            ) : null}
          </Tabs.TabPane>
        ))}
      </Tabs>
    </View>
  )
}

function Articles({ list }: { list: Article[] }) {
  const [open, setOpen] = useState<string | null>(null)
  return (
    <View className="knowledge__list">
      {list.map((a) => (
        <View key={a.id} className="knowledge__article" onClick={() => setOpen(open === a.id ? null : a.id)}>
          <Text className="knowledge__title">{a.title}</Text>
          <Text className="knowledge__source">{a.source}</Text>
          <Text className="knowledge__summary">{a.summary}</Text>
          {open === a.id ? (
            <View className="knowledge__body">
              {a.body.map((p) => (
                <Text key={p} className="knowledge__para">
                  {p}
                </Text>
              ))}
            </View>
          ) : (
            <Text className="knowledge__more">展开全文</Text>
          )}
        </View>
      ))}
    </View>
  )
}
