// The enterprise journey's pages, by URL, in one place. The station pages
// (issue 5) link here too: needDetailPage and needFormAtStation are theirs.
import Taro from '@tarojs/taro'
import type { CategoryCode } from '@qi/shared'
export { needDetailPage, needFormAtStation } from '../stationLinks'

const q = (params: Record<string, string | undefined>) => {
  const parts = Object.entries(params)
    .filter(([, v]) => v !== undefined && v !== '')
    .map(([k, v]) => `${k}=${encodeURIComponent(v!)}`)
  return parts.length ? `?${parts.join('&')}` : ''
}

export const homePage = '/pages/home/index'
export const needsPage = '/pages/needs/index'
export const mePage = '/pages/me/index'
export const mapPage = '/pages/map/index'
export const categoryPage = (code: CategoryCode) => `/pages/category/index${q({ code })}`
export const itemPage = (code: string) => `/pages/item/index${q({ code })}`
/** 需求登记, optionally pre-filled with a category and a service item (申请此服务). */
export const needFormPage = (pre: { category?: CategoryCode; item?: string } = {}) =>
  `/pages/need-form/index${q({ category: pre.category, item: pre.item })}`
export const ratingPage = (id: string) => `/pages/rating/index${q({ id })}`
/** A new complaint about a need (needId), or one complaint's record (id). */
export const complaintPage = (p: { needId?: string; id?: string }) => `/pages/complaint/index${q({ needId: p.needId, id: p.id })}`
export const complaintsPage = '/pages/complaints/index'
/** 投诉处理 (packageManage): every complaint for managers and supervisors, and one of them. */
export const manageComplaintsPage = '/packageManage/pages/complaints/index'
export const manageComplaintPage = (id: string) => `/packageManage/pages/complaints/detail${q({ id })}`
/** 办理时限 (packageManage): managers change the time limits, supervisors look on. */
export const timeLimitsPage = '/packageManage/pages/time-limits/index'
/** 放假安排 (packageManage): managers enter and publish each year's holidays, supervisors look on. */
export const calendarPage = '/packageManage/pages/calendar/index'
export const knowledgePage = (tab?: string) => `/pages/knowledge/index${q({ tab })}`
export const profilePage = '/pages/profile/index'
export const notificationsPage = '/pages/notifications/index'

/** Opens a page of the main package; tab pages by switchTab. */
export function go(url: string): void {
  const tabs = [homePage, needsPage, mePage]
  if (tabs.includes(url)) void Taro.switchTab({ url })
  else void Taro.navigateTo({ url })
}
/** 机构名录、专家库 (packageManage): managers keep institutions and experts. */
export const manageInstitutionsPage = '/packageManage/pages/institutions/index'
export const manageExpertsPage = '/packageManage/pages/experts/index'
/** 机构名录与专家库 (packageDirectory): the public directories of 服务大厅. */
export const publicDirectoryPage = '/packageDirectory/pages/index/index'
