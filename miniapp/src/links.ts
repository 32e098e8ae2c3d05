// Every page of the mini-program, by URL, in one place: the main package
// (the enterprise journey and the stations), the management subpackage and
// the staff workbench. Pages link through these, never by typed-out URLs.
import Taro from '@tarojs/taro'
import { BIND_PAGE, SCAN_PAGE, STATION_PAGE, type CategoryCode } from '@qi/shared'
import { TAB_BAR_LIST } from './tabBar'

/** The query string of a page URL; empty values are left out. */
const q = (params: Record<string, string | undefined>) => {
  const parts = Object.entries(params)
    .filter(([, v]) => v !== undefined && v !== '')
    .map(([k, v]) => `${k}=${encodeURIComponent(v!)}`)
  return parts.length ? `?${parts.join('&')}` : ''
}

/** The tab pages, as app.config.ts declares them. */
export const TAB_PAGES: readonly string[] = TAB_BAR_LIST.map((t) => `/${t.pagePath}`)
const [tab0, tab1, tab2] = TAB_PAGES as [string, string, string]

// The tab pages.
export const homePage = tab0
export const needsPage = tab1
export const mePage = tab2

// The enterprise journey (main package).
export const mapPage = '/pages/map/index'
export const categoryPage = (code: CategoryCode) => `/pages/category/index${q({ code })}`
export const itemPage = (code: string) => `/pages/item/index${q({ code })}`
/** 需求登记, optionally pre-filled with a category and a service item (申请此服务). */
export const needFormPage = (pre: { category?: CategoryCode; item?: string } = {}) =>
  `/pages/need-form/index${q({ category: pre.category, item: pre.item })}`
/** "在此提交需求": the need form with the station filled in and channel station_qr. */
export const needFormAtStation = (stationId: string) => `/pages/need-form/index${q({ stationId, channel: 'station_qr' })}`
/** A need's detail page (where its enterprise rates it, and staff act on it). */
export const needDetailPage = (id: string) => `/pages/need-detail/index${q({ id })}`
export const ratingPage = (id: string) => `/pages/rating/index${q({ id })}`
/** 一次一评: the page a need's one-time rating link opens (no sign-in). */
export const rateLinkPage = (token: string) => `/pages/rate-link/index${q({ t: token })}`
/** A new complaint about a need (needId), or one complaint's record (id). */
export const complaintPage = (p: { needId?: string; id?: string }) => `/pages/complaint/index${q({ needId: p.needId, id: p.id })}`
export const complaintsPage = '/pages/complaints/index'
export const knowledgePage = (tab?: string) => `/pages/knowledge/index${q({ tab })}`
export const profilePage = '/pages/profile/index'
/** 隐私保护指引 (privacy) or 用户协议 (terms). */
export const privacyDocPage = (doc: 'privacy' | 'terms') => `/pages/privacy/index${q({ doc })}`
export const notificationsPage = '/pages/notifications/index'

// Stations (main package): the paths printed in QR codes come from shared/.
/** The station page, by short code (as printed) or id. */
export const stationPage = (code: string) => `/${STATION_PAGE}${q({ code })}`
/** The scan resolver page for a need's receipt code. */
export const needScanPage = (number: string) => `/${SCAN_PAGE}${q({ need: number })}`

// Management (packageManage).
export const manageStationsPage = '/packageManage/pages/stations/index'
export const editStationPage = (id?: string) => `/packageManage/pages/stations/edit${q({ id })}`
/** 投诉处理: every complaint for managers and supervisors, and one of them. */
export const manageComplaintsPage = '/packageManage/pages/complaints/index'
export const manageComplaintPage = (id: string) => `/packageManage/pages/complaints/detail${q({ id })}`
/** 办理时限: managers change the time limits, supervisors look on. */
export const timeLimitsPage = '/packageManage/pages/time-limits/index'
/** 放假安排: managers enter and publish each year's holidays, supervisors look on. */
export const calendarPage = '/packageManage/pages/calendar/index'
/** 机构名录、专家库 (packageManage): managers keep institutions and experts, and read each one's change history. */
export const manageInstitutionsPage = '/packageManage/pages/institutions/index'
export const manageExpertsPage = '/packageManage/pages/experts/index'
export const editInstitutionPage = (id?: string) => `/packageManage/pages/institutions/edit${q({ id })}`
export const editExpertPage = (id?: string) => `/packageManage/pages/experts/edit${q({ id })}`
export const directoryHistoryPage = (kind: 'institution' | 'expert', id: string) =>
  `/packageManage/pages/directory-history/index${q({ kind, id })}`
