// The service workbench: the specialist's inbox (filters, deadline
// order, counts), providers' tasks, matching (精准匹配), notifications and
// WeChat subscriptions, the scheduled tick, and the enterprise lookup of the
// window intake. Schemas and their types; the clocks live in clock.ts.
import { z } from 'zod';
import { CATEGORY_CODES } from './catalog';
import { CHANNELS, NEED_STATES, TASK_STATES } from './enums';
import { CursorSchema, NeedListQuerySchema } from './contract';
import { CategoryCodeSchema, IdSchema, NeedStateSchema, optionalText, plainText, StationKindSchema, TimestampSchema } from './schemas';
import { TaskSchema } from './models';

export * from './clock';

// ---- inbox ---------------------------------------------------------------------

export const INBOX_SORTS = ['newest', 'deadline'] as const;
export type InboxSort = (typeof INBOX_SORTS)[number];
/** Due filters: the running staff clock is past its day, or due within the due-soon limit. */
export const DUE_FILTERS = ['overdue', 'due_soon'] as const;
export type DueFilter = (typeof DUE_FILTERS)[number];

/** GET /api/needs: the list everyone shares, with the workbench's filters and sort. */
export const InboxQuerySchema = NeedListQuerySchema.extend({
  /** A state, or `open` for every state still being worked on. */
  state: z.enum([...NEED_STATES, 'open'], { error: '状态筛选不正确' }).optional(),
  category: z.enum(CATEGORY_CODES, { error: '服务类别不在目录中' }).optional(),
  stationId: IdSchema.optional(),
  channel: z.enum(CHANNELS, { error: '受理渠道不正确' }).optional(),
  due: z.enum(DUE_FILTERS, { error: '时限筛选只能是 overdue 或 due_soon' }).optional(),
  /** Only needs this specialist owns (首问负责). */
  mine: z.enum(['1', 'true']).optional(),
  /** 待审核: finished records no reviewer has signed off yet, the caller's own left out (an owner never reviews its own). */
  review: z.enum(['pending'], { error: '审核筛选只能是 pending' }).optional(),
  /** Free text: number, title or enterprise name. */
  q: optionalText('搜索内容', 60),
  sort: z.enum(INBOX_SORTS, { error: '排序只能是 newest 或 deadline' }).default('newest'),
});
export type InboxQuery = z.infer<typeof InboxQuerySchema>;

const countMap = <K extends string>(keys: readonly K[]) =>
  z.object(Object.fromEntries(keys.map((k) => [k, z.int()])) as Record<K, z.ZodInt>);

/** Counts over everything the caller may see (no filter applied), for the filter chips. */
export const NeedCountsSchema = z
  .object({
    total: z.int(),
    open: z.int(),
    mine: z.int(),
    overdue: z.int(),
    dueSoon: z.int(),
    byState: countMap(NEED_STATES),
    byCategory: z.record(z.string(), z.int()),
    byChannel: z.record(z.string(), z.int()),
    byStation: z.array(z.object({ id: IdSchema.nullable(), name: z.string(), count: z.int() })),
  })
  .meta({ id: 'NeedCounts' });
export type NeedCounts = z.infer<typeof NeedCountsSchema>;

// ---- 转办 -----------------------------------------------------------------------

/**
 * Whom a need may be handed to (转办): the other specialists, with the stations
 * they work at, and the stations whose queue may take it. The current owner
 * and the station whose queue already holds an unowned need are left out.
 */
export const TransferTargetsSchema = z
  .object({
    specialists: z.array(z.object({ id: IdSchema, name: z.string(), stations: z.array(z.string()) })),
    stations: z.array(z.object({ id: IdSchema, name: z.string(), kind: StationKindSchema })),
  })
  .meta({ id: 'TransferTargets' });
export type TransferTargets = z.infer<typeof TransferTargetsSchema>;

// ---- tasks ---------------------------------------------------------------------

export const TaskListQuerySchema = z.object({
  cursor: CursorSchema,
  limit: z.coerce.number().int().min(1).max(100).default(20),
  /** A task state, or `open` for assigned and accepted. */
  state: z.enum([...TASK_STATES, 'open'], { error: '任务状态筛选不正确' }).optional(),
});
export type TaskListQuery = z.infer<typeof TaskListQuerySchema>;

/** One of the provider's tasks with the need it belongs to (enough for a list card). */
export const TaskListItemSchema = TaskSchema.extend({
  need: z.object({
    id: IdSchema,
    number: z.string(),
    title: z.string(),
    state: NeedStateSchema,
    categories: z.array(CategoryCodeSchema),
    enterprise: z.object({ id: IdSchema, name: z.string() }),
    replyBy: z.iso.date(),
  }),
}).meta({ id: 'TaskListItem' });
export type TaskListItem = z.infer<typeof TaskListItemSchema>;

export const TaskPageSchema = z
  .object({
    items: z.array(TaskListItemSchema),
    nextCursor: z.string().nullable(),
    counts: z.object({ open: z.int(), assigned: z.int(), accepted: z.int(), overdue: z.int() }),
  })
  .meta({ id: 'TaskPage' });
export type TaskPage = z.infer<typeof TaskPageSchema>;

// ---- matching (精准匹配) -----------------------------------------------------------

