// The directories managers keep (机构名录、专家库): what a manager sends to add
// or edit an institution or an expert, what the manager's view and the public
// view show, and the history of changes. Contacts are personal data: sent in
// clear, stored encrypted, shown masked; the public never sees them.
import { z } from 'zod';
import { ITEM_BY_CODE, type CategoryCode } from './catalog';
import { EXPERT_TITLE_LEVELS } from './enums';
import {
  AttachmentSchema,
  CategoryCodeSchema,
  CreditCodeSchema,
  IdSchema,
  IsoDateSchema,
  ItemCodeSchema,
  optionalText,
  PhoneSchema,
  plainText,
  ProviderStatusSchema,
  requiredText,
  TimestampSchema,
  VersionSchema,
} from './schemas';
import { InstitutionSchema } from './models';
import { uploadIdOf } from './uploads';

export const MANAGE_DIRECTORY_PATHS = {
  institutions: '/api/manage/institutions',
  institution: '/api/manage/institutions/{id}',
  institutionHistory: '/api/manage/institutions/{id}/history',
  experts: '/api/manage/experts',
  expert: '/api/manage/experts/{id}',
  expertHistory: '/api/manage/experts/{id}/history',
} as const;

/** Days before a qualification's last valid day from which managers are told. */
export const QUALIFICATION_WARNING_DAYS = 30;

export const QUALIFICATION_KINDS = [
  'cma',
  'cnas',
  'metrology_authorisation',
  'certification_approval',
  'special_equipment',
  'other',
] as const;
export type QualificationKind = (typeof QUALIFICATION_KINDS)[number];
export const QUALIFICATION_KIND_LABELS: Record<QualificationKind, string> = {
  cma: '检验检测机构资质认定（CMA）',
  cnas: '实验室认可（CNAS）',
  metrology_authorisation: '计量授权',
  certification_approval: '认证机构批准书',
  special_equipment: '特种设备检验检测机构核准',
  other: '其他资质',
};

/** A file uploaded through POST /api/uploads (a scan, a certificate). */
export const UploadedFileSchema = AttachmentSchema.refine((a) => uploadIdOf(a.url) !== null, {
  error: '附件须先通过上传接口上传',
  path: ['url'],
});

const unique = <T extends z.ZodType>(item: T, label: string, max: number) =>
  z
    .array(item)
    .max(max, { error: `${label}最多 ${max} 项` })
    .refine((xs) => new Set(xs).size === xs.length, { error: `${label}有重复` });

export const QualificationInputSchema = z
  .strictObject({
    kind: z.enum(QUALIFICATION_KINDS, { error: '请选择资质类型' }),
    /** The certificate's own title; the kind's label when blank. */
    name: optionalText('资质名称', 60).default(''),
    number: requiredText('证书编号', 2, 60),
    scope: optionalText('资质范围', 500, { multiline: true }).default(''),
    validFrom: IsoDateSchema,
    validTo: IsoDateSchema,
    /** The service items this qualification covers: they stop matching once it has expired. */
    items: unique(ItemCodeSchema, '覆盖的服务项目', 80).default([]),
    scan: UploadedFileSchema.nullable().default(null),
  })
  .refine((q) => q.validFrom <= q.validTo, { error: '有效期止应不早于有效期起', path: ['validTo'] });
export type QualificationInput = z.infer<typeof QualificationInputSchema>;

export const ContactInputSchema = z.strictObject({
  name: requiredText('联系人姓名', 2, 20),
  phone: PhoneSchema,
});

const categoriesField = unique(CategoryCodeSchema, '服务类别', 20).refine((xs) => xs.length > 0, { error: '请至少选择一个服务类别' });
const itemsField = unique(ItemCodeSchema, '服务项目', 120);

/** Items must belong to the chosen categories; a qualification's items to the institution's. */
function checkItems(v: { categories: CategoryCode[]; items: string[] }, ctx: z.RefinementCtx, categoriesPath: string) {
  v.items.forEach((code, i) => {
    const cat = ITEM_BY_CODE.get(code)?.category;
    if (cat && !v.categories.includes(cat)) {
      ctx.addIssue({ code: 'custom', path: ['items', i], message: `服务项目不属于所选的${categoriesPath}` });
    }
  });
}

