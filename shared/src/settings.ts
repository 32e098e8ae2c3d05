// Manager-editable settings (SPEC "Time limits": defaults a manager can
// change). New limits apply to deadlines computed after the change: needs
// submitted, tasks dispatched and complaints received from then on; a
// deadline already given keeps its day. "Due soon" applies at once.
import { z } from 'zod';
import { DEFAULT_TIME_LIMITS, type TimeLimits } from './deadlines';
import { int4, TimestampSchema } from './schemas';

/** How each limit is named on screen and the range a manager may set, in working days. */
export const TIME_LIMIT_FIELDS: Readonly<Record<keyof TimeLimits, { label: string; hint: string; min: number; max: number }>> = {
  acceptDays: { label: '受理或即时答复', hint: '企业提交需求后', min: 1, max: 10 },
  taskAcceptDays: { label: '机构或专家接单', hint: '派单后接单或拒单', min: 1, max: 10 },
  replyDays: { label: '答复企业', hint: '企业未提出期望答复时间时', min: 1, max: 60 },
  rateDays: { label: '企业评价期', hint: '办结后企业可评价的时间（DB46 9.2.1 为 5 个工作日）', min: 1, max: 30 },
  complaintAckDays: { label: '确认受理投诉', hint: '收到投诉后', min: 1, max: 10 },
  complaintResolveDays: { label: '办结投诉', hint: '收到投诉后办结并告知结果', min: 1, max: 60 },
  dueSoonDays: { label: '到期提醒', hint: '剩余不超过这些工作日时提醒“即将到期”', min: 0, max: 5 },
  followUpDays: { label: '回访处理', hint: '企业评价不满意或问题未解决后，回访并处理完毕', min: 1, max: 30 },
};

const limitSchema = (key: keyof TimeLimits) => {
  const { label, min, max } = TIME_LIMIT_FIELDS[key];
  const range = `${label}须为 ${min}–${max} 个工作日的整数`;
  return z.int({ error: range }).min(min, { error: range }).max(max, { error: range });
};

export const TimeLimitsSchema = z
  .strictObject(
    Object.fromEntries((Object.keys(DEFAULT_TIME_LIMITS) as (keyof TimeLimits)[]).map((k) => [k, limitSchema(k)])) as {
      [K in keyof TimeLimits]: ReturnType<typeof limitSchema>;
    },
  )
  .meta({ id: 'TimeLimits' });

/** The limits in force, the spec's defaults, and who last changed them. */
export const TimeLimitsViewSchema = z
  .object({
    limits: TimeLimitsSchema,
    defaults: TimeLimitsSchema,
    /** 0 while the defaults have never been changed. */
    version: z.int(),
    updatedAt: TimestampSchema.nullable(),
    updatedBy: z.string().nullable(),
  })
  .meta({ id: 'TimeLimitsView' });
export type TimeLimitsView = z.infer<typeof TimeLimitsViewSchema>;

/** PUT /api/settings/time-limits (managers): every limit, from the version shown. */
export const TimeLimitsUpdateSchema = z
  .strictObject({
    version: int4('缺少版本号 version').min(0),
    limits: TimeLimitsSchema,
  })
  .meta({ id: 'TimeLimitsUpdate' });
export type TimeLimitsUpdate = z.infer<typeof TimeLimitsUpdateSchema>;
