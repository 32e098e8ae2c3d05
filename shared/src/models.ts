// The API's answers: the entities as it returns them (the server validates its
// replies with them and the OpenAPI document names them). Kept apart from the
// request bodies in schemas.ts, so a page that checks a form does not build
// every answer's schema when it loads.
import { z } from 'zod';
import { NeedClockSchema } from './clock';
import { COMPLAINT_STATES, COMPLAINT_TARGETS, EXPERT_TITLE_LEVELS } from './enums';
import { NEED_ACTIONS } from './needFlow';
import {
  AttachmentSchema,
  CategoryCodeSchema,
  ChannelSchema,
  IdSchema,
  IsoDateSchema,
  NeedStateSchema,
  ProviderStatusSchema,
  RATING_ANSWERS,
  RoleSchema,
  StationKindSchema,
  TaskStateSchema,
  TimestampSchema,
} from './schemas';
import { TASK_ACTIONS } from './taskFlow';

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

export const LoginResultSchema = z.object({ token: z.string(), user: UserSchema }).meta({ id: 'LoginResult' });
