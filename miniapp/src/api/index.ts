import {
  API_PATHS,
  CALENDAR_PATHS,
  calendarYearPath,
  apiPath,
  COMPLAINT_PATHS,
  DIRECTORY_PATHS,
  IDEMPOTENCY_HEADER,
  RATING_LINK_PATHS,
  SETTINGS_PATHS,
  UPLOAD_FIELD,
  UPLOAD_PATHS,
  WORKBENCH_PATHS,
  PRIVACY_PATHS,
  type ConsentInput,
  type ConsentStatus,
  type CalendarPublish,
  type CalendarView,
  type CalendarYear,
  type CategoryCode,
  type ComplaintActionInput,
  type ComplaintCounts,
  type ComplaintDetail,
  type ComplaintFeedbackInput,
  type ComplaintInput,
  type ComplaintList,
  type CreateNeedInput,
  type EnterpriseProfileInput,
  type HolidayCnDraft,
  type Institution,
  type NeedActionInput,
  type NeedDetail,
  type NeedState,
  type NotificationPage,
  type Persona,
  type IssuedRatingLink,
  type RatingInput,
  type RatingLinkView,
  type TimeLimitsUpdate,
  type TimeLimitsView,
  type FileLink,
  type Upload,
} from '@qi/shared'
import { api, uploadFile } from './client'
import type { AuthResult, Me, NeedSummary, Page } from './types'

export * from './client'
export type { AuthResult, Me, NeedSummary, Page, User } from './types'
export type { ConsentStatus as ConsentStatusView } from '@qi/shared'

type Quiet = { toast?: boolean }

/** The signed-in user, with the enterprise, institution or expert it acts for. */
export const fetchMe = (options?: Quiet) => api.get<Me>(API_PATHS.me, options)

/** WeChat sign-in: the code from Taro.login(). */
export const signInWithWechat = (code: string) => api.post<AuthResult>(API_PATHS.authWechat, { code })

/** Demo sign-in as a seeded persona (404 when the server's demo mode is off). */
export const signInAsPersona = (persona: Persona) => api.post<AuthResult>(API_PATHS.authDev, { persona }, { toast: false })
/** Demo mode: a new account, as a first WeChat sign-in makes (no enterprise, no staff role yet). */
export const signInAsNewcomer = () => api.post<AuthResult>(API_PATHS.authDev, { newAccount: true }, { toast: false })

/** 我的 → 企业信息: binds the account to its enterprise by a checked 统一社会信用代码. */
export const saveEnterpriseProfile = (body: EnterpriseProfileInput, options?: Quiet) => api.put<Me>(API_PATHS.meEnterprise, body, options)

/** Needs the caller may see, newest first; optionally only those in one state. */
export const fetchNeeds = (cursor?: string | null, options?: Quiet & { state?: NeedState }) =>
  api.get<Page<NeedSummary>>(API_PATHS.needs, { toast: options?.toast, query: { cursor, state: options?.state } })

export const fetchNeed = (id: string, options?: Quiet) => api.get<NeedDetail>(apiPath(API_PATHS.need, { id }), options)

/** Submits a need; `key` is the submission's Idempotency-Key, the same on every retry. */
export const createNeed = (body: CreateNeedInput, key: string, options?: Quiet) =>
  api.post<NeedDetail>(API_PATHS.needs, body, { ...options, headers: { [IDEMPOTENCY_HEADER]: key } })

/** One transition (supplement, withdraw…) with the version the page showed. */
export const actOnNeed = (id: string, body: NeedActionInput, options?: Quiet) =>
  api.post<NeedDetail>(apiPath(API_PATHS.needActions, { id }), body, options)

export const rateNeed = (id: string, body: RatingInput, options?: Quiet) =>
  api.post<NeedDetail>(apiPath(API_PATHS.needRating, { id }), body, options)

/** 一次一评: staff issue the need's one-time rating link (the token is shown this once). */
export const issueRatingLink = (needId: string, options?: Quiet) =>
  api.post<IssuedRatingLink>(apiPath(RATING_LINK_PATHS.needRatingLink, { id: needId }), {}, options)

/** What a one-time rating link rates (no sign-in). */
export const fetchRatingLink = (token: string, options?: Quiet) =>
  api.get<RatingLinkView>(apiPath(RATING_LINK_PATHS.ratingLink, { token }), options)

/** Rates through a one-time link; `key` is the submission's Idempotency-Key, the same on every retry. */
export const rateByLink = (token: string, body: RatingInput, key: string, options?: Quiet) =>
  api.post<RatingLinkView>(apiPath(RATING_LINK_PATHS.ratingLinkRating, { token }), body, {
    ...options,
    headers: { [IDEMPOTENCY_HEADER]: key },
  })

/** Institutions (public fields) offering a category or a service item. */
export const fetchInstitutions = (q: { category?: CategoryCode; item?: string }, options?: Quiet) =>
  api.get<Institution[]>(DIRECTORY_PATHS.institutions, { ...options, query: q })

