import { useState } from 'react'
import { Picker, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { Button, Input, Tag } from '@nutui/nutui-react-taro'
import {
  addCalendarDays,
  ArchiveSearchQuerySchema,
  CATEGORIES,
  CATEGORY_BY_CODE,
  HalfYearQuerySchema,
  NEED_STATES,
  OVERSIGHT_ROLES,
  toShanghaiDate,
  type ArchiveSummary,
  type CategoryCode,
  type NeedState,
} from '@qi/shared'
import { messageOf, showMessage } from '../../../api'
import { PdfDownload } from '../../../components/PdfDownload'
import { SignInPrompt } from '../../../components/SignInPrompt'
import { EmptyView, ErrorView, LoadingView } from '../../../components/StatusView'
import { LoadMore } from '../../../components/LoadMore'
import { useMe } from '../../../hooks/useMe'
import { useSignedIn } from '../../../hooks/useSignedIn'
import { formatDateTime, NEED_STATE_LABELS, NEED_STATE_TAG } from '../../../labels'
import { archiveNeedPage } from '../../../links'
import { halfYearPdf, searchArchives } from '../../api'
import './index.scss'

const CATEGORY_OPTIONS = [{ code: '', name: '全部类别' }, ...CATEGORIES.map((c) => ({ code: c.code, name: c.name }))]
const STATE_OPTIONS = [{ code: '', name: '全部状态' }, ...NEED_STATES.map((s) => ({ code: s, name: NEED_STATE_LABELS[s] }))]

interface Filters {
  number: string
  enterprise: string
  category: string
  state: string
  from: string
  to: string
}
const EMPTY_FILTERS: Filters = { number: '', enterprise: '', category: '', state: '', from: '', to: '' }

type Results =
  | { status: 'loading' }
  | { status: 'error'; message: string }
  | { status: 'ready'; items: ArchiveSummary[]; nextCursor: string | null; more: boolean }

/** 档案管理: the archive search (number, enterprise, category, date, state) and the half-year summary. */
export default function ArchiveSearchPage() {
  const signedIn = useSignedIn()
  if (!signedIn)
    return (
      <View className="archive-search">
        <SignInPrompt what="档案管理" />
      </View>
    )
  return <Search />
}

function Search() {
  const me = useMe()
  const [filters, setFilters] = useState<Filters>(EMPTY_FILTERS)
  const [results, setResults] = useState<Results | null>(null)
  const [error, setError] = useState('')

  const query = () => {
    const body = Object.fromEntries(Object.entries(filters).filter(([, v]) => v !== ''))
    return ArchiveSearchQuerySchema.safeParse(body)
  }

  const run = async () => {
    const q = query()
    if (!q.success) {
      setError(q.error.issues[0]?.message ?? '检索条件有误')
      return
    }
    setError('')
    setResults({ status: 'loading' })
    try {
      const page = await searchArchives(q.data)
      setResults({ status: 'ready', items: page.items, nextCursor: page.nextCursor, more: false })
    } catch (e) {
      setResults({ status: 'error', message: messageOf(e) })
    }
  }

  const more = async () => {
    const q = query()
    if (!q.success || results?.status !== 'ready' || !results.nextCursor) return
    setResults({ ...results, more: true })
    try {
      const page = await searchArchives(q.data, results.nextCursor)
      setResults({ status: 'ready', items: [...results.items, ...page.items], nextCursor: page.nextCursor, more: false })
    } catch (e) {
      showMessage(messageOf(e))
      setResults({ ...results, more: false })
    }
  }

  const set = (k: keyof Filters) => (v: string) => setFilters((f) => ({ ...f, [k]: v }))
  const categoryIndex = Math.max(
    0,
    CATEGORY_OPTIONS.findIndex((o) => o.code === filters.category),
  )
  const stateIndex = Math.max(
    0,
    STATE_OPTIONS.findIndex((o) => o.code === filters.state),
  )
  const oversees = me.status === 'ready' && me.me.user.roles.some((r) => OVERSIGHT_ROLES.includes(r))

  return (
    <View className="archive-search">
      <View className="archive-search__head">
        <Text className="archive-search__title">档案检索</Text>
        <Text className="archive-search__rule">一项一档、一企一档：办结归档后保存 3 年，期间任何记录不得删除</Text>
      </View>
      <View className="archive-search__form">
        <Input
          className="archive-search__input"
          placeholder="需求编号，如 QS-20260301"
          value={filters.number}
          maxLength={40}
          onChange={set('number')}
        />
        <Input
          className="archive-search__input"
          placeholder="企业名称或统一社会信用代码"
          value={filters.enterprise}
          maxLength={100}
          onChange={set('enterprise')}
        />
        <View className="archive-search__filters">
          <Picker
            mode="selector"
            range={CATEGORY_OPTIONS.map((o) => o.name)}
            value={categoryIndex}
            onChange={(e) => set('category')(CATEGORY_OPTIONS[Number(e.detail.value)]?.code ?? '')}
          >
            <View className="archive-search__filter" data-filter="category">
              {CATEGORY_OPTIONS[categoryIndex]!.name}
            </View>
          </Picker>
          <Picker
            mode="selector"
            range={STATE_OPTIONS.map((o) => o.name)}
            value={stateIndex}
            onChange={(e) => set('state')(STATE_OPTIONS[Number(e.detail.value)]?.code ?? '')}
          >
            <View className="archive-search__filter" data-filter="state">
              {STATE_OPTIONS[stateIndex]!.name}
            </View>
          </Picker>
          <Picker mode="date" value={filters.from || toShanghaiDate(new Date())} onChange={(e) => set('from')(String(e.detail.value))}>
            <View className="archive-search__filter" data-filter="from">
              {filters.from ? `从 ${filters.from}` : '开始日期'}
            </View>
          </Picker>
          <Picker mode="date" value={filters.to || toShanghaiDate(new Date())} onChange={(e) => set('to')(String(e.detail.value))}>
            <View className="archive-search__filter" data-filter="to">
              {filters.to ? `至 ${filters.to}` : '结束日期'}
            </View>
          </Picker>
        </View>
        {error ? <Text className="archive-search__error">{error}</Text> : null}
        <View className="archive-search__buttons">
          <Button fill="outline" onClick={() => setFilters(EMPTY_FILTERS)}>
            清空
          </Button>
          <Button type="primary" className="archive-search__go" onClick={() => void run()}>
            检索
          </Button>
        </View>
      </View>

      {results === null ? null : results.status === 'loading' ? (
        <LoadingView />
      ) : results.status === 'error' ? (
        <ErrorView message={results.message} onRetry={() => void run()} />
      ) : results.items.length === 0 ? (
        <EmptyView title="没有符合条件的档案" description="换个编号、企业名称或时间范围再试。" />
      ) : (
        <View className="archive-search__list">
          {results.items.map((a) => (
            <View
              key={a.id}
              className="archive-search__card"
              data-archive={a.number}
              onClick={() => void Taro.navigateTo({ url: archiveNeedPage(a.id) })}
            >
              <View className="archive-search__card-head">
                <Text className="archive-search__number">{a.number}</Text>
                <Tag type={NEED_STATE_TAG[a.state as NeedState]} round>
                  {NEED_STATE_LABELS[a.state as NeedState]}
                </Tag>
              </View>
              <Text className="archive-search__name">{a.title}</Text>
              <Text className="archive-search__meta">
                {a.enterprise.name} · {a.categories.map((c) => CATEGORY_BY_CODE[c as CategoryCode].shortName).join('、')}
              </Text>
              <Text className="archive-search__meta">
                提交 {a.submittedOn}
                {a.closedAt ? ` · 归档 ${formatDateTime(a.closedAt)}` : ''}
                {a.reviews ? ` · 已复查 ${a.reviews} 次` : ''}
              </Text>
            </View>
          ))}
          <LoadMore hasMore={Boolean(results.nextCursor)} loading={results.more} onLoad={() => void more()} />
        </View>
      )}

      {oversees ? <HalfYearSummary /> : null}
    </View>
  )
}

/** The first and last day of the half-year before the current one (Shanghai). */
function lastHalfYear(): { from: string; to: string } {
  const today = toShanghaiDate(new Date())
  const y = Number(today.slice(0, 4))
  return today.slice(5) >= '07-01' ? { from: `${y}-01-01`, to: `${y}-06-30` } : { from: `${y - 1}-07-01`, to: `${y - 1}-12-31` }
}

/** 半年工作总结 (DB46 9.1.3): the period's figures, complaints, follow-ups and providers warned or exited, as a PDF. */
function HalfYearSummary() {
  const [period, setPeriod] = useState(lastHalfYear)
  const check = HalfYearQuerySchema.safeParse(period)
  return (
    <View className="archive-search__summary" data-block="half-year">
      <Text className="archive-search__summary-title">半年工作总结</Text>
      <Text className="archive-search__meta">统计指标、投诉及处理、回访、警示与退出的服务机构和专家，生成可打印的 PDF</Text>
      <View className="archive-search__filters">
        <Picker mode="date" value={period.from} onChange={(e) => setPeriod((p) => ({ ...p, from: String(e.detail.value) }))}>
          <View className="archive-search__filter" data-filter="summary-from">
            从 {period.from}
          </View>
        </Picker>
        <Picker mode="date" value={period.to} onChange={(e) => setPeriod((p) => ({ ...p, to: String(e.detail.value) }))}>
          <View className="archive-search__filter" data-filter="summary-to">
            至 {period.to}
          </View>
        </Picker>
        <View
          className="archive-search__filter"
          onClick={() => setPeriod({ from: addCalendarDays(toShanghaiDate(new Date()), -180), to: toShanghaiDate(new Date()) })}
        >
          近 180 天
        </View>
      </View>
      {check.success ? (
        <PdfDownload
          path={halfYearPdf(period.from, period.to)}
          fileName={`工作总结-${period.from}至${period.to}.pdf`}
          label="生成并下载PDF"
        />
      ) : (
        <Text className="archive-search__error">{check.error.issues[0]?.message}</Text>
      )}
    </View>
  )
}
