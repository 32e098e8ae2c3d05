// Pages the station journey (issue 5) leads to, in one place. The need form
// and the need detail belong to the enterprise journey (issue 3): these are
// the URL contracts assumed for them.
import { SCAN_PAGE, STATION_PAGE } from '@qi/shared'

/** The station page, by short code (as printed) or id. */
export const stationPage = (code: string) => `/${STATION_PAGE}?code=${encodeURIComponent(code)}`

/** The scan resolver page for a need's receipt code. */
export const needScanPage = (number: string) => `/${SCAN_PAGE}?need=${encodeURIComponent(number)}`

/** "在此提交需求": the need form with the station filled in and channel station_qr. */
export const needFormAtStation = (stationId: string) =>
  `/pages/need-form/index?stationId=${encodeURIComponent(stationId)}&channel=station_qr`

/** A need's detail page (where its enterprise rates it, and staff act on it). */
export const needDetailPage = (id: string) => `/pages/need-detail/index?id=${encodeURIComponent(id)}`

export const manageStationsPage = '/packageManage/pages/stations/index'
export const editStationPage = (id?: string) => `/packageManage/pages/stations/edit${id ? `?id=${encodeURIComponent(id)}` : ''}`