/** 机构名录与专家库 (packageDirectory): the public directories of 服务大厅, and one institution's page. */
export const publicDirectoryPage = '/packageDirectory/pages/index/index'
export const directoryPage = (opts: { tab?: 'institutions' | 'experts'; category?: string; item?: string } = {}) =>
  `/packageDirectory/pages/index/index${q(opts)}`
export const institutionPage = (id: string) => `/packageDirectory/pages/institution/index${q({ id })}`
/** 效能评估 (packageStats): the statistics of a period, for managers, supervisors and specialists. */
export const statsPage = '/packageStats/pages/overview/index'
/** 动态评价 (packageManage): the ranking, one subject's figures and evidence, the thresholds, the proposals managers decide. */
export const evaluationRankingPage = (kind?: 'institution' | 'expert' | 'specialist') =>
  `/packageManage/pages/evaluation/index${q({ kind })}`
export const evaluationSubjectPage = (kind: 'institution' | 'expert' | 'specialist', id: string) =>
  `/packageManage/pages/evaluation/subject${q({ kind, id })}`
export const evaluationThresholdsPage = '/packageManage/pages/evaluation/thresholds'
export const evaluationProposalsPage = (state?: 'pending' | 'accepted' | 'rejected' | 'superseded') =>
  `/packageManage/pages/evaluation/proposals${q({ state })}`

// The staff workbench (packageStaff).
const staff = '/packageStaff/pages'
export const inboxPage = `${staff}/inbox/index`
export const staffNeedPage = (id: string) => `${staff}/need/index${q({ id })}`
export const dispatchPage = (id: string) => `${staff}/dispatch/index${q({ id })}`
export const intakePage = `${staff}/intake/index`
export const tasksPage = `${staff}/tasks/index`
export const taskPage = (taskId: string, needId: string) => `${staff}/task/index${q({ id: taskId, needId })}`
export const messagesPage = `${staff}/messages/index`

/** Opens a page; tab pages by switchTab. */
export function go(url: string): void {
  if (TAB_PAGES.includes(url)) void Taro.switchTab({ url })
  else void Taro.navigateTo({ url })
}

/**
 * Ends a step on `url`: back to it when it is the page below this one (it
 * refreshes when shown), else in place of this page (opened by a link or a
 * scan, there is nothing to go back to).
 */
export function finishOn(url: string): void {
  const pages = Taro.getCurrentPages()
  const below = pages[pages.length - 2]
  if (below?.route && `/${below.route.replace(/^\//, '')}` === url.split('?')[0]) void Taro.navigateBack()
  else void Taro.redirectTo({ url })
}

// Archives (packageArchive): 档案检索 and 半年工作总结, a need's archive (一项一档), an enterprise's dossier (一企一档).
export const archiveSearchPage = '/packageArchive/pages/search/index'
export const archiveNeedPage = (id: string) => `/packageArchive/pages/need/index${q({ id })}`
export const archiveEnterprisePage = (id: string) => `/packageArchive/pages/enterprise/index${q({ id })}`

// The improvement loop (packageImprove): follow-ups of bad ratings (回访) and rectifications (整改).
const improve = '/packageImprove/pages'
/** 回访: a specialist's own (mine), or every one for managers and supervisors (all). */
export const followUpsPage = (scope: 'mine' | 'all' = 'mine') => `${improve}/follow-ups/index${q({ scope })}`
export const followUpPage = (id: string) => `${improve}/follow-up/index${q({ id })}`
export const rectificationsPage = `${improve}/rectifications/index`
export const rectificationPage = (id: string) => `${improve}/rectification/index${q({ id })}`
// Staff accounts (packageManage): the accounts, an invitation with its code, one account's roles, the audit.
export const manageStaffPage = '/packageManage/pages/staff/index'
export const inviteStaffPage = '/packageManage/pages/staff/invite'
export const editStaffPage = (id: string) => `/packageManage/pages/staff/edit${q({ id })}`
export const staffAuditPage = (userId?: string) => `/packageManage/pages/staff-audit/index${q({ userId })}`
// The account subpackage (packageAccount): binding a code (from the QR link, or typed), an enterprise's members.
export const bindPage = (code?: string) => `/${BIND_PAGE}${q({ code })}`
export const membersPage = '/packageAccount/pages/members/index'
