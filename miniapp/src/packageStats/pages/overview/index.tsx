import { useState } from 'react'
import { Picker, Text, View } from '@tarojs/components'
import {
  addCalendarDays,
  CATEGORIES,
  CHANNEL_LABELS,
  CHANNELS,
  STATS_HEADLINE_LABELS,
  StatsQuerySchema,
  toShanghaiDate,
  type CategoryCode,
  type Channel,
  type StatsCountRow,
  type StatsHeadline,
  type StatsOverview,
  type StatsQuery,
} from '@qi/shared'
import { SignInPrompt } from '../../../components/SignInPrompt'
import { ErrorView, LoadingView } from '../../../components/StatusView'
import { usePageRefresh } from '../../../hooks/usePageRefresh'
import { useRemote } from '../../../hooks/useRemote'
import { useSignedIn } from '../../../hooks/useSignedIn'
import { fetchStatsOverview } from '../../api'
import './index.scss'

const RATES = new Set<keyof StatsHeadline>(['instantAnswerShare', 'acceptOnTimeRate', 'replyOnTimeRate', 'satisfiedRate', 'resolutionRate'])
const pct = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(1)}%`)
const figure = (k: keyof StatsHeadline, v: number | null) => (v === null ? '—' : RATES.has(k) ? pct(v) : String(v))
const days = (v: number | null) => (v === null ? '—' : `${v} 个工作日`)

/** The last 30 days up to today (Shanghai). */
function defaultPeriod(): Pick<StatsQuery, 'from' | 'to'> {
  const to = toShanghaiDate(new Date())
  return { from: addCalendarDays(to, -29), to }
}

/** 效能评估: the figures of a period, with filters; tables beside bar charts. */
export default function StatsOverviewPage() {
  const signedIn = useSignedIn()
  if (!signedIn)
    return (
      <View className="stats">
        <SignInPrompt what="效能评估" />
      </View>
    )
  return <Overview />
}

const CATEGORY_OPTIONS = [{ code: '', name: '全部类别' }, ...CATEGORIES.map((c) => ({ code: c.code, name: c.name }))]
const CHANNEL_OPTIONS = [{ code: '', name: '全部渠道' }, ...CHANNELS.map((c) => ({ code: c, name: CHANNEL_LABELS[c] }))]

function Overview() {
  const [query, setQuery] = useState<StatsQuery>(defaultPeriod)
  const [error, setError] = useState('')
  const remote = useRemote(() => fetchStatsOverview(query), [query])
  usePageRefresh(remote.refresh)

  const change = (patch: Partial<StatsQuery>) => {
    const next = StatsQuerySchema.safeParse({ ...query, ...patch })
    if (!next.success) {
      setError(next.error.issues[0]?.message ?? '筛选条件有误')
      return
    }
    setError('')
    setQuery(next.data)
  }
  const categoryIndex = Math.max(
    0,
    CATEGORY_OPTIONS.findIndex((o) => o.code === (query.category ?? '')),
  )
  const channelIndex = Math.max(
    0,
    CHANNEL_OPTIONS.findIndex((o) => o.code === (query.channel ?? '')),
  )

  return (
    <View className="stats">
      <View className="stats__filters">
        <Picker mode="date" value={query.from} onChange={(e) => change({ from: String(e.detail.value) })}>
          <View className="stats__filter" data-filter="from">
            从 <Text className="stats__filter-value">{query.from}</Text>
          </View>
        </Picker>
        <Picker mode="date" value={query.to} onChange={(e) => change({ to: String(e.detail.value) })}>
          <View className="stats__filter" data-filter="to">
            至 <Text className="stats__filter-value">{query.to}</Text>
          </View>
        </Picker>
        <Picker
          mode="selector"
          range={CATEGORY_OPTIONS.map((o) => o.name)}
          value={categoryIndex}
          onChange={(e) => change({ category: (CATEGORY_OPTIONS[Number(e.detail.value)]?.code || undefined) as CategoryCode | undefined })}
        >
          <View className="stats__filter" data-filter="category">
            <Text className="stats__filter-value">{CATEGORY_OPTIONS[categoryIndex]!.name}</Text>
          </View>
        </Picker>
        <Picker
          mode="selector"
          range={CHANNEL_OPTIONS.map((o) => o.name)}
          value={channelIndex}
          onChange={(e) => change({ channel: (CHANNEL_OPTIONS[Number(e.detail.value)]?.code || undefined) as Channel | undefined })}
        >
          <View className="stats__filter" data-filter="channel">
            <Text className="stats__filter-value">{CHANNEL_OPTIONS[channelIndex]!.name}</Text>
          </View>
        </Picker>
      </View>
      {error ? <View className="stats__error">{error}</View> : null}
      {remote.state.status === 'loading' ? <LoadingView /> : null}
      {remote.state.status === 'error' ? <ErrorView message={remote.state.message} onRetry={remote.reload} /> : null}
      {remote.state.status === 'ready' ? <Figures o={remote.state.data} /> : null}
    </View>
  )
}

/** A titled block: a bar per row (width by count) beside the figure, the table itself. */
function Bars({ title, rows }: { title: string; rows: readonly StatsCountRow[] }) {
  const max = Math.max(1, ...rows.map((r) => r.count))
  return (
    <View className="stats__card" data-block={title}>
      <View className="stats__card-title">{title}</View>
      {rows.length === 0 ? <View className="stats__none">本期没有数据</View> : null}
      {rows.map((r) => (
        <View className="stats__bar-row" key={r.key}>
          <Text className="stats__bar-label">{r.label}</Text>
          <View className="stats__bar-track">
            <View className="stats__bar" style={{ width: `${(r.count / max) * 100}%` }} />
          </View>
          <Text className="stats__bar-count">{r.count}</Text>
        </View>
      ))}
    </View>
  )
}

function Figures({ o }: { o: StatsOverview }) {
  const keys = Object.keys(STATS_HEADLINE_LABELS) as (keyof StatsHeadline)[]
  return (
    <View className="stats__figures">
      {o.provisionalYears.length ? <View className="stats__note">{o.provisionalYears.join('、')} 年的工作日暂按法定假日计算</View> : null}
      <View className="stats__card" data-block="主要指标">
        <View className="stats__card-title">
          主要指标（与上一周期 {o.previousPeriod.from} 至 {o.previousPeriod.to} 对比）
        </View>
        <View className="stats__table">
          <View className="stats__tr stats__tr--head">
            <Text className="stats__td stats__td--label">指标</Text>
            <Text className="stats__td">本期</Text>
            <Text className="stats__td">上期</Text>
          </View>
          {keys.map((k) => (
            <View className="stats__tr" key={k} data-figure={k}>
              <Text className="stats__td stats__td--label">{STATS_HEADLINE_LABELS[k]}</Text>
              <Text className="stats__td">{figure(k, o.current[k])}</Text>
              <Text className="stats__td">{figure(k, o.previous[k])}</Text>
            </View>
          ))}
        </View>
      </View>
      <View className="stats__card" data-block="办理时效">
        <View className="stats__card-title">办理时效</View>
        <View className="stats__table">
          <View className="stats__tr stats__tr--head">
            <Text className="stats__td stats__td--label" />
            <Text className="stats__td">中位数</Text>
            <Text className="stats__td">90 分位</Text>
          </View>
          <View className="stats__tr">
            <Text className="stats__td stats__td--label">受理用时（{o.durations.accept.count} 件）</Text>
            <Text className="stats__td">{days(o.durations.accept.median)}</Text>
            <Text className="stats__td">{days(o.durations.accept.p90)}</Text>
          </View>
          <View className="stats__tr">
            <Text className="stats__td stats__td--label">办结用时（{o.durations.complete.count} 件）</Text>
            <Text className="stats__td">{days(o.durations.complete.median)}</Text>
            <Text className="stats__td">{days(o.durations.complete.p90)}</Text>
          </View>
          {o.onTime.map((c) => (
            <View className="stats__tr" key={c.clock}>
              <Text className="stats__td stats__td--label">{c.label}</Text>
              <Text className="stats__td">
                按时 {c.onTime} / 超时 {c.late}
              </Text>
              <Text className="stats__td">{pct(c.rate)}</Text>
            </View>
          ))}
        </View>
      </View>
      <Bars title="按月份" rows={o.byMonth} />
      <Bars title="按服务类别" rows={o.byCategory} />
      <Bars title="按站点" rows={o.byStation} />
      <Bars title="按受理渠道" rows={o.byChannel} />
      <Bars title="按地区" rows={o.byRegion} />
      <Bars title="当前状态" rows={o.states.filter((s) => s.count > 0)} />
      {o.satisfaction.map((s) => (
        <Bars key={s.question} title={`满意度 · ${s.label}（满意率 ${pct(s.satisfiedRate)}）`} rows={s.counts} />
      ))}
      <Bars
        title={`问题是否解决（解决率 ${pct(o.resolution.rate)}）`}
        rows={[
          { key: 'yes', label: '已解决', count: o.resolution.resolved },
          { key: 'no', label: '未解决', count: o.resolution.unresolved },
        ]}
      />
      <Bars title={`投诉（共 ${o.complaints.total} 件，超期办结 ${o.complaints.resolvedLate} 件）`} rows={o.complaints.byState} />
      <Bars
        title="服务机构排名（完成任务数）"
        rows={o.providers.map((p) => ({ key: p.id, label: `${p.name}（完成率 ${pct(p.doneRate)}）`, count: p.done }))}
      />
    </View>
  )
}
