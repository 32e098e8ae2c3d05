import { useState } from 'react'
import { Picker, Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { Button, Tag, TextArea } from '@nutui/nutui-react-taro'
import { RectificationDoneSchema, type Rectification } from '@qi/shared'
import { ApiError, messageOf, showMessage } from '../../../api'
import { todayInShanghai } from '../../../components/Deadline'
import { Fact, Field, Section } from '../../../components/Field'
import { pageGate } from '../../../components/PageGate'
import { useForm } from '../../../hooks/useForm'
import { usePageRefresh } from '../../../hooks/usePageRefresh'
import { useRemote } from '../../../hooks/useRemote'
import { useSignedIn } from '../../../hooks/useSignedIn'
import { formatDateTime, RECTIFICATION_STATE_LABELS, RECTIFICATION_STATE_TAG, RESPONSIBLE_KIND_LABELS } from '../../../labels'
import { followUpPage, manageComplaintPage } from '../../../links'
import { completeRectification, fetchRectification } from '../../api'
import './index.scss'

/** 整改详情: what, who, by when, from where, and done; managers record it done, supervisors read. */
export default function RectificationPage() {
  const id = useRouter().params.id ?? ''
  const signedIn = useSignedIn()
  const remote = useRemote(() => fetchRectification(id, { toast: false }), [id, signedIn])
  usePageRefresh(remote.refresh)
  const gate = pageGate(signedIn, remote, { className: 'follow-up', what: '整改' })
  if (gate || remote.state.status !== 'ready') return gate
  const x = remote.state.data
  const source =
    x.source.kind === 'follow_up' ? followUpPage(x.source.id) : x.source.kind === 'complaint' ? manageComplaintPage(x.source.id) : null
  return (
    <View className="follow-up" data-rectification-id={x.id} data-state={x.state}>
      <View className="follow-up__head">
        <View className="follow-up__title-row">
          <Text className="follow-up__title">整改</Text>
          <Tag type={RECTIFICATION_STATE_TAG[x.state]} round>
            {RECTIFICATION_STATE_LABELS[x.state]}
          </Tag>
        </View>
        <Text className="follow-up__note">来源：{x.source.label}</Text>
        <Text className="follow-up__note">
          整改期限 {x.dueOn}
          {x.overdue ? '（已超期）' : ''}
        </Text>
      </View>
      <Section title="整改要求">
        <Fact label="整改内容">
          <Text className="follow-up__text">{x.subject}</Text>
        </Fact>
        <Fact label="责任方">
          <Text>
            {RESPONSIBLE_KIND_LABELS[x.responsible.kind]}：{x.responsible.name}
          </Text>
        </Fact>
        {x.need ? (
          <Fact label="相关需求">
            <Text className="follow-up__text">
              {x.need.number} {x.need.title}
            </Text>
          </Fact>
        ) : null}
        <Fact label="安排人">
          <Text>
            {x.createdBy} · {formatDateTime(x.createdAt)}
          </Text>
        </Fact>
        {source ? (
          <Text className="follow-up__link" onClick={() => void Taro.navigateTo({ url: source })}>
            查看来源 ›
          </Text>
        ) : null}
      </Section>
      {x.done ? (
        <Section title="完成情况">
          <Fact label="完成日期">
            <Text>{x.done.on}</Text>
          </Fact>
          <Fact label="整改情况">
            <Text className="follow-up__text">{x.done.note}</Text>
          </Fact>
          <Fact label="确认人">
            <Text>
              {x.done.by} · {formatDateTime(x.done.at)}
            </Text>
          </Fact>
        </Section>
      ) : null}
      {x.canComplete ? <DoneForm x={x} onSaved={remote.set} onStale={() => void remote.refresh()} /> : null}
      {!x.canComplete && !x.done ? <Text className="follow-up__readonly">整改完成情况由运营管理人员确认。</Text> : null}
    </View>
  )
}

function DoneForm({ x, onSaved, onStale }: { x: Rectification; onSaved: (x: Rectification) => void; onStale: () => void }) {
  const state = useState(() => ({ doneOn: todayInShanghai(), note: '' }))
  const form = useForm({
    state,
    schema: RectificationDoneSchema,
    body: (v) => ({ version: x.version, doneOn: v.doneOn, note: v.note }),
    order: ['doneOn', 'note'],
    send: async (body) => {
      onSaved(await completeRectification(x.id, body, { toast: false }))
      showMessage('已确认整改完成')
    },
    onFailure: (e, errors) => {
      if (errors) return
      if (e instanceof ApiError && (e.status === 409 || e.code === 'transition_not_allowed')) {
        showMessage('整改已被他人更新，已刷新为最新状态')
        onStale()
      } else showMessage(messageOf(e))
    },
  })
  const v = form.values
  return (
    <Section title="确认整改完成" className="follow-up__form">
      <Field label="完成日期" required name="doneOn" error={form.errors.doneOn}>
        <Picker
          mode="date"
          value={v.doneOn}
          end={todayInShanghai()}
          onChange={(e) => form.update((s) => ({ ...s, doneOn: String(e.detail.value) }))}
        >
          <Text className="follow-up__picker" data-picker="doneOn">
            {v.doneOn}
          </Text>
        </Picker>
      </Field>
      <Field label="整改情况" required name="note" error={form.errors.note} hint="做了什么、结果如何、留存了哪些材料">
        <TextArea
          placeholder="如：已逐项复核检测方案并完成专项培训，签到表已归档"
          value={v.note}
          maxLength={2000}
          showCount
          autoSize
          onChange={(t) => form.update((s) => ({ ...s, note: t }))}
        />
      </Field>
      <Button block type="primary" loading={form.busy} onClick={() => void form.submit()} data-submit="done">
        确认完成
      </Button>
    </Section>
  )
}
