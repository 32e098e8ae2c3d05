// The statistics calls (效能评估), over the shared contract.
import { STATS_PATHS, type StatsOverview, type StatsQuery } from '@qi/shared'
import { api } from '../api/client'

/** The query string of a statistics request (no URLSearchParams in the weapp runtime). */
export function statsQueryString(q: StatsQuery): string {
  return Object.entries(q)
    .filter(([, v]) => v !== undefined && v !== '')
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
    .join('&')
}

export const fetchStatsOverview = (q: StatsQuery) =>
  api.get<StatsOverview>(`${STATS_PATHS.overview}?${statsQueryString(q)}`, { toast: false })

/** The path of the overview's Excel workbook for the same query. */
export const statsXlsxPath = (q: StatsQuery) => `${STATS_PATHS.overviewXlsx}?${statsQueryString(q)}`
