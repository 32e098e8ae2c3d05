// The forms of the need and task actions a staff member takes: their fields
// and how the values become the shared schemas' bodies (NeedActionSchema,
// TaskActionSchema validate them before they are sent); and how an action
// is sent.
import { STATION_KIND_LABELS, type NeedAction, type NeedDetail, type TaskAction, type TransferTargets } from '@qi/shared'
import { ApiError, messageOf, showMessage } from '../api'
import { fieldErrors, type FieldErrors } from '../components/formErrors'
import { linesOf, type ActionField, type ActionValues } from '../components/staff/ActionPopup'
import { useSubmission } from '../hooks/useSubmission'

export interface ActionForm {
  fields: ActionField[]
  description?: string
  confirm?: string
  toBody: (v: ActionValues) => Record<string, unknown>
  /** The form's field a body field's message belongs to, where their names differ. */
  errorField?: Record<string, string>
}

/** Its errors keyed by the form's fields. */
export const formErrorsOf = (form: ActionForm | undefined, errors: FieldErrors): FieldErrors =>
  Object.fromEntries(Object.entries(errors).map(([k, v]) => [form?.errorField?.[k] ?? k, v]))

const text = (v: ActionValues, k: string) => String(v[k] ?? '').trim()
const optional = (v: ActionValues, k: string) => text(v, k) || undefined

export const NEED_ACTION_FORMS: Partial<Record<NeedAction, ActionForm>> = {
  answer: {
    description: '能当场解答的，直接答复企业并办结（即时答复）。',
    fields: [{ name: 'answer', label: '答复内容', kind: 'textarea', required: true, placeholder: '请填写答复企业的内容' }],
    confirm: '答复并办结',
    toBody: (v) => ({ answer: text(v, 'answer') }),
  },
  request_info: {
    description: '一次性告知：把需要企业补充的材料一次列全，补充前暂停计时。',
    fields: [
      { name: 'items', label: '需补充的事项（每行一项）', kind: 'lines', required: true, placeholder: '如：产品配料表\n出口目的国' },
    ],
    confirm: '告知企业',
    toBody: (v) => ({ items: linesOf(v.items) }),
  },
  serve: {
    description: '由服务中心自行提供服务。',
    fields: [
      { name: 'period', label: '服务周期', kind: 'input', placeholder: '如：2026-12-01 至 2026-12-20', maxLength: 100 },
      { name: 'note', label: '说明', kind: 'textarea', placeholder: '服务安排（可选）' },
    ],
    confirm: '开始服务',
    toBody: (v) => ({ period: optional(v, 'period'), note: optional(v, 'note') }),
  },
  complete: {
    fields: [{ name: 'result', label: '办理结果', kind: 'textarea', required: true, placeholder: '服务结果摘要，企业可见' }],
    confirm: '办结',
    toBody: (v) => ({ result: text(v, 'result') }),
  },
  reject: {
    description: '不属于服务范围的，当场说明理由并告知可去之处。',
    fields: [
      { name: 'reason', label: '不予受理理由', kind: 'textarea', required: true, maxLength: 500 },
      { name: 'referral', label: '建议去处', kind: 'input', placeholder: '如：请咨询当地商务部门', maxLength: 500 },
    ],
    confirm: '不予受理',
    toBody: (v) => ({ reason: text(v, 'reason'), referral: optional(v, 'referral') }),
  },
  note: {
    fields: [
      { name: 'note', label: '备注内容', kind: 'textarea', required: true },
      { name: 'internal', label: '仅内部可见（企业看不到）', kind: 'switch' },
    ],
    confirm: '保存备注',
    toBody: (v) => ({ note: text(v, 'note'), internal: Boolean(v.internal) }),
  },
  sign_off: {
    description: '审核人确认服务记录完整、准确（DB46 附录 B）。',
    fields: [{ name: 'note', label: '审核意见', kind: 'textarea', placeholder: '默认：审核通过', maxLength: 500 }],
    confirm: '审核签字',
    toBody: (v) => ({ note: optional(v, 'note') }),
  },
  reopen: {
    fields: [{ name: 'reason', label: '重新办理理由', kind: 'textarea', required: true, maxLength: 500 }],
    confirm: '重新办理',
    toBody: (v) => ({ reason: text(v, 'reason') }),
  },
}

