import { Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { Button, Checkbox, Radio, TextArea } from '@nutui/nutui-react-taro'
import { Success } from '@nutui/icons-react-taro'
import {
  RATING_QUESTIONS,
  RatingInputSchema,
  SATISFACTION_LABELS,
  SATISFACTION_LEVELS,
  type NeedDetail,
  type SatisfactionLevel,
} from '@qi/shared'
import { ApiError, fetchNeed, messageOf, rateNeed, showMessage } from '../../api'
import { daysLeftText, provisionalSuffix, ratingWindow, todayInShanghai } from '../../components/Deadline'
import { useCalendar } from '../../hooks/useCalendar'
import { Field, Section } from '../../components/Field'
import { SignInPrompt } from '../../components/SignInPrompt'
import { EmptyView, ErrorView, LoadingView } from '../../components/StatusView'
import { useRemote } from '../../hooks/useRemote'
import { useSignedIn } from '../../hooks/useSignedIn'
import { useStoredState } from '../../hooks/useStoredState'
import { useForm } from '../../hooks/useForm'
import { needDetailPage } from '../../links'
import './index.scss'
import { usePrivacyConsent } from '../../components/PrivacyPopup'

type Question = (typeof RATING_QUESTIONS)[number]['key']

interface RatingDraft {
  answers: Partial<Record<Question, SatisfactionLevel>>
  resolved: boolean | null
  problems: string[]
  comment: string
}

const emptyRating = (): RatingDraft => ({ answers: {}, resolved: null, problems: [], comment: '' })

/** What went wrong, offered when the enterprise says 否 or 不满意. */
export const PROBLEMS = ['反馈不及时', '答复不够专业', '服务态度不好', '问题没有解决', '流程或收费不清楚', '其他']

/** The body of POST /api/needs/{id}/rating from the form (the problems open the comment). */
export function ratingBody(d: RatingDraft): Record<string, unknown> {
  const comment = [d.problems.length ? `存在问题：${d.problems.join('、')}。` : '', d.comment.trim()].join('').trim()
  return {
    ...d.answers,
    ...(d.resolved === null ? {} : { resolved: d.resolved }),
    ...(comment ? { comment } : {}),
  }
}

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
  return <RatingForm need={remote.state.data} onRated={remote.set} />
}