const institutionFields = {
  name: requiredText('机构名称', 2, 80),
  creditCode: CreditCodeSchema,
  categories: categoriesField,
  items: itemsField,
  region: requiredText('所在地区', 2, 50),
  address: requiredText('地址', 2, 200),
  agreementDate: IsoDateSchema.nullable(),
  status: ProviderStatusSchema,
  qualifications: z.array(QualificationInputSchema).max(30, { error: '资质最多 30 项' }),
  intro: optionalText('机构简介', 1000, { multiline: true }).default(''),
};

const checkInstitution = (
  v: { categories: CategoryCode[]; items: string[]; qualifications: QualificationInput[] },
  ctx: z.RefinementCtx,
) => {
  checkItems(v, ctx, '服务类别');
  v.qualifications.forEach((q, qi) =>
    q.items.forEach((code, i) => {
      if (!v.items.includes(code)) {
        ctx.addIssue({ code: 'custom', path: ['qualifications', qi, 'items', i], message: '资质覆盖的服务项目须是机构提供的服务项目' });
      }
    }),
  );
};

/**
 * A record's two writes by a manager: registering it (with its contact), and
 * an edit at the version read (the contact is kept when left out: it is only
 * ever shown masked).
 */
const writeSchemas = <S extends z.core.$ZodLooseShape, V>(id: string, fields: S, check: (v: V, ctx: z.RefinementCtx) => void) => ({
  create: z
    .strictObject({ ...fields, contact: ContactInputSchema })
    .superRefine((v, ctx) => check(v as V, ctx))
    .meta({ id: `Create${id}` }),
  update: z
    .strictObject({ ...fields, contact: ContactInputSchema.optional(), version: VersionSchema })
    .superRefine((v, ctx) => check(v as V, ctx))
    .meta({ id: `Update${id}` }),
});

const institutionWrites = writeSchemas('Institution', institutionFields, checkInstitution);
export const CreateInstitutionSchema = institutionWrites.create;
export type CreateInstitutionInput = z.infer<typeof CreateInstitutionSchema>;
export const UpdateInstitutionSchema = institutionWrites.update;
export type UpdateInstitutionInput = z.infer<typeof UpdateInstitutionSchema>;

export const IntegrityEntryInputSchema = z.strictObject({
  date: IsoDateSchema,
  source: requiredText('记录来源', 2, 60),
  content: requiredText('记录内容', 2, 500, { multiline: true }),
});

const expertFields = {
  name: requiredText('专家姓名', 2, 20),
  title: requiredText('职称', 2, 40),
  /** 副高级以上: only 正高级 and 副高级 are admitted. */
  titleLevel: z.enum(EXPERT_TITLE_LEVELS, { error: '专家须具有副高级及以上职称（正高级或副高级）' }),
  titleEvidence: UploadedFileSchema.nullable().refine((v) => v !== null, { error: '请上传职称证书等证明材料' }),
  fields: categoriesField,
  items: itemsField,
  organisation: requiredText('工作单位', 2, 80),
  region: requiredText('所在地区', 2, 50),
  status: ProviderStatusSchema,
  integrity: z.array(IntegrityEntryInputSchema).max(50, { error: '诚信记录最多 50 条' }).default([]),
  intro: optionalText('专家简介', 1000, { multiline: true }).default(''),
};

const checkExpert = (v: { fields: CategoryCode[]; items: string[] }, ctx: z.RefinementCtx) =>
  checkItems({ categories: v.fields, items: v.items }, ctx, '专业领域');

const expertWrites = writeSchemas('Expert', expertFields, checkExpert);
export const CreateExpertSchema = expertWrites.create;
export type CreateExpertInput = z.infer<typeof CreateExpertSchema>;
export const UpdateExpertSchema = expertWrites.update;
export type UpdateExpertInput = z.infer<typeof UpdateExpertSchema>;

// ---- views --------------------------------------------------------------------------------------

export const ManagedQualificationSchema = z
  .object({
    kind: z.enum(QUALIFICATION_KINDS),
    name: z.string(),
    number: z.string(),
    scope: z.string(),
    validFrom: IsoDateSchema,
    validTo: IsoDateSchema,
    items: z.array(z.string()),
    scan: AttachmentSchema.nullable(),
  })
  .meta({ id: 'ManagedQualification' });
export type ManagedQualification = z.infer<typeof ManagedQualificationSchema>;

export const MaskedContactSchema = z.object({ name: z.string(), phone: z.string() }).meta({ description: '联系人（已脱敏）' });