/** 转办: to another specialist (who owns it from now on) or to a station's queue, with the reason. */
export function transferForm(targets: TransferTargets): ActionForm {
  return {
    description: '转交其他服务专员或服务站点办理。受理、答复时限不变，新的负责人和企业都会收到通知。',
    fields: [
      {
        name: 'to',
        label: '转交给',
        kind: 'choice',
        required: true,
        options: [
          ...targets.specialists.map((s) => ({
            value: `specialist:${s.id}`,
            label: s.name,
            hint: s.stations.length ? s.stations.join('、') : '未分配站点',
            group: '服务专员',
          })),
          ...targets.stations.map((s) => ({
            value: `station:${s.id}`,
            label: s.name,
            hint: `${STATION_KIND_LABELS[s.kind]}待办，由该站点服务专员受理`,
            group: '服务站点',
          })),
        ],
      },
      {
        name: 'reason',
        label: '转办理由',
        kind: 'textarea',
        required: true,
        maxLength: 500,
        placeholder: '如：企业在三亚，由三亚服务分中心就近上门服务',
      },
    ],
    confirm: '确认转办',
    toBody: (v) => {
      const [kind, id] = text(v, 'to').split(':')
      const to = kind === 'specialist' ? { toSpecialistId: id } : kind === 'station' ? { toStationId: id } : {}
      return { reason: text(v, 'reason'), ...to }
    },
    errorField: { toSpecialistId: 'to', toStationId: 'to' },
  }
}

export const TASK_ACTION_FORMS: Partial<Record<TaskAction, ActionForm>> = {
  decline: {
    description: '请说明无法承接的理由，服务专员将重新派单。',
    fields: [{ name: 'reason', label: '拒绝理由', kind: 'textarea', required: true, maxLength: 500 }],
    confirm: '拒绝任务',
    toBody: (v) => ({ reason: text(v, 'reason') }),
  },
  progress: {
    description: '进展说明企业可见。',
    fields: [{ name: 'note', label: '进展说明', kind: 'textarea', required: true }],
    confirm: '记录进展',
    toBody: (v) => ({ note: text(v, 'note') }),
  },
  done: {
    fields: [{ name: 'result', label: '服务结果', kind: 'textarea', required: true, placeholder: '服务结论、出具的报告或证书等' }],
    confirm: '完成任务',
    toBody: (v) => ({ result: text(v, 'result') }),
  },
  cancel: {
    fields: [{ name: 'reason', label: '取消理由', kind: 'textarea', required: true, maxLength: 500 }],
    confirm: '取消任务',
    toBody: (v) => ({ reason: text(v, 'reason') }),
  },
}

/**
 * Sends need and task actions for a page showing the need: the need the
 * server answers with replaces the one shown. Problems with the values come
 * back as the form's field errors; a stale version (409: someone acted
 * first) closes the form, says so and reloads the need; any other failure
 * is the form's error.
 */
export function useActionSender(remote: { set: (need: NeedDetail) => void; refresh: () => Promise<void> }, close: () => void) {
  const submission = useSubmission()
  const send = async (call: () => Promise<NeedDetail>, done: string): Promise<FieldErrors | null> => {
    const result = await submission.run(async (): Promise<FieldErrors | null> => {
      try {
        remote.set(await call())
        close()
        showMessage(done)
        return null
      } catch (e) {
        if (e instanceof ApiError && e.issues.length) return fieldErrors(e.issues)
        if (e instanceof ApiError && e.status === 409) {
          close()
          showMessage(e.message)
          void remote.refresh()
          return null
        }
        return { _form: messageOf(e) }
      }
    })
    return result ?? null
  }
  return { busy: submission.busy, send }
}
