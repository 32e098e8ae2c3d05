import { useState } from 'react'
import { Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { Button, Tag } from '@nutui/nutui-react-taro'
import {
  CATEGORY_BY_CODE,
  CHANNEL_LABELS,
  ITEM_BY_CODE,
  NEED_ACTION_LABELS,
  hasAnyRole,
  NeedActionSchema,
  OVERSIGHT_ROLES,
  TaskActionSchema,
  type NeedAction,
  type TaskAction,
} from '@qi/shared'
import { actOnNeed, fetchNeed, messageOf, showMessage } from '../../../api'
import { Fact, Section } from '../../../components/Field'
import { StationFact } from '../../../components/StationFact'
import { fieldErrors } from '../../../components/formErrors'
import { ActionBar } from '../../../components/staff/ActionBar'
import { ActionPopup, type ActionValues } from '../../../components/staff/ActionPopup'
import { ClockTag } from '../../../components/staff/ClockTag'
import { RatingLinkCard } from '../../../components/staff/RatingLinkCard'
import { TaskCard } from '../../../components/staff/TaskCard'
import { Timeline } from '../../../components/staff/Timeline'
import { ErrorView, LoadingView } from '../../../components/StatusView'
import { AttachmentList } from '../../../components/AttachmentList'
import { RatingFacts } from '../../../components/RatingFacts'
import { usePageRefresh } from '../../../hooks/usePageRefresh'
import { useRemote } from '../../../hooks/useRemote'
import { formatDateTime, NEED_STATE_LABELS, NEED_STATE_TAG, reviewerText } from '../../../labels'
import { actOnTask, fetchTransferTargets } from '../../api'
import { formErrorsOf, NEED_ACTION_FORMS, TASK_ACTION_FORMS, transferForm, useActionSender, type ActionForm } from '../../actionForms'
import { dispatchPage, manageComplaintPage } from '../../../links'
import { NeedComplaints } from '../../../components/NeedComplaints'
import { useMe } from '../../../hooks/useMe'
import './index.scss'

/** Actions taken at once after a confirmation (no form). */
const CONFIRM_ONLY: Partial<Record<NeedAction, string>> = {
  accept: '受理后由您负责跟进此需求（首问负责），确定受理吗？',
  close: '归档后需求记录将存档，确定归档吗？',
}

type Open =
  | { kind: 'need'; action: NeedAction; form: ActionForm }
  | { kind: 'task'; taskId: string; version: number; action: TaskAction; form: ActionForm }
  | null

/** 需求办理: the whole record, its timeline and tasks, and exactly the actions the state machine allows. */
export default function StaffNeedPage() {
  const { params } = useRouter()
  const id = params.id ?? ''
  const remote = useRemote(() => fetchNeed(id, { toast: false }), [id])
  const [open, setOpen] = useState<Open>(null)
  const me = useMe()
  // Managers and supervisors see every complaint; a specialist or provider sees none of them.
  const oversees = me.status === 'ready' && hasAnyRole(me.me.roles, OVERSIGHT_ROLES)
  const { busy, send } = useActionSender(remote, () => setOpen(null))
  // Back from the dispatch page: show the tasks it created.
  usePageRefresh(remote.refresh)

  if (remote.state.status === 'loading') return <LoadingView />
  if (remote.state.status === 'error') return <ErrorView message={remote.state.message} onRetry={remote.reload} />
  const need = remote.state.data

  const submitNeed = (action: NeedAction, values: ActionValues, form?: ActionForm) => {
    const body = { action, version: need.version, ...(form?.toBody(values) ?? {}) }
    const parsed = NeedActionSchema.safeParse(body)
    if (!parsed.success) return Promise.resolve(formErrorsOf(form, fieldErrors(parsed.error.issues)))
    return send(() => actOnNeed(need.id, parsed.data, { toast: true }), `已${NEED_ACTION_LABELS[action]}`).then(
      (errors) => errors && formErrorsOf(form, errors),
    )
  }

  const submitTask = (taskId: string, version: number, action: TaskAction, values: ActionValues, form?: ActionForm) => {
    const parsed = TaskActionSchema.safeParse({ action, version, ...(form?.toBody(values) ?? {}) })
    if (!parsed.success) return Promise.resolve(fieldErrors(parsed.error.issues))
    return send(() => actOnTask(taskId, parsed.data, { toast: true }), '任务已更新')
  }

  const tap = async (action: NeedAction) => {
    if (action === 'dispatch') return void Taro.navigateTo({ url: dispatchPage(need.id) })
    if (action === 'transfer') {
      try {
        setOpen({ kind: 'need', action, form: transferForm(await fetchTransferTargets(need.id, { toast: false })) })
      } catch (e) {
        showMessage(messageOf(e))
      }
      return
    }
    const confirm = CONFIRM_ONLY[action]
    if (confirm) {
      const { confirm: ok } = await Taro.showModal({ title: NEED_ACTION_LABELS[action], content: confirm })
      if (ok) await submitNeed(action, {})
      return
    }
    const form = NEED_ACTION_FORMS[action]
    if (form) setOpen({ kind: 'need', action, form })
  }

  // Staff act on the need; the enterprise's own actions (supplement, withdraw) are not offered here.
  const actions = need.allowedActions.filter((a) => a !== 'supplement' && a !== 'withdraw')

  return (
    <View className="staff-need-page" data-need-state={need.state}>
      <View className="staff-need-page__head">
        <View className="staff-need-page__title-row">
          <Text className="staff-need-page__title">{need.title}</Text>
          <Tag type={NEED_STATE_TAG[need.state]} round>
            {NEED_STATE_LABELS[need.state]}
          </Tag>
        </View>
        <Text className="staff-need-page__number">{need.number}</Text>
        <ClockTag clock={need.clock} />
      </View>

      <Section title="需求登记">
        <Fact label="企业">{need.enterprise.name}</Fact>
        <Fact label="申请人">{need.applicant}</Fact>
        <Fact label="联系人">{need.contactName}</Fact>
        <Fact label="联系电话">{need.contactPhone}</Fact>
        <Fact label="受理渠道">{CHANNEL_LABELS[need.channel]}</Fact>
        <StationFact stationId={need.stationId} />
        <Fact label="提交时间">{formatDateTime(need.createdAt)}</Fact>
        <Fact label="服务类别">{need.categories.map((c) => CATEGORY_BY_CODE[c].shortName).join('、')}</Fact>
        {need.items.length ? <Fact label="服务项目">{need.items.map((i) => ITEM_BY_CODE.get(i)?.item.name ?? i).join('、')}</Fact> : null}
        <Fact label="需求描述">{need.description}</Fact>
        <Fact label="附件">
          <AttachmentList attachments={need.attachments} />
        </Fact>
        <Fact label="受理时限">{need.deadlines.acceptBy}</Fact>
        <Fact label="答复时限">{need.desiredReplyBy ? `${need.deadlines.replyBy}（企业期望）` : need.deadlines.replyBy}</Fact>
        {need.deadlines.rateBy ? <Fact label="评价截止">{need.deadlines.rateBy}</Fact> : null}
        <Fact label="负责人">{need.owner?.name ?? '待受理'}</Fact>
        {need.recorder ? <Fact label="记录人">{need.recorder.name}</Fact> : null}
        {need.ownerStation ? (
          <Fact label="负责站点">
            {need.ownerStation.phone ? `${need.ownerStation.name} · ${need.ownerStation.phone}` : need.ownerStation.name}
          </Fact>
        ) : null}
        <Fact label="审核人">{reviewerText(need.reviewer)}</Fact>
        {need.reviewer?.opinion ? <Fact label="审核意见">{need.reviewer.opinion}</Fact> : null}
        {need.servicePeriod ? <Fact label="服务周期">{need.servicePeriod}</Fact> : null}
        {need.requestedInfo.length && need.state === 'info_requested' ? (
          <Fact label="待补充">{need.requestedInfo.map((x, i) => `${i + 1}. ${x}`).join('\n')}</Fact>
        ) : null}
        {need.answer ? <Fact label="答复">{need.answer}</Fact> : null}
        {need.result ? <Fact label="办理结果">{need.result}</Fact> : null}
        {need.rejectReason ? <Fact label="不予受理理由">{need.rejectReason}</Fact> : null}
        {need.referral ? <Fact label="建议去处">{need.referral}</Fact> : null}
      </Section>

      {need.tasks.length ? (
        <Section title={need.tasks.length > 1 ? `服务任务（联合攻关 ${need.tasks.length} 项）` : '服务任务'}>
          {need.tasks.map((t) => (
            <TaskCard key={t.id} task={t}>
              {t.allowedActions?.includes('cancel') ? (
                <View className="staff-need-page__task-actions">
                  <Button
                    size="small"
                    fill="outline"
                    onClick={() =>
                      setOpen({ kind: 'task', taskId: t.id, version: t.version, action: 'cancel', form: TASK_ACTION_FORMS.cancel! })
                    }
                  >
                    取消任务
                  </Button>
                </View>
              ) : null}
            </TaskCard>
          ))}
        </Section>
      ) : null}

      {need.rating ? (
        <Section title="企业评价">
          <RatingFacts rating={need.rating} />
        </Section>
      ) : null}

      <RatingLinkCard need={need} />

      {oversees ? <NeedComplaints needId={need.id} scope="all" link={manageComplaintPage} /> : null}

      <Section title="过程记录">
        <Timeline events={need.events} />
      </Section>

      <ActionBar
        actions={actions}
        labels={NEED_ACTION_LABELS}
        look={(a) => ({
          type: a === 'reject' ? 'danger' : a === 'note' || a === 'transfer' ? 'default' : 'primary',
          fill: a === 'note' || a === 'sign_off' || a === 'transfer' ? 'outline' : 'solid',
        })}
        busy={busy}
        onTap={(a) => void tap(a)}
      />

      <ActionPopup
        visible={open !== null}
        title={open ? (open.kind === 'need' ? NEED_ACTION_LABELS[open.action] : '取消任务') : ''}
        description={open?.form.description}
        fields={open?.form.fields ?? []}
        confirmText={open?.form.confirm}
        busy={busy}
        onClose={() => setOpen(null)}
        onSubmit={(values) =>
          !open
            ? Promise.resolve(null)
            : open.kind === 'need'
              ? submitNeed(open.action, values, open.form)
              : submitTask(open.taskId, open.version, open.action, values, open.form)
        }
      />
    </View>
  )
}
