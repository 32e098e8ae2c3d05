// The user's consent to the 隐私保护指引 and 用户协议 (shared privacyDocs.ts),
// asked in one popup (components/PrivacyPopup.tsx) on both platforms:
// - weapp: WeChat's privacy flow (app.json __usePrivacyCheck__). Before phone,
//   location, camera or album use without consent, WeChat calls the listener
//   registered here; the popup of the page on screen claims the request, and
//   its agree button (open-type agreePrivacyAuthorization) lets the call go on.
// - both: before a first submission (need, complaint, rating), usePrivacyConsent's
//   ensure() asks the server whether the versions in force were agreed to.
// Every agreement is recorded server-side (version, channel, time); one given
// before signing in waits in storage and is sent at sign-in.
import Taro from '@tarojs/taro'
import { PRIVACY_DOCUMENTS, type ConsentChannel, type ConsentStatus } from '@qi/shared'
import { getToken } from './api/client'
import { fetchConsent, giveConsent } from './api'

const PENDING_KEY = 'qi.pendingConsent'
const NEEDED = 'qi:privacy-needed'

export const CONSENT_CHANNEL: ConsentChannel = process.env.TARO_ENV === 'weapp' ? 'weapp' : 'h5'
/** The agree button's id, which WeChat checks was tapped before letting a privacy call go on. */
export const AGREE_BUTTON_ID = 'qi-privacy-agree'

const currentVersions = () => ({ privacyVersion: PRIVACY_DOCUMENTS.privacy.version, termsVersion: PRIVACY_DOCUMENTS.terms.version })

/** The signed-in user's consent as the server last told this session, by the session's token. */
let known: { token: string | null; status: Promise<ConsentStatus> } | null = null

/**
 * Starts (or joins) this session's GET /api/privacy/consent for the signed-in
 * user (the H5 app asks at launch, so the first submission need not wait for
 * it); an agreement or a withdrawal here replaces the answer.
 */
export function loadConsent(): Promise<ConsentStatus> {
  const token = getToken()
  if (known?.token === token) return known.status
  const status = fetchConsent({ toast: false })
  const mine = { token, status }
  known = mine
  status.catch(() => {
    if (known === mine) known = null
  })
  return status
}

/** What the server answered to an agreement or a withdrawal: this session's consent from now on. */
export function consentChanged(status: ConsentStatus): void {
  known = { token: getToken(), status: Promise.resolve(status) }
}

/** Records an agreement: now when signed in, else at the next sign-in. */
export async function recordConsent(): Promise<void> {
  const body = { ...currentVersions(), channel: CONSENT_CHANNEL }
  if (!getToken()) {
    Taro.setStorageSync(PENDING_KEY, body)
    return
  }
  try {
    consentChanged(await giveConsent(body, { toast: false }))
    Taro.removeStorageSync(PENDING_KEY)
  } catch {
    // Kept for the next sign-in; the next submission asks the server again.
    Taro.setStorageSync(PENDING_KEY, body)
  }
}

/** At sign-in: sends an agreement given before it (still the versions in force). */
export function sendPendingConsent(): void {
  const pending: unknown = Taro.getStorageSync(PENDING_KEY)
  const current = currentVersions()
  if (
    typeof pending === 'object' &&
    pending !== null &&
    (pending as { privacyVersion?: string }).privacyVersion === current.privacyVersion &&
    (pending as { termsVersion?: string }).termsVersion === current.termsVersion
  ) {
    void recordConsent()
  } else if (pending) {
    Taro.removeStorageSync(PENDING_KEY)
  }
}

/** A privacy request from WeChat, claimed by the first popup on screen that answers it. */
export interface PrivacyRequest {
  claimed: boolean
  resolve: (agreed: boolean) => void
}

/** weapp: WeChat's privacy requests go to the popups (once, in app.ts). A request no popup claims is declined. */
export function listenForPrivacyRequests(): void {
  if (process.env.TARO_ENV !== 'weapp' || typeof Taro.onNeedPrivacyAuthorization !== 'function') return
  Taro.onNeedPrivacyAuthorization((resolve) => {
    const request: PrivacyRequest = {
      claimed: false,
      resolve: (agreed) => resolve(agreed ? { event: 'agree', buttonId: AGREE_BUTTON_ID } : { event: 'disagree' }),
    }
    Taro.eventCenter.trigger(NEEDED, request)
    if (!request.claimed) {
      resolve({ event: 'disagree' })
      void Taro.showToast({ title: '请先阅读并同意隐私保护指引', icon: 'none' })
    }
  })
}

/** Calls `listener` for each privacy request; returns the unsubscribe. */
export function onPrivacyRequest(listener: (request: PrivacyRequest) => void): () => void {
  Taro.eventCenter.on(NEEDED, listener)
  return () => {
    Taro.eventCenter.off(NEEDED, listener)
  }
}
