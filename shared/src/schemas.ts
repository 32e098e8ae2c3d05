// zod schemas of the domain's entities and of the API's request bodies, with
// their inferred types. Both the server (validation, OpenAPI) and the
// mini-program (form validation) use these; messages are in Chinese.
import { z } from 'zod';
// One locale, imported by itself: `z.locales.zhCN` would pull every locale zod has into each bundle.
import { zhCN } from 'zod/locales';
import { CATEGORY_CODES, ITEM_BY_CODE } from './catalog';
import {
  CHANNELS,
  COMPLAINT_STATES,
  COMPLAINT_TARGETS,
  EXPERT_TITLE_LEVELS,
  NEED_STATES,
  PERSONAS,
  PROVIDER_STATUSES,
  ROLES,
  SATISFACTION_LEVELS,
  STATION_KINDS,
  TASK_STATES,
} from './enums';
import { NEED_ACTIONS } from './needFlow';
import { TASK_ACTIONS } from './taskFlow';
import { NeedClockSchema } from './clock';
import { checkCreditCode, normalizeCreditCode } from './creditCode';
import { MAX_UPLOAD_BYTES } from './contract';

z.config(zhCN());

// ---- building blocks -------------------------------------------------------

export const IdSchema = z.uuid({ error: '编号格式不正确' });
export const IsoDateSchema = z.iso.date({ error: '日期格式应为 YYYY-MM-DD' });
export const TimestampSchema = z.iso.datetime({ offset: true });

/** The largest value of a Postgres `integer` (int4): versions and counts sent back are bounded by it. */
export const INT4_MAX = 2_147_483_647;

// What a text field may hold so that it can be stored and shown: no C0 or C1
// control characters (Postgres cannot store NUL; the others are never typed)
// and no lone UTF-16 surrogates. Multi-line text keeps tab and line breaks.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSAFE_IN_LINE = /[\u0000-\u001F\u007F-\u009F]|\p{Cs}/u;
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSAFE_IN_TEXT = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]|\p{Cs}/u;

/** True when `v` has nothing a text field refuses (see above). */
export const isStorableText = (v: string, multiline = false): boolean => !(multiline ? UNSAFE_IN_TEXT : UNSAFE_IN_LINE).test(v);

export interface TextOptions {
  /** Allows tab and line breaks inside (descriptions, notes). */
  multiline?: boolean;
}

/**
 * The one string building block of request schemas: trimmed (a pasted
 * trailing newline goes), then refused with 400 when it holds a control
 * character or a lone surrogate. Every free-text field, query and path
 * parameter is built from it.
 */
export const plainText = (label = '内容', opts: TextOptions = {}) =>
  z
    .string({ error: `请填写${label}` })
    .trim()
    .refine((v) => isStorableText(v, opts.multiline), {
      error: opts.multiline ? `${label}不能包含控制字符` : `${label}不能包含换行或控制字符`,
    });

/** Required text between `min` and `max` characters, with the forms' Chinese messages. */
export const requiredText = (label: string, min: number, max: number, opts: TextOptions = {}) =>
  plainText(label, opts)
    .min(min, { error: min <= 1 ? `请填写${label}` : `${label}至少 ${min} 个字` })
    .max(max, { error: `${label}不能超过 ${max} 个字` });

/** Optional free text up to `max` characters ('' allowed). */
export const optionalText = (label: string, max: number, opts: TextOptions = {}) =>
  plainText(label, opts)
    .max(max, { error: `${label}不能超过 ${max} 个字` })
    .optional();

/** A version a change was made from, or another integer that reaches an int4 column. */
export const int4 = (error?: string) => z.int(error ? { error } : undefined).max(INT4_MAX, { error: error ?? `不能大于 ${INT4_MAX}` });

export const MOBILE_PATTERN = /^1[3-9]\d{9}$/;
export const LANDLINE_PATTERN = /^0\d{2,3}-?\d{7,8}$/;
export const PhoneSchema = z
  .string({ error: '请填写联系电话' })
  .trim()
  .refine((v) => MOBILE_PATTERN.test(v) || LANDLINE_PATTERN.test(v), {
    error: '联系电话应为 11 位手机号或带区号的固定电话（如 0898-66661234）',
  });

