// The Annex C rating form (DB46/T 583-2023 附录 C 满意度评价表), and the thanks
// once rated: one form for the signed-in rating page and the one-time link's
// page (一次一评), which differ only in where the answers go; and the link's
// notice while the service is not completed yet.
import { Text, View } from '@tarojs/components'
import { Button, Checkbox, Radio, TextArea } from '@nutui/nutui-react-taro'
import { Clock, Success } from '@nutui/icons-react-taro'
import {
  NEED_STATE_LABELS,
  RATING_QUESTIONS,
  RatingInputSchema,
  SATISFACTION_LABELS,
  SATISFACTION_LEVELS,
  type NeedState,
  type RatingInput,
  type SatisfactionLevel,
} from '@qi/shared'
import { newIdempotencyKey } from '../api'
import { daysLeftText, provisionalSuffix, todayInShanghai } from './Deadline'
import { Field, Section } from './Field'
import { useCalendar } from '../hooks/useCalendar'
import { useForm } from '../hooks/useForm'
import { useStoredState } from '../hooks/useStoredState'
import { useTimeLimits } from '../hooks/useTimeLimits'
import './RatingForm.scss'

type Question = (typeof RATING_QUESTIONS)[number]['key']

export interface RatingDraft {
  answers: Partial<Record<Question, SatisfactionLevel>>
  resolved: boolean | null
  problems: string[]
  comment: string
  /** The one-time link's submission key, kept for its retries. */
  submitKey?: string
}

const emptyRating = (): RatingDraft => ({ answers: {}, resolved: null, problems: [], comment: '' })

/** What went wrong, offered when the enterprise says 否 or 不满意. */
export const PROBLEMS = ['反馈不及时', '答复不够专业', '服务态度不好', '问题没有解决', '流程或收费不清楚', '其他']

/** The body of a rating from the form (the problems open the comment). */
export function ratingBody(d: RatingDraft): Record<string, unknown> {
  const comment = [d.problems.length ? `存在问题：${d.problems.join('、')}。` : '', d.comment.trim()].join('').trim()
  return {
    ...d.answers,
    ...(d.resolved === null ? {} : { resolved: d.resolved }),
    ...(comment ? { comment } : {}),
  }
}

export interface RatingFormProps {
  /** What is rated: the need's number and title, nothing personal. */
  need: { number: string; title: string }
  /** The last day of the rating window. */
  rateBy: string
  /** Where the draft is kept between visits. */
  draftKey: string
  /** Sends the checked answers; `key` is the submission's Idempotency-Key, the same on every retry. */
  send: (body: RatingInput, key: string) => Promise<void>
  /** Asked first (the privacy consent): false stops the submission, the draft kept. */
  beforeSend?: () => Promise<boolean>
  onFailure: (e: unknown) => void | Promise<void>
}

/** The form: four questions, resolved or not, what went wrong, a comment; the draft is kept until sent. */
export function RatingForm({ need, rateBy, draftKey, send, beforeSend, onFailure }: RatingFormProps) {
  useCalendar() // the days left follow the calendar the server counts on
  const today = todayInShanghai()
  const [draft, setDraft, clearDraft] = useStoredState<RatingDraft>(draftKey, emptyRating)
  const form = useForm({
    state: [draft, setDraft],
    schema: RatingInputSchema,
    body: ratingBody,
    order: [...RATING_QUESTIONS.map((q) => q.key), 'resolved', 'comment'],
    send: async (body) => {
      if (beforeSend && !(await beforeSend())) return
      const key = draft.submitKey ?? newIdempotencyKey()
      if (!draft.submitKey) setDraft((d) => ({ ...d, submitKey: key }))
      await send(body, key)
      clearDraft()
    },
    onFailure,
  })
  const { errors } = form
  const unhappy = draft.resolved === false || draft.answers.overall === 'dissatisfied'
  const set = form.update

  return (
    <View className="rating">
      <View className="rating__head">
        <Text className="rating__title">满意度评价</Text>
        <Text className="rating__need">
          {need.number} · {need.title}
        </Text>
        <Text className="rating__window" data-days-left={rateBy}>
          评价期限 {rateBy}（{daysLeftText(rateBy, today)}）{provisionalSuffix(rateBy, today)}
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

/** The thanks once rated; a bad rating is told it goes to the managers. */
export function RatingDone({
  rating,
  action,
}: {
  rating: { overall: SatisfactionLevel; resolved: boolean }
  action?: { text: string; onTap: () => void }
}) {
  return (
    <View className="rating">
      <View className="rating__done" data-rated="true">
        <Success size={48} />
        <Text className="rating__done-title">感谢您的评价</Text>
        <Text className="rating__done-note">
          总体评价：{SATISFACTION_LABELS[rating.overall]} · 问题{rating.resolved ? '已' : '未'}解决
        </Text>
        {!rating.resolved || rating.overall === 'dissatisfied' ? (
          <Text className="rating__done-note">我们已转交运营管理人员跟进，将尽快与您联系。</Text>
        ) : null}
        {action ? (
          <Button type="primary" onClick={action.onTap}>
            {action.text}
          </Button>
        ) : null}
      </View>
    </View>
  )
}

/**
 * A rating link opened before the service is completed (the receipt's 评价码
 * of a need recorded at the window): what it is for and where the need
 * stands; no form. The same link rates once the need is completed.
 */
export function RatingWaiting({ need }: { need: { number: string; title: string; state: NeedState } }) {
  const limits = useTimeLimits()
  return (
    <View className="rating">
      <View className="rating__done rating__waiting" data-waiting={need.state}>
        <Clock size={48} />
        <Text className="rating__done-title">服务完成后可通过此码评价</Text>
        <Text className="rating__waiting-need">{need.number}</Text>
        <Text className="rating__waiting-title">{need.title}</Text>
        <Text className="rating__waiting-state">当前状态：{NEED_STATE_LABELS[need.state]}</Text>
        <Text className="rating__done-note">
          需求办结后 {limits.rateDays} 个工作日内，再次扫码或打开此链接即可评价，无需登录；每个需求只能评价一次，请保留此码。
        </Text>
      </View>
    </View>
  )
}
