// 一次一评: the page a one-time rating link opens. No sign-in: an enterprise
// served at the window or by phone rates its need with the same form as in
// the app; it sees the need's number and title, nothing personal. Opened
// before the service is completed (the link on a window receipt), it says
// so with the need's state, and rates once the need is completed.
import { useState } from 'react'
import { View } from '@tarojs/components'
import { useRouter } from '@tarojs/taro'
import { ratingLinkToken, type RatingLinkView } from '@qi/shared'
import { ApiError, fetchRatingLink, messageOf, rateByLink, showMessage } from '../../api'
import { RatingDone, RatingForm, RatingWaiting } from '../../components/RatingForm'
import { EmptyView, ErrorView, LoadingView } from '../../components/StatusView'
import { useRemote } from '../../hooks/useRemote'

/** Why a link cannot be used, as the server said it (used, expired, unknown, malformed, rated already). */
export interface Refusal {
  code: string
  message: string
}

const REFUSAL_TITLES: Record<string, string> = {
  rating_link_used: '评价链接已使用',
  duplicate: '该需求已评价',
  rating_link_expired: '评价期已结束',
  rating_link_not_found: '评价链接无效',
  validation_failed: '评价链接不完整',
  transition_not_allowed: '当前不能评价',
}

type Loaded = { view: RatingLinkView } | { refused: Refusal }

/** The link's need, or the server's refusal (a network failure stays an error, to retry). */
async function load(token: string | null): Promise<Loaded> {
  if (!token) return { refused: { code: 'validation_failed', message: '评价链接不完整或格式不正确，请重新扫码或完整复制链接' } }
  try {
    return { view: await fetchRatingLink(token, { toast: false }) }
  } catch (e) {
    if (e instanceof ApiError && e.status >= 400 && e.status < 500 && e.status !== 429)
      return { refused: { code: e.code, message: e.message } }
    throw e
  }
}

export default function RateLinkPage() {
  const { params } = useRouter()
  const token = ratingLinkToken(params.t ?? '')
  const remote = useRemote(() => load(token), [token])
  const [done, setDone] = useState<RatingLinkView | null>(null)
  const [refused, setRefused] = useState<Refusal | null>(null)

  if (done?.rating) return <RatingDone rating={done.rating} />
  if (remote.state.status === 'loading')
    return (
      <View className="rating">
        <LoadingView />
      </View>
    )
  if (remote.state.status === 'error') {
    return (
      <View className="rating">
        <ErrorView message={remote.state.message} onRetry={() => void remote.reload()} />
      </View>
    )
  }
  const loaded = remote.state.data
  const refusal = refused ?? ('refused' in loaded ? loaded.refused : null)
  if (refusal || !('view' in loaded)) {
    return (
      <View className="rating" data-refused={refusal?.code}>
        <EmptyView title={REFUSAL_TITLES[refusal?.code ?? ''] ?? '当前不能评价'} description={refusal?.message ?? ''} />
      </View>
    )
  }
  // Not completed yet: no form and no error, the notice (the same link rates later).
  if (!loaded.view.ready || !loaded.view.rateBy) return <RatingWaiting need={loaded.view} />
  return (
    <RatingForm
      need={loaded.view}
      rateBy={loaded.view.rateBy}
      draftKey={`qi.ratingLinkDraft.${token}`}
      send={async (body, key) => setDone(await rateByLink(token!, body, key, { toast: false }))}
      onFailure={(e) => {
        // Used meanwhile, expired, rated in the app: the form is of no more use.
        if (e instanceof ApiError && [404, 409, 410].includes(e.status)) setRefused({ code: e.code, message: e.message })
        else showMessage(messageOf(e))
      }}
    />
  )
}
