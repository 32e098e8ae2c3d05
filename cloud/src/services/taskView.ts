// Reading tasks: the row query (a task with its assignee's name and contact)
// and the mapping to the contract's Task, with its clock and the caller's actions.
import {
  allowedTaskActions,
  maskName,
  maskPhone,
  taskClock,
  type Actor,
  type Attachment,
  type Task,
  type TaskState,
  type TimeLimits,
  type WorkCalendar,
} from '@qi/shared';
import { actorsOnTask, contactAccess } from '../auth/policy';
import type { Principal } from '../auth/principal';
import type { Deps } from '../deps';

export interface TaskRow {
  id: string;
  need_id: string;
  state: TaskState;
  version: number;
  institution_id: string | null;
  expert_id: string | null;
  assignee_name: string;
  contact_name_enc: string;
  contact_phone_enc: string;
  note: string | null;
  assigned_at: Date;
  accept_by: string;
  decline_reason: string | null;
  result: string | null;
  attachments: Attachment[];
  responded_at: Date | null;
  done_at: Date | null;
  replaced_by: string | null;
}

/** A TaskRow's columns, over TASK_FROM: the task with its assignee's name and (encrypted) contact. */
export const TASK_COLUMNS = `t.*, coalesce(i.name, x.name) AS assignee_name,
         coalesce(i.contact_name_enc, x.contact_name_enc) AS contact_name_enc,
         coalesce(i.contact_phone_enc, x.contact_phone_enc) AS contact_phone_enc`;

/** `tasks t` with its assignee, an institution `i` or an expert `x`. */
export const TASK_FROM = `FROM tasks t LEFT JOIN institutions i ON i.id = t.institution_id LEFT JOIN experts x ON x.id = t.expert_id`;

/** Tasks as TaskRows; add WHERE and ORDER BY. */
export const TASK_SELECT = `SELECT ${TASK_COLUMNS} ${TASK_FROM}`;

/**
 * A task as the caller sees it: its clock (the need's reply deadline once
 * accepted) and the actions the caller may take on it. `onNeed` is the
 * caller's actors on the task's need. Providers' contacts are business
 * contacts: in full to the parties of the need while the task is live,
 * masked for oversight.
 */
export function toTask(
  deps: Deps,
  p: Principal,
  onNeed: readonly Actor[],
  t: TaskRow,
  needReplyBy: string,
  today: string,
  limits: TimeLimits,
  cal: WorkCalendar,
): Task {
  // The provider's business contact reaches the parties of the need while the task is live (DB46 8.3.4 指导对接).
  const masked = contactAccess(onNeed) === 'masked' || t.state === 'declined' || t.state === 'cancelled';
  const contactName = deps.pii.decrypt(t.contact_name_enc);
  const contactPhone = deps.pii.decrypt(t.contact_phone_enc);
  return {
    id: t.id,
    needId: t.need_id,
    state: t.state,
    version: t.version,
    assignee: {
      kind: t.institution_id ? 'institution' : 'expert',
      id: (t.institution_id ?? t.expert_id)!,
      name: t.assignee_name,
      contactName: masked ? maskName(contactName) : contactName,
      contactPhone: masked ? maskPhone(contactPhone) : contactPhone,
      contactMasked: masked,
    },
    note: t.note,
    assignedAt: t.assigned_at.toISOString(),
    acceptBy: t.accept_by,
    declineReason: t.decline_reason,
    result: t.result,
    attachments: t.attachments,
    respondedAt: t.responded_at?.toISOString() ?? null,
    doneAt: t.done_at?.toISOString() ?? null,
    replacedBy: t.replaced_by,
    clock: taskClock(t.state, t.accept_by, needReplyBy, today, limits, cal),
    allowedActions: allowedTaskActions(t.state, actorsOnTask(p, onNeed, { institutionId: t.institution_id, expertId: t.expert_id })),
  };
}