export const CreditCodeSchema = z
  .string({ error: '请填写统一社会信用代码' })
  .transform(normalizeCreditCode)
  .superRefine((v, ctx) => {
    const r = checkCreditCode(v);
    if (!r.ok) ctx.addIssue({ code: 'custom', message: r.message });
  });

export const CategoryCodeSchema = z.enum(CATEGORY_CODES, { error: '服务类别不在目录中' });
export const ItemCodeSchema = z.string().refine((v) => ITEM_BY_CODE.has(v), { error: '服务项目不在目录中' });
export const ChannelSchema = z.enum(CHANNELS, { error: '受理渠道不正确' });
export const RoleSchema = z.enum(ROLES);
export const NeedStateSchema = z.enum(NEED_STATES);
export const TaskStateSchema = z.enum(TASK_STATES);
export const StationKindSchema = z.enum(STATION_KINDS);
export const ProviderStatusSchema = z.enum(PROVIDER_STATUSES);
export const SatisfactionSchema = z.enum(SATISFACTION_LEVELS, { error: '请选择满意程度' });
export const PersonaSchema = z.enum(PERSONAS, { error: '没有这个演示账号' });

export const AttachmentSchema = z.strictObject({
  name: requiredText('附件名称', 1, 120),
  url: plainText('附件地址').max(1000),
  size: z
    .int()
    .min(0)
    .max(MAX_UPLOAD_BYTES, { error: `单个附件不能超过 ${MAX_UPLOAD_BYTES / 1024 / 1024} MB` }),
  mime: plainText('附件类型').max(100),
});
export type Attachment = z.infer<typeof AttachmentSchema>;

// ---- entities (as the API returns them) ------------------------------------

export const EnterpriseSchema = z
  .object({
    id: IdSchema,
    name: z.string(),
    creditCode: z.string().nullable(),
    region: z.string(),
    address: z.string(),
    industry: z.string(),
    scale: z.enum(['micro', 'small', 'medium', 'large']).nullable(),
  })
  .meta({ id: 'Enterprise' });
export type Enterprise = z.infer<typeof EnterpriseSchema>;

export const OpeningHoursSchema = z.object({
  weekdays: z.array(z.int().min(1).max(7)),
  open: z.string().regex(/^\d{2}:\d{2}$/),
  close: z.string().regex(/^\d{2}:\d{2}$/),
});

export const StationSchema = z
  .object({
    id: IdSchema,
    code: z.string(),
    version: z.int(),
    kind: StationKindSchema,
    name: z.string(),
    region: z.string(),
    address: z.string(),
    location: z.object({ lat: z.number(), lng: z.number() }),
    phone: z.string(),
    hours: z.array(OpeningHoursSchema),
    notice: z.object({
      intro: z.string(),
      items: z.array(z.string()),
      flow: z.array(z.string()),
      complaintPhone: z.string(),
      staff: z.array(z.object({ name: z.string(), title: z.string() })),
    }),
  })
  .meta({ id: 'Station' });
export type Station = z.infer<typeof StationSchema>;

export const QualificationSchema = z.object({
  name: z.string(),
  number: z.string(),
  validFrom: IsoDateSchema,
  validTo: IsoDateSchema,
});

export const InstitutionSchema = z
  .object({
    id: IdSchema,
    name: z.string(),
    categories: z.array(CategoryCodeSchema),
    items: z.array(z.string()),
    region: z.string(),
    status: ProviderStatusSchema,
    qualifications: z.array(QualificationSchema),
    intro: z.string(),
  })
  .meta({ id: 'Institution' });
export type Institution = z.infer<typeof InstitutionSchema>;

export const ExpertSchema = z
  .object({
    id: IdSchema,
    name: z.string(),
    title: z.string(),
    titleLevel: z.enum(EXPERT_TITLE_LEVELS),
    fields: z.array(CategoryCodeSchema),
    items: z.array(z.string()),
    organisation: z.string(),
    region: z.string(),
    status: ProviderStatusSchema,
    intro: z.string(),
  })
  .meta({ id: 'Expert' });
