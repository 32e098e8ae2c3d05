import { useState } from 'react'
import { Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { Button, Radio, TextArea } from '@nutui/nutui-react-taro'
import {
  PROPOSAL_DECISIONS,
  PROPOSAL_STATES,
  ProposalDecisionInputSchema,
  thresholdsVersionText,
  type Proposal,
  type ProposalDecision,
  type ProposalState,
} from '@qi/shared'
import { ApiError, messageOf, showMessage } from '../../../api'
import { Field } from '../../../components/Field'
import { EmptyView } from '../../../components/StatusView'
import { useForm } from '../../../hooks/useForm'
import { useMe } from '../../../hooks/useMe'
import { useRemotePage } from '../../../hooks/useRemote'
import { useSignedIn } from '../../../hooks/useSignedIn'
import {
  EVALUATION_SUBJECT_KIND_LABELS,
  PROPOSAL_DECISION_LABELS,
  PROPOSAL_KIND_LABELS,
  PROPOSAL_STATE_LABELS,
  PROVIDER_STATUS_LABELS,
  formatDateTime,
  formatRate,
} from '../../../labels'
import { evaluationSubjectPage } from '../../../links'
import { pageGate } from '../../../components/PageGate'
import { decideProposal, fetchProposals, runProposals } from '../../evaluationApi'
import './proposals.scss'

/** 评价建议: what the thresholds propose; managers decide each with a reason, supervisors look on. */
export default function EvaluationProposalsPage() {
  const { params } = useRouter()
  const signedIn = useSignedIn()
  const me = useMe()
  const [state, setState] = useState<ProposalState | undefined>(PROPOSAL_STATES.find((s) => s === params.state))
  const remote = useRemotePage(() => fetchProposals(state), [state])
  const [running, setRunning] = useState(false)
  const gate = pageGate(signedIn, remote, { className: 'proposals', what: '评价建议' })
  // Decisions only for managers, and only once we know who this is: a supervisor gets no buttons and no forms.
  const decides = me.status === 'ready' && me.me.roles.includes('manager')

  const run = async () => {
    setRunning(true)
    try {
      const r = await runProposals()
      showMessage(r.created ? `新增 ${r.created} 条建议` : '没有新的建议')
      await remote.refresh()
    } catch {
      // The client's toast says what went wrong.
    } finally {
      setRunning(false)
    }
  }

  return (
    <View className="proposals">
      <View className="proposals__head">
        <Text className="proposals__title">评价建议</Text>
        {decides ? (
          <Button size="small" type="primary" loading={running} onClick={() => void run()}>
            立即评价
          </Button>
        ) : null}
      </View>
      <View className="proposals__chips">
        <Button size="small" type={state === undefined ? 'primary' : 'default'} onClick={() => setState(undefined)}>
          全部
        </Button>
        {PROPOSAL_STATES.map((s) => (
          <Button key={s} size="small" type={s === state ? 'primary' : 'default'} onClick={() => setState(s)}>
            {PROPOSAL_STATE_LABELS[s]}
          </Button>
        ))}
      </View>
      {gate ??
        (remote.state.status === 'ready' ? (
          remote.state.data.items.length === 0 ? (
            <EmptyView title="暂无评价建议" description={decides ? '点“立即评价”按现行阈值检查全部机构和专家' : undefined} />
          ) : (
            remote.state.data.items.map((p) => (
              <ProposalCard key={`${p.id}-${p.version}`} proposal={p} decides={decides} onDecided={() => void remote.refresh()} />
            ))
          )
        ) : null)}
    </View>
  )
}

function ProposalCard({ proposal: p, decides, onDecided }: { proposal: Proposal; decides: boolean; onDecided: () => void }) {
  return (
    <View className="proposals__card" data-proposal={p.id} data-subject={p.subjectId} data-state={p.state}>
      <View className="proposals__card-head">
        <Text className="proposals__name" onClick={() => void Taro.navigateTo({ url: evaluationSubjectPage(p.subjectKind, p.subjectId) })}>
          {p.subjectName}
        </Text>
        <Text className={`proposals__kind proposals__kind--${p.kind}`}>{PROPOSAL_KIND_LABELS[p.kind]}</Text>
      </View>
      <Text className="proposals__meta">
        {EVALUATION_SUBJECT_KIND_LABELS[p.subjectKind]} · {PROVIDER_STATUS_LABELS[p.fromStatus]} → {PROVIDER_STATUS_LABELS[p.toStatus]} ·{' '}
        {PROPOSAL_STATE_LABELS[p.state]}
      </Text>
      {p.findings.map((f) => (
        <Text key={f} className={p.kind === 'restore' ? 'proposals__meta' : 'proposals__finding'}>
          {f}
        </Text>
      ))}
      <Text className="proposals__meta">
        依据（近 {p.window.months} 个月，{p.window.from} 至 {p.window.to}，{thresholdsVersionText(p.thresholdsVersion)}）：服务{' '}
        {p.figures.served} · 完成率 {formatRate(p.figures.completion)} · 按时率 {formatRate(p.figures.onTime)} · 满意率{' '}
        {formatRate(p.figures.satisfaction)} · 有效投诉 {p.figures.complaints}
        {p.figures.declines !== null ? ` · 拒单 ${p.figures.declines}` : ''}
      </Text>
      <Text className="proposals__meta">生成于 {formatDateTime(p.createdAt)}</Text>
      {p.reason ? (
        <Text className="proposals__decided">
          {p.decidedBy} {p.decidedAt ? formatDateTime(p.decidedAt) : ''}
          {p.state === 'accepted' ? ' 采纳' : ' 不采纳'}：{p.reason}
        </Text>
      ) : null}
      {decides && p.state === 'pending' ? <DecisionForm proposal={p} onDecided={onDecided} /> : null}
    </View>
  )
}

interface DecisionDraft {
  decision: ProposalDecision | ''
  reason: string
}

/** A manager's decision: accept or reject, with a reason (required). */
function DecisionForm({ proposal: p, onDecided }: { proposal: Proposal; onDecided: () => void }) {
  const [draft, setDraft] = useState<DecisionDraft>({ decision: '', reason: '' })
  const form = useForm({
    state: [draft, setDraft],
    schema: ProposalDecisionInputSchema,
    body: (d) => ({ version: p.version, decision: d.decision || undefined, reason: d.reason.trim() }),
    order: ['decision', 'reason'],
    send: async (body) => {
      await decideProposal(p.id, body)
      showMessage(body.decision === 'accept' ? '已采纳，已通知对方' : '已记录不采纳')
      onDecided()
    },
    onFailure: (e) => {
      if (e instanceof ApiError && (e.status === 409 || e.status === 422)) onDecided()
      showMessage(messageOf(e))
    },
  })
  return (
    <View className="proposals__form">
      <Field name="decision" label="决定" required error={form.errors.decision}>
        <Radio.Group
          direction="horizontal"
          value={draft.decision}
          onChange={(v) => form.update((d) => ({ ...d, decision: v as ProposalDecision }), 'decision')}
        >
          {PROPOSAL_DECISIONS.map((d) => (
            <Radio key={d} value={d}>
              {PROPOSAL_DECISION_LABELS[d]}
            </Radio>
          ))}
        </Radio.Group>
      </Field>
      <Field name="reason" label="理由" required error={form.errors.reason}>
        <TextArea
          placeholder="写明决定的理由（将记入名录修改历史并告知对方）"
          value={draft.reason}
          maxLength={500}
          onChange={(v: string) => form.update((d) => ({ ...d, reason: v }), 'reason')}
        />
      </Field>
      <View className="proposals__buttons">
        <Button type="primary" loading={form.busy} onClick={() => void form.submit()}>
          提交决定
        </Button>
      </View>
    </View>
  )
}
