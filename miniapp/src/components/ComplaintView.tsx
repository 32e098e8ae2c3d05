import { Text, View } from '@tarojs/components'
import { Step, Steps } from '@nutui/nutui-react-taro'
import { COMPLAINT_STATE_LABELS, COMPLAINT_STATES, type ComplaintDetail } from '@qi/shared'
import { formatDateTime } from '../labels'
import { complaintTargetText } from './ComplaintCard'
import { DeadlineText } from './Deadline'
import { Fact, Section } from './Field'
import './ComplaintView.scss'

/** One complaint as its complainant sees it: what, against whom, each handling step and the outcome. */
export function ComplaintView({ complaint: c }: { complaint: ComplaintDetail }) {
  const step = COMPLAINT_STATES.indexOf(c.state) + 1
  const open = c.state !== 'resolved'
  return (
    <View data-complaint-state={c.state}>
      <Section title="处理进度">
        <Steps value={step} type="dot">
          {COMPLAINT_STATES.map((s, i) => (
            <Step key={s} value={i + 1} title={COMPLAINT_STATE_LABELS[s]} />
          ))}
        </Steps>
        {c.outcome ? (
          <View className="complaint-outcome">
            <Text className="complaint-outcome__label">处理结果</Text>
            <Text className="complaint-outcome__text">{c.outcome}</Text>
          </View>
        ) : null}
      </Section>
      <Section title="投诉内容">
        <Fact label="投诉对象">{complaintTargetText(c)}</Fact>
        {/* A complaint about the need itself already names it as its object. */}
        {c.need && c.targetKind !== 'need' ? <Fact label="相关需求">{`${c.need.number} ${c.need.title}`}</Fact> : null}
        <Fact label="内容">{c.content}</Fact>
        <Fact label="提交时间">{formatDateTime(c.createdAt)}</Fact>
        <Fact label="确认时限">{open && c.state === 'received' ? <DeadlineText due={c.acknowledgeBy} /> : c.acknowledgeBy}</Fact>
        <Fact label="办结时限">{open ? <DeadlineText due={c.resolveBy} /> : c.resolveBy}</Fact>
      </Section>
      <Section title="处理记录">
        {c.events.map((e) => (
          <View key={`${e.at}-${e.to}`} className="complaint-event">
            <Text className="complaint-event__what">{COMPLAINT_STATE_LABELS[e.to]}</Text>
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
