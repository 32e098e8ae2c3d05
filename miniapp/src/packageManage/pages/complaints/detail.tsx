import { useState } from 'react'
import { Text, View } from '@tarojs/components'
import { useRouter } from '@tarojs/taro'
import { Tag } from '@nutui/nutui-react-taro'
import { allowedComplaintActions, COMPLAINT_STATE_LABELS, ComplaintActionSchema, type ComplaintDetail } from '@qi/shared'
import { actOnComplaint, ApiError, fetchComplaint, messageOf, showMessage } from '../../../api'
import { complainantOf, complaintTargetText, ComplaintClock } from '../../../components/ComplaintCard'
import { ComplaintView } from '../../../components/ComplaintView'
import { fieldErrors, type FieldErrors } from '../../../components/formErrors'
import { SignInPrompt } from '../../../components/SignInPrompt'
import { ActionBar } from '../../../components/staff/ActionBar'
import { ActionPopup, type ActionField, type ActionValues } from '../../../components/staff/ActionPopup'
import { ErrorView, LoadingView } from '../../../components/StatusView'
import { useMe } from '../../../hooks/useMe'
import { usePageRefresh } from '../../../hooks/usePageRefresh'
import { useRemote } from '../../../hooks/useRemote'
import { useSignedIn } from '../../../hooks/useSignedIn'
import { useSubmission } from '../../../hooks/useSubmission'
import { COMPLAINT_STATE_TAG, COMPLAINT_STEP_LABELS, type ComplaintStep } from '../../../labels'
import { staffNeedPage } from '../../../links'
import './detail.scss'

/** The steps the shared machine allows a manager from the complaint's state (重新调查 after the complainant's 不满意). */
const stepsFrom = (c: Pick<ComplaintDetail, 'state' | 'feedback'>): ComplaintStep[] =>
  allowedComplaintActions(c.state, ['manager'], c.feedback?.answer ?? null)

/** Each step's form: its one text field (the name ComplaintActionSchema gives it) and what the complainant is told. */
const STEP_FORMS: Record<ComplaintStep, { description: string; field: ActionField; extra?: ActionField; confirm: string }> = {
  acknowledge: {
    description: '确认已收到并受理该投诉，投诉人会收到通知。',
    field: { name: 'note', label: '受理说明', kind: 'textarea', placeholder: '可选，如：已安排专人核实', maxLength: 500 },
    confirm: '确认受理',
  },
  investigate: {
    description: '记录调查安排或已了解的情况，投诉人会收到进度通知。',
    field: {
      name: 'note',
      label: '调查情况',
      kind: 'textarea',
      required: true,
      placeholder: '如：已调取办理记录，约谈经办人员',
      maxLength: 2000,
    },
    confirm: '开始调查',
  },
  resolve: {
    description: '办结后投诉人将看到这里填写的处理结果，办结后不能再修改。',
    field: {
      name: 'outcome',
      label: '处理结果',
      kind: 'textarea',
      required: true,
      placeholder: '告知投诉人的处理结果和整改措施',
      maxLength: 2000,
    },
    // Against a provider or a staff member: whether it was found 属实, which counts in their 动态评价.
    extra: { name: 'upheld', label: '投诉属实（计入动态评价）', kind: 'switch' },
    confirm: '办结并告知投诉人',
  },
  reopen: {
    description: '投诉人对处理结果不满意：重新调查后须再次办结并告知投诉人，投诉人可再次评价。',
    field: {
      name: 'note',
      label: '重新调查说明',
      kind: 'textarea',
      required: true,
      placeholder: '如：安排专人上门核实，三个工作日内答复',
      maxLength: 2000,
    },
    confirm: '重新调查',
  },
}

/** What the step's form sends: the action and its text, an empty optional note left out. */
/** The step's request, made from the version on screen: a stale one is refused (409). */
function bodyOf(step: ComplaintStep, version: number, values: ActionValues): Record<string, unknown> {
  const name = STEP_FORMS[step].field.name
  const text = String(values[name] ?? '')
  const upheld = step === 'resolve' && 'upheld' in values ? { upheld: values.upheld === true } : {}
  return { action: step, version, ...(step === 'acknowledge' && !text.trim() ? {} : { [name]: text }), ...upheld }
}