function RatingForm({ need, onRated }: { need: NeedDetail; onRated: (n: NeedDetail) => void }) {
  useCalendar() // the days left follow the calendar the server counts on
  const today = todayInShanghai()
  const window = ratingWindow(need, today)
  const [draft, setDraft, clearDraft] = useStoredState<RatingDraft>(`qi.ratingDraft.${need.id}`, emptyRating)
  const consent = usePrivacyConsent()
  const form = useForm({
    state: [draft, setDraft],
    schema: RatingInputSchema,
    body: ratingBody,
    order: [...RATING_QUESTIONS.map((q) => q.key), 'resolved', 'comment'],
    send: async (body) => {
      // The first submission asks for consent to the 隐私保护指引 and 用户协议 (recorded server-side).
      if (!(await consent.ensure())) return
      const rated = await rateNeed(need.id, body, { toast: false })
      clearDraft()
      onRated(rated)
    },
    onFailure: async (e) => {
      // A retry whose first try got through (the answer was lost): it is rated — show it.
      if (e instanceof ApiError && e.code === 'duplicate') {
        clearDraft()
        onRated(await fetchNeed(need.id, { toast: false }))
        return
      }
      showMessage(messageOf(e))
    },
  })
  const { errors } = form
  const back = () => void Taro.redirectTo({ url: needDetailPage(need.id) })

  if (need.rating) {
    return (
      <View className="rating">
        <View className="rating__done" data-rated="true">
          <Success size={48} />
          <Text className="rating__done-title">感谢您的评价</Text>
          <Text className="rating__done-note">
            总体评价：{SATISFACTION_LABELS[need.rating.overall]} · 问题{need.rating.resolved ? '已' : '未'}解决
          </Text>
          {!need.rating.resolved || need.rating.overall === 'dissatisfied' ? (
            <Text className="rating__done-note">我们已转交运营管理人员跟进，将尽快与您联系。</Text>
          ) : null}
          <Button type="primary" onClick={back}>
            返回需求详情
          </Button>
        </View>
      </View>
    )
  }
  if (!window.open) {
    const why = need.state !== 'completed' ? '需求办结后才能评价' : `评价期已于 ${window.rateBy} 结束`
    return (
      <View className="rating">
        <EmptyView title="当前不能评价" description={why} actionText="返回需求详情" onAction={back} />
      </View>
    )
  }

  const unhappy = draft.resolved === false || draft.answers.overall === 'dissatisfied'
  const set = form.update

  return (
    <View className="rating">
      {consent.popup}
      <View className="rating__head">
        <Text className="rating__title">满意度评价</Text>
        <Text className="rating__need">
          {need.number} · {need.title}
        </Text>
        <Text className="rating__window" data-days-left={window.rateBy}>
          评价期限 {window.rateBy}（{daysLeftText(window.rateBy!, today)}）{provisionalSuffix(window.rateBy!, today)}
        </Text>
      </View>

      <Section title="请对本次服务打分">
        {RATING_QUESTIONS.map((q) => (
          <Field key={q.key} label={q.label} required name={q.key} error={errors[q.key]}>
            <Radio.Group
              className="rating__levels"
              direction="horizontal"
              value={draft.answers[q.key] ?? ''}
              onChange={(v) => set((d) => ({ ...d, answers: { ...d.answers, [q.key]: v as SatisfactionLevel } }))}
            >
              {SATISFACTION_LEVELS.map((level) => (
                <Radio key={level} shape="button" value={level}>
                  {SATISFACTION_LABELS[level]}
                </Radio>
              ))}
            </Radio.Group>
          </Field>
        ))}
        <Field label="问题是否得到解决" required name="resolved" error={errors.resolved}>
          <Radio.Group
            className="rating__levels"
            direction="horizontal"
            value={draft.resolved === null ? '' : draft.resolved ? 'yes' : 'no'}
            onChange={(v) => set((d) => ({ ...d, resolved: v === 'yes' }))}
          >
            <Radio shape="button" value="yes">
              是
            </Radio>
            <Radio shape="button" value="no">
              否
            </Radio>
          </Radio.Group>
        </Field>
      </Section>

      {unhappy ? (
        <Section title="哪里没有做好？" className="rating__problems">
          <Text className="rating__hint">请告诉我们问题所在，运营管理人员会跟进处理。</Text>
          <Checkbox.Group
            className="rating__levels"
            direction="horizontal"
            value={draft.problems}
            onChange={(v) => set((d) => ({ ...d, problems: v }))}
          >
            {PROBLEMS.map((p) => (
              <Checkbox key={p} shape="button" value={p} label={p} />
            ))}
          </Checkbox.Group>
        </Section>
      ) : null}

      <Section title="意见或建议">
        <Field label={unhappy ? '具体情况' : '意见或建议（选填）'} name="comment" error={errors.comment}>
          <TextArea
            placeholder={unhappy ? '请说明遇到的问题，便于我们改进' : '您对本次服务的意见或建议'}
            value={draft.comment}
            maxLength={900}
            showCount
            autoSize
            onChange={(v) => set((d) => ({ ...d, comment: v }))}
          />
        </Field>
      </Section>

      <View className="rating__bar">
        <Button block type="primary" loading={form.busy} onClick={() => void form.submit()}>
          提交评价
        </Button>
        <Text className="rating__hint">依据 DB46/T 583-2023 附录 C 满意度评价表；每个需求只能评价一次</Text>
      </View>
    </View>
  )
}
