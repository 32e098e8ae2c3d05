// Staff opening the app land on their workbench, not on the enterprise's
// service hall and 我的需求: once per launch, when the app was opened on its
// home page (weapp: the launch path; H5: the bare address, no page in it), and
// the signed-in account turns out to hold a staff role. Deep links (a scanned
// station or receipt, a shared item) open what they name, for staff too.
import Taro from '@tarojs/taro'
import { hasAnyRole, STAFF_ROLES, type Role } from '@qi/shared'
import { inboxPage } from './links'

function openedOnHome(): boolean {
  if (process.env.TARO_ENV === 'weapp') {
    const path = Taro.getLaunchOptionsSync?.().path ?? ''
    return path === '' || path.replace(/^\//, '') === 'pages/home/index'
  }
  return typeof location !== 'undefined' && /^#?\/?$/.test(location.hash)
}

let pending = openedOnHome()

/** The home page calls this once it knows who is signed in (null: nobody). Answers whether it left for the workbench. */
export function landStaffOnWorkbench(roles: readonly Role[] | null): boolean {
  if (!pending) return false
  pending = false
  if (!roles || !hasAnyRole(roles, STAFF_ROLES)) return false
  void Taro.reLaunch({ url: inboxPage })
  return true
}
