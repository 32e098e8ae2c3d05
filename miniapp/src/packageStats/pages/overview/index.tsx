import { useState } from 'react'
import { Picker, Text, View } from '@tarojs/components'
import { useRouter } from '@tarojs/taro'
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
  type Station,
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
import { fetchStations } from '../../../api/stations'
import { fetchStatsOverview } from '../../api'
import { ExportButton } from '../../components/ExportButton'
import { StatsChart, type ChartProps } from '../../components/StatsChart'
import './index.scss'

const RATES = new Set<keyof StatsHeadline>(['instantAnswerShare', 'acceptOnTimeRate', 'replyOnTimeRate', 'satisfiedRate', 'resolutionRate'])
const pct = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(1)}%`)
const figure = (k: keyof StatsHeadline, v: number | null) => (v === null ? '—' : RATES.has(k) ? pct(v) : String(v))
const change = (k: keyof StatsHeadline, cur: number | null, prev: number | null) => {
  if (cur === null || prev === null) return '—'
  const d = cur - prev
  const sign = d > 0 ? '+' : ''
  return RATES.has(k) ? `${sign}${(d * 100).toFixed(1)} 个百分点` : `${sign}${Math.round(d * 10) / 10}`
}
const days = (v: number | null) => (v === null ? '—' : `${v} 个工作日`)
/** Charts show the largest rows; the table lists them all. */
const TOP = 10

/** The period the page opens on: `?from=…&to=…` when given and valid, else the last 30 days up to today (Shanghai). */
function initialPeriod(params: Partial<Record<string, string>>): StatsQuery {
  const asked = StatsQuerySchema.safeParse({ from: params.from, to: params.to })
  if (asked.success) return asked.data
  const to = toShanghaiDate(new Date())
  return { from: addCalendarDays(to, -29), to }
}

/** 效能评估: the figures of a period, with filters; each block a chart (uCharts) and its table. */
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
  const { params } = useRouter()
  const [query, setQuery] = useState<StatsQuery>(() => initialPeriod(params))
  const [error, setError] = useState('')
  const [regions, setRegions] = useState<string[]>([])
  const remote = useRemote(
    () =>
      fetchStatsOverview(query).then((o) => {
        // the regions met so far are the region filter's choices (free text on the enterprises' profiles)
        setRegions((known) => [...new Set([...known, ...o.byRegion.map((r) => r.key).filter(Boolean)])].sort())
        return o
      }),
    [query],
  )
  const stations = useRemote(() => fetchStations({}, { toast: false }), [])
  usePageRefresh(remote.refresh)

  const patch = (p: Partial<StatsQuery>) => {
    const next = StatsQuerySchema.safeParse({ ...query, ...p })
    if (!next.success) {
      setError(next.error.issues[0]?.message ?? '筛选条件有误')
      return
    }
    setError('')
    setQuery(next.data)
  }
  const stationOptions = [
    { code: '', name: '全部站点' },
    ...(stations.state.status === 'ready' ? stations.state.data.map((s: Station) => ({ code: s.id, name: s.name })) : []),
  ]
  const regionOptions = [{ code: '', name: '全部地区' }, ...regions.map((r) => ({ code: r, name: r }))]

  return (
    <View className="stats">
      <View className="stats__filters">
        <Picker mode="date" value={query.from} onChange={(e) => patch({ from: String(e.detail.value) })}>
          <View className="stats__filter" data-filter="from">
            从 <Text className="stats__filter-value">{query.from}</Text>
          </View>
        </Picker>
        <Picker mode="date" value={query.to} onChange={(e) => patch({ to: String(e.detail.value) })}>
          <View className="stats__filter" data-filter="to">
            至 <Text className="stats__filter-value">{query.to}</Text>
          </View>
        </Picker>
        <Choice name="station" options={stationOptions} value={query.stationId} onChange={(v) => patch({ stationId: v })} />
        <Choice name="region" options={regionOptions} value={query.region ?? undefined} onChange={(v) => patch({ region: v })} />
        <Choice
          name="category"
          options={CATEGORY_OPTIONS}
          value={query.category}
          onChange={(v) => patch({ category: v as CategoryCode | undefined })}
        />
        <Choice
          name="channel"
          options={CHANNEL_OPTIONS}
          value={query.channel}
          onChange={(v) => patch({ channel: v as Channel | undefined })}
        />
        <ExportButton query={query} />
      </View>
      {error ? <View className="stats__error">{error}</View> : null}
      {remote.state.status === 'loading' ? <LoadingView /> : null}
      {remote.state.status === 'error' ? <ErrorView message={remote.state.message} onRetry={remote.reload} /> : null}
      {remote.state.status === 'ready' ? <Figures o={remote.state.data} /> : null}
    </View>
  )
}

/** A filter picker: the first option is "all" (no filter). */
function Choice({
  name,
  options,
  value,
  onChange,
}: {
  name: string
  options: { code: string; name: string }[]
  value: string | undefined
  onChange: (v: string | undefined) => void
}) {
  const index = Math.max(
    0,
    options.findIndex((o) => o.code === (value ?? '')),
  )
  return (
    <Picker
      mode="selector"
      range={options.map((o) => o.name)}
      value={index}
      onChange={(e) => onChange(options[Number(e.detail.value)]?.code || undefined)}
    >
      <View className="stats__filter" data-filter={name}>
        <Text className="stats__filter-value">{options[index]?.name ?? options[0]!.name}</Text>
      </View>
    </Picker>
  )
}

type CellValue = string | number

/** A titled block: a chart, then the table of its figures (what a screen reader reads). */
function Block({
  title,
  chart,
  head,
  rows,
  empty,
}: {
  title: string
  chart?: ChartProps
  head: string[]
  rows: { key: string; cells: CellValue[] }[]
  empty?: boolean
}) {
  return (
    <View className="stats__card" data-block={title}>
      <View className="stats__card-title">{title}</View>
      {empty ? <View className="stats__none">本期没有数据</View> : null}
      {chart && !empty ? <StatsChart {...chart} /> : null}
      {empty ? null : (
        <View className="stats__table" role="table" aria-label={title}>
          <View className="stats__tr stats__tr--head" role="row">
            {head.map((h, i) => (
              <View key={i} role="columnheader" className={`stats__td${i === 0 ? ' stats__td--label' : ''}`}>
                {h}
              </View>
            ))}
          </View>
          {rows.map((r) => (
            <View className="stats__tr" key={r.key} role="row" data-row={r.key}>
              {r.cells.map((c, i) => (
                <View key={i} role="cell" className={`stats__td${i === 0 ? ' stats__td--label' : ''}`}>
                  {c}
                </View>
              ))}
            </View>
          ))}
        </View>
      )}
    </View>
  )
}

/** A breakdown by one dimension: a bar per row (the largest), the table with shares. */
function CountBlock({
  id,
  title,
  rows,
  type = 'bar',
}: {
  id: string
  title: string
  rows: readonly StatsCountRow[]
  type?: 'bar' | 'column' | 'ring'
}) {
  const total = rows.reduce((s, r) => s + r.count, 0)
  const shown = type === 'column' ? rows : [...rows].sort((a, b) => b.count - a.count).slice(0, TOP)
  return (
    <Block
      title={title}
      empty={total === 0 && type !== 'column'}
      chart={{
        id,
        label: `${title}图表`,
        type,
        categories: shown.map((r) => r.label),
        series: [{ name: '需求数', data: shown.map((r) => r.count) }],
      }}
      head={[title.replace(/^按/, ''), '件数', '占比']}
      rows={rows.map((r) => ({ key: r.key, cells: [r.label, r.count, pct(total ? r.count / total : null)] }))}
    />
  )
}

function Figures({ o }: { o: StatsOverview }) {
  const keys = Object.keys(STATS_HEADLINE_LABELS) as (keyof StatsHeadline)[]
  const rateKeys = keys.filter((k) => RATES.has(k))
  const states = o.states.filter((s) => s.count > 0)
  const sat = o.satisfaction
  return (
    <View className="stats__figures">
      {o.provisionalYears.length ? <View className="stats__note">{o.provisionalYears.join('、')} 年的工作日暂按法定假日计算</View> : null}
      {o.desensitised ? <View className="stats__note">监督查看：个人信息已脱敏</View> : null}
      <Block
        title="主要指标"
        chart={{
          id: 'headline',
          label: '本期与上期各项比率对比图表',
          type: 'bar',
          percent: true,
          categories: rateKeys.map((k) => STATS_HEADLINE_LABELS[k]),
          series: [
            { name: '本期', data: rateKeys.map((k) => o.current[k] ?? 0) },
            { name: '上期', data: rateKeys.map((k) => o.previous[k] ?? 0) },
          ],
        }}
        head={['指标', '本期', '上期', '变化']}
        rows={keys.map((k) => ({
          key: k,
          cells: [STATS_HEADLINE_LABELS[k], figure(k, o.current[k]), figure(k, o.previous[k]), change(k, o.current[k], o.previous[k])],
        }))}
      />
      <View className="stats__note stats__note--plain">
        本期 {o.period.from} 至 {o.period.to}，上一周期 {o.previousPeriod.from} 至 {o.previousPeriod.to}
      </View>
      <Block
        title="办理时效"
        chart={{
          id: 'durations',
          label: '受理与办结用时图表（工作日）',
          type: 'column',
          categories: ['受理用时', '办结用时'],
          series: [
            { name: '中位数', data: [o.durations.accept.median ?? 0, o.durations.complete.median ?? 0] },
            { name: '90 分位', data: [o.durations.accept.p90 ?? 0, o.durations.complete.p90 ?? 0] },
          ],
        }}
        head={['', '件数', '中位数', '90 分位']}
        rows={[
          { key: 'accept', cells: ['受理用时', o.durations.accept.count, days(o.durations.accept.median), days(o.durations.accept.p90)] },
          {
            key: 'complete',
            cells: ['办结用时', o.durations.complete.count, days(o.durations.complete.median), days(o.durations.complete.p90)],
          },
        ]}
      />
      <Block
        title="按时限办理"
        chart={{
          id: 'on-time',
          label: '各时限按时与超时图表',
          type: 'bar',
          stacked: true,
          categories: o.onTime.map((c) => c.label),
          series: [
            { name: '按时', data: o.onTime.map((c) => c.onTime) },
            { name: '超时', data: o.onTime.map((c) => c.late) },
          ],
        }}
        head={['时限', '按时', '超时', '及时率']}
        rows={[
          ...o.onTime.map((c) => ({ key: c.clock, cells: [c.label, c.onTime, c.late, pct(c.rate)] })),
          {
            key: 'instant',
            cells: [
              '即时答复（占已响应）',
              o.instantAnswer.answered,
              o.instantAnswer.responded - o.instantAnswer.answered,
              pct(o.instantAnswer.share),
            ],
          },
        ]}
      />
      <CountBlock id="month" title="按月份" rows={o.byMonth} type="column" />
      <CountBlock id="category" title="按服务类别" rows={o.byCategory} />
      <CountBlock id="item" title="按服务事项" rows={o.byItem} />
      <CountBlock id="station" title="按站点" rows={o.byStation} />
      <CountBlock id="channel" title="按受理渠道" rows={o.byChannel} />
      <CountBlock id="region" title="按地区" rows={o.byRegion} />
      <CountBlock id="state" title="当前状态" rows={states} type="ring" />
      <Block
        title="满意度评价"
        empty={sat.every((s) => s.total === 0)}
        chart={{
          id: 'satisfaction',
          label: '附录 C 各问题满意度图表',
          type: 'bar',
          stacked: true,
          categories: sat.map((s) => s.label),
          series: (sat[0]?.counts ?? []).map((c, i) => ({ name: c.label, data: sat.map((s) => s.counts[i]?.count ?? 0) })),
        }}
        head={['问题', ...(sat[0]?.counts.map((c) => c.label) ?? []), '满意率']}
        rows={sat.map((s) => ({ key: s.question, cells: [s.label, ...s.counts.map((c) => c.count), pct(s.satisfiedRate)] }))}
      />
      <Block
        title="问题是否解决"
        empty={o.resolution.resolved + o.resolution.unresolved === 0}
        chart={{
          id: 'resolution',
          label: '问题是否解决图表',
          type: 'ring',
          categories: ['已解决', '未解决'],
          series: [{ name: '评价数', data: [o.resolution.resolved, o.resolution.unresolved] }],
        }}
        head={['', '件数']}
        rows={[
          { key: 'yes', cells: ['已解决', o.resolution.resolved] },
          { key: 'no', cells: ['未解决', o.resolution.unresolved] },
          { key: 'rate', cells: ['解决率', pct(o.resolution.rate)] },
        ]}
      />
      <Block
        title="投诉及处理结果"
        empty={o.complaints.total === 0}
        chart={{
          id: 'complaints',
          label: '投诉处理状态图表',
          type: 'bar',
          categories: o.complaints.byState.map((s) => s.label),
          series: [{ name: '投诉数', data: o.complaints.byState.map((s) => s.count) }],
        }}
        head={['', '件数']}
        rows={[
          { key: 'total', cells: ['投诉总数', o.complaints.total] },
          ...o.complaints.byState.map((s) => ({ key: `state-${s.key}`, cells: [s.label, s.count] })),
          ...o.complaints.byTarget.map((s) => ({ key: `target-${s.key}`, cells: [`投诉对象：${s.label}`, s.count] })),
          { key: 'late', cells: ['超期办结', o.complaints.resolvedLate] },
        ]}
      />
      {o.improvement ? (
        <Block
          title="回访与整改"
          empty={o.improvement.followUps.opened + o.improvement.rectifications.opened === 0}
          chart={{
            id: 'improvement',
            label: '回访与整改图表',
            type: 'column',
            categories: ['新增', '已处理', '超期未处理'],
            series: [
              { name: '回访', data: [o.improvement.followUps.opened, o.improvement.followUps.resolved, o.improvement.followUps.overdue] },
              {
                name: '整改',
                data: [o.improvement.rectifications.opened, o.improvement.rectifications.done, o.improvement.rectifications.overdue],
              },
            ],
          }}
          head={['', '新增', '已处理', '超期未处理']}
          rows={[
            {
              key: 'follow-ups',
              cells: ['不满意评价回访', o.improvement.followUps.opened, o.improvement.followUps.resolved, o.improvement.followUps.overdue],
            },
            {
              key: 'rectifications',
              cells: ['整改', o.improvement.rectifications.opened, o.improvement.rectifications.done, o.improvement.rectifications.overdue],
            },
          ]}
        />
      ) : null}
      <Block
        title="服务机构排名"
        empty={o.providers.length === 0}
        chart={{
          id: 'providers',
          label: '服务机构与专家完成任务数图表',
          type: 'bar',
          categories: o.providers.slice(0, TOP).map((p) => p.name),
          series: [{ name: '完成任务', data: o.providers.slice(0, TOP).map((p) => p.done) }],
        }}
        head={['名称', '任务', '完成', '拒绝', '完成率']}
        rows={o.providers.map((p) => ({
          key: p.id,
          cells: [`${p.name}（${p.kind === 'expert' ? '专家' : '机构'}）`, p.tasks, p.done, p.declined, pct(p.doneRate)],
        }))}
      />
    </View>
  )
}
