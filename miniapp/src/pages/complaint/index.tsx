import { useState } from 'react'
import { Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { Button, Radio, TextArea } from '@nutui/nutui-react-taro'
import {
  COMPLAINT_FEEDBACK_ANSWERS,
  COMPLAINT_FEEDBACK_LABELS,
  ComplaintFeedbackInputSchema,
  ComplaintInputSchema,
  COMPLAINT_TARGET_LABELS,
  type ComplaintDetail,
  type ComplaintFeedbackAnswer,
  type ComplaintTarget,
  type NeedDetail,
} from '@qi/shared'
import {
  ApiError,
  createComplaint,
  fetchComplaint,
  fetchNeed,
  giveComplaintFeedback,
  messageOf,
  newIdempotencyKey,
  showMessage,
} from '../../api'
import { ComplaintView } from '../../components/ComplaintView'
import { Field, Section } from '../../components/Field'
import { SignInPrompt } from '../../components/SignInPrompt'
import { EmptyView, ErrorView, LoadingView } from '../../components/StatusView'
import { useRemote } from '../../hooks/useRemote'
import { useSignedIn } from '../../hooks/useSignedIn'
import { useStoredState } from '../../hooks/useStoredState'
import { useForm } from '../../hooks/useForm'
import { useTimeLimits } from '../../hooks/useTimeLimits'
import { complaintPage, complaintsPage, needDetailPage, needsPage } from '../../links'
import './index.scss'
import { usePrivacyConsent } from '../../components/PrivacyPopup'

/** 投诉: a new complaint about a need (?needId=), or one complaint and its handling (?id=). */
export default function ComplaintPage() {
  const { params } = useRouter()
  const signedIn = useSignedIn()
  if (!signedIn)
    return (
      <View className="complaint">
        <SignInPrompt what="并提交投诉" />
      </View>
    )
  if (params.id) return <ExistingComplaint id={params.id} />
  if (params.needId) return <NewComplaint needId={params.needId} />
  return (
    <View className="complaint">
      <EmptyView
        title="请从需求详情发起投诉"
        description="在“我的需求”中打开相关需求，点“投诉”即可针对需求办理、服务机构或服务人员投诉。"
        actionText="去我的需求"
        onAction={() => void Taro.switchTab({ url: needsPage })}
      />
    </View>
  )
}

function ExistingComplaint({ id }: { id: string }) {
  const remote = useRemote(() => fetchComplaint(id, { toast: false }), [id])
  if (remote.state.status === 'loading')
    return (
      <View className="complaint">
        <LoadingView />
      </View>
    )
  if (remote.state.status === 'error') {
    return (
      <View className="complaint">
        <ErrorView message={remote.state.message} onRetry={() => void remote.reload()} />
      </View>
    )
  }
  const c = remote.state.data
  return (
    <View className="complaint">
      <ComplaintView complaint={c} needLink={needDetailPage} />
      {/* Only the complainant answers the outcome (the server says who: canGiveFeedback); colleagues of the enterprise read it. */}
      {c.canGiveFeedback ? <FeedbackForm complaint={c} onDone={remote.set} /> : null}
      <View className="complaint__bar">
        <Button block fill="outline" onClick={() => void Taro.redirectTo({ url: complaintsPage })}>
          我的全部投诉
        </Button>
      </View>
    </View>
  )
}

interface FeedbackDraft {
  answer: ComplaintFeedbackAnswer | null
  note: string
}

/** 对处理结果是否满意: asked once the outcome is told; 不满意 sends the complaint back to the managers. */
function FeedbackForm({ complaint: c, onDone }: { complaint: ComplaintDetail; onDone: (c: ComplaintDetail) => void }) {
  const [draft, setDraft] = useState<FeedbackDraft>({ answer: null, note: '' })
  const form = useForm({
    state: [draft, setDraft],
    schema: ComplaintFeedbackInputSchema,
    body: (d) => ({ ...(d.answer ? { answer: d.answer } : {}), ...(d.note.trim() ? { note: d.note } : {}) }),
    order: ['answer', 'note'],
    send: async (body) => {
      const done = await giveComplaintFeedback(c.id, body, { toast: false })
      onDone(done)
      showMessage(done.feedback?.answer === 'dissatisfied' ? '已退回运营管理人员重新处理' : '感谢您的评价')
    },
    onFailure: async (e) => {
      // Given already (another tap, another device): show it as it stands.
      if (e instanceof ApiError && e.code === 'duplicate') onDone(await fetchComplaint(c.id, { toast: false }))
      else showMessage(messageOf(e))
    },
  })
  const { errors } = form
  return (
    <Section title="对处理结果是否满意？" className="complaint-feedback-form">
      <Field label="您的评价" required name="answer" error={errors.answer}>
        <Radio.Group
          className="complaint__answers"
          direction="horizontal"
          value={draft.answer ?? ''}
          onChange={(v) => form.update((d) => ({ ...d, answer: v as ComplaintFeedbackAnswer }))}
        >
          {COMPLAINT_FEEDBACK_ANSWERS.map((a) => (
            <Radio key={a} shape="button" value={a}>
              {COMPLAINT_FEEDBACK_LABELS[a]}
            </Radio>
          ))}
        </Radio.Group>
      </Field>
      <Field
        label={draft.answer === 'dissatisfied' ? '哪里不满意（选填）' : '意见（选填）'}
        name="note"
        error={errors.note}
        hint={draft.answer === 'dissatisfied' ? '选择不满意后，投诉将退回运营管理人员重新调查处理' : undefined}
      >
        <TextArea
          placeholder="您对处理结果的意见"
          value={draft.note}
          maxLength={500}
          showCount
          autoSize
          onChange={(v) => form.update((d) => ({ ...d, note: v }))}
        />
      </Field>
      <Button block type="primary" loading={form.busy} onClick={() => void form.submit()}>
        提交评价
      </Button>
    </Section>
  )
}

interface ComplaintDraft {
  target: string
  content: string
  submitKey?: string
}

/** The choices: the need's handling, each provider holding a task, the owner specialist. */
function targetsOf(need: NeedDetail): { value: string; kind: ComplaintTarget; id?: string; label: string }[] {
  const providers = new Map(need.tasks.map((t) => [t.assignee.id, t.assignee.name]))
  return [
    { value: 'need', kind: 'need', label: `${COMPLAINT_TARGET_LABELS.need}（${need.number}）` },
    ...[...providers].map(([id, name]) => ({ value: `provider:${id}`, kind: 'provider' as const, id, label: `服务机构/专家：${name}` })),
    ...(need.owner
      ? [{ value: `staff:${need.owner.id}`, kind: 'staff' as const, id: need.owner.id, label: `服务专员：${need.owner.name}` }]
      : []),
  ]
}

function NewComplaint({ needId }: { needId: string }) {
  const remote = useRemote(() => fetchNeed(needId, { toast: false }), [needId])
  if (remote.state.status === 'loading')
    return (
      <View className="complaint">
        <LoadingView />
      </View>
    )
  if (remote.state.status === 'error') {
    return (
      <View className="complaint">
        <ErrorView message={remote.state.message} onRetry={() => void remote.reload()} />
      </View>
    )
  }
  return <ComplaintForm need={remote.state.data} />
}

function ComplaintForm({ need }: { need: NeedDetail }) {
  const needId = need.id
  const limits = useTimeLimits()
  const [draft, setDraft, clearDraft] = useStoredState<ComplaintDraft>(`qi.complaintDraft.${needId}`, () => ({
    target: 'need',
    content: '',
  }))
  const targets = targetsOf(need)
  const chosen = targets.find((t) => t.value === draft.target) ?? targets[0]!
  const consent = usePrivacyConsent()
  const form = useForm({
    state: [draft, setDraft],
    schema: ComplaintInputSchema,
    body: () => ({ needId, targetKind: chosen.kind, targetId: chosen.id, content: draft.content }),
    send: async (body) => {
      // The first submission asks for consent to the 隐私保护指引 and 用户协议 (recorded server-side).
      if (!(await consent.ensure())) return
      const key = draft.submitKey ?? newIdempotencyKey()
      if (!draft.submitKey) setDraft((d) => ({ ...d, submitKey: key }))
      const c = await createComplaint(body, key, { toast: false })
      clearDraft()
      showMessage('投诉已提交')
      void Taro.redirectTo({ url: complaintPage({ id: c.id }) })
    },
    onFailure: (e) =>
      showMessage(e instanceof ApiError && e.status === 0 ? '网络异常，投诉已保存，请稍后点“提交投诉”重试（不会重复提交）' : messageOf(e)),
  })
  const { errors } = form

  return (
    <View className="complaint">
      {consent.popup}
      <View className="complaint__head">
        <Text className="complaint__title">投诉</Text>
        <Text className="complaint__note">
          {need.number} · {need.title}
        </Text>
        <Text className="complaint__note">
          投诉受理后 {limits.complaintAckDays} 个工作日内确认、{limits.complaintResolveDays} 个工作日内办结，结果会告知您。
        </Text>
      </View>
      <Section title="投诉对象">
        <Field label="针对" required name="targetKind" error={errors.targetKind ?? errors.targetId}>
          <Radio.Group value={chosen.value} onChange={(v) => setDraft((d) => ({ ...d, target: String(v) }))} className="complaint__targets">
            {targets.map((t) => (
              <Radio key={t.value} value={t.value}>
                {t.label}
              </Radio>
            ))}
          </Radio.Group>
        </Field>
      </Section>
      <Section title="投诉内容">
        <Field label="请说明情况" required name="content" error={errors.content} hint="时间、经过和您的诉求，至少 10 个字">
          <TextArea
            placeholder="请描述遇到的问题"
            value={draft.content}
            maxLength={2000}
            showCount
            autoSize
            onChange={(v) => form.update((d) => ({ ...d, content: v }))}
          />
        </Field>
      </Section>
      <View className="complaint__bar">
        <Button block type="primary" loading={form.busy} onClick={() => void form.submit()}>
          提交投诉
        </Button>
      </View>
    </View>
  )
}
