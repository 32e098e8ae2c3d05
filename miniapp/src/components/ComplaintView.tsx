import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { Step, Steps } from '@nutui/nutui-react-taro'
import {
  COMPLAINT_FEEDBACK_LABELS,
  COMPLAINT_STATE_LABELS,
  COMPLAINT_STATES,
  COMPLAINT_TARGET_LABELS,
  type ComplaintDetail,
} from '@qi/shared'
import { formatDateTime } from '../labels'
import { complaintTargetText } from './ComplaintCard'
import { DeadlineText } from './Deadline'
import { Fact, Section } from './Field'
import './ComplaintView.scss'

/**
 * Where the complaint stands on its steps (COMPLAINT_TRANSITIONS: one after
 * the other): the steps passed, the current one, those to come. A reopened
 * complaint (重新调查) stands at 调查中 again. Once resolved every step is done.
 */
export function complaintSteps(c: Pick<ComplaintDetail, 'state' | 'events'>) {
  const current = COMPLAINT_STATES.indexOf(c.state)
  const done = c.state === 'resolved'
  return COMPLAINT_STATES.map((s, i) => {
    // The latest time the complaint reached this step (a reopened one reaches 调查中 twice).
    const reached = [...c.events].reverse().find((e) => e.to === s)
    const status: 'finish' | 'process' | 'wait' = i < current || done ? 'finish' : i === current ? 'process' : 'wait'
    return { state: s, label: COMPLAINT_STATE_LABELS[s], status, at: status === 'wait' ? null : (reached?.at ?? null) }
  })
}

/**
 * One complaint: what, against whom, the need it is about (a link, where
 * `needLink` gives one), each handling step and the outcome, and what the
 * complainant said of it (or, to anyone else, that it is awaited).
 */
export function ComplaintView({ complaint: c, needLink }: { complaint: ComplaintDetail; needLink?: (needId: string) => string }) {
  const steps = complaintSteps(c)
  const current = steps.findIndex((s) => s.status === 'process')
  const open = c.state !== 'resolved'
  return (
    <View data-complaint-state={c.state}>
      <Section title="处理进度">
        {/* value: the current step (1-based); past the last once resolved, so every step reads as done.
            status "dynamic": NutUI's default status paints every step alike (nut-step-default), marking none. */}
        {/* Vertical: four steps with their times do not fit side by side on a 320 px phone. */}
        <Steps
          value={current < 0 ? steps.length + 1 : current + 1}
          status="dynamic"
          direction="vertical"
          type="dot"
          className="complaint-steps"
        >
          {steps.map((s, i) => (
            <Step
              key={s.state}
              value={i + 1}
              className={`complaint-step complaint-step--${s.status}`}
              title={s.status === 'process' ? `${s.label}（当前）` : s.label}
              description={s.at ? formatDateTime(s.at).slice(5) : s.status === 'wait' ? '待办' : ''}
            />
          ))}
        </Steps>
        {c.outcome ? (
          <View className="complaint-outcome">
            <Text className="complaint-outcome__label">处理结果</Text>
            <Text className="complaint-outcome__text">{c.outcome}</Text>
          </View>
        ) : null}
        {c.feedback ? (
          <View className={`complaint-feedback complaint-feedback--${c.feedback.answer}`} data-feedback={c.feedback.answer}>
            <Text className="complaint-feedback__label">投诉人评价：{COMPLAINT_FEEDBACK_LABELS[c.feedback.answer]}</Text>
            {c.feedback.note ? <Text className="complaint-feedback__text">{c.feedback.note}</Text> : null}
            {c.feedback.answer === 'dissatisfied' ? (
              <Text className="complaint-feedback__text">已退回运营管理人员重新调查处理。</Text>
            ) : null}
          </View>
        ) : c.state === 'resolved' && !c.canGiveFeedback ? (
          // The complainant answers (the page shows them the form); a colleague or staff member reads that it is awaited.
          <Text className="complaint-feedback-awaited" data-feedback="awaited">
            等待投诉人{c.complainant.name ? `（${c.complainant.name}）` : ''}评价处理结果。
          </Text>
        ) : null}
      </Section>
      <Section title="投诉内容">
        <Fact label="投诉对象">{c.targetKind === 'need' ? COMPLAINT_TARGET_LABELS.need : complaintTargetText(c)}</Fact>
        {c.need ? (
          <Fact label="相关需求">
            {needLink ? (
              <Text
                className="complaint-need-link"
                data-need-link={c.need.id}
                onClick={() => void Taro.navigateTo({ url: needLink(c.need!.id) })}
              >
                {c.need.number} {c.need.title}
              </Text>
            ) : (
              `${c.need.number} ${c.need.title}`
            )}
          </Fact>
        ) : null}
        <Fact label="内容">{c.content}</Fact>
        <Fact label="提交时间">{formatDateTime(c.createdAt)}</Fact>
        <Fact label="确认时限">{open && c.state === 'received' ? <DeadlineText due={c.acknowledgeBy} /> : c.acknowledgeBy}</Fact>
        <Fact label="办结时限">{open ? <DeadlineText due={c.resolveBy} /> : c.resolveBy}</Fact>
      </Section>
      <Section title="处理记录">
        {c.events.map((e, i) => (
          <View key={`${e.at}-${e.to}-${i}`} className="complaint-event">
            <Text className="complaint-event__what">{e.from === 'resolved' ? '重新调查' : COMPLAINT_STATE_LABELS[e.to]}</Text>
            <Text className="complaint-event__meta">
              {formatDateTime(e.at)} · {e.actorName}
            </Text>
            {e.note ? <Text className="complaint-event__note">{e.note}</Text> : null}
          </View>
        ))}
      </Section>
    </View>
  )
}
