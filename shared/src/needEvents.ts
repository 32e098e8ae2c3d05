// The names of the entries on a need's record (办理进度): every action that
// writes a need event — the submission, a need action, or a provider's task
// action (`task_<action>`) — has its Chinese name here, for every page that
// shows the record.
import { ROLE_LABELS, ROLES } from './enums';
import { NEED_ACTIONS, NEED_ACTION_LABELS, type Actor, type NeedAction } from './needFlow';
import { TASK_ACTIONS, TASK_ACTION_LABELS, type TaskAction } from './taskFlow';

/** Every action a need event can carry, as the server writes it. */
export const NEED_EVENT_ACTIONS: readonly string[] = ['submit', ...NEED_ACTIONS, ...TASK_ACTIONS.map((a) => `task_${a}`)];

const isNeedAction = (action: string): action is NeedAction => (NEED_ACTIONS as readonly string[]).includes(action);
const isTaskAction = (action: string): action is TaskAction => (TASK_ACTIONS as readonly string[]).includes(action);

/** "提交需求", "受理", "服务机构接单"… An action no writer produces reads as a plain record, never as its code. */
export function needEventLabel(action: string): string {
  if (action === 'submit') return '提交需求';
  if (isNeedAction(action)) return NEED_ACTION_LABELS[action];
  const task = action.startsWith('task_') ? action.slice('task_'.length) : '';
  if (isTaskAction(task)) return `服务机构${TASK_ACTION_LABELS[task]}`;
  return '办理记录';
}

/** Who wrote an entry: a role's name, or 系统 for the scheduled tick. */
export function actorLabel(actor: Actor | string): string {
  if (actor === 'system') return '系统';
  return (ROLES as readonly string[]).includes(actor) ? ROLE_LABELS[actor as keyof typeof ROLE_LABELS] : '工作人员';
}
