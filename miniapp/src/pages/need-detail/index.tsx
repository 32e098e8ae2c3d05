import { useRef, useState } from 'react'
import { Text, View } from '@tarojs/components'
import Taro, { useDidShow, usePullDownRefresh, useRouter } from '@tarojs/taro'
import { Button, Checkbox, Tag, TextArea } from '@nutui/nutui-react-taro'
import {
  apiPath,
  ARCHIVE_PATHS,
  CATEGORY_BY_CODE,
  CHANNEL_LABELS,
  ITEM_BY_CODE,
  NeedActionSchema,
  TASK_STATE_LABELS,
  type NeedActionInput,
  type NeedDetail,
} from '@qi/shared'
import { actOnNeed, ApiError, fetchNeed, messageOf, showMessage } from '../../api'
import { RatingFacts } from '../../components/RatingFacts'
import { AttachmentList } from '../../components/AttachmentList'
import { AttachmentPicker, attachmentsProblem, uploadedAttachments, type AttachmentDraft } from '../../components/AttachmentPicker'
import { DeadlineText, daysLeftText, provisionalSuffix, ratingWindow, todayInShanghai } from '../../components/Deadline'
import { useCalendar } from '../../hooks/useCalendar'
import { Fact, Field, Section } from '../../components/Field'
import { NeedQrCode } from '../../components/NeedQrCode'
import { NeedTimeline } from '../../components/NeedTimeline'
import { PdfDownload } from '../../components/PdfDownload'
import { SignInPrompt } from '../../components/SignInPrompt'
import { StationFact } from '../../components/StationFact'
import { EmptyView, ErrorView, LoadingView } from '../../components/StatusView'
import { useForm } from '../../hooks/useForm'
import { useMe } from '../../hooks/useMe'
import { useRemote } from '../../hooks/useRemote'
import { useSignedIn } from '../../hooks/useSignedIn'
import { useSubmission } from '../../hooks/useSubmission'
import { formatDateTime, NEED_STATE_LABELS, NEED_STATE_TAG, reviewerText } from '../../labels'
import { complaintPage, needsPage, ratingPage } from '../../links'
import { NeedComplaints } from '../../components/NeedComplaints'
import './index.scss'

/** Needs whose clock the enterprise waits on (the staff's reply deadline). */
const OPEN_STATES = ['submitted', 'accepted', 'info_requested', 'in_service']

export default function NeedDetailPage() {
  const { params } = useRouter()
  const id = params.id ?? ''
  const signedIn = useSignedIn()
  const me = useMe()
  const remote = useRemote(() => fetchNeed(id, { toast: false }), [id, signedIn])
  const shownOnce = useRef(false)

  // Back from rating or complaining: show the new state.
  useDidShow(() => {
    if (shownOnce.current && remote.state.status === 'ready') void remote.refresh()
    shownOnce.current = true
  })
  usePullDownRefresh(async () => {
    await remote.refresh()
    Taro.stopPullDownRefresh()
  })

  if (!signedIn)
    return (
      <View className="need-detail">
        <SignInPrompt what="需求的办理进度" />
      </View>
    )
  if (!id) {
    return (
      <View className="need-detail">
        <EmptyView title="未找到该需求" actionText="返回我的需求" onAction={() => void Taro.switchTab({ url: needsPage })} />
      </View>
    )
  }
  // Wait for the user as well: whose need it is decides which actions are offered.
  if (remote.state.status === 'loading' || me.status === 'loading')
    return (
      <View className="need-detail">
        <LoadingView />
      </View>
    )
  if (remote.state.status === 'error') {
    return (
      <View className="need-detail">
        <ErrorView message={remote.state.message} onRetry={() => void remote.reload()} />
      </View>
    )
  }
  if (me.status === 'error')
    return (
      <View className="need-detail">
        <ErrorView message={me.message} onRetry={me.reload} />
      </View>
    )
  const need = remote.state.data
  // The enterprise's own need: its actions (withdraw, supplement, rate, complain) are offered.
  const isOwn = me.status === 'ready' && me.me.enterprise?.id === need.enterprise.id
  return <Detail need={need} isOwn={isOwn} onChanged={remote.set} onStale={() => void remote.refresh()} />
}

