// Signing in from anywhere: a page that needs an account sends the person to
// 我的 to sign in and remembers where they were; once signed in they go back
// there — or, with nowhere to go back to, staff land on their workbench.
import Taro from '@tarojs/taro'
import { hasAnyRole, STAFF_ROLES } from '@qi/shared'
import { setToken } from './api/client'
import type { AuthResult } from './api/types'
import { go, inboxPage, mePage } from './links'
import { sendPendingConsent } from './privacy'

const RETURN_KEY = 'qi.signInReturnTo'

/** The page shown now, as a URL with its query (null outside a page). */
function currentUrl(): string | null {
  const pages = Taro.getCurrentPages()
  const page = pages[pages.length - 1]
  if (!page?.route) return null
  const query = Object.entries(page.options ?? {})
    .filter(([k, v]) => v !== undefined && v !== '' && !k.startsWith('$'))
    .map(([k, v]) => `${k}=${encodeURIComponent(String(v))}`)
    .join('&')
  const path = `/${page.route.replace(/^\//, '')}`
  return query ? `${path}?${query}` : path
}

/** "请先登录" → 我的, coming back to this page after signing in. */
export function askToSignIn(): void {
  const here = currentUrl()
  if (here && here.split('?')[0] !== mePage) Taro.setStorageSync(RETURN_KEY, here)
  void Taro.switchTab({ url: mePage })
}

/** Keeps the session and goes where the person was headed. */
export function completeSignIn(auth: AuthResult): void {
  setToken(auth.token)
  sendPendingConsent()
  const back: unknown = Taro.getStorageSync(RETURN_KEY)
  Taro.removeStorageSync(RETURN_KEY)
  if (typeof back === 'string' && back) go(back)
  else if (hasAnyRole(auth.user.roles, STAFF_ROLES)) go(inboxPage)
}
