// The log of unmasked reads of personal data (DB44 6.4): every time staff are
// shown a contact, a complainant or a visitor in clear, one row. Append-only;
// managers and supervisors read it, newest first.
import { z } from 'zod';
import { IdSchema, IsoDateSchema, RoleSchema, TimestampSchema } from './schemas';

export const PII_ACCESS_PATHS = {
  log: '/api/pii-access-log',
} as const;

/** What was read: a need's contact, a complaint's complainant, a station visitor. */
export const PII_SUBJECT_KINDS = ['need', 'complaint', 'checkin'] as const;
export type PiiSubjectKind = (typeof PII_SUBJECT_KINDS)[number];
export const PII_SUBJECT_KIND_LABELS: Readonly<Record<PiiSubjectKind, string>> = {
  need: '需求联系人',
  complaint: '投诉人',
  checkin: '到站登记访客',
};

export const PiiAccessLogQuerySchema = z
  .object({
    cursor: z.string().max(200).optional(),
    limit: z.coerce.number().int().min(1).max(100).default(20),
    needId: IdSchema.optional(),
    viewerId: IdSchema.optional(),
    subjectKind: z.enum(PII_SUBJECT_KINDS, { error: '查阅对象应为 need、complaint 或 checkin' }).optional(),
    /** Calendar days in Asia/Shanghai, both included. */
    from: IsoDateSchema.optional(),
    to: IsoDateSchema.optional(),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { error: '开始日期不能晚于结束日期', path: ['to'] });
export type PiiAccessLogQuery = z.infer<typeof PiiAccessLogQuerySchema>;

export const PiiAccessEntrySchema = z
  .object({
    id: IdSchema,
    at: TimestampSchema,
    /** Who read it: staff, named in clear (the log exists to say who). */
    viewer: z.object({ id: IdSchema, name: z.string(), roles: z.array(RoleSchema) }),
    subjectKind: z.string(),
    subjectId: IdSchema,
    /** The need read, when the subject is one. */
    need: z.object({ id: IdSchema, number: z.string(), title: z.string() }).nullable(),
    purpose: z.string(),
  })
  .meta({ id: 'PiiAccessEntry' });
export type PiiAccessEntry = z.infer<typeof PiiAccessEntrySchema>;

export const PiiAccessLogPageSchema = z
  .object({ items: z.array(PiiAccessEntrySchema), nextCursor: z.string().nullable() })
  .meta({ id: 'PiiAccessLogPage' });
export type PiiAccessLogPage = z.infer<typeof PiiAccessLogPageSchema>;