/** 投诉详情 (投诉处理): the complaint, its record, and the next steps for managers; supervisors look on. */
export default function ManageComplaintPage() {
  const { params } = useRouter()
  const signedIn = useSignedIn()
  if (!signedIn)
    return (
      <View className="manage-complaint">
        <SignInPrompt what="投诉处理" />
      </View>
    )
  return <ComplaintHandling id={params.id ?? ''} />
}

function ComplaintHandling({ id }: { id: string }) {
  const remote = useRemote(() => fetchComplaint(id, { toast: false }), [id])
  const me = useMe()
  const [open, setOpen] = useState<ComplaintStep | null>(null)
  const submission = useSubmission()
  usePageRefresh(remote.refresh)

  if (remote.state.status === 'loading')
    return (
      <View className="manage-complaint">
        <LoadingView />
      </View>
    )
  if (remote.state.status === 'error') {
    return (
      <View className="manage-complaint">
        <ErrorView message={remote.state.message} onRetry={() => void remote.reload()} />
      </View>
    )
  }
  const c = remote.state.data
  // The API lets managers act (supervisors only read): mirror it, and offer nothing until we know who this is.
  const handles = me.status === 'ready' && me.me.roles.includes('manager')
  const looksOn = me.status === 'ready' && !handles
  const steps = handles ? stepsFrom(c) : []

  const submit = (step: ComplaintStep, values: ActionValues) =>
    submission
      .run(async (): Promise<FieldErrors | null> => {
        const parsed = ComplaintActionSchema.safeParse(bodyOf(step, c.version, values))
        if (!parsed.success) return fieldErrors(parsed.error.issues)
        try {
          const done = await actOnComplaint(c.id, parsed.data, { toast: false })
          remote.set(done)
          setOpen(null)
          showMessage(`已${COMPLAINT_STEP_LABELS[step]}，投诉现为“${COMPLAINT_STATE_LABELS[done.state]}”`)
          return null
        } catch (e) {
          if (e instanceof ApiError && e.issues.length) return fieldErrors(e.issues)
          // Someone handled it first (409, or the step no longer fits its state): show it as it now stands.
          if (e instanceof ApiError && (e.status === 409 || e.code === 'transition_not_allowed')) {
            setOpen(null)
            showMessage(e.status === 409 ? '投诉已被他人处理，已刷新为最新状态' : `投诉已被他人处理，已刷新为最新状态（${e.message}）`)
            void remote.refresh()
            return null
          }
          return { _form: messageOf(e) }
        }
      })
      .then((r) => r ?? null)

  const form = open ? STEP_FORMS[open] : null

  return (
    <View className="manage-complaint" data-complaint-id={c.id} data-state={c.state}>
      <View className="manage-complaint__head">
        <View className="manage-complaint__title-row">
          <Text className="manage-complaint__title">{complaintTargetText(c)}</Text>
          <Tag type={COMPLAINT_STATE_TAG[c.state]} round>
            {COMPLAINT_STATE_LABELS[c.state]}
          </Tag>
        </View>
        <Text className="manage-complaint__note">投诉人：{complainantOf(c)}</Text>
        <ComplaintClock complaint={c} />
      </View>

      <ComplaintView complaint={c} needLink={staffNeedPage} />

      {looksOn ? <Text className="manage-complaint__readonly">监督部门可查看投诉及处理记录，处理由运营管理人员进行。</Text> : null}

      <ActionBar
        actions={steps}
        labels={COMPLAINT_STEP_LABELS}
        look={(s) => ({ type: 'primary', fill: s === 'resolve' ? 'solid' : 'outline' })}
        busy={submission.busy}
        onTap={setOpen}
      />

      <ActionPopup
        visible={open !== null}
        title={open ? COMPLAINT_STEP_LABELS[open] : ''}
        description={form?.description}
        fields={form ? [form.field, ...(form.extra && c.targetKind !== 'need' ? [form.extra] : [])] : []}
        confirmText={form?.confirm}
        busy={submission.busy}
        onClose={() => setOpen(null)}
        onSubmit={(values) => (open ? submit(open, values) : Promise.resolve(null))}
      />
    </View>
  )
}
