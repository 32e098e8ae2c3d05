// The bodies of the steps on a need and on a task (受理, 派单, 办结, 评价 …),
// apart from schemas.ts: only the pages that act on a need build them.
import { z } from 'zod';
import { AttachmentSchema, IdSchema, optionalText, RATING_ANSWERS, requiredText, VersionSchema } from './schemas';

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
