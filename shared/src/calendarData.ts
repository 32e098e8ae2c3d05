// The working-day calendar as data (SPEC "Time limits": working days on the
// China calendar). Managers publish one schedule per year from the State
// Council's notice (国务院办公厅关于…年部分节假日安排的通知); a year without
// one counts on the statutory holidays (computed by the server, marked
// provisional). The API serves the years in force; the server and the
// mini-program build the same WorkCalendar from them with calendarOf.
import { z } from 'zod';
import { dateRange, dayOfWeek, isCalendarDate, type HolidaySchedule, type IsoDate } from './calendar';
import { int4, IsoDateSchema, requiredText, TimestampSchema } from './schemas';

/** Years a schedule may be entered for: the statutory rule of 2024 applies from 2025. */
export const CALENDAR_FIRST_YEAR = 2025;
export const CALENDAR_LAST_YEAR = 2100;
/** A holiday longer than this is a typing mistake (the longest, 春节, runs 8–9 days). */
export const MAX_HOLIDAY_DAYS = 15;

export const CALENDAR_YEAR_STATUSES = ['published', 'provisional'] as const;
export type CalendarYearStatus = (typeof CALENDAR_YEAR_STATUSES)[number];
export const CALENDAR_YEAR_STATUS_LABELS: Record<CalendarYearStatus, string> = {
  published: '已发布',
  /** Counted on the statutory holidays meanwhile (PROVISIONAL_MARK beside deadlines). */
  provisional: '未发布',
};

export const HolidayRangeSchema = z
  .strictObject({
    name: requiredText('假日名称', 1, 20),
    from: IsoDateSchema,
    to: IsoDateSchema,
  })
  .meta({ id: 'HolidayRange' });
export type HolidayRange = z.infer<typeof HolidayRangeSchema>;

const YearSchema = z
  .int({ error: `年份须为 ${CALENDAR_FIRST_YEAR}–${CALENDAR_LAST_YEAR} 的整数` })
  .min(CALENDAR_FIRST_YEAR, { error: `年份须为 ${CALENDAR_FIRST_YEAR}–${CALENDAR_LAST_YEAR} 的整数` })
  .max(CALENDAR_LAST_YEAR, { error: `年份须为 ${CALENDAR_FIRST_YEAR}–${CALENDAR_LAST_YEAR} 的整数` });

const scheduleShape = {
  year: YearSchema,
  sourceTitle: requiredText('通知标题', 1, 100),
  sourceDate: IsoDateSchema.nullable(),
  holidays: z.array(HolidayRangeSchema).min(1, { error: '请至少填写一个假日' }).max(20, { error: '假日不能超过 20 个' }),
  workdays: z.array(IsoDateSchema).max(20, { error: '调休上班日不能超过 20 个' }),
};

type ScheduleDraft = { year: number; holidays: readonly HolidayRange[]; workdays: readonly IsoDate[] };

/**
 * What is wrong with a year's schedule, as the API's issues (Chinese): a date
 * outside the year, a range that ends before it starts or is too long, two
 * holidays on one day, a working day that is not a weekend day or falls in a
 * holiday, a working day listed twice.
 */
export function scheduleIssues(s: ScheduleDraft): { path: (string | number)[]; message: string }[] {
  const out: { path: (string | number)[]; message: string }[] = [];
  const inYear = (d: IsoDate) => isCalendarDate(d) && d.startsWith(`${s.year}-`);
  const taken = new Map<IsoDate, string>();
  s.holidays.forEach((h, i) => {
    if (!isCalendarDate(h.from) || !isCalendarDate(h.to)) return; // the date schema says so
    if (!inYear(h.from)) return out.push({ path: ['holidays', i, 'from'], message: `${h.name}的开始日期不在 ${s.year} 年` });
    if (!inYear(h.to)) return out.push({ path: ['holidays', i, 'to'], message: `${h.name}的结束日期不在 ${s.year} 年` });
    if (h.to < h.from) return out.push({ path: ['holidays', i, 'to'], message: `${h.name}的结束日期早于开始日期` });
    const days = dateRange(h.from, h.to);
    if (days.length > MAX_HOLIDAY_DAYS)
      return out.push({ path: ['holidays', i, 'to'], message: `${h.name}超过 ${MAX_HOLIDAY_DAYS} 天，请检查日期` });
    for (const d of days) {
      const other = taken.get(d);
      if (other !== undefined) return out.push({ path: ['holidays', i], message: `${h.name}与${other}在 ${d} 重叠` });
      taken.set(d, h.name);
    }
    return undefined;
  });
  const seen = new Set<IsoDate>();
  s.workdays.forEach((d, i) => {
    if (!isCalendarDate(d)) return;
    if (!inYear(d)) return out.push({ path: ['workdays', i], message: `调休上班日 ${d} 不在 ${s.year} 年` });
    if (seen.has(d)) return out.push({ path: ['workdays', i], message: `调休上班日 ${d} 重复` });
    seen.add(d);
    const w = dayOfWeek(d);
    if (w !== 0 && w !== 6) return out.push({ path: ['workdays', i], message: `调休上班日 ${d} 不是周六或周日` });
    const h = taken.get(d);
    if (h !== undefined) return out.push({ path: ['workdays', i], message: `调休上班日 ${d} 在${h}假期内` });
    return undefined;
  });
  return out;
}