export type Expert = z.infer<typeof ExpertSchema>;

export const UserSchema = z.object({ id: IdSchema, name: z.string(), roles: z.array(RoleSchema) }).meta({ id: 'User' });
export type User = z.infer<typeof UserSchema>;

export const MeSchema = z
  .object({
    user: UserSchema,
    roles: z.array(RoleSchema),
    enterprise: EnterpriseSchema.nullable(),
    institution: InstitutionSchema.nullable(),
    expert: ExpertSchema.nullable(),
    stations: z.array(z.object({ id: IdSchema, name: z.string(), kind: StationKindSchema })),
  })
  .meta({ id: 'Me' });
export type Me = z.infer<typeof MeSchema>;

export const DeadlinesSchema = z.object({
  acceptBy: IsoDateSchema,
  replyBy: IsoDateSchema,
  rateBy: IsoDateSchema.nullable(),
});

export const EventSchema = z
  .object({
    id: IdSchema,
    at: TimestampSchema,
    actor: z.object({ id: IdSchema.nullable(), name: z.string(), role: z.string() }),
    action: z.string(),
    from: NeedStateSchema.nullable(),
    to: NeedStateSchema,
    note: z.string().nullable(),
    /** An internal note, shown to staff only (never to the enterprise). */
    internal: z.boolean().optional(),
  })
  .meta({ id: 'NeedEvent' });
export type NeedEvent = z.infer<typeof EventSchema>;

export const AssigneeSchema = z.object({
  kind: z.enum(['institution', 'expert']),
  id: IdSchema,
  name: z.string(),
  contactName: z.string(),
  contactPhone: z.string(),
  /** Masked for oversight and once the task is off (declined, cancelled); in full to the need's parties (指导对接). */
  contactMasked: z.boolean(),
});

export const TaskSchema = z
  .object({
    id: IdSchema,
    needId: IdSchema,
    state: TaskStateSchema,
    version: z.int(),
    assignee: AssigneeSchema,
    note: z.string().nullable(),
    assignedAt: TimestampSchema,
    acceptBy: IsoDateSchema,
    declineReason: z.string().nullable(),
    result: z.string().nullable(),
    /** Workbench fields: see workbench.ts. */
    attachments: z.array(AttachmentSchema).optional(),
    respondedAt: TimestampSchema.nullable().optional(),
    doneAt: TimestampSchema.nullable().optional(),
    /** A declined task replaced by a re-dispatch: the task that took its place. */
    replacedBy: IdSchema.nullable().optional(),
    clock: NeedClockSchema.optional(),
    allowedActions: z.array(z.enum(TASK_ACTIONS)).optional(),
  })
  .meta({ id: 'Task' });
export type Task = z.infer<typeof TaskSchema>;

/** The four Annex C questions, in the form's order. */
const RATING_ANSWERS = {
  timeliness: SatisfactionSchema,
  professionalism: SatisfactionSchema,
  courtesy: SatisfactionSchema,
  overall: SatisfactionSchema,
};

export const RatingSchema = z
  .object({
    ...RATING_ANSWERS,
    resolved: z.boolean(),
    comment: z.string().nullable(),
    createdAt: TimestampSchema,
  })
  .meta({ id: 'Rating' });
export type Rating = z.infer<typeof RatingSchema>;

export const NeedSummarySchema = z
  .object({
    id: IdSchema,
    number: z.string(),
    state: NeedStateSchema,
    version: z.int(),
    title: z.string(),
    description: z.string(),
    categories: z.array(CategoryCodeSchema),
    items: z.array(z.string()),
    channel: ChannelSchema,
    stationId: IdSchema.nullable(),
    enterprise: z.object({ id: IdSchema, name: z.string() }),
    applicant: z.string(),
    contactName: z.string(),
    contactPhone: z.string(),
    contactMasked: z.boolean(),
    desiredReplyBy: IsoDateSchema.nullable(),
    createdAt: TimestampSchema,
    deadlines: DeadlinesSchema,
    /** The clock running now and whether it is due soon or overdue (workbench.ts). */
    clock: NeedClockSchema.optional(),
  })
  .meta({ id: 'NeedSummary' });
