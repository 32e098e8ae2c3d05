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

/** The title of the notice the enterprise's members get when staff (or the tick) act on their need: natural sentences, no codes. */
export const NEED_NOTICE_TITLES: Record<NeedAction, string> = {
  accept: '您的需求已受理',
  answer: '您的需求已答复',
  request_info: '请补充材料',
  supplement: '需求已补充材料',
  serve: '您的需求正在办理',
  dispatch: '已为您对接服务机构',
  complete: '您的需求已办结，请评价',
  reject: '您的需求未予受理',
  withdraw: '需求已撤回',
  rate: '需求已评价',
  close: '您的需求已归档',
  expire: '您的需求已评价期满归档',
  reopen: '您的需求已重新办理',
  note: '您的需求有新的办理说明',
  sign_off: '您的需求服务记录已审核',
  transfer: '您的需求已转交其他服务专员办理',
};
