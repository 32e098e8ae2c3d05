// Statistics (效能评估, DB46 9.1, DB44 9): the overview of a period with its
// filters, for managers, supervisors (desensitised) and station staff (their
// stations); the same figures as an Excel file for the monthly report.
import { z } from 'zod';
import { addCalendarDays, type IsoDate } from './calendar';
import { CategoryCodeSchema, ChannelSchema, IdSchema, IsoDateSchema, optionalText } from './schemas';
import { ImprovementCountsSchema } from './followUps';

export const STATS_PATHS = {
  overview: '/api/stats/overview',
  overviewXlsx: '/api/stats/overview.xlsx',
} as const;

/** Longest period one overview covers (days): ten years of monthly figures. */
export const STATS_MAX_DAYS = 3660;

const daysBetween = (from: IsoDate, to: IsoDate) => (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000;

export const StatsQuerySchema = z
  .object({
    /** First and last day (both included) of the period, by the day a need was submitted. */
    from: IsoDateSchema,
    to: IsoDateSchema,
    stationId: IdSchema.optional(),
    category: CategoryCodeSchema.optional(),
    channel: ChannelSchema.optional(),
    /** The enterprise's region (地区), as recorded on its profile. */
    region: optionalText('地区', 50),
  })
  .refine((q) => q.from <= q.to, { error: '开始日期不能晚于结束日期', path: ['to'] })
  .refine((q) => daysBetween(q.from, q.to) < STATS_MAX_DAYS, { error: '统计区间不能超过 10 年', path: ['from'] });
export type StatsQuery = z.infer<typeof StatsQuerySchema>;

/** The period of the same length just before [from, to]. */
export function previousPeriod(from: IsoDate, to: IsoDate): { from: IsoDate; to: IsoDate } {
  const len = daysBetween(from, to) + 1;
  return { from: addCalendarDays(from, -len), to: addCalendarDays(from, -1) };
}

/** Share of part in whole, 0–1 with 4 decimals; null when nothing was counted. */
export function share(part: number, whole: number): number | null {
  return whole > 0 ? Math.round((part / whole) * 10_000) / 10_000 : null;
}

const CountRow = z.object({ key: z.string(), label: z.string(), count: z.number().int() });
export type StatsCountRow = z.infer<typeof CountRow>;

const Duration = z.object({
  /** Needs counted (responded, or completed). */
  count: z.number().int(),
  /** Working days from submission, on the working-day calendar; null when none. */
  median: z.number().nullable(),
  p90: z.number().nullable(),
});

const Headline = z.object({
  needs: z.number().int(),
  instantAnswerShare: z.number().nullable(),
  acceptOnTimeRate: z.number().nullable(),
  replyOnTimeRate: z.number().nullable(),
  medianCompleteDays: z.number().nullable(),
  satisfiedRate: z.number().nullable(),
  resolutionRate: z.number().nullable(),
  complaints: z.number().int(),
});
export type StatsHeadline = z.infer<typeof Headline>;

export const StatsOverviewSchema = z
  .object({
    period: z.object({ from: IsoDateSchema, to: IsoDateSchema }),
    previousPeriod: z.object({ from: IsoDateSchema, to: IsoDateSchema }),
    filters: z.object({
      stationId: IdSchema.nullable(),
      category: z.string().nullable(),
      channel: z.string().nullable(),
      region: z.string().nullable(),
    }),
    /** Supervisors see experts' names masked. */
    desensitised: z.boolean(),
    /** Years of the period counted on the statutory holidays (no notice published yet): 暂按法定假日计算. */
    provisionalYears: z.array(z.number().int()),
    byCategory: z.array(CountRow),
    byItem: z.array(CountRow),
    byStation: z.array(CountRow),
    byChannel: z.array(CountRow),
    byRegion: z.array(CountRow),
    /** Calendar months (YYYY-MM) of the period, every one listed. */
    byMonth: z.array(CountRow),
    /** Where the period's needs stand now. */
    states: z.array(CountRow),
    durations: z.object({ accept: Duration, complete: Duration }),
    onTime: z.array(
      z.object({
        clock: z.enum(['accept', 'reply']),
        label: z.string(),
        onTime: z.number().int(),
        late: z.number().int(),
        rate: z.number().nullable(),
      }),
    ),
    satisfaction: z.array(
      z.object({
        question: z.string(),
        label: z.string(),
        counts: z.array(CountRow),
        total: z.number().int(),
        /** 非常满意 + 满意 over all answers. */
        satisfiedRate: z.number().nullable(),
      }),
    ),
    resolution: z.object({ resolved: z.number().int(), unresolved: z.number().int(), rate: z.number().nullable() }),
    instantAnswer: z.object({ answered: z.number().int(), responded: z.number().int(), share: z.number().nullable() }),
    complaints: z.object({
      total: z.number().int(),
      byState: z.array(CountRow),
      byTarget: z.array(CountRow),
      resolved: z.number().int(),
      resolvedLate: z.number().int(),
    }),
    /** By tasks done, then fewest declined. */
    providers: z.array(
      z.object({
        kind: z.enum(['institution', 'expert']),
        id: IdSchema,
        name: z.string(),
        tasks: z.number().int(),
        done: z.number().int(),
        declined: z.number().int(),
        doneRate: z.number().nullable(),
      }),
    ),
    current: Headline,
    previous: Headline,
    /** The improvement loop (回访, 整改) of the period. */
    improvement: ImprovementCountsSchema.optional(),
  })
  .meta({ id: 'StatsOverview' });
export type StatsOverview = z.infer<typeof StatsOverviewSchema>;

/** Labels of the headline figures, in display order (the table comparing the two periods). */
export const STATS_HEADLINE_LABELS: Readonly<Record<keyof StatsHeadline, string>> = {
  needs: '需求总数',
  instantAnswerShare: '即时答复占比',
  acceptOnTimeRate: '受理及时率',
  replyOnTimeRate: '答复及时率',
  medianCompleteDays: '办结用时中位数（工作日）',
  satisfiedRate: '总体满意率',
  resolutionRate: '问题解决率',
  complaints: '投诉数',
};