export type NeedSummary = z.infer<typeof NeedSummarySchema>;

export const NeedDetailSchema = NeedSummarySchema.extend({
  attachments: z.array(AttachmentSchema),
  owner: z.object({ id: IdSchema, name: z.string() }).nullable(),
  recorder: z.object({ id: IdSchema, name: z.string() }).nullable(),
  /** 审核人: signs the record off (DB46 Annex B), when, and with which opinion (审核意见). */
  reviewer: z.object({ id: IdSchema, name: z.string(), at: TimestampSchema.nullable(), opinion: z.string().nullable() }).nullable(),
  /**
   * Where the enterprise reaches its owner specialist: the station the owner
   * works at (the need's own, else the owner's desk) and its phone. Null
   * until a specialist owns the need.
   */
  ownerStation: z.object({ id: IdSchema, name: z.string(), phone: z.string() }).nullable(),
  /** 技术服务项目及服务周期: the agreed service period, e.g. 2026-12-01 至 2026-12-20. */
  servicePeriod: z.string().nullable(),
  answer: z.string().nullable(),
  result: z.string().nullable(),
  rejectReason: z.string().nullable(),
  referral: z.string().nullable(),
  requestedInfo: z.array(z.string()),
  events: z.array(EventSchema),
  tasks: z.array(TaskSchema),
  rating: RatingSchema.nullable(),
  /**
   * For service staff: the need's one-time rating link (一次一评), if one was
   * issued — when, and when it was used; never its token, which was shown
   * once. Issuing again replaces it. Absent for anyone else.
   */
  ratingLink: z.object({ issuedAt: TimestampSchema, usedAt: TimestampSchema.nullable() }).nullable().optional(),
  allowedActions: z.array(z.enum(NEED_ACTIONS)),
}).meta({ id: 'NeedDetail' });
export type NeedDetail = z.infer<typeof NeedDetailSchema>;

export const NeedPageSchema = z.object({ items: z.array(NeedSummarySchema), nextCursor: z.string().nullable() }).meta({ id: 'NeedPage' });
export type NeedPage = z.infer<typeof NeedPageSchema>;

export const CategoryListSchema = z
  .array(
    z.object({
      code: CategoryCodeSchema,
      name: z.string(),
      description: z.string(),
      items: z.array(z.object({ code: z.string(), name: z.string(), description: z.string() })),
    }),
  )
  .meta({ id: 'CategoryList' });

export const ComplaintSchema = z
  .object({
    id: IdSchema,
    needId: IdSchema.nullable(),
    targetKind: z.enum(COMPLAINT_TARGETS),
    content: z.string(),
    state: z.enum(COMPLAINT_STATES),
    version: z.int(),
    createdAt: TimestampSchema,
    outcome: z.string().nullable(),
  })
  .meta({ id: 'Complaint' });
export type Complaint = z.infer<typeof ComplaintSchema>;

export const CheckinSchema = z
  .object({ id: IdSchema, stationId: IdSchema, at: TimestampSchema, purpose: z.string().nullable() })
  .meta({ id: 'Checkin' });
export type Checkin = z.infer<typeof CheckinSchema>;
/** The caller's check-in at a station today, if any (the page then shows 已登记). */
export const MyCheckinSchema = z.object({ checkin: CheckinSchema.nullable() }).meta({ id: 'MyCheckin' });
export type MyCheckin = z.infer<typeof MyCheckinSchema>;

// ---- requests ----------------------------------------------------------------

export const WechatLoginSchema = z.strictObject({
  code: plainText('微信登录凭证 code').min(1, { error: '缺少微信登录凭证 code' }).max(128),
});
/** The enterprise profile a newly signed-in user fills in (我的 → 企业信息). */
export const EnterpriseProfileSchema = z
  .strictObject({
    name: requiredText('企业名称', 2, 100),
    creditCode: CreditCodeSchema,
    region: optionalText('所在地区', 50),
    address: optionalText('地址', 200),
    industry: optionalText('所属行业', 100),
    scale: z.enum(['micro', 'small', 'medium', 'large']).optional(),
    contactName: requiredText('您的姓名', 1, 30).optional(),
  })
  .meta({ id: 'EnterpriseProfile' });
