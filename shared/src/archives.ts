// Archives (一项一档, 一企一档; DB46/T 583 7.5, Annex B; DB44 Annex B.2): a
// need's whole record under its unified number, an enterprise's dossier of all
// its needs, both as a printable PDF; the archive search; the periodic review
// (复查, DB46 7.5.4) recorded against an archive; and the half-year summary
// (DB46 9.1.3). Supervisors see every one of them desensitised.
import { z } from 'zod';
import { ComplaintDetailSchema } from './complaints';
import { CursorSchema } from './contract';
import { addCalendarDays, toShanghaiDate, type IsoDate } from './calendar';
import { CategoryCodeSchema, IdSchema, IsoDateSchema, NeedStateSchema, optionalText, requiredText, TimestampSchema } from './schemas';
import { NeedDetailSchema } from './models';

export const ARCHIVE_PATHS = {
  search: '/api/archives',
  need: '/api/archives/needs/{id}',
  needPdf: '/api/archives/needs/{id}/archive.pdf',
  needReviews: '/api/archives/needs/{id}/reviews',
  enterprise: '/api/archives/enterprises/{id}',
  enterprisePdf: '/api/archives/enterprises/{id}/dossier.pdf',
  halfYearPdf: '/api/reports/half-year.pdf',
} as const;

export const PDF_TYPE = 'application/pdf';

/** How long a closed need's record is kept before anything of it may be deleted (DB46 7.5). */
export const RETENTION_YEARS = 3;

/** The day (Shanghai) a closed need's retention period ends; null while it is not closed (kept). */
export function retainedUntil(closedAt: string | null): IsoDate | null {
  if (!closedAt) return null;
  const d = new Date(closedAt);
  d.setUTCFullYear(d.getUTCFullYear() + RETENTION_YEARS);
  return toShanghaiDate(d);
}

// ---- search -----------------------------------------------------------------------------------

export const ArchiveSearchQuerySchema = z
  .object({
    /** The unified number, whole or its beginning (QS-20260301…). */
    number: optionalText('需求编号', 40),
    /** Part of the enterprise's name, or its 统一社会信用代码. */
    enterprise: optionalText('企业名称', 100),
    category: CategoryCodeSchema.optional(),
    state: NeedStateSchema.optional(),
    /** First and last day (both included) the need was submitted on. */
    from: IsoDateSchema.optional(),
    to: IsoDateSchema.optional(),
    cursor: CursorSchema,
    limit: z.coerce.number().int().min(1).max(100).default(20),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { error: '开始日期不能晚于结束日期', path: ['to'] });
export type ArchiveSearchQuery = z.infer<typeof ArchiveSearchQuerySchema>;

export const ArchiveSummarySchema = z
  .object({
    id: IdSchema,
    number: z.string(),
    title: z.string(),
    state: NeedStateSchema,
    categories: z.array(CategoryCodeSchema),
    enterprise: z.object({ id: IdSchema, name: z.string() }),
    submittedOn: IsoDateSchema,
    closedAt: TimestampSchema.nullable(),
    /** How many periodic reviews (复查) were recorded. */
    reviews: z.int(),
  })
  .meta({ id: 'ArchiveSummary' });
export type ArchiveSummary = z.infer<typeof ArchiveSummarySchema>;

export const ArchivePageSchema = z
  .object({ items: z.array(ArchiveSummarySchema), nextCursor: z.string().nullable(), desensitised: z.boolean() })
  .meta({ id: 'ArchivePage' });
export type ArchivePage = z.infer<typeof ArchivePageSchema>;

// ---- one need's archive ------------------------------------------------------------------------

export const ArchiveReviewInputSchema = z
  .object({
    /** What the review found: complete, or what is missing and what was done about it. */
    findings: requiredText('复查意见', 2, 2000, { multiline: true }),
    /** Whether the record was found complete (资料齐全). */
    complete: z.boolean({ error: '请选择档案是否齐全' }),
  })
  .meta({ id: 'ArchiveReviewInput' });
export type ArchiveReviewInput = z.infer<typeof ArchiveReviewInputSchema>;

export const ArchiveReviewSchema = z
  .object({
    id: IdSchema,
    at: TimestampSchema,
    reviewer: z.object({ id: IdSchema, name: z.string() }),
    findings: z.string(),
    complete: z.boolean(),
  })
  .meta({ id: 'ArchiveReview' });
export type ArchiveReview = z.infer<typeof ArchiveReviewSchema>;

export const ArchiveEnterpriseSchema = z
  .object({
    id: IdSchema,
    name: z.string(),
    creditCode: z.string().nullable(),
    region: z.string(),
    address: z.string(),
    industry: z.string(),
    scale: z.string().nullable(),
  })
  .meta({ id: 'ArchiveEnterprise' });
export type ArchiveEnterprise = z.infer<typeof ArchiveEnterpriseSchema>;

export const NeedArchiveSchema = z
  .object({
    need: NeedDetailSchema,
    enterprise: ArchiveEnterpriseSchema,
    stationName: z.string().nullable(),
    closedAt: TimestampSchema.nullable(),
    /** Last day of the retention period (3 years after closing); null until closed. */
    retainedUntil: IsoDateSchema.nullable(),
    complaints: z.array(ComplaintDetailSchema),
    reviews: z.array(ArchiveReviewSchema),
    /** Names and phone numbers are masked (supervisors, managers). */
    desensitised: z.boolean(),
    generatedAt: TimestampSchema,
  })
  .meta({ id: 'NeedArchive' });
export type NeedArchive = z.infer<typeof NeedArchiveSchema>;

// ---- an enterprise's dossier -------------------------------------------------------------------

export const DossierNeedSchema = z
  .object({
    id: IdSchema,
    number: z.string(),
    title: z.string(),
    state: NeedStateSchema,
    categories: z.array(CategoryCodeSchema),
    submittedOn: IsoDateSchema,
    closedAt: TimestampSchema.nullable(),
    /** 办理结果: the answer given on the spot, or the result recorded at completion. */
    result: z.string().nullable(),
    /** The providers' results (报告) of its tasks, with the names of their files. */
    reports: z.array(z.object({ provider: z.string(), result: z.string().nullable(), files: z.array(z.string()) })),
    rating: z.object({ overall: z.string(), resolved: z.boolean() }).nullable(),
  })
  .meta({ id: 'DossierNeed' });
export type DossierNeed = z.infer<typeof DossierNeedSchema>;

export const EnterpriseDossierSchema = z
  .object({
    enterprise: ArchiveEnterpriseSchema,
    /** Newest first. */
    needs: z.array(DossierNeedSchema),
    desensitised: z.boolean(),
    generatedAt: TimestampSchema,
  })
  .meta({ id: 'EnterpriseDossier' });
export type EnterpriseDossier = z.infer<typeof EnterpriseDossierSchema>;

// ---- the half-year summary ---------------------------------------------------------------------

/** Longest period one summary covers: a year (a half-year is the usual one). */
export const SUMMARY_MAX_DAYS = 366;

export const HalfYearQuerySchema = z
  .object({ from: IsoDateSchema, to: IsoDateSchema })
  .refine((q) => q.from <= q.to, { error: '开始日期不能晚于结束日期', path: ['to'] })
  // zod runs refinements over fields that already failed: a malformed date is its field's 400, not a thrown RangeError here.
  .refine((q) => !IsoDateSchema.safeParse(q.from).success || q.to < addCalendarDays(q.from as IsoDate, SUMMARY_MAX_DAYS), {
    error: '总结区间不能超过一年',
    path: ['from'],
  });
export type HalfYearQuery = z.infer<typeof HalfYearQuerySchema>;
