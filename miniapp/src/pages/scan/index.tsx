import { useEffect, useMemo, useState } from 'react'
import { View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { decodeScene, hasAnyRole, NEED_NUMBER_PATTERN, parseScanned, SERVICE_STAFF_ROLES, type Role, type ScanTarget } from '@qi/shared'
import { messageOf } from '../../api'
import { findNeedByNumber } from '../../api/stations'
import { SignInPrompt } from '../../components/SignInPrompt'
import { EmptyView, ErrorView, LoadingView } from '../../components/StatusView'
import { useMe } from '../../hooks/useMe'
import { useSignedIn } from '../../hooks/useSignedIn'
import { homePage, needDetailPage, staffNeedPage, stationPage } from '../../links'
import './index.scss'

/** What this page was opened for: ?need= (a need's receipt code), ?scene= (mini-program code), ?text= (scanned text). */
function targetOf(params: Record<string, string | undefined>): ScanTarget | null {
  const value = (k: string) => {
    const v = params[k]
    if (!v) return undefined
    try {
      return decodeURIComponent(v)
    } catch {
      return v
    }
  }
  const need = value('need')
  if (need) return NEED_NUMBER_PATTERN.test(need) ? { kind: 'need', number: need } : null
  const scene = params.scene
  if (scene) return decodeScene(scene)
  const text = value('text')
  if (text) return parseScanned(text)
  const code = value('code')
  return code ? decodeScene(code) : null
}

/** Who serves or oversees needs opens the staff need page (its actions); everyone else the enterprise's. */
const SERVING: readonly Role[] = [...SERVICE_STAFF_ROLES, 'supervisor']

type Outcome = { status: 'opening' } | { status: 'unknown' } | { status: 'refused'; message: string } | { status: 'error'; message: string }

/**
 * Resolves a scanned code: a station's code opens its page; a need's receipt
 * code opens the need for whoever may see it (最多跑一次), and says plainly
 * when the scanner may not.
 */
export default function ScanPage() {
  const { params } = useRouter()
  const target = useMemo(() => targetOf(params), [params])
  const signedIn = useSignedIn()
  const me = useMe()
  const roles = me.status === 'ready' ? me.me.user.roles : null
  const [outcome, setOutcome] = useState<Outcome>({ status: target ? 'opening' : 'unknown' })
  const [attempt, setAttempt] = useState(0)

  useEffect(() => {
    if (!target) return
    if (target.kind === 'station') {
      void Taro.redirectTo({ url: stationPage(target.code) })
      return
    }
    if (!signedIn || (!roles && me.status !== 'error')) return
    let live = true
    setOutcome({ status: 'opening' })
    findNeedByNumber(target.number, { toast: false }).then(
      (need) => {
        if (!live) return
        const staff = roles !== null && hasAnyRole(roles, SERVING)
        void Taro.redirectTo({ url: staff ? staffNeedPage(need.id) : needDetailPage(need.id) })
      },
      (e: unknown) => {
        if (!live) return
        const status = (e as { status?: number }).status
        setOutcome(
          status === 404 || status === 403 ? { status: 'refused', message: messageOf(e) } : { status: 'error', message: messageOf(e) },
        )
      },
    )
    return () => {
      live = false
    }
  }, [target, signedIn, roles, me.status, attempt])

  let body
  if (outcome.status === 'unknown') {
    body = (
      <EmptyView
        title="无法识别该二维码"
        description="这不是本平台的站点码或需求回执码。"
        actionText="返回服务大厅"
        onAction={() => void Taro.switchTab({ url: homePage })}
      />
    )
  } else if (target?.kind === 'need' && !signedIn) {
    body = <SignInPrompt what={`需求 ${target.number}`} />
  } else if (outcome.status === 'refused') {
    body = (
      <EmptyView
        title="无法打开该需求"
        description={outcome.message}
        actionText="返回服务大厅"
        onAction={() => void Taro.switchTab({ url: homePage })}
      />
    )
  } else if (outcome.status === 'error') {
    body = <ErrorView message={outcome.message} onRetry={() => setAttempt((n) => n + 1)} />
  } else {
    body = <LoadingView text="正在打开…" />
  }
  return <View className="scan">{body}</View>
}
