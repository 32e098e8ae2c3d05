import { createElement, useEffect, useRef } from 'react'
import { Canvas, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import UCharts, { type UChartsOptions } from '@qiun/ucharts'
import './StatsChart.scss'

/** Colours of the series, in order (the theme's primary first). */
export const CHART_COLORS = ['#1677ff', '#52c41a', '#faad14', '#f5222d', '#13c2c2', '#722ed1', '#eb2f96', '#8c8c8c']

/** Axis labels longer than this are cut (the table beside the chart has them in full). */
const LABEL_CHARS = 6
export const shortLabel = (s: string) =>
  Array.from(s).length > LABEL_CHARS
    ? `${Array.from(s)
        .slice(0, LABEL_CHARS - 1)
        .join('')}…`
    : s

export interface ChartProps {
  /** Unique on the page: the canvas id. */
  id: string
  /** What the chart shows, for screen readers (the figures are in the table beside it). */
  label: string
  type: 'bar' | 'column' | 'ring'
  categories: string[]
  series: { name: string; data: number[] }[]
  stacked?: boolean
  /** Values are shares (0–1): the axis reads 0–100%. */
  percent?: boolean
}

/** Page and card padding around a chart, in the pages' 750 px design (styles are written on it). */
const GUTTER = 96
/** Text size of the charts, in the 750 px design. */
const FONT = 22

interface Size {
  width: number
  height: number
  ratio: number
  /** CSS px per design px (the window's width over 750). */
  scale: number
}

function chartSize(p: ChartProps): Size {
  const info = Taro.getSystemInfoSync()
  const scale = info.windowWidth / 750
  const width = Math.max(160, Math.floor(info.windowWidth - GUTTER * scale))
  const rows = p.type === 'bar' ? p.categories.length * (p.stacked ? 1 : p.series.length) : 0
  const line = Math.max(12, Math.round(FONT * scale * 1.9))
  const height = p.type === 'bar' ? Math.max(110, rows * line + 5 * line) : 190
  return { width, height, ratio: Math.min(3, Math.max(1, info.pixelRatio || 1)), scale }
}

function options(p: ChartProps, ctx: unknown, size: Size): UChartsOptions {
  const r = size.ratio
  const font = Math.max(8, Math.round(FONT * size.scale))
  const base = {
    context: ctx,
    width: size.width * r,
    height: size.height * r,
    pixelRatio: r,
    fontSize: font,
    animation: false,
    background: '#ffffff',
    color: CHART_COLORS,
    // top, right (room for a data label past the longest bar), bottom, left
    padding: [8, 30, 4, 4],
    legend: { show: p.series.length > 1 || p.type === 'ring', position: 'bottom', fontSize: font, lineHeight: font + 4 },
  }
  if (p.type === 'ring')
    return {
      ...base,
      type: 'ring',
      series: [{ name: p.label, data: p.categories.map((c, i) => ({ name: shortLabel(c), value: p.series[0]?.data[i] ?? 0 })) }],
      dataLabel: false,
      extra: { ring: { ringWidth: 24, border: true, borderWidth: 2, borderColor: '#ffffff' } },
    }
  // shares drawn as percentages (0–100)
  const axis = p.percent ? { min: 0, max: 100, splitNumber: 4 } : { min: 0 }
  const series = p.percent
    ? p.series.map((x) => ({ name: `${x.name}（%）`, data: x.data.map((v) => Math.round(v * 1000) / 10) }))
    : p.series
  return {
    ...base,
    type: p.type,
    categories: p.categories.map(shortLabel),
    series,
    dataLabel: !p.stacked,
    xAxis:
      p.type === 'bar'
        ? { boundaryGap: 'justify', disableGrid: false, ...axis, fontSize: 10 }
        : { disableGrid: true, fontSize: 10, rotateLabel: p.categories.length > 6, rotateAngle: 45 },
    yAxis: p.type === 'bar' ? { fontSize: font } : { data: [{ ...axis, fontSize: font }], fontSize: font },
    extra: {
      bar: { type: p.stacked ? 'stack' : 'group', width: Math.max(6, Math.round(font * 1.1)) },
      column: { type: p.stacked ? 'stack' : 'group', width: Math.max(6, Math.round(font * 1.1)) },
    },
  }
}

/** The canvas's 2D context: the DOM canvas on H5, the Canvas 2D node in the mini-program. */
function contextOf(
  id: string,
  h5Canvas: HTMLCanvasElement | null,
  size: { width: number; height: number; ratio: number },
): Promise<unknown> {
  if (process.env.TARO_ENV === 'h5') {
    if (!h5Canvas) return Promise.resolve(null)
    h5Canvas.width = size.width * size.ratio
    h5Canvas.height = size.height * size.ratio
    try {
      return Promise.resolve(h5Canvas.getContext('2d'))
    } catch {
      return Promise.resolve(null) // a runtime without canvas (jsdom): the table carries the figures
    }
  }
  return new Promise((resolve) => {
    Taro.nextTick(() => {
      Taro.createSelectorQuery()
        .select(`#${id}`)
        .fields({ node: true, size: true })
        .exec((res: { node?: { width: number; height: number; getContext(t: '2d'): unknown } }[]) => {
          const canvas = res?.[0]?.node
          if (!canvas) return resolve(null)
          canvas.width = size.width * size.ratio
          canvas.height = size.height * size.ratio
          resolve(canvas.getContext('2d'))
        })
    })
  })
}

/** A chart drawn with uCharts on a canvas; the figures themselves are in the table beside it. */
export function StatsChart(props: ChartProps) {
  const h5Canvas = useRef<HTMLCanvasElement | null>(null)
  const size = chartSize(props)
  const canvasId = `stats-chart-${props.id}`
  const key = JSON.stringify([props.type, props.categories, props.series, props.stacked, props.percent, size])
  useEffect(() => {
    let cancelled = false
    void contextOf(canvasId, h5Canvas.current, size).then((ctx) => {
      if (cancelled || !ctx) return
      new UCharts(options(props, ctx, size))
    })
    return () => {
      cancelled = true
    }
    // the chart is redrawn when what it shows changes (key), not on every render
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key])
  const style = { width: `${size.width}px`, height: `${size.height}px` }
  return (
    <View className="stats-chart" role="img" aria-label={props.label} data-chart={props.id}>
      {process.env.TARO_ENV === 'h5' ? (
        createElement('canvas', { ref: h5Canvas, className: 'stats-chart__canvas', style, 'aria-hidden': true })
      ) : (
        <Canvas type="2d" id={canvasId} className="stats-chart__canvas" style={style} />
      )}
    </View>
  )
}
