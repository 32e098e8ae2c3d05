import { useState } from 'react'
import { Picker, Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { Button, Radio, Tag, TextArea } from '@nutui/nutui-react-taro'
import {
  addCalendarDays,
  CallBackInputSchema,
  CALL_BACK_METHODS,
  RATING_QUESTIONS,
  ResolutionInputSchema,
  type CallBackMethod,
  type FollowUp,
  type FollowUpResolution,
  type NeedDetail,
  type ResponsibleKind,
} from '@qi/shared'
import { ApiError, fetchNeed, messageOf, showMessage } from '../../../api'
import { todayInShanghai } from '../../../components/Deadline'
import { Fact, Field, Section } from '../../../components/Field'
import { pageGate } from '../../../components/PageGate'
import { useForm } from '../../../hooks/useForm'
import { useMe } from '../../../hooks/useMe'
import { usePageRefresh } from '../../../hooks/usePageRefresh'
import { useRemote } from '../../../hooks/useRemote'
import { useSignedIn } from '../../../hooks/useSignedIn'
import {
  CALL_BACK_METHOD_LABELS,
  FOLLOW_UP_RESOLUTION_LABELS,
  FOLLOW_UP_STATE_LABELS,
  FOLLOW_UP_STATE_TAG,
  formatDateTime,
  NEED_STATE_LABELS,
  RESPONSIBLE_KIND_LABELS,
  SATISFACTION_LABELS,
} from '../../../labels'
import { rectificationPage, staffNeedPage } from '../../../links'
import { fetchFollowUp, recordCallBack, resolveFollowUp } from '../../api'
import './index.scss'

/** 回访详情: the need, the rating, the call-backs and the resolution; the forms for whoever may act (never for supervisors). */
export default function FollowUpPage() {
  const id = useRouter().params.id ?? ''
  const signedIn = useSignedIn()
  const remote = useRemote(() => fetchFollowUp(id, { toast: false }), [id, signedIn])
  usePageRefresh(remote.refresh)
  const gate = pageGate(signedIn, remote, { className: 'follow-up', what: '回访' })
  if (gate || remote.state.status !== 'ready') return gate
  const f = remote.state.data
  const readOnly = !f.allowed.callBack && f.allowed.resolutions.length === 0
  /** Someone else moved it first (409, or a step that no longer fits): show it as it now stands. */
  const stale = (e: unknown) => {
    if (e instanceof ApiError && (e.status === 409 || e.code === 'transition_not_allowed')) {
      showMessage(e.status === 409 ? '回访已被他人更新，已刷新为最新状态' : e.message)
      void remote.refresh()
      return true
    }
    return false
  }

  return (
    <View className="follow-up" data-follow-up-id={f.id} data-state={f.state}>
      <View className="follow-up__head">
        <View className="follow-up__title-row">
          <Text className="follow-up__title">{f.need.title}</Text>
          <Tag type={FOLLOW_UP_STATE_TAG[f.state]} round>
            {FOLLOW_UP_STATE_LABELS[f.state]}
          </Tag>
        </View>
        <Text className="follow-up__note">
          {f.need.number} · {f.need.enterpriseName} · 需求{NEED_STATE_LABELS[f.need.state]}
        </Text>
        <Text className="follow-up__note">原因：{f.reason}</Text>
        <Text className="follow-up__note">
          负责人：{f.owner?.name ?? '未指定'} · 处理期限 {f.dueOn}
          {f.overdue ? '（已超期）' : ''}
        </Text>
      </View>

      {f.rating ? (
        <Section title="企业评价（附录C）">
          {RATING_QUESTIONS.map((q) => (
            <Fact key={q.key} label={q.label}>
              <Text>{SATISFACTION_LABELS[f.rating![q.key]]}</Text>
            </Fact>
          ))}
          <Fact label="问题是否解决">
            <Text>{f.rating.resolved ? '是' : '否'}</Text>
          </Fact>
          {f.rating.comment ? (
            <Fact label="企业意见">
              <Text className="follow-up__text">{f.rating.comment}</Text>
            </Fact>
          ) : null}
        </Section>
      ) : null}

      <Section title="回访记录">
        {f.callBacks.length === 0 ? <Text className="follow-up__empty">尚未回访</Text> : null}
        {f.callBacks.map((c) => (
          <View key={c.id} className="follow-up__call" data-call-back>
            <Text className="follow-up__call-head">
              {formatDateTime(c.calledAt)} · {CALL_BACK_METHOD_LABELS[c.method]} · {c.recordedBy}
            </Text>
            <Text className="follow-up__text">{c.note}</Text>
          </View>
        ))}
      </Section>

      {f.resolution ? (
        <Section title="处理结果">
          <Fact label="处理方式">
            <Text>{FOLLOW_UP_RESOLUTION_LABELS[f.resolution.kind]}</Text>
          </Fact>
          <Fact label="说明">
            <Text className="follow-up__text">{f.resolution.note}</Text>
          </Fact>
          <Fact label="处理人">
            <Text>
              {f.resolution.by} · {formatDateTime(f.resolution.at)}
            </Text>
          </Fact>
          {f.resolution.rectificationId ? (
            <Text
              className="follow-up__link"
              onClick={() => void Taro.navigateTo({ url: rectificationPage(f.resolution!.rectificationId!) })}
            >
              查看整改 ›
            </Text>
          ) : null}
        </Section>
      ) : null}

      {f.allowed.resolutions.length ? (
        <View data-form="resolution">
          <ResolutionForm f={f} onSaved={remote.set} stale={stale} />
        </View>
      ) : null}
      {f.allowed.callBack ? (
        <View data-form="call-back">
          <CallBackForm f={f} onSaved={remote.set} stale={stale} />
        </View>
      ) : null}
      {readOnly && f.state !== 'resolved' ? (
        <Text className="follow-up__readonly">监督部门可查看回访及处理情况，回访和处理由负责人或运营管理人员进行。</Text>
      ) : null}
      {!readOnly ? (
        <Text className="follow-up__link follow-up__link--need" onClick={() => void Taro.navigateTo({ url: staffNeedPage(f.need.id) })}>
          打开需求记录 ›
        </Text>
      ) : null}
    </View>
  )
}

/** Now in Shanghai as a date and a time of day (the call-back's default). */
function shanghaiNow(): { date: string; time: string } {
  const d = new Date(Date.now() + 8 * 3600_000).toISOString()
  return { date: d.slice(0, 10), time: d.slice(11, 16) }
}

interface CallBackValues {
  date: string
  time: string
  method: CallBackMethod
  note: string
}

function CallBackForm({ f, onSaved, stale }: { f: FollowUp; onSaved: (f: FollowUp) => void; stale: (e: unknown) => boolean }) {
  const state = useState<CallBackValues>(() => ({ ...shanghaiNow(), method: 'phone', note: '' }))
  const form = useForm({
    state,
    schema: CallBackInputSchema,
    body: (v) => ({ version: f.version, calledAt: `${v.date}T${v.time}:00+08:00`, method: v.method, note: v.note }),
    order: ['calledAt', 'method', 'note'],
    send: async (body) => {
      const saved = await recordCallBack(f.id, body, { toast: false })
      onSaved(saved)
      state[1]({ ...shanghaiNow(), method: 'phone', note: '' })
      showMessage('回访记录已保存')
    },
    onFailure: (e, errors) => {
      if (!errors && !stale(e)) showMessage(messageOf(e))
    },
  })
  const v = form.values
  return (
    <Section title={f.callBacks.length ? '补充回访记录' : '记录回访'} className="follow-up__form">
      <Field label="回访时间" required name="calledAt" error={form.errors.calledAt}>
        <View className="follow-up__when">
          <Picker
            mode="date"
            value={v.date}
            end={todayInShanghai()}
            onChange={(e) => form.update((x) => ({ ...x, date: String(e.detail.value) }))}
          >
            <Text className="follow-up__picker" data-picker="date">
              {v.date}
            </Text>
          </Picker>
          <Picker mode="time" value={v.time} onChange={(e) => form.update((x) => ({ ...x, time: String(e.detail.value) }))}>
            <Text className="follow-up__picker" data-picker="time">
              {v.time}
            </Text>
          </Picker>
        </View>
      </Field>
      <Field label="回访方式" required name="method" error={form.errors.method}>
        <Radio.Group value={v.method} direction="horizontal" onChange={(m) => form.update((x) => ({ ...x, method: m as CallBackMethod }))}>
          {CALL_BACK_METHODS.map((m) => (
            <Radio key={m} value={m}>
              {CALL_BACK_METHOD_LABELS[m]}
            </Radio>
          ))}
        </Radio.Group>
      </Field>
      <Field label="企业反馈" required name="note" error={form.errors.note} hint="企业怎么说：问题现状、诉求和对处理的意见">
        <TextArea
          placeholder="记录企业在回访中的反馈"
          value={v.note}
          maxLength={2000}
          showCount
          autoSize
          onChange={(t) => form.update((x) => ({ ...x, note: t }))}
        />
      </Field>
      <Button block type="primary" fill="outline" loading={form.busy} onClick={() => void form.submit()} data-submit="call-back">
        保存回访记录
      </Button>
    </Section>
  )
}

interface ResolutionValues {
  resolution: FollowUpResolution
  note: string
  subject: string
  responsible: string
  dueOn: string
}

/** Who can answer for a rectification of this need: its owner specialist, its providers, or the manager acting. */
function responsibleOptions(f: FollowUp, need: NeedDetail | null, me: { id: string; name: string } | null) {
  const out: { key: string; kind: ResponsibleKind; id: string; label: string }[] = []
  const add = (kind: ResponsibleKind, id: string, name: string) => {
    if (!out.some((o) => o.id === id)) out.push({ key: `${kind}:${id}`, kind, id, label: `${RESPONSIBLE_KIND_LABELS[kind]}：${name}` })
  }
  if (need?.owner) add('staff', need.owner.id, need.owner.name)
  else if (f.owner) add('staff', f.owner.id, f.owner.name)
  for (const t of need?.tasks ?? []) add(t.assignee.kind, t.assignee.id, t.assignee.name)
  if (me) add('staff', me.id, `${me.name}（本人）`)
  return out
}

function ResolutionForm({ f, onSaved, stale }: { f: FollowUp; onSaved: (f: FollowUp) => void; stale: (e: unknown) => boolean }) {
  const me = useMe()
  const need = useRemote(() => fetchNeed(f.need.id, { toast: false }), [f.need.id])
  const options = responsibleOptions(
    f,
    need.state.status === 'ready' ? need.state.data : null,
    me.status === 'ready' ? { id: me.me.user.id, name: me.me.user.name } : null,
  )
  const state = useState<ResolutionValues>(() => ({
    resolution: f.allowed.resolutions[0]!,
    note: '',
    subject: '',
    responsible: '',
    dueOn: addCalendarDays(todayInShanghai(), 14),
  }))
  const chosen = options.find((o) => o.key === state[0].responsible) ?? options[0]
  const form = useForm({
    state,
    schema: ResolutionInputSchema,
    body: (v) =>
      v.resolution === 'rectify'
        ? {
            resolution: v.resolution,
            version: f.version,
            note: v.note,
            rectification: { subject: v.subject, responsible: chosen ? { kind: chosen.kind, id: chosen.id } : undefined, dueOn: v.dueOn },
          }
        : { resolution: v.resolution, version: f.version, note: v.note },
    errorsOf: (issues) =>
      Object.fromEntries(
        issues.map((i) => {
          const path = typeof i.path === 'string' ? i.path.split('.') : i.path.map(String)
          return [path[0] === 'rectification' ? (path[1] ?? 'subject') : (path[0] ?? '_form'), i.message]
        }),
      ),
    order: ['resolution', 'note', 'subject', 'responsible', 'dueOn'],
    send: async (body) => {
      const saved = await resolveFollowUp(f.id, body, { toast: false })
      onSaved(saved)
      showMessage(`回访已处理：${FOLLOW_UP_RESOLUTION_LABELS[saved.resolution!.kind]}`)
    },
    onFailure: (e, errors) => {
      if (!errors && !stale(e)) showMessage(messageOf(e))
    },
  })
  const v = form.values
  const NOTE_LABEL: Record<FollowUpResolution, { label: string; placeholder: string }> = {
    reopen: { label: '重新办理的原因', placeholder: '如：企业需补充欧盟标准检测项目，重新安排机构服务' },
    rectify: { label: '处理说明', placeholder: '如：检测方案不完整，责成服务机构整改' },
    explain: { label: '解释说明', placeholder: '向企业解释的内容及企业的态度' },
  }
  return (
    <Section title="处理回访" className="follow-up__form">
      <Field label="处理方式" required name="resolution" error={form.errors.resolution}>
        <Radio.Group
          value={v.resolution}
          direction="horizontal"
          onChange={(r) => form.update((x) => ({ ...x, resolution: r as FollowUpResolution }))}
        >
          {f.allowed.resolutions.map((r) => (
            <Radio key={r} value={r}>
              {FOLLOW_UP_RESOLUTION_LABELS[r]}
            </Radio>
          ))}
        </Radio.Group>
      </Field>
      <Field label={NOTE_LABEL[v.resolution].label} required name="note" error={form.errors.note}>
        <TextArea
          placeholder={NOTE_LABEL[v.resolution].placeholder}
          value={v.note}
          maxLength={1000}
          showCount
          autoSize
          onChange={(t) => form.update((x) => ({ ...x, note: t }))}
        />
      </Field>
      {v.resolution === 'rectify' ? (
        <>
          <Field label="整改内容" required name="subject" error={form.errors.subject}>
            <TextArea
              placeholder="要整改的问题和要求"
              value={v.subject}
              maxLength={1000}
              showCount
              autoSize
              onChange={(t) => form.update((x) => ({ ...x, subject: t }))}
            />
          </Field>
          <Field label="整改责任方" required name="responsible" error={form.errors.responsible}>
            <Radio.Group value={chosen?.key ?? ''} onChange={(k) => form.update((x) => ({ ...x, responsible: String(k) }))}>
              {options.map((o) => (
                <Radio key={o.key} value={o.key}>
                  {o.label}
                </Radio>
              ))}
            </Radio.Group>
          </Field>
          <Field label="整改期限" required name="dueOn" error={form.errors.dueOn}>
            <Picker
              mode="date"
              value={v.dueOn}
              start={todayInShanghai()}
              onChange={(e) => form.update((x) => ({ ...x, dueOn: String(e.detail.value) }))}
            >
              <Text className="follow-up__picker" data-picker="dueOn">
                {v.dueOn}
              </Text>
            </Picker>
          </Field>
        </>
      ) : null}
      <Text className="follow-up__hint">
        {v.resolution === 'reopen'
          ? '需求将回到“服务中”，由负责人继续办理，企业会收到通知。'
          : v.resolution === 'rectify'
            ? '整改将列入整改清单，到期未完成会提醒责任人和运营管理人员。'
            : '处理后不能再修改。'}
      </Text>
      <Button block type="primary" loading={form.busy} onClick={() => void form.submit()} data-submit="resolution">
        确认处理
      </Button>
    </Section>
  )
}