export const ManagedInstitutionSchema = z
  .object({
    id: IdSchema,
    version: z.int(),
    name: z.string(),
    creditCode: z.string().nullable(),
    categories: z.array(CategoryCodeSchema),
    items: z.array(z.string()),
    region: z.string(),
    address: z.string(),
    agreementDate: IsoDateSchema.nullable(),
    status: ProviderStatusSchema,
    qualifications: z.array(ManagedQualificationSchema),
    intro: z.string(),
    contact: MaskedContactSchema,
    updatedAt: TimestampSchema,
  })
  .meta({ id: 'ManagedInstitution' });
export type ManagedInstitution = z.infer<typeof ManagedInstitutionSchema>;

export const IntegrityEntrySchema = z.object({ date: IsoDateSchema, source: z.string(), content: z.string() });

export const ManagedExpertSchema = z
  .object({
    id: IdSchema,
    version: z.int(),
    name: z.string(),
    title: z.string(),
    titleLevel: z.enum(EXPERT_TITLE_LEVELS),
    titleEvidence: AttachmentSchema.nullable(),
    fields: z.array(CategoryCodeSchema),
    items: z.array(z.string()),
    organisation: z.string(),
    region: z.string(),
    status: ProviderStatusSchema,
    integrity: z.array(IntegrityEntrySchema),
    intro: z.string(),
    contact: MaskedContactSchema,
    updatedAt: TimestampSchema,
  })
  .meta({ id: 'ManagedExpert' });
export type ManagedExpert = z.infer<typeof ManagedExpertSchema>;

export const DirectoryChangeSchema = z
  .object({
    version: z.int(),
    action: z.enum(['create', 'update']),
    at: TimestampSchema,
    /** Who, masked. */
    by: z.string(),
    changes: z.array(z.object({ field: z.string(), label: z.string(), from: z.unknown(), to: z.unknown() })),
  })
  .meta({ id: 'DirectoryChange' });
export type DirectoryChange = z.infer<typeof DirectoryChangeSchema>;

/** The manager's list: by name, any status, optionally narrowed. */
export const ManagedDirectoryQuerySchema = z.object({
  q: plainText('关键词').max(40).optional(),
  status: ProviderStatusSchema.optional(),
});
export type ManagedDirectoryQuery = z.infer<typeof ManagedDirectoryQuerySchema>;

/** Field labels for the history. */
export const DIRECTORY_FIELD_LABELS: Record<string, string> = {
  name: '名称',
  creditCode: '统一社会信用代码',
  categories: '服务类别',
  fields: '专业领域',
  items: '服务项目',
  region: '所在地区',
  address: '地址',
  agreementDate: '入驻协议日期',
  status: '状态',
  qualifications: '资质',
  intro: '简介',
  contact: '联系人',
  title: '职称',
  titleLevel: '职称级别',
  titleEvidence: '职称证明材料',
  organisation: '工作单位',
  integrity: '诚信记录',
};

// ---- the public institution page ---------------------------------------------------------------

/** A qualification as the public sees it: no scan (a file of the agency's records). */
export const PublicQualificationSchema = z
  .object({
    kind: z.enum(QUALIFICATION_KINDS),
    name: z.string(),
    number: z.string(),
    scope: z.string(),
    validFrom: IsoDateSchema,
    validTo: IsoDateSchema,
    items: z.array(z.string()),
    /** In force today (Asia/Shanghai). */
    valid: z.boolean(),
  })
  .meta({ id: 'PublicQualification' });

/** An institution's dynamic evaluation (动态评价) as published in 服务大厅: its rates over the window in force; null: nothing to measure yet. */
export const PublishedEvaluationSchema = z
  .object({
    windowMonths: z.int(),
    from: z.iso.date(),
    to: z.iso.date(),
    /** Tasks dispatched to it in the window. */
    served: z.int(),
    completionRate: z.number().nullable(),
    onTimeRate: z.number().nullable(),
    satisfactionRate: z.number().nullable(),
  })
  .meta({ id: 'PublishedEvaluation' });
export type PublishedEvaluation = z.infer<typeof PublishedEvaluationSchema>;

export const InstitutionPageSchema = InstitutionSchema.extend({
  address: z.string(),
  qualifications: z.array(PublicQualificationSchema),
  evaluation: PublishedEvaluationSchema,
}).meta({ id: 'InstitutionPage' });
export type InstitutionPage = z.infer<typeof InstitutionPageSchema>;