function Detail(props: { need: NeedDetail; isOwn: boolean; onChanged: (n: NeedDetail) => void; onStale: () => void }) {
  const { need, isOwn, onChanged, onStale } = props
  useCalendar() // the days left follow the calendar the server counts on
  const today = todayInShanghai()
  const rating = ratingWindow(need, today)
  const submission = useSubmission()
  const canWithdraw = isOwn && need.allowedActions.includes('withdraw')
  const canSupplement = isOwn && need.allowedActions.includes('supplement')

  const act = (body: Parameters<typeof actOnNeed>[1], done: string) =>
    submission.run(async () => {
      try {
        onChanged(await actOnNeed(need.id, body, { toast: false }))
        showMessage(done)
        return true
      } catch (e) {
        showMessage(messageOf(e))
        // Someone changed it since this page loaded: show the current state.
        if (e instanceof ApiError && (e.code === 'version_conflict' || e.status === 422)) onStale()
        return false
      }
    })

  const withdraw = async () => {
    const { confirm } = await Taro.showModal({ title: '撤回需求', content: '撤回后服务专员将不再办理，确定撤回吗？' })
    if (confirm) await act({ action: 'withdraw', version: need.version }, '需求已撤回')
  }

  return (
    <View className="need-detail" data-state={need.state}>
      <View className="need-detail__head">
        <View className="need-detail__title-row">
          <Text className="need-detail__title">{need.title}</Text>
          <Tag type={NEED_STATE_TAG[need.state]} round>
            <Text data-need-state={need.state}>{NEED_STATE_LABELS[need.state]}</Text>
          </Tag>
        </View>
        <Text className="need-detail__number">统一编号 {need.number}</Text>
        <Text className="need-detail__meta">
          {formatDateTime(need.createdAt)} 提交 · {CHANNEL_LABELS[need.channel]}
        </Text>
      </View>

      {rating.open && isOwn ? (
        <View className="need-detail__cta" data-cta="rate">
          <View>
            <Text className="need-detail__cta-title">服务已办结，请您评价</Text>
            <Text className="need-detail__cta-note">
              评价期限 {rating.rateBy}（{daysLeftText(rating.rateBy!, today)}）{provisionalSuffix(rating.rateBy!, today)}
            </Text>
          </View>
          <Button type="primary" size="small" onClick={() => void Taro.navigateTo({ url: ratingPage(need.id) })}>
            去评价
          </Button>
        </View>
      ) : null}

      {canSupplement ? <Supplement need={need} busy={submission.busy} onSubmit={(body) => act(body, '补充材料已提交')} /> : null}

      {need.rating ? (
        <Section title="我的评价" className="need-detail__rating">
          <RatingFacts rating={need.rating} />
        </Section>
      ) : null}

      <Section title="办理时限">
        <Fact label="受理时限">
          {need.state === 'submitted' ? <DeadlineText due={need.deadlines.acceptBy} today={today} /> : need.deadlines.acceptBy}
        </Fact>
        <Fact label={need.desiredReplyBy ? '答复时限（您的期望）' : '答复时限'}>
          {OPEN_STATES.includes(need.state) && need.state !== 'info_requested' ? (
            <DeadlineText due={need.deadlines.replyBy} today={today} />
          ) : (
            <Text>
              {need.deadlines.replyBy}
              {need.state === 'info_requested' ? '（待您补充，计时暂停）' : ''}
            </Text>
          )}
        </Fact>
        {need.deadlines.rateBy ? (
          <Fact label="评价期限">{rating.open ? <DeadlineText due={need.deadlines.rateBy} today={today} /> : need.deadlines.rateBy}</Fact>
        ) : null}
        <Text className="need-detail__note">按工作日计算，已扣除法定节假日并计入调休上班日</Text>
      </Section>

      <Section title="服务信息">
        {need.owner ? (
          <View className="need-detail__provider need-detail__owner" data-owner={need.owner.name}>
            <View className="need-detail__provider-head">
              <Text className="need-detail__provider-name">{need.owner.name}</Text>
              <Text className="need-detail__provider-state">首问负责人</Text>
            </View>
            <Text className="need-detail__provider-contact">
              服务专员{need.ownerStation ? ` · ${need.ownerStation.name}` : ''}
              {need.ownerStation?.phone ? ` · 站点电话 ${need.ownerStation.phone}` : ''}
            </Text>
            {need.ownerStation?.phone ? (
              <Text
                className="need-detail__call"
                data-call={need.ownerStation.phone}
                onClick={() => void Taro.makePhoneCall({ phoneNumber: need.ownerStation!.phone }).catch(() => undefined)}
              >
                拨打站点电话
              </Text>
            ) : null}
          </View>
        ) : (
          <Fact label="首问负责人">待受理</Fact>
        )}
        {need.servicePeriod ? <Fact label="服务周期">{need.servicePeriod}</Fact> : null}
        {need.tasks.length > 0 ? (
          <View className="need-detail__providers">
            {need.tasks.map((t) => (
              <View key={t.id} className="need-detail__provider" data-provider={t.assignee.name}>
                <View className="need-detail__provider-head">
                  <Text className="need-detail__provider-name">{t.assignee.name}</Text>
                  <Text className="need-detail__provider-state">{TASK_STATE_LABELS[t.state]}</Text>
                </View>
                <Text className="need-detail__provider-contact">
                  {t.assignee.kind === 'institution' ? '服务机构' : '技术专家'} · 联系人 {t.assignee.contactName} ·{' '}
                  {t.assignee.contactPhone}
                </Text>
                {t.assignee.contactMasked ? null : (
                  <Text
                    className="need-detail__call"
                    data-call={t.assignee.contactPhone}
                    onClick={() => void Taro.makePhoneCall({ phoneNumber: t.assignee.contactPhone }).catch(() => undefined)}
                  >
                    拨打电话
                  </Text>
                )}
                {t.result ? <Text className="need-detail__provider-result">服务结果：{t.result}</Text> : null}
                {t.attachments?.length ? (
                  <View className="need-detail__provider-files">
                    <Text className="need-detail__provider-files-label">服务报告与附件</Text>
                    <AttachmentList attachments={t.attachments} />
                  </View>
                ) : null}
              </View>
            ))}
          </View>
        ) : null}
        {need.answer ? <Fact label="答复内容">{need.answer}</Fact> : null}
        {need.result ? <Fact label="办理结果">{need.result}</Fact> : null}
        {need.rejectReason ? <Fact label="不予受理理由">{need.rejectReason}</Fact> : null}
        {need.referral ? <Fact label="建议去向">{need.referral}</Fact> : null}
        {need.recorder ? <Fact label="登记人">{need.recorder.name}</Fact> : null}
        {need.reviewer ? <Fact label="审核人">{reviewerText(need.reviewer)}</Fact> : null}
      </Section>

      <Section title="办理进度">
        <NeedTimeline events={need.events} />
      </Section>

      {isOwn && OPEN_STATES.includes(need.state) ? (
        <Section title="回执码">
          <NeedQrCode needId={need.id} number={need.number} />
        </Section>
      ) : null}

      <Section title="需求信息">
        <Fact label="服务类别">{need.categories.map((c) => CATEGORY_BY_CODE[c].shortName).join('、')}</Fact>
        <StationFact stationId={need.stationId} />
        {need.items.length ? <Fact label="服务项目">{need.items.map((i) => ITEM_BY_CODE.get(i)?.item.name ?? i).join('、')}</Fact> : null}
        <Fact label="需求描述">{need.description}</Fact>
        <Fact label="申请人">{need.applicant}</Fact>
        <Fact label="联系人">{need.contactName}</Fact>
        <Fact label="联系电话">{need.contactPhone}</Fact>
        {need.desiredReplyBy ? <Fact label="期望答复日期">{need.desiredReplyBy}</Fact> : null}
        <Fact label="附件">
          <AttachmentList attachments={need.attachments} />
        </Fact>
      </Section>

      {isOwn ? <NeedComplaints needId={need.id} scope="mine" link={(id) => complaintPage({ id })} /> : null}

      {isOwn ? (
        <Section title="需求档案">
          <View className="need-detail__archive">
            <Text className="need-detail__archive-note">一项一档：登记表、办理过程、服务结果与评价，可打印保存</Text>
            <PdfDownload path={apiPath(ARCHIVE_PATHS.needPdf, { id: need.id })} fileName={`需求档案-${need.number}.pdf`} />
          </View>
        </Section>
      ) : null}

      {isOwn ? (
        <View className="need-detail__bar">
          {canWithdraw ? (
            <Button fill="outline" type="danger" loading={submission.busy} onClick={() => void withdraw()}>
              撤回需求
            </Button>
          ) : null}
          <Button fill="outline" onClick={() => void Taro.navigateTo({ url: complaintPage({ needId: need.id }) })}>
            投诉
          </Button>
          {rating.open ? (
            <Button type="primary" onClick={() => void Taro.navigateTo({ url: ratingPage(need.id) })}>
              评价
            </Button>
          ) : null}
        </View>
      ) : null}
    </View>
  )
}

