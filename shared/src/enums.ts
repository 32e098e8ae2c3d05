// Codes of the domain's enumerations and their Chinese labels, in one table each.

export const ROLES = ['enterprise', 'specialist', 'provider', 'manager', 'supervisor'] as const;
export type Role = (typeof ROLES)[number];
export const ROLE_LABELS: Record<Role, string> = {
  enterprise: '企业用户',
  specialist: '服务专员',
  provider: '服务机构/专家',
  manager: '运营管理',
  supervisor: '监督部门',
};

export const NEED_STATES = [
  'submitted',
  'accepted',
  'info_requested',
  'in_service',
  'completed',
  'rated',
  'closed',
  'rejected',
  'withdrawn',
] as const;
export type NeedState = (typeof NEED_STATES)[number];
export const NEED_STATE_LABELS: Record<NeedState, string> = {
  submitted: '已提交',
  accepted: '已受理',
  info_requested: '待补充',
  in_service: '服务中',
  completed: '已办结',
  rated: '已评价',
  closed: '已归档',
  rejected: '不予受理',
  withdrawn: '已撤回',
};

export const CHANNELS = ['miniapp', 'station_qr', 'window', 'phone', 'visit', 'email', 'wechat'] as const;
export type Channel = (typeof CHANNELS)[number];
export const CHANNEL_LABELS: Record<Channel, string> = {
  miniapp: '小程序',
  station_qr: '站点扫码',
  window: '窗口登记',
  phone: '电话',
  visit: '走访',
  email: '电子邮件',
  wechat: '微信',
};
/** Channels a specialist uses to record a need on an enterprise's behalf. */
export const STAFF_CHANNELS = ['window', 'phone', 'visit', 'email', 'wechat'] as const satisfies readonly Channel[];

export const STATION_KINDS = ['center', 'branch', 'post'] as const;
export type StationKind = (typeof STATION_KINDS)[number];
export const STATION_KIND_LABELS: Record<StationKind, string> = {
  center: '服务中心',
  branch: '服务分中心',
  post: '服务驿站',
};

export const PROVIDER_STATUSES = ['active', 'warned', 'suspended', 'exited'] as const;
export type ProviderStatus = (typeof PROVIDER_STATUSES)[number];
export const PROVIDER_STATUS_LABELS: Record<ProviderStatus, string> = {
  active: '正常',
  warned: '预警',
  suspended: '暂停',
  exited: '已退出',
};
/** Providers in good standing: offered in the directory, open to new tasks. */
export const OFFERED_PROVIDER_STATUSES: readonly ProviderStatus[] = ['active', 'warned'];

/** A WeChat subscribe message in the outbox: written with the change, sent after the commit (sending: taken by one sender). */
export const WECHAT_MESSAGE_STATUSES = ['pending', 'sending', 'sent', 'failed'] as const;
export type WechatMessageStatus = (typeof WECHAT_MESSAGE_STATUSES)[number];

export const TASK_STATES = ['assigned', 'accepted', 'done', 'declined', 'cancelled'] as const;
export type TaskState = (typeof TASK_STATES)[number];
export const TASK_STATE_LABELS: Record<TaskState, string> = {
  assigned: '待接单',
  accepted: '服务中',
  done: '已完成',
  declined: '已拒绝',
  cancelled: '已取消',
};

export const SATISFACTION_LEVELS = ['very_satisfied', 'satisfied', 'average', 'dissatisfied'] as const;
export type SatisfactionLevel = (typeof SATISFACTION_LEVELS)[number];
export const SATISFACTION_LABELS: Record<SatisfactionLevel, string> = {
  very_satisfied: '非常满意',
  satisfied: '满意',
  average: '一般',
  dissatisfied: '不满意',
};
/** The Annex C questions, in the form's order. */
export const RATING_QUESTIONS = [
  { key: 'timeliness', label: '反馈及时性' },
  { key: 'professionalism', label: '专业性' },
  { key: 'courtesy', label: '文明性' },
  { key: 'overall', label: '总体评价' },
] as const;

export const COMPLAINT_STATES = ['received', 'acknowledged', 'investigated', 'resolved'] as const;
export type ComplaintState = (typeof COMPLAINT_STATES)[number];
export const COMPLAINT_STATE_LABELS: Record<ComplaintState, string> = {
  received: '已受理',
  acknowledged: '已确认',
  investigated: '调查中',
  resolved: '已办结',
};
export const COMPLAINT_TARGETS = ['need', 'provider', 'staff'] as const;
export type ComplaintTarget = (typeof COMPLAINT_TARGETS)[number];

export const PERSONAS = ['enterprise', 'enterprise2', 'specialist', 'provider', 'manager', 'supervisor'] as const;
export type Persona = (typeof PERSONAS)[number];
export const PERSONA_LABELS: Record<Persona, string> = {
  enterprise: '企业用户',
  enterprise2: '企业用户二',
  specialist: '服务专员',
  provider: '服务机构',
  manager: '运营管理',
  supervisor: '监督部门',
};

export const EXPERT_TITLE_LEVELS = ['senior', 'associate_senior'] as const;
export type ExpertTitleLevel = (typeof EXPERT_TITLE_LEVELS)[number];
export const EXPERT_TITLE_LEVEL_LABELS: Record<ExpertTitleLevel, string> = {
  senior: '正高级',
  associate_senior: '副高级',
};
