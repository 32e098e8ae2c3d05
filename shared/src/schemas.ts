// zod building blocks and the API's request bodies, with their inferred types.
// Both the server (validation, OpenAPI) and the mini-program (form validation)
// use these; messages are in Chinese. The answers are in models.ts, the steps
// on a need or a task in needActions.ts: a form's page builds only what it checks.
import { z } from 'zod';
// One locale, imported by itself: `z.locales.zhCN` would pull every locale zod has into each bundle.
import { zhCN } from 'zod/locales';
import { CATEGORY_CODES, ITEM_BY_CODE } from './catalog';
import { CHANNELS, NEED_STATES, PERSONAS, PROVIDER_STATUSES, ROLES, SATISFACTION_LEVELS, STATION_KINDS, TASK_STATES } from './enums';
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

/** The four answers of a rating (附录C), each a satisfaction level. */
export const RATING_ANSWERS = {
  timeliness: SatisfactionSchema,
  professionalism: SatisfactionSchema,
  courtesy: SatisfactionSchema,
  overall: SatisfactionSchema,
};

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
