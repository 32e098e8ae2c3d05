// The workbench's calls (staff and providers), over the shared contract. The
// need detail, need actions and need creation are the app's own (../api).
import {
  API_PATHS,
  apiPath,
  WORKBENCH_PATHS,
  type CategoryCode,
  type Channel,
  type DueFilter,
  type EnterpriseHit,
  type InboxSort,
  type Match,
  type NeedCounts,
  type NeedDetail,
  type NeedPage,
  type NeedState,
  type NotificationPage,
  type TaskActionInput,
  type TaskPage,
  type TaskState,
  type TransferTargets,
} from '@qi/shared'
import { api } from '../api'

type Quiet = { toast?: boolean }

/** The inbox's filters (GET /api/needs); empty values are left out of the query. */
export interface InboxFilters {
  state?: NeedState | 'open'
  category?: CategoryCode
  stationId?: string
  channel?: Channel
  due?: DueFilter
  mine?: '1'
  /** 待审核: finished records awaiting a reviewer other than their owner. */
  review?: 'pending'
  q?: string
  sort?: InboxSort
}

export const fetchInbox = (filters: InboxFilters, cursor?: string | null, options?: Quiet) =>
  api.get<NeedPage>(API_PATHS.needs, { ...options, query: { ...filters, cursor, limit: 20 } })

export const fetchCounts = (options?: Quiet) => api.get<NeedCounts>(WORKBENCH_PATHS.needCounts, options)

/** 精准匹配: providers ranked for the need, best first. */
export const fetchMatches = (needId: string, options?: Quiet) => api.get<Match[]>(apiPath(API_PATHS.needMatches, { id: needId }), options)

/** 转办: whom the need may be handed to (the owner or a manager asks). */
export const fetchTransferTargets = (needId: string, options?: Quiet) =>
  api.get<TransferTargets>(apiPath(WORKBENCH_PATHS.needTransferTargets, { id: needId }), options)

export const fetchTasks = (state: TaskState | 'open' | undefined, cursor?: string | null, options?: Quiet) =>
  api.get<TaskPage>(API_PATHS.tasks, { ...options, query: { state, cursor, limit: 20 } })

/** One task action with the task's version; answers with the need's detail. */
export const actOnTask = (taskId: string, body: TaskActionInput, options?: Quiet) =>
  api.post<NeedDetail>(apiPath(API_PATHS.taskActions, { id: taskId }), body, options)

/** 窗口登记: enterprises by 统一社会信用代码 or name. */
export const findEnterprises = (q: string, options?: Quiet) =>
  api.get<EnterpriseHit[]>(WORKBENCH_PATHS.enterpriseLookup, { ...options, query: { q } })

/** How many of the caller's notifications are unread. */
export const fetchUnreadCount = () =>
  api.get<NotificationPage>(WORKBENCH_PATHS.notifications, { toast: false, query: { limit: 1, unread: 1 } }).then((p) => p.unread)
