// The part of uCharts (@qiun/ucharts, canvas charts for mini-programs and H5) the statistics use.
declare module '@qiun/ucharts' {
  export interface UChartsOptions {
    type: 'bar' | 'column' | 'line' | 'pie' | 'ring'
    context: unknown
    width: number
    height: number
    pixelRatio?: number
    fontSize?: number
    categories?: string[]
    series: { name: string; data: number[] | { name: string; value: number }[]; color?: string }[]
    color?: string[]
    animation?: boolean
    background?: string
    padding?: number[]
    dataLabel?: boolean
    legend?: Record<string, unknown>
    xAxis?: Record<string, unknown>
    yAxis?: Record<string, unknown>
    extra?: Record<string, unknown>
    [key: string]: unknown
  }
  export default class UCharts {
    constructor(opts: UChartsOptions)
    updateData(data: Partial<UChartsOptions>): void
  }
}
