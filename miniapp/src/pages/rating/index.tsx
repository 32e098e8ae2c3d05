import { View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { type NeedDetail } from '@qi/shared'
import { ApiError, fetchNeed, messageOf, rateNeed, showMessage } from '../../api'
import { ratingWindow, todayInShanghai } from '../../components/Deadline'
import { RatingDone, RatingForm } from '../../components/RatingForm'
import { SignInPrompt } from '../../components/SignInPrompt'
import { EmptyView, ErrorView, LoadingView } from '../../components/StatusView'
import { useCalendar } from '../../hooks/useCalendar'
import { useRemote } from '../../hooks/useRemote'
import { useSignedIn } from '../../hooks/useSignedIn'
import { needDetailPage } from '../../links'
import { usePrivacyConsent } from '../../components/PrivacyPopup'

export { PROBLEMS, ratingBody } from '../../components/RatingForm'

export default function RatingPage() {
  const { params } = useRouter()
  const id = params.id ?? ''
  const signedIn = useSignedIn()
  const remote = useRemote(() => fetchNeed(id, { toast: false }), [id, signedIn])

  if (!signedIn)
    return (
      <View className="rating">
        <SignInPrompt what="并评价服务" />
      </View>
    )
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
  return <NeedRating need={remote.state.data} onRated={remote.set} />
}

function NeedRating({ need, onRated }: { need: NeedDetail; onRated: (n: NeedDetail) => void }) {
  useCalendar() // the window follows the calendar the server counts on
  const window = ratingWindow(need, todayInShanghai())
  const back = () => void Taro.redirectTo({ url: needDetailPage(need.id) })
  const consent = usePrivacyConsent()

  if (need.rating) return <RatingDone rating={need.rating} action={{ text: '返回需求详情', onTap: back }} />
  if (!window.open) {
    const why = need.state !== 'completed' ? '需求办结后才能评价' : `评价期已于 ${window.rateBy} 结束`
    return (
      <View className="rating">
        <EmptyView title="当前不能评价" description={why} actionText="返回需求详情" onAction={back} />
      </View>
    )
  }
  return (
    <>
      {consent.popup}
      <RatingForm
        need={need}
        rateBy={window.rateBy!}
        draftKey={`qi.ratingDraft.${need.id}`}
        // The first submission asks for consent to the 隐私保护指引 and 用户协议 (recorded server-side).
        beforeSend={consent.ensure}
        send={async (body) => onRated(await rateNeed(need.id, body, { toast: false }))}
        onFailure={async (e) => {
          // A retry whose first try got through (the answer was lost): it is rated — show it.
          if (e instanceof ApiError && e.code === 'duplicate') {
            onRated(await fetchNeed(need.id, { toast: false }))
            return
          }
          showMessage(messageOf(e))
        }}
      />
    </>
  )
}