/** A year's schedule as a manager enters it: holidays by name and date range, adjusted working days. */
export const CalendarScheduleSchema = z
  .strictObject(scheduleShape)
  .superRefine((s, ctx) => {
    for (const i of scheduleIssues(s)) ctx.addIssue({ code: 'custom', path: i.path, message: i.message });
  })
  .meta({ id: 'CalendarSchedule' });
export type CalendarSchedule = z.infer<typeof CalendarScheduleSchema>;

/** PUT /api/calendar/years/{year}: the schedule, from the version shown (0: the year was never published). */
export const CalendarPublishSchema = z
  .strictObject({ version: int4('缺少版本号 version').min(0), ...scheduleShape })
  .superRefine((s, ctx) => {
    for (const i of scheduleIssues(s)) ctx.addIssue({ code: 'custom', path: i.path, message: i.message });
  })
  .meta({ id: 'CalendarPublish' });
export type CalendarPublish = z.infer<typeof CalendarPublishSchema>;

/** One year the calendar counts on. */
export const CalendarYearSchema = z
  .object({
    year: z.int(),
    status: z.enum(CALENDAR_YEAR_STATUSES),
    sourceTitle: z.string(),
    sourceDate: IsoDateSchema.nullable(),
    holidays: z.array(HolidayRangeSchema),
    workdays: z.array(IsoDateSchema),
    /** 0 while never published (provisional). */
    version: z.int(),
    publishedAt: TimestampSchema.nullable(),
    publishedBy: z.string().nullable(),
  })
  .meta({ id: 'CalendarYear' });
export type CalendarYear = z.infer<typeof CalendarYearSchema>;

export const CalendarViewSchema = z
  .object({
    /** Changes whenever a year is published: a client's cache key. */
    stamp: z.string(),
    /** Today in Asia/Shanghai, on the server. */
    today: IsoDateSchema,
    /** Ascending by year. */
    years: z.array(CalendarYearSchema),
    /** The next year while its schedule is not published, from 1 November on; else null. */
    reminderYear: z.int().nullable(),
  })
  .meta({ id: 'CalendarView' });
export type CalendarView = z.infer<typeof CalendarViewSchema>;

/** A schedule's days back into ranges: consecutive days of one holiday name form one range. */
export function rangesOf(schedule: HolidaySchedule): HolidayRange[] {
  const out: HolidayRange[] = [];
  for (const h of schedule.holidays) {
    const days = [...h.days].sort();
    for (const d of days) {
      const last = out[out.length - 1];
      if (last && last.name === h.name && dateRange(last.to, d).length === 2) last.to = d;
      else out.push({ name: h.name, from: d, to: d });
    }
  }
  return out.sort((a, b) => (a.from < b.from ? -1 : 1));
}

/**
 * The year whose schedule managers should publish now: from 1 November, the
 * next year while it is not published; else null.
 */
export function calendarReminderYear(today: IsoDate, publishedYears: readonly number[]): number | null {
  const year = Number(today.slice(0, 4));
  if (today.slice(5) < '11-01') return null;
  return publishedYears.includes(year + 1) ? null : year + 1;
}

// ---------------------------------------------------------------------------
// holiday-cn (https://github.com/NateScarlet/holiday-cn): one JSON file per
// year, `{ year, papers: [notice URLs], days: [{ name, date, isOffDay }] }`,
// where isOffDay false marks an adjusted working day.
// ---------------------------------------------------------------------------

export const HolidayCnFileSchema = z
  .object({
    year: z.int({ error: 'holiday-cn 文件缺少年份 year' }),
    papers: z.array(z.string()).optional(),
    days: z.array(
      z.object({
        name: z.string({ error: '每一天都要有假日名称 name' }).min(1, { error: '每一天都要有假日名称 name' }),
        date: IsoDateSchema,
        isOffDay: z.boolean({ error: 'isOffDay 须为 true 或 false' }),
      }),
      { error: 'holiday-cn 文件缺少日期列表 days' },
    ),
  })
  .meta({ id: 'HolidayCnFile' });
export type HolidayCnFile = z.infer<typeof HolidayCnFileSchema>;

/** What an imported holiday-cn file becomes: a draft to review and publish, and the days it left out. */
export const HolidayCnDraftSchema = z
  .object({
    schedule: z.object(scheduleShape),
    /** Days of another year in the file (holiday-cn sometimes lists them), left out. */
    skipped: z.array(IsoDateSchema),
  })
  .meta({ id: 'HolidayCnDraft' });
export type HolidayCnDraft = z.infer<typeof HolidayCnDraftSchema>;

/** A holiday-cn file as a draft schedule (the notice's date is left for the manager to fill in). */
export function fromHolidayCn(file: HolidayCnFile): HolidayCnDraft {
  const prefix = `${file.year}-`;
  const days = [...file.days].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  const skipped = days.filter((d) => !d.date.startsWith(prefix)).map((d) => d.date);
  const mine = days.filter((d) => d.date.startsWith(prefix));
  const holidays: HolidayRange[] = [];
  for (const d of mine.filter((x) => x.isOffDay)) {
    const last = holidays[holidays.length - 1];
    if (last && last.name === d.name && dateRange(last.to, d.date).length === 2) last.to = d.date;
    else holidays.push({ name: d.name, from: d.date, to: d.date });
  }
  return {
    schedule: {
      year: file.year,
      sourceTitle: `国务院办公厅关于${file.year}年部分节假日安排的通知`,
      sourceDate: null,
      holidays,
      workdays: mine.filter((x) => !x.isOffDay).map((x) => x.date),
    },
    skipped,
  };
}