export type EnterpriseProfileInput = z.infer<typeof EnterpriseProfileSchema>;

export const CheckinInputSchema = z.strictObject({ purpose: optionalText('来访事由', 200) }).meta({ id: 'CheckinInput' });
export type CheckinInput = z.infer<typeof CheckinInputSchema>;

/** Demo mode: one of the demo personas, or a new account as a first WeChat sign-in makes (to bind an invitation, or fill in 企业信息). */
export const DevLoginSchema = z
  .strictObject({ persona: PersonaSchema.optional(), newAccount: z.literal(true).optional() })
  .refine((b) => (b.persona === undefined) !== (b.newAccount === undefined), {
    error: '请选择一个演示身份（persona），或以新用户登录（newAccount: true），二者选一',
    path: ['persona'],
  });
export type DevLoginInput = z.infer<typeof DevLoginSchema>;
export const LoginResultSchema = z.object({ token: z.string(), user: UserSchema }).meta({ id: 'LoginResult' });

const uniqueList = <T extends z.ZodType>(item: T, label: string, min: number, max: number) =>
  z
    .array(item)
    .min(min, { error: `请至少选择 ${min} 个${label}` })
    .max(max, { error: `${label}最多选择 ${max} 个` })
    .refine((xs) => new Set(xs).size === xs.length, { error: `${label}有重复` });

/** The fields of the DB46 Annex B form that the enterprise fills in. */
export const NeedFormSchema = z.strictObject({
  title: requiredText('需求标题', 2, 60),
  description: requiredText('需求描述', 5, 2000, { multiline: true }),
  categories: uniqueList(CategoryCodeSchema, '服务类别', 1, 11),
  items: uniqueList(ItemCodeSchema, '服务项目', 0, 30).optional(),
  applicant: requiredText('申请人', 1, 60).optional(),
  contactName: requiredText('联系人', 1, 30),
  contactPhone: PhoneSchema,
  desiredReplyBy: IsoDateSchema.optional(),
  attachments: z.array(AttachmentSchema).max(9, { error: '附件最多 9 个' }).optional(),
});

export const CreateNeedSchema = NeedFormSchema.extend({
  stationId: IdSchema.optional(),
  channel: ChannelSchema.optional(),
  /** A specialist recording a need at the window names the enterprise. */
  enterprise: z.strictObject({ name: requiredText('企业名称', 2, 100), creditCode: CreditCodeSchema.optional() }).optional(),
})
  .superRefine((v, ctx) => {
    if (v.channel === 'station_qr' && !v.stationId) {
      ctx.addIssue({ code: 'custom', path: ['stationId'], message: '扫码提交的需求必须带上服务站点' });
    }
    if (v.items?.length) {
      for (const [i, code] of v.items.entries()) {
        const hit = ITEM_BY_CODE.get(code);
        if (hit && !v.categories.includes(hit.category)) {
          ctx.addIssue({ code: 'custom', path: ['items', i], message: `服务项目“${hit.item.name}”不属于所选服务类别` });
        }
      }
    }
  })
  .meta({ id: 'CreateNeed' });
export type CreateNeedInput = z.infer<typeof CreateNeedSchema>;

/** The version a change was made from: a stale one is refused (409). */
export const VersionSchema = int4('缺少版本号 version').min(1);
const version = VersionSchema;
const servicePeriod = optionalText('服务周期', 100);
const note = (label: string, max = 2000) => requiredText(label, 1, max, { multiline: true });
const optionalNote = (label: string, max: number) => optionalText(label, max, { multiline: true });

