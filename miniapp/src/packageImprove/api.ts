// The improvement loop's calls (回访 and 整改), over the shared contract.
import {
  apiPath,
  FOLLOW_UP_PATHS,
  type CallBackInput,
  type FollowUp,
  type FollowUpList,
  type FollowUpState,
  type Rectification,
  type RectificationDoneInput,
  type RectificationList,
  type RectificationState,
  type ResolutionInput,
} from '@qi/shared'
import { api } from '../api'

type Quiet = { toast?: boolean }

export interface FollowUpFilters {
  scope: 'mine' | 'all'
  state?: FollowUpState
  overdue?: boolean
  ownerId?: string
}

export const fetchFollowUps = (f: FollowUpFilters, options?: Quiet) =>
  api.get<FollowUpList>(FOLLOW_UP_PATHS.followUps, {
    ...options,
    query: { scope: f.scope, state: f.state, overdue: f.overdue ? '1' : undefined, ownerId: f.ownerId },
  })

export const fetchFollowUp = (id: string, options?: Quiet) => api.get<FollowUp>(apiPath(FOLLOW_UP_PATHS.followUp, { id }), options)

export const recordCallBack = (id: string, body: CallBackInput, options?: Quiet) =>
  api.post<FollowUp>(apiPath(FOLLOW_UP_PATHS.followUpCallBacks, { id }), body, options)

export const resolveFollowUp = (id: string, body: ResolutionInput, options?: Quiet) =>
  api.post<FollowUp>(apiPath(FOLLOW_UP_PATHS.followUpResolution, { id }), body, options)

export const fetchRectifications = (f: { state?: RectificationState; overdue?: boolean }, options?: Quiet) =>
  api.get<RectificationList>(FOLLOW_UP_PATHS.rectifications, {
    ...options,
    query: { state: f.state, overdue: f.overdue ? '1' : undefined },
  })

export const fetchRectification = (id: string, options?: Quiet) =>
  api.get<Rectification>(apiPath(FOLLOW_UP_PATHS.rectification, { id }), options)

export const completeRectification = (id: string, body: RectificationDoneInput, options?: Quiet) =>
  api.post<Rectification>(apiPath(FOLLOW_UP_PATHS.rectificationDone, { id }), body, options)
