// Calls of stations, check-ins, station management and need codes
// (issue 5), typed by the shared contract.
import {
  API_PATHS,
  apiPath,
  type Checkin,
  type MyCheckin,
  type CheckinInput,
  type CreateStationInput,
  type InboxQuery,
  type NeedPage,
  type NeedRef,
  type Specialist,
  type Station,
  type StationCheckin,
  type StationListQuery,
  type StationStaffInput,
  type StationStaffMember,
  type UpdateStationInput,
} from '@qi/shared'
import { api, apiBaseUrl } from './client'

const station = (idOrCode: string) => apiPath(API_PATHS.station, { id: idOrCode })

export const fetchStations = (query: StationListQuery = {}, options?: { toast?: boolean }) =>
  api.get<Station[]>(API_PATHS.stations, { ...options, query: { ...query } })

export const fetchStation = (idOrCode: string, options?: { toast?: boolean }) => api.get<Station>(station(idOrCode), options)

/** The signed-in enterprise's check-in at the station today, if any. */
export const fetchMyCheckin = (idOrCode: string, options?: { toast?: boolean }) =>
  api.get<MyCheckin>(apiPath(API_PATHS.myStationCheckin, { id: idOrCode }), options)

/** 到站登记. */
export const checkInAt = (idOrCode: string, input: CheckinInput) =>
  api.post<Checkin>(apiPath(API_PATHS.stationCheckins, { id: idOrCode }), input)

/** Recent check-ins, for the station's specialists and managers. */
export const fetchStationCheckins = (idOrCode: string, options?: { toast?: boolean }) =>
  api.get<StationCheckin[]>(apiPath(API_PATHS.stationCheckins, { id: idOrCode }), { ...options, query: { limit: 20 } })

/** Needs raised at a station that the caller may see (the enterprise's own, or the station's queue). */
export const fetchStationNeeds = (stationId: string, options?: { toast?: boolean }) =>
  api.get<NeedPage>(API_PATHS.needs, { ...options, query: { stationId, limit: 20 } satisfies Partial<InboxQuery> })

export const createStation = (input: CreateStationInput) => api.post<Station>(API_PATHS.stations, input)

export const updateStation = (id: string, input: UpdateStationInput) => api.put<Station>(station(id), input)

export const fetchStationStaff = (id: string) => api.get<StationStaffMember[]>(apiPath(API_PATHS.stationStaff, { id }))

export const saveStationStaff = (id: string, input: StationStaffInput) =>
  api.put<StationStaffMember[]>(apiPath(API_PATHS.stationStaff, { id }), input)

export const fetchSpecialists = () => api.get<Specialist[]>(API_PATHS.specialists)

/** Opens a need from its receipt code: 404 (with a plain message) when the caller may not see it. */
export const findNeedByNumber = (number: string, options?: { toast?: boolean }) =>
  api.get<NeedRef>(apiPath(API_PATHS.needByNumber, { number }), options)

/** Address of a station's code image (print it, or show it). */
export function stationQrUrl(idOrCode: string, options: { format: 'svg' | 'png'; target?: 'h5' | 'weapp'; poster?: boolean }): string {
  const q = [`target=${options.target ?? 'h5'}`, options.poster ? 'poster=1' : ''].filter(Boolean).join('&')
  const path = options.format === 'svg' ? API_PATHS.stationQrSvg : API_PATHS.stationQrPng
  return `${apiBaseUrl()}${apiPath(path, { id: idOrCode })}?${q}`
}