export const DispatchAssigneeSchema = z
  .strictObject({
    institutionId: IdSchema.optional(),
    expertId: IdSchema.optional(),
    note: optionalNote('派单说明', 500),
  })
  .refine((a) => Boolean(a.institutionId) !== Boolean(a.expertId), {
    error: '每个派单对象须且只能指定一个机构或一位专家',
  });

export const NeedActionSchema = z
  .discriminatedUnion(
    'action',
    [
      z.strictObject({ action: z.literal('accept'), version }),
      z.strictObject({ action: z.literal('answer'), version, answer: note('答复内容') }),
      z.strictObject({
        action: z.literal('request_info'),
        version,
        items: z.array(note('补充事项', 200)).min(1, { error: '请一次性列出需要补充的全部事项' }).max(20),
      }),
      z.strictObject({
        action: z.literal('supplement'),
        version,
        note: note('补充说明'),
        /** The documents asked for (检定证书, 型号清单…): they join the need's attachments. */
        attachments: z.array(AttachmentSchema).max(9, { error: '附件最多 9 个' }).optional(),
      }),
      z.strictObject({ action: z.literal('serve'), version, note: optionalNote('服务说明', 2000), period: servicePeriod }),
      z.strictObject({
        action: z.literal('dispatch'),
        version,
        assignees: z.array(DispatchAssigneeSchema).min(1, { error: '请至少选择一个服务机构或专家' }).max(10),
        period: servicePeriod,
      }),
      z.strictObject({ action: z.literal('complete'), version, result: note('办理结果') }),
      z.strictObject({
        action: z.literal('reject'),
        version,
        reason: note('不予受理理由', 500),
        referral: optionalNote('转介建议', 500),
      }),
      z.strictObject({ action: z.literal('withdraw'), version, note: optionalNote('撤回说明', 500) }),
      z.strictObject({ action: z.literal('reopen'), version, reason: note('重新办理理由', 500) }),
      z.strictObject({ action: z.literal('close'), version }),
      z.strictObject({
        action: z.literal('note'),
        version,
        note: note('备注内容'),
        /** true: staff only (内部备注); false: the enterprise sees it too. */
        internal: z.boolean({ error: '请选择备注是否对企业可见' }),
      }),
      z.strictObject({ action: z.literal('sign_off'), version, note: optionalNote('审核意见', 500) }),
      z
        .strictObject({
          action: z.literal('transfer'),
          version,
          reason: note('转办理由', 500),
          /** To this specialist, who becomes the owner… */
          toSpecialistId: IdSchema.optional(),
          /** …or to this station's queue, whose specialists take it up (首问负责 anew). */
          toStationId: IdSchema.optional(),
        })
        .refine((v) => Boolean(v.toSpecialistId) !== Boolean(v.toStationId), {
          error: '请选择转交的服务专员或服务站点（二选一）',
          path: ['toSpecialistId'],
        }),
    ],
    { error: '不支持的操作 action' },
  )
  .meta({ id: 'NeedAction' });
export type NeedActionInput = z.infer<typeof NeedActionSchema>;

export const RatingInputSchema = z
  .strictObject({
    ...RATING_ANSWERS,
    resolved: z.boolean({ error: '请选择问题是否得到解决' }),
    comment: optionalNote('意见或建议', 1000),
  })
  .meta({ id: 'RatingInput' });
export type RatingInput = z.infer<typeof RatingInputSchema>;

export const TaskActionSchema = z
  .discriminatedUnion(
    'action',
    [
      z.strictObject({ action: z.literal('accept'), version }),
      z.strictObject({ action: z.literal('decline'), version, reason: note('拒绝理由', 500) }),
      z.strictObject({ action: z.literal('progress'), version, note: note('进展说明') }),
      z.strictObject({
        action: z.literal('done'),
        version,
        result: note('服务结果'),
        attachments: z.array(AttachmentSchema).max(9, { error: '附件最多 9 个' }).optional(),
      }),
      z.strictObject({ action: z.literal('cancel'), version, reason: note('取消理由', 500) }),
    ],
    { error: '不支持的操作 action' },
  )
  .meta({ id: 'TaskAction' });
export type TaskActionInput = z.infer<typeof TaskActionSchema>;