export const MatchSchema = z
  .object({
    kind: z.enum(['institution', 'expert']),
    institutionId: IdSchema.optional(),
    expertId: IdSchema.optional(),
    name: z.string(),
    /** 0–100, higher is a better fit. */
    score: z.int().min(0).max(100),
    /** Its strengths, in Chinese, strongest first (shown ticked). */
    reasons: z.array(z.string()),
    /** Facts that are neither for nor against it (some tasks in hand, no history yet): shown plain. */
    notes: z.array(z.string()),
    /** What speaks against it (expired qualifications, 预警 status, heavy load). */
    warnings: z.array(z.string()),
    region: z.string(),
    openTasks: z.int(),
    onTimeRate: z.number().min(0).max(1).nullable(),
    satisfactionRate: z.number().min(0).max(1).nullable(),
    /** Already holds an open task on this need: dispatching again would be refused. */
    alreadyAssigned: z.boolean(),
  })
  .meta({ id: 'Match' });
export type Match = z.infer<typeof MatchSchema>;
export const MatchListSchema = z.array(MatchSchema).meta({ id: 'MatchList' });

// ---- notifications ---------------------------------------------------------------

export const NOTIFICATION_KINDS = [
  'need_state',
  'need_new',
  'task_new',
  'task_update',
  'due_soon',
  'overdue',
  'rate_reminder',
  'complaint',
  'checkin',
  'qualification',
  'evaluation',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];
export const NOTIFICATION_KIND_LABELS: Record<NotificationKind, string> = {
  need_state: '需求动态',
  need_new: '新需求',
  task_new: '新任务',
  task_update: '任务动态',
  due_soon: '即将到期',
  overdue: '已超期',
  rate_reminder: '评价提醒',
  complaint: '投诉动态',
  checkin: '到站登记',
  qualification: '资质到期',
  evaluation: '动态评价',
};

export const NotificationSchema = z
  .object({
    id: IdSchema,
    kind: z.string(),
    title: z.string(),
    body: z.string(),
    needId: IdSchema.nullable(),
    taskId: IdSchema.nullable(),
    createdAt: TimestampSchema,
    readAt: TimestampSchema.nullable(),
  })
  .meta({ id: 'Notification' });
export type Notification = z.infer<typeof NotificationSchema>;

export const NotificationListQuerySchema = z.object({
  cursor: CursorSchema,
  limit: z.coerce.number().int().min(1).max(100).default(20),
  unread: z.enum(['1', 'true']).optional(),
});
export type NotificationListQuery = z.infer<typeof NotificationListQuerySchema>;

export const NotificationPageSchema = z
  .object({ items: z.array(NotificationSchema), nextCursor: z.string().nullable(), unread: z.int() })
  .meta({ id: 'NotificationPage' });
export type NotificationPage = z.infer<typeof NotificationPageSchema>;

export const ReadAllResultSchema = z.object({ updated: z.int(), unread: z.int() }).meta({ id: 'ReadAllResult' });

/** The subscribe-message templates the server may send, by purpose. */
export const SUBSCRIPTION_PURPOSES = ['need_status'] as const;
export type SubscriptionPurpose = (typeof SUBSCRIPTION_PURPOSES)[number];

/** Recorded after wx.requestSubscribeMessage: the user's answer for one template. */
export const SubscriptionInputSchema = z
  .strictObject({
    templateId: plainText('模板编号 templateId').min(1, { error: '缺少模板编号 templateId' }).max(128),
    accepted: z.boolean({ error: '缺少用户的选择 accepted' }),
  })
  .meta({ id: 'SubscriptionInput' });
export type SubscriptionInput = z.infer<typeof SubscriptionInputSchema>;

export const SubscriptionStatusSchema = z
  .object({
    templates: z.array(
      z.object({
        purpose: z.enum(SUBSCRIPTION_PURPOSES),
        templateId: z.string(),
        /** Messages the user has allowed and not yet received (one per acceptance). */
        credits: z.int(),
      }),
    ),
  })
  .meta({ id: 'SubscriptionStatus' });
export type SubscriptionStatus = z.infer<typeof SubscriptionStatusSchema>;

// ---- the scheduled tick ------------------------------------------------------------

export const CronResultSchema = z
  .object({
    today: z.iso.date(),
    overdue: z.int(),
    dueSoon: z.int(),
    rateReminders: z.int(),
    expired: z.int(),
    notifications: z.int(),
    /** 动态评价 proposals the tick made (new pending ones). */
    evaluationProposals: z.int(),
    wechat: z.object({ sent: z.int(), failed: z.int() }),
  })
  .meta({ id: 'CronResult' });
export type CronResult = z.infer<typeof CronResultSchema>;

// ---- window intake: finding the enterprise -------------------------------------------

export const EnterpriseLookupQuerySchema = z.object({
  q: z
    .string({ error: '请输入企业名称或统一社会信用代码' })
    .trim()
    .min(2, { error: '请至少输入 2 个字' })
    .max(100, { error: '不能超过 100 个字' }),
});

export const EnterpriseHitSchema = z
  .object({ id: IdSchema, name: z.string(), creditCode: z.string().nullable(), region: z.string() })
  .meta({ id: 'EnterpriseHit' });
export type EnterpriseHit = z.infer<typeof EnterpriseHitSchema>;