export const fetchComplaints = (options?: Quiet) => api.get<ComplaintList>(COMPLAINT_PATHS.complaints, options)

/** The complaints about one need the caller may see: its own (scope mine), or all of them for oversight. */
export const fetchNeedComplaints = (needId: string, scope: 'mine' | 'all', options?: Quiet) =>
  api.get<ComplaintList>(COMPLAINT_PATHS.complaints, { ...options, query: { scope, needId } })

/** The complainant's word on the outcome (满意/不满意, with an optional remark), once. */
export const giveComplaintFeedback = (id: string, body: ComplaintFeedbackInput, options?: Quiet) =>
  api.post<ComplaintDetail>(apiPath(COMPLAINT_PATHS.complaintFeedback, { id }), body, options)

export const fetchComplaint = (id: string, options?: Quiet) => api.get<ComplaintDetail>(apiPath(COMPLAINT_PATHS.complaint, { id }), options)

export const createComplaint = (body: ComplaintInput, key: string, options?: Quiet) =>
  api.post<ComplaintDetail>(COMPLAINT_PATHS.complaints, body, { ...options, headers: { [IDEMPOTENCY_HEADER]: key } })

/** 投诉处理 (运营管理、监督部门): every complaint, open ones first (the server sends at most 200). */
export const fetchAllComplaints = (options?: Quiet) =>
  api.get<ComplaintList>(COMPLAINT_PATHS.complaints, { ...options, query: { scope: 'all' } })

/** How many complaints wait for handling (the badge on 我的). */
export const fetchOpenComplaintCount = (options?: Quiet) => api.get<ComplaintCounts>(COMPLAINT_PATHS.complaintCounts, options)

/** A manager's handling step (确认受理、开始调查、办结并告知结果); answers the complaint as it now stands. */
export const actOnComplaint = (id: string, body: ComplaintActionInput, options?: Quiet) =>
  api.post<ComplaintDetail>(apiPath(COMPLAINT_PATHS.complaintActions, { id }), body, options)

/** 办理时限: the limits in force, the spec's defaults and who last changed them (public). */
export const fetchTimeLimits = (options?: Quiet) => api.get<TimeLimitsView>(SETTINGS_PATHS.timeLimits, options)

/**
 * A manager sets every limit, from the version the page showed: a stale one is
 * refused (409 version_conflict). Answers the limits as they now stand.
 */
export const saveTimeLimits = (body: TimeLimitsUpdate, options?: Quiet) => api.put<TimeLimitsView>(SETTINGS_PATHS.timeLimits, body, options)

/** The working-day calendar: every year counted on, published or provisional (public). */
export const fetchCalendar = (options?: Quiet) => api.get<CalendarView>(CALENDAR_PATHS.calendar, options)

/** A manager publishes or corrects a year from the version the page showed (409 when stale). */
export const publishCalendarYear = (body: CalendarPublish, options?: Quiet) =>
  api.put<CalendarYear>(calendarYearPath(body.year), body, options)

/** A holiday-cn JSON file as a draft schedule to review (nothing saved). */
export const importHolidayCn = (file: unknown, options?: Quiet) => api.post<HolidayCnDraft>(CALENDAR_PATHS.importHolidayCn, file, options)

/** Uploads one picked file (its temp path) as an attachment; `key` is reused on retry. */
export const uploadAttachment = (filePath: string, name: string, key: string, options?: Quiet) =>
  uploadFile<Upload>(
    UPLOAD_PATHS.uploads,
    { filePath, field: UPLOAD_FIELD, formData: { name } },
    { ...options, headers: { [IDEMPOTENCY_HEADER]: key } },
  )

/** A short-lived download link of an upload the caller may read (its path ends with the file's name; no session needed to follow it). */
export const fetchFileLink = (id: string, options?: Quiet) => api.get<FileLink>(apiPath(UPLOAD_PATHS.uploadLink, { id }), options)

/** The caller's in-app notifications, newest first, with the unread count. */
export const fetchNotifications = (cursor?: string | null, options?: Quiet) =>
  api.get<NotificationPage>(WORKBENCH_PATHS.notifications, { ...options, query: { cursor } })

export const markNotificationRead = (id: string) =>
  api.post<unknown>(apiPath(WORKBENCH_PATHS.notificationRead, { id }), {}, { toast: false })

export const markAllNotificationsRead = () => api.post<unknown>(WORKBENCH_PATHS.notificationsReadAll, {})

/** 隐私保护指引 and 用户协议: the versions in force and the caller's consent. */
export const fetchConsent = (options?: Quiet) => api.get<ConsentStatus>(PRIVACY_PATHS.consent, options)
/** Records the caller's consent to the versions in force. */
export const giveConsent = (body: ConsentInput, options?: Quiet) => api.post<ConsentStatus>(PRIVACY_PATHS.consent, body, options)
/** Withdraws the caller's consent (asked again before the next use). */
export const withdrawConsent = (options?: Quiet) => api.delete<ConsentStatus>(PRIVACY_PATHS.consent, options)
