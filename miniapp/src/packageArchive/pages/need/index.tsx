import { useState } from 'react'
import { Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { Button, Radio, Tag, TextArea } from '@nutui/nutui-react-taro'
import {
  ArchiveReviewInputSchema,
  CATEGORY_BY_CODE,
  CHANNEL_LABELS,
  COMPLAINT_STATE_LABELS,
  COMPLAINT_TARGET_LABELS,
  ITEM_BY_CODE,
  SATISFACTION_LABELS,
  TASK_STATE_LABELS,
  type NeedArchive,
} from '@qi/shared'
import { showMessage } from '../../../api'
import { AttachmentList } from '../../../components/AttachmentList'
import { Fact, Field, Section } from '../../../components/Field'
import { NeedTimeline } from '../../../components/NeedTimeline'
import { PdfDownload } from '../../../components/PdfDownload'
import { pageGate } from '../../../components/PageGate'
import { useForm } from '../../../hooks/useForm'
import { useMe } from '../../../hooks/useMe'
import { usePageRefresh } from '../../../hooks/usePageRefresh'
import { useRemote } from '../../../hooks/useRemote'
import { useSignedIn } from '../../../hooks/useSignedIn'
import { formatDateTime, NEED_STATE_LABELS, NEED_STATE_TAG, reviewerText } from '../../../labels'
import { archiveEnterprisePage } from '../../../links'
import { fetchNeedArchive, needArchivePdf, reviewArchive } from '../../api'
import './index.scss'

/** 一项一档: a need's whole record in one view — the 需求登记表, the process, tasks, rating, complaints, reviews — and its PDF. */
export default function NeedArchivePage() {
  const signedIn = useSignedIn()
  const id = useRouter().params.id ?? ''
  const remote = useRemote(() => fetchNeedArchive(id), [id, signedIn])
  usePageRefresh(remote.refresh)
  const gate = pageGate(signedIn, remote, { className: 'need-archive', what: '需求档案' })
  if (gate || remote.state.status !== 'ready') return gate
  return <Archive a={remote.state.data} onReviewed={() => void remote.refresh()} />
}

function Archive({ a, onReviewed }: { a: NeedArchive; onReviewed: () => void }) {
  const n = a.need
  const me = useMe()
  const manages = me.status === 'ready' && me.me.user.roles.includes('manager')
  return (
    <View className="need-archive">
      <View className="need-archive__head">
        <View className="need-archive__title-row">
          <Text className="need-archive__number">{n.number}</Text>
          <Tag type={NEED_STATE_TAG[n.state]} round>
            {NEED_STATE_LABELS[n.state]}
          </Tag>
        </View>
        <Text className="need-archive__title">{n.title}</Text>
        <Text className="need-archive__note">
          {a.retainedUntil ? `归档于 ${formatDateTime(a.closedAt!)}，保存至 ${a.retainedUntil}` : '尚未归档：办结归档后起算保存 3 年'}
        </Text>
        {a.desensitised ? <Text className="need-archive__note">个人姓名与电话已脱敏</Text> : null}
        <View className="need-archive__download">
          <PdfDownload path={needArchivePdf(n.id)} fileName={`需求档案-${n.number}.pdf`} />
        </View>
      </View>

      <Section title="需求登记表">
        <Fact label="企业名称">
          <Text className="need-archive__link" onClick={() => void Taro.navigateTo({ url: archiveEnterprisePage(a.enterprise.id) })}>
            {a.enterprise.name}
          </Text>
        </Fact>
        {a.enterprise.creditCode ? <Fact label="统一社会信用代码">{a.enterprise.creditCode}</Fact> : null}
        <Fact label="申请人">{n.applicant}</Fact>
        <Fact label="联系人">{n.contactName}</Fact>
        <Fact label="联系电话">{n.contactPhone}</Fact>
        <Fact label="提出时间">{formatDateTime(n.createdAt)}</Fact>
        <Fact label="需求类别">{n.categories.map((c) => CATEGORY_BY_CODE[c].name).join('、')}</Fact>
        {n.items.length ? <Fact label="服务项目">{n.items.map((i) => ITEM_BY_CODE.get(i)?.item.name ?? i).join('、')}</Fact> : null}
        <Fact label="需求描述">{n.description}</Fact>
        <Fact label="附件">
          <AttachmentList attachments={n.attachments} />
        </Fact>
        <Fact label="受理渠道">{CHANNEL_LABELS[n.channel]}</Fact>
        <Fact label="受理站点">{a.stationName ?? '服务中心'}</Fact>
        <Fact label="需求反馈时限">{n.desiredReplyBy ?? `答复期限 ${n.deadlines.replyBy}`}</Fact>
        <Fact label="需求负责人">{n.owner?.name ?? '—'}</Fact>
        {n.servicePeriod ? <Fact label="服务周期">{n.servicePeriod}</Fact> : null}
        {n.result || n.answer ? <Fact label="办理结果">{n.result ?? n.answer}</Fact> : null}
        {n.rejectReason ? <Fact label="不予受理理由">{n.rejectReason}</Fact> : null}
        <Fact label="记录人">{n.recorder?.name ?? (n.owner ? `${n.owner.name}（受理人）` : '—')}</Fact>
        <Fact label="审核人">{reviewerText(n.reviewer)}</Fact>
        {n.reviewer?.opinion ? <Fact label="审核意见">{n.reviewer.opinion}</Fact> : null}
      </Section>

      <Section title="过程记录">
        <NeedTimeline events={n.events} />
      </Section>

      <Section title={`服务任务（${n.tasks.length}）`}>
        {n.tasks.length === 0 ? <Text className="need-archive__none">无服务任务</Text> : null}
        {n.tasks.map((t) => (
          <View key={t.id} className="need-archive__item">
            <View className="need-archive__item-head">
              <Text className="need-archive__item-title">{t.assignee.name}</Text>
              <Text className="need-archive__meta">{TASK_STATE_LABELS[t.state]}</Text>
            </View>
            {t.result ? <Text className="need-archive__text">结果：{t.result}</Text> : null}
            {t.declineReason ? <Text className="need-archive__text">拒绝理由：{t.declineReason}</Text> : null}
            {t.attachments?.length ? <AttachmentList attachments={t.attachments} /> : null}
          </View>
        ))}
      </Section>

      <Section title="满意度评价">
        {n.rating ? (
          <>
            <Fact label="反馈及时性">{SATISFACTION_LABELS[n.rating.timeliness]}</Fact>
            <Fact label="专业性">{SATISFACTION_LABELS[n.rating.professionalism]}</Fact>
            <Fact label="文明性">{SATISFACTION_LABELS[n.rating.courtesy]}</Fact>
            <Fact label="总体评价">{SATISFACTION_LABELS[n.rating.overall]}</Fact>
            <Fact label="问题是否解决">{n.rating.resolved ? '是' : '否'}</Fact>
            {n.rating.comment ? <Fact label="意见建议">{n.rating.comment}</Fact> : null}
          </>
        ) : (
          <Text className="need-archive__none">尚未评价</Text>
        )}
      </Section>

      <Section title={`投诉（${a.complaints.length}）`}>
        {a.complaints.length === 0 ? <Text className="need-archive__none">无投诉</Text> : null}
        {a.complaints.map((c) => (
          <View key={c.id} className="need-archive__item">
            <View className="need-archive__item-head">
              <Text className="need-archive__item-title">{COMPLAINT_TARGET_LABELS[c.targetKind]}</Text>
              <Text className="need-archive__meta">{COMPLAINT_STATE_LABELS[c.state]}</Text>
            </View>
            <Text className="need-archive__text">{c.content}</Text>
            {c.outcome ? <Text className="need-archive__text">处理结果：{c.outcome}</Text> : null}
            <Text className="need-archive__meta">{formatDateTime(c.createdAt)}</Text>
          </View>
        ))}
      </Section>

      <Section title={`档案复查（${a.reviews.length}）`}>
        {a.reviews.length === 0 ? <Text className="need-archive__none">尚未复查</Text> : null}
        {a.reviews.map((r) => (
          <View key={r.id} className="need-archive__item" data-review={r.id}>
            <View className="need-archive__item-head">
              <Text className="need-archive__item-title">{r.complete ? '档案齐全' : '档案不齐全'}</Text>
              <Text className="need-archive__meta">
                {r.reviewer.name} · {formatDateTime(r.at)}
              </Text>
            </View>
            <Text className="need-archive__text">{r.findings}</Text>
          </View>
        ))}
        {manages ? <ReviewForm needId={n.id} onDone={onReviewed} /> : null}
      </Section>
    </View>
  )
}

/** 登记复查: what the manager found in the archive, and whether it is complete. */
function ReviewForm({ needId, onDone }: { needId: string; onDone: () => void }) {
  const state = useState<{ findings: string; complete: string }>({ findings: '', complete: 'yes' })
  const form = useForm({
    state,
    schema: ArchiveReviewInputSchema,
    body: (v) => ({ findings: v.findings.trim(), complete: v.complete === 'yes' }),
    order: ['findings', 'complete'],
    send: async (body) => {
      await reviewArchive(needId, body)
      state[1]({ findings: '', complete: 'yes' })
      showMessage('已登记复查')
      onDone()
    },
  })
  return (
    <View className="need-archive__review">
      <Field label="档案是否齐全" required name="complete" error={form.errors.complete}>
        <Radio.Group
          direction="horizontal"
          value={form.values.complete}
          onChange={(v) => form.update((x) => ({ ...x, complete: String(v) }), 'complete')}
        >
          <Radio value="yes">齐全</Radio>
          <Radio value="no">不齐全</Radio>
        </Radio.Group>
      </Field>
      <Field label="复查意见" required name="findings" error={form.errors.findings}>
        <TextArea
          placeholder="核对登记表、过程记录、服务报告与评价是否齐全，缺什么、如何补正"
          value={form.values.findings}
          maxLength={2000}
          onChange={(v) => form.update((x) => ({ ...x, findings: v }), 'findings')}
        />
      </Field>
      <Button type="primary" block loading={form.busy} onClick={() => void form.submit()}>
        登记复查
      </Button>
    </View>
  )
}
