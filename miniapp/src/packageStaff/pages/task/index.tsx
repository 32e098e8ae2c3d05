import { useState } from 'react'
import { Text, View } from '@tarojs/components'
import Taro, { usePullDownRefresh, useRouter } from '@tarojs/taro'
import { CATEGORY_BY_CODE, TASK_ACTION_LABELS, TaskActionSchema, type TaskAction } from '@qi/shared'
import { fetchNeed, showMessage } from '../../../api'
import { AttachmentList } from '../../../components/AttachmentList'
import { AttachmentPicker, uploadedAttachments, type AttachmentDraft } from '../../../components/AttachmentPicker'
import { Fact, Field, Section } from '../../../components/Field'
import { fieldErrors, type FieldErrors } from '../../../components/formErrors'
import { ActionBar } from '../../../components/staff/ActionBar'
import { ActionPopup, type ActionValues } from '../../../components/staff/ActionPopup'
import { TaskCard } from '../../../components/staff/TaskCard'
import { Timeline } from '../../../components/staff/Timeline'
import { EmptyView, ErrorView, LoadingView } from '../../../components/StatusView'
import { useRemote } from '../../../hooks/useRemote'
import { actOnTask } from '../../api'
import { TASK_ACTION_FORMS, useActionSender } from '../../actionForms'
import './index.scss'

/**
 * 服务任务: the provider's share of a need — the need as the provider may see
 * it, the task with its clock, and its actions: accept or decline (with a
 * reason) within 1 working day, progress notes, done with a result and attachments.
 */
export default function TaskPage() {
  const { params } = useRouter()
  const taskId = params.id ?? ''
  const needId = params.needId ?? ''
  const remote = useRemote(() => fetchNeed(needId, { toast: false }), [needId])
  const [open, setOpen] = useState<TaskAction | null>(null)
  const [files, setFiles] = useState<AttachmentDraft[]>([])
  const { busy, send: sendAction } = useActionSender(remote, () => setOpen(null))

  usePullDownRefresh(async () => {
    await remote.refresh()
    Taro.stopPullDownRefresh()
  })

  if (remote.state.status === 'loading') return <LoadingView />
  if (remote.state.status === 'error') return <ErrorView message={remote.state.message} onRetry={remote.reload} />
  const need = remote.state.data
  const task = need.tasks.find((t) => t.id === taskId)
  if (!task) return <EmptyView title="没有找到该任务" description="任务可能已被取消，请返回任务列表。" />

  const send = async (action: TaskAction, values: ActionValues): Promise<FieldErrors | null> => {
    const form = TASK_ACTION_FORMS[action]
    const extra = action === 'done' ? { attachments: uploadedAttachments(files) } : {}
    const parsed = TaskActionSchema.safeParse({ action, version: task.version, ...(form?.toBody(values) ?? {}), ...extra })
    if (!parsed.success) return fieldErrors(parsed.error.issues)
    if (action === 'done' && files.some((f) => f.status !== 'done')) return { _form: '有附件尚未上传完成' }
    return sendAction(() => actOnTask(task.id, parsed.data, { toast: false }), `已${TASK_ACTION_LABELS[action]}`)
  }

  const tap = async (action: TaskAction) => {
    if (action === 'accept') {
      const { confirm } = await Taro.showModal({ title: '接单', content: '接单后请尽快联系企业并按期完成服务。确定接单吗？' })
      if (confirm) {
        const errs = await send('accept', {})
        if (errs?._form) showMessage(errs._form)
      }
      return
    }
    setOpen(action)
  }

  const actions = (task.allowedActions ?? []).filter((a) => a !== 'cancel')

  return (
    <View className="task-page" data-task-state={task.state}>
      <Section title="任务">
        <TaskCard task={task} title={need.title} />
      </Section>
      <Section title="需求">
        <Fact label="统一编号">{need.number}</Fact>
        <Fact label="企业">{need.enterprise.name}</Fact>
        <Fact label="联系人">{need.contactName}</Fact>
        <Fact label="联系电话">{need.contactPhone}</Fact>
        <Fact label="服务类别">{need.categories.map((c) => CATEGORY_BY_CODE[c].shortName).join('、')}</Fact>
        <Fact label="需求描述">{need.description}</Fact>
        <Fact label="企业附件">
          <AttachmentList attachments={need.attachments} />
        </Fact>
        <Fact label="答复时限">{need.deadlines.replyBy}</Fact>
        {need.servicePeriod ? <Fact label="服务周期">{need.servicePeriod}</Fact> : null}
        {need.owner ? <Fact label="服务专员">{need.owner.name}</Fact> : null}
      </Section>
      <Section title="过程记录">
        <Timeline events={need.events} />
      </Section>

      <ActionBar
        actions={actions}
        labels={TASK_ACTION_LABELS}
        look={(a) => ({ type: a === 'decline' ? 'danger' : 'primary', fill: a === 'progress' ? 'outline' : 'solid' })}
        busy={busy}
        onTap={(a) => void tap(a)}
      />
      {actions.length ? null : <Text className="task-page__done">{task.state === 'done' ? '任务已完成，感谢您的服务。' : null}</Text>}

      <ActionPopup
        visible={open !== null}
        title={open ? TASK_ACTION_LABELS[open] : ''}
        description={open ? TASK_ACTION_FORMS[open]?.description : undefined}
        fields={open ? (TASK_ACTION_FORMS[open]?.fields ?? []) : []}
        confirmText={open ? TASK_ACTION_FORMS[open]?.confirm : undefined}
        busy={busy}
        extra={
          open === 'done' ? (
            <Field label="附件（报告、证书等）" name="attachments">
              <AttachmentPicker value={files} onChange={(change) => setFiles((prev) => change(prev))} />
            </Field>
          ) : null
        }
        onClose={() => setOpen(null)}
        onSubmit={(values) => (open ? send(open, values) : Promise.resolve(null))}
      />
    </View>
  )
}
