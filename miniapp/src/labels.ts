// UI-only presentation of the shared codes; the Chinese labels themselves
// live in @qi/shared (one table each).
import type { ComplaintState, InvitationState, NeedState, Persona } from '@qi/shared'
import { PERSONA_LABELS } from '@qi/shared'
export { NEED_STATE_LABELS, ROLE_LABELS } from '@qi/shared'
// 动态评价's codes: subject kinds, figures, proposal kinds, states and decisions, provider statuses.
export {
  EVALUATION_FIGURE_HINTS,
  EVALUATION_FIGURE_LABELS,
  EVALUATION_SUBJECT_KIND_LABELS,
  PROPOSAL_DECISION_LABELS,
  PROPOSAL_KIND_LABELS,
  PROPOSAL_STATE_LABELS,
  PROVIDER_STATUS_LABELS,
  THRESHOLD_FIELD_LABELS,
} from '@qi/shared'

/** How a rate reads: 66.7%（2/3）, or 暂无 when nothing was judged. */
/** A share as a percentage with one decimal ("92.9%"), or 暂无 when there is nothing to measure. */
export const formatShare = (rate: number | null): string => (rate === null ? '暂无' : `${Math.round(rate * 1000) / 10}%`)

export const formatRate = (r: { met: number; of: number; rate: number | null }): string =>
  r.rate === null ? '暂无' : `${formatShare(r.rate)}（${r.met}/${r.of}）`

/** NutUI Tag type per need state. */
export const NEED_STATE_TAG: Record<NeedState, 'default' | 'primary' | 'info' | 'success' | 'warning' | 'danger'> = {
  submitted: 'info',
  accepted: 'primary',
  info_requested: 'warning',
  in_service: 'primary',
  completed: 'success',
  rated: 'success',
  closed: 'default',
  rejected: 'danger',
  withdrawn: 'default',
}

/** NutUI Tag type per complaint state: open ones stand out until resolved. */
export const COMPLAINT_STATE_TAG: Record<ComplaintState, 'warning' | 'success'> = {
  received: 'warning',
  acknowledged: 'warning',
  investigated: 'warning',
  resolved: 'success',
}

/** A manager's handling steps of a complaint (COMPLAINT_STEPS), as their buttons read. */
export const COMPLAINT_STEP_LABELS = {
  acknowledge: '确认受理',
  investigate: '开始调查',
  resolve: '办结并告知结果',
  reopen: '重新调查',
} as const
export type ComplaintStep = keyof typeof COMPLAINT_STEP_LABELS

/** Demo personas offered on H5 (POST /api/auth/dev). */
const PERSONA_HINTS: Record<Persona, string> = {
  enterprise: '提交与跟踪服务需求',
  enterprise2: '另一家企业，只见自己的需求',
  specialist: '受理、答复、派单',
  provider: '接单并记录服务结果',
  manager: '名录、评价、投诉与统计',
  supervisor: '只读监督（信息脱敏）',
}

export const PERSONAS = (Object.keys(PERSONA_HINTS) as Persona[]).map((code) => ({
  code,
  label: PERSONA_LABELS[code],
  hint: PERSONA_HINTS[code],
}))

/** "2025-03-07 14:05" in Asia/Shanghai (UTC+8, no daylight saving), without Intl. */
export function formatDateTime(iso: string): string {
  const t = Date.parse(iso)
  if (Number.isNaN(t)) return iso
  const d = new Date(t + 8 * 60 * 60 * 1000)
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`
}

/** 审核人 as the record shows it: the reviewer, and when they signed (none yet: 尚未审核). */
export function reviewerText(r: { name: string; at: string | null } | null): string {
  if (!r) return '尚未审核'
  return r.at ? `${r.name}（${formatDateTime(r.at)} 审核签字）` : r.name
}

// The improvement loop (回访, 整改): the labels from @qi/shared, the tag per state.
export {
  CALL_BACK_METHOD_LABELS,
  FOLLOW_UP_RESOLUTION_LABELS,
  FOLLOW_UP_STATE_LABELS,
  RECTIFICATION_SOURCE_LABELS,
  RECTIFICATION_STATE_LABELS,
  RESPONSIBLE_KIND_LABELS,
  SATISFACTION_LABELS,
} from '@qi/shared'
/** NutUI Tag type per follow-up state: open ones stand out until resolved. */
export const FOLLOW_UP_STATE_TAG = { open: 'warning', called_back: 'primary', resolved: 'success' } as const
/** NutUI Tag type per rectification state. */
export const RECTIFICATION_STATE_TAG = { open: 'warning', done: 'success' } as const
export { ACCOUNT_CHANGE_LABELS, INVITATION_STATE_LABELS } from '@qi/shared'

/** NutUI Tag type per invitation state: the pending ones stand out. */
export const INVITATION_STATE_TAG: Record<InvitationState, 'primary' | 'success' | 'default' | 'warning'> = {
  pending: 'primary',
  used: 'success',
  withdrawn: 'default',
  expired: 'warning',
}
