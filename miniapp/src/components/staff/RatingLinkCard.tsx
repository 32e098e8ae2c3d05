// 一次一评 on the staff need page: for an enterprise served at the window or
// by phone, staff issue the need's one-time rating link and show its QR code
// (or print it, or read the link out). A need recorded at the window gets it
// at intake, so the receipt carries it from the start; it rates once the need
// is completed. Issuing again replaces the link.
import { useEffect, useState } from 'react'
import { Image, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { Button } from '@nutui/nutui-react-taro'
import {
  apiPath,
  hasAnyRole,
  RATING_LINK_PATHS,
  ratingLinkBeforeCompletion,
  SERVICE_STAFF_ROLES,
  type IssuedRatingLink,
  type NeedDetail,
} from '@qi/shared'
import { downloadFile, issueRatingLink, messageOf, showMessage } from '../../api'
import { Section } from '../Field'
import { ratingWindow, todayInShanghai } from '../Deadline'
import { useMe } from '../../hooks/useMe'
import { useTimeLimits } from '../../hooks/useTimeLimits'
import { formatDateTime } from '../../labels'
import './RatingLinkCard.scss'

type LinkNeed = Pick<NeedDetail, 'state' | 'rating' | 'deadlines' | 'recorder'>

/** Whether the need can be rated through a link now: completed, not rated, inside its window. */
export const readyToRate = (need: Pick<NeedDetail, 'state' | 'rating' | 'deadlines'>, today = todayInShanghai()) =>
  ratingWindow(need, today).open

/** Whether staff may issue its link now: ready to rate, or recorded by staff and still being worked on (the receipt). */
export const linkIssuable = (need: LinkNeed, today = todayInShanghai()) =>
  readyToRate(need, today) || ratingLinkBeforeCompletion({ state: need.state, recordedByStaff: need.recorder !== null })

// The links issued in this session, by need: the token is shown once (only its
// hash is kept), so the receipt the intake page opens shows the link it issued,
// and so does the need page opened again later in the session.
const issuedHere = new Map<string, IssuedRatingLink>()

/** Keeps a link just issued (窗口登记 → 受理并登记) for the need's page. */
export function rememberIssuedLink(needId: string, link: IssuedRatingLink): void {
  issuedHere.set(needId, link)
}

/** The link this session issued for the need, if it is still the need's link (not replaced since, elsewhere). */
function linkShownAgain(need: Pick<NeedDetail, 'id' | 'ratingLink'>): IssuedRatingLink | null {
  const link = issuedHere.get(need.id)
  return link && need.ratingLink?.issuedAt === link.issuedAt && !need.ratingLink.usedAt ? link : null
}

export function RatingLinkCard({ need }: { need: NeedDetail }) {
  const [link, setLink] = useState<IssuedRatingLink | null>(() => linkShownAgain(need))
  const [busy, setBusy] = useState(false)
  const [qr, setQr] = useState<string | null>(null)
  const me = useMe()
  const limits = useTimeLimits()

  useEffect(() => {
    if (!link) return
    let live = true
    setQr(null)
    downloadFile(apiPath(RATING_LINK_PATHS.ratingLinkQrSvg, { token: link.token })).then(
      (path) => live && setQr(path),
      () => live && setQr(null),
    )
    return () => {
      live = false
    }
  }, [link])

  // Service staff issue it (supervisors look on); only while the need can be rated, or will be (the receipt).
  if (!linkIssuable(need) || me.status !== 'ready' || !hasAnyRole(me.me.roles, SERVICE_STAFF_ROLES)) return null
  // Issued before (at intake, or by a colleague), its token not known here: still valid until replaced.
  const earlier = !link && need.ratingLink && !need.ratingLink.usedAt ? need.ratingLink : null

  const issue = async () => {
    if (link || earlier) {
      const { confirm } = await Taro.showModal({
        title: '重新生成评价码',
        content: '重新生成后，之前的评价码和链接将失效（已打印或交给企业的也一样）。确定重新生成吗？',
      })
      if (!confirm) return
    }
    setBusy(true)
    try {
      const issued = await issueRatingLink(need.id, { toast: false })
      rememberIssuedLink(need.id, issued)
      setLink(issued)
    } catch (e) {
      showMessage(messageOf(e))
    } finally {
      setBusy(false)
    }
  }

  const when = need.deadlines.rateBy ? `评价期限 ${need.deadlines.rateBy}` : `服务完成后即可评价，办结后 ${limits.rateDays} 个工作日内有效`
  return (
    <Section title="评价码（一次一评）">
      <View className="rating-link" data-rating-link={link ? 'issued' : earlier ? 'earlier' : 'none'}>
        <Text className="rating-link__note">
          窗口或电话办理、未使用小程序的企业，可扫此码或打开链接评价本需求，无需登录；{when}；每个需求只能评价一次。
        </Text>
        {link ? (
          <View className="rating-link__issued">
            {qr ? <Image className="rating-link__qr" src={qr} mode="aspectFit" /> : <View className="rating-link__qr" />}
            <Text className="rating-link__url" userSelect data-rating-url={link.url}>
              {link.url}
            </Text>
            <Button size="small" fill="outline" onClick={() => void Taro.setClipboardData({ data: link.url })}>
              复制链接
            </Button>
          </View>
        ) : earlier ? (
          <Text className="rating-link__note" data-rating-link-issued-at={earlier.issuedAt}>
            评价码已于 {formatDateTime(earlier.issuedAt)} 生成，仍然有效。为安全起见此处不再显示；企业遗失时可重新生成（原码随之失效）。
          </Text>
        ) : null}
        <Button block type="primary" fill={link || earlier ? 'outline' : 'solid'} loading={busy} onClick={() => void issue()}>
          {link || earlier ? '重新生成评价码' : '生成评价码'}
        </Button>
      </View>
    </Section>
  )
}