/** 一次性告知: every requested item as a checklist, and what the enterprise adds: a note and the documents asked for. */
function Supplement({
  need,
  busy,
  onSubmit,
}: {
  need: NeedDetail
  busy: boolean
  onSubmit: (body: Extract<NeedActionInput, { action: 'supplement' }>) => Promise<boolean | undefined>
}) {
  const [values, setValues] = useState({ done: [] as string[], text: '', files: [] as AttachmentDraft[] })
  const items = need.requestedInfo
  const provided = items.filter((i) => values.done.includes(i))
  const form = useForm({
    state: [values, setValues],
    schema: NeedActionSchema,
    body: (v) => {
      const files = uploadedAttachments(v.files)
      const lines = [
        provided.length ? `已补充：\n${provided.map((x, i) => `${i + 1}. ${x}`).join('\n')}` : '',
        v.text.trim() ? `补充说明：${v.text.trim()}` : '',
        files.length ? `附件：${files.map((f) => f.name).join('、')}` : '',
      ].filter(Boolean)
      return { action: 'supplement', version: need.version, note: lines.join('\n'), ...(files.length ? { attachments: files } : {}) }
    },
    // One message under the note: nothing ticked, written or attached is what it usually means.
    errorsOf: (issues) => ({
      supplement: provided.length || values.files.length ? issues[0]?.message : '请勾选已补充的事项、填写补充说明或添加附件',
    }),
    onEdit: 'keep',
    onInvalid: () => {},
    send: async (body) => {
      const pending = attachmentsProblem(values.files)
      if (pending) return showMessage(pending)
      if (body.action === 'supplement' && (await onSubmit(body))) setValues({ done: [], text: '', files: [] })
    },
  })
  const { done, text } = values
  const error = form.errors.supplement

  return (
    <Section title="待您补充" className="need-detail__supplement">
      <Text className="need-detail__note">服务专员已一次性列出需要补充的全部事项，补充后继续办理（补充期间答复计时暂停）。</Text>
      <Checkbox.Group className="need-detail__checklist" value={done} onChange={(v) => form.update((d) => ({ ...d, done: v }))}>
        {items.map((item) => (
          <Checkbox key={item} value={item} label={item} />
        ))}
      </Checkbox.Group>
      <Field label="补充说明" name="supplement" error={error}>
        <TextArea
          placeholder="说明补充的内容，或已通过其他方式提交的材料"
          value={text}
          maxLength={2000}
          autoSize
          onChange={(v) => form.update((d) => ({ ...d, text: v }))}
        />
      </Field>
      <Field label="补充材料（照片或文件）" name="supplementFiles">
        <AttachmentPicker value={values.files} onChange={(change) => form.update((d) => ({ ...d, files: change(d.files) }))} />
      </Field>
      <Button block type="primary" loading={busy || form.busy} onClick={() => void form.submit()}>
        提交补充（{done.length}/{items.length}）
      </Button>
    </Section>
  )
}
