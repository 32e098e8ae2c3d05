// Calls of stations, check-ins, station management and need codes
// (issue 5), typed by the shared contract.
import type {
  Checkin,
  CheckinInput,
  CreateStationInput,
  InboxQuery,
  NeedPage,
  NeedRef,
  Specialist,
  Station,
  StationCheckin,
  StationListQuery,
  StationStaffInput,
  StationStaffMember,
  UpdateStationInput,
} from '@qi/shared'
import { api, apiBaseUrl } from './client'

const station = (idOrCode: string) => `/api/stations/${encodeURIComponent(idOrCode)}`

export const fetchStations = (query: StationListQuery = {}, options?: { toast?: boolean }) =>
  api.get<Station[]>('/api/stations', { ...options, query: { ...query } })

export const fetchStation = (idOrCode: string, options?: { toast?: boolean }) => api.get<Station>(station(idOrCode), options)

/** 到站登记. */
export const checkInAt = (idOrCode: string, input: CheckinInput) => api.post<Checkin>(`${station(idOrCode)}/checkins`, input)

/** Recent check-ins, for the station's specialists and managers. */
export const fetchStationCheckins = (idOrCode: string, options?: { toast?: boolean }) =>
  api.get<StationCheckin[]>(`${station(idOrCode)}/checkins`, { ...options, query: { limit: 20 } })

/** Needs raised at a station that the caller may see (the enterprise's own, or the station's queue). */
export const fetchStationNeeds = (stationId: string, options?: { toast?: boolean }) =>
  api.get<NeedPage>('/api/needs', { ...options, query: { stationId, limit: 20 } satisfies Partial<InboxQuery> })

export const createStation = (input: CreateStationInput) => api.post<Station>('/api/stations', input)

export const updateStation = (id: string, input: UpdateStationInput) => api.put<Station>(station(id), input)

export const fetchStationStaff = (id: string) => api.get<StationStaffMember[]>(`${station(id)}/staff`)

export const saveStationStaff = (id: string, input: StationStaffInput) =>
  api.put<StationStaffMember[]>(`${station(id)}/staff`, input)

export const fetchSpecialists = () => api.get<Specialist[]>('/api/specialists')

/** Opens a need from its receipt code: 404 (with a plain message) when the caller may not see it. */
export const findNeedByNumber = (number: string, options?: { toast?: boolean }) =>
  api.get<NeedRef>(`/api/needs/by-number/${encodeURIComponent(number)}`, options)

/** Address of a station's code image (print it, or show it). */
export function stationQrUrl(idOrCode: string, options: { format: 'svg' | 'png'; target?: 'h5' | 'weapp'; poster?: boolean }): string {
  const q = [`target=${options.target ?? 'h5'}`, options.poster ? 'poster=1' : ''].filter(Boolean).join('&')
  return `${apiBaseUrl()}${station(idOrCode)}/qrcode.${options.format}?${q}`
}
