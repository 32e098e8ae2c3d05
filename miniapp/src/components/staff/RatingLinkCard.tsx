// 一次一评 on the staff need page: for an enterprise served at the window or
// by phone, staff issue the need's one-time rating link and show its QR code
// (or print it, or read the link out). Issuing again replaces the link.
import { useEffect, useState } from 'react'
import { Image, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { Button } from '@nutui/nutui-react-taro'
import { apiPath, hasAnyRole, RATING_LINK_PATHS, SERVICE_STAFF_ROLES, type IssuedRatingLink, type NeedDetail } from '@qi/shared'
import { downloadFile, issueRatingLink, messageOf, showMessage } from '../../api'
import { Section } from '../Field'
import { ratingWindow, todayInShanghai } from '../Deadline'
import { useMe } from '../../hooks/useMe'
import './RatingLinkCard.scss'

/** Whether the need can be rated through a link now: completed, not rated, inside its window. */
export const readyToRate = (need: Pick<NeedDetail, 'state' | 'rating' | 'deadlines'>, today = todayInShanghai()) =>
  ratingWindow(need, today).open

export function RatingLinkCard({ need }: { need: NeedDetail }) {
  const [link, setLink] = useState<IssuedRatingLink | null>(null)
  const [busy, setBusy] = useState(false)
  const [qr, setQr] = useState<string | null>(null)
  const me = useMe()

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

  // Service staff issue it (supervisors look on); only while the need can be rated.
  if (!readyToRate(need) || me.status !== 'ready' || !hasAnyRole(me.me.roles, SERVICE_STAFF_ROLES)) return null

  const issue = async () => {
    if (link) {
      const { confirm } = await Taro.showModal({
        title: '重新生成评价码',
        content: '重新生成后，之前的评价码和链接将失效。确定重新生成吗？',
      })
      if (!confirm) return
    }
    setBusy(true)
    try {
      setLink(await issueRatingLink(need.id, { toast: false }))
    } catch (e) {
      showMessage(messageOf(e))
    } finally {
      setBusy(false)
    }
  }

  return (
    <Section title="评价码（一次一评）">
      <View className="rating-link" data-rating-link={link ? 'issued' : 'none'}>
        <Text className="rating-link__note">
          窗口或电话办理、未使用小程序的企业，可扫此码或打开链接评价本需求，无需登录；每个需求只能评价一次，评价期限 {need.deadlines.rateBy}
          。
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
        ) : null}
        <Button block type="primary" fill={link ? 'outline' : 'solid'} loading={busy} onClick={() => void issue()}>
          {link ? '重新生成评价码' : '生成评价码'}
        </Button>
      </View>
    </Section>
  )
}
