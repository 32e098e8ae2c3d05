/**
 * China working-day calendar (pure: no I/O, no clock, no local time).
 *
 * Calendar dates are plain ISO strings 'YYYY-MM-DD'. All arithmetic is done on
 * whole days counted from 1970-01-01 in UTC, so the host time zone never
 * matters. Timestamps are instants; turn one into a (Shanghai) day with
 * `toShanghaiDate` before asking the calendar anything.
 *
 * A day is a working day when it is Monday–Friday and not a listed holiday, or
 * when it is a listed adjusted working day (调休上班). The schedules are data:
 * the server keeps them in the database (managers publish each year's State
 * Council notice) and fills a year without a notice with the statutory
 * holidays, marked `provisional`; the mini-program builds the same calendar
 * from what the API serves (calendarData.ts). Years without any schedule fall
 * back to Monday–Friday; `missingYears` names them.
 */
import type { CalendarYear } from './calendarData';

/** A calendar date 'YYYY-MM-DD' (no time, no zone). */
export type IsoDate = string;

export interface HolidaySchedule {
  /** Where the schedule comes from: the State Council notice's title (or the statutory rule). */
  readonly source: string;
  /** The day the notice was issued, when known. */
  readonly sourceDate?: IsoDate | null;
  /**
   * True for a year without a published notice, counted on the statutory
   * holidays alone (no adjusted working days): deadlines there are provisional.
   */
  readonly provisional?: boolean;
  /** Days off, each range expanded to every date (weekend days included). */
  readonly holidays: readonly { readonly name: string; readonly days: readonly IsoDate[] }[];
  /** Adjusted working days (调休上班): weekend days that are worked. */
  readonly workdays: readonly IsoDate[];
}

export type HolidaySchedules = Readonly<Record<number, HolidaySchedule>>;

export interface WorkCalendar {
  isWorkingDay(d: IsoDate): boolean;
  /** The holiday's name when `d` is a listed day off, else null. */
  holidayName(d: IsoDate): string | null;
  hasDataFor(year: number): boolean;
  /** The date `n` working days after `from` (`from` itself not counted; n = 0 → `from`). */
  addWorkingDays(from: IsoDate, n: number): IsoDate;
  /** Number of working days d with from < d ≤ to (0 when to ≤ from). */
  workingDaysBetween(from: IsoDate, to: IsoDate): number;
  /** The first working day strictly after `d` (same as addWorkingDays(d, 1)). */
  nextWorkingDay(d: IsoDate): IsoDate;
  /** Years in [from, to] (either order, both ends included) without holiday data, ascending. */
  missingYears(from: IsoDate, to: IsoDate): number[];
  /** Whether `year`'s schedule is provisional (statutory holidays, no notice published yet). */
  isProvisional(year: number): boolean;
  /** Years in [from, to] (either order, both ends included) whose schedule is provisional, ascending. */
  provisionalYears(from: IsoDate, to: IsoDate): number[];
}

/** Largest `n` accepted by addWorkingDays (about 400 years): a guard, not a business rule. */
export const MAX_WORKING_DAYS = 100_000;

const MS_PER_DAY = 86_400_000;
const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000; // UTC+8, no DST
const ISO_DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

// ---------------------------------------------------------------------------
// Date-only helpers (UTC day numbers)
// ---------------------------------------------------------------------------

/** Days since 1970-01-01, or null when `s` is not a real 'YYYY-MM-DD' date. */
function tryDayNumber(s: unknown): number | null {
  if (typeof s !== 'string') return null;
  const m = ISO_DATE_RE.exec(s);
  if (!m) return null;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (mo < 1 || mo > 12 || d < 1 || d > 31) return null;
  const date = new Date(0);
  date.setUTCFullYear(y, mo - 1, d); // setUTCFullYear: years 0–99 are not shifted to 19xx
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return null;
  return Math.round(date.getTime() / MS_PER_DAY);
}

function dayNumber(s: IsoDate): number {
  const n = tryDayNumber(s);
  if (n === null) throw new RangeError(`Not an ISO calendar date (YYYY-MM-DD): ${JSON.stringify(s)}`);
  return n;
}

function fromDayNumber(n: number): IsoDate {
  const date = new Date(n * MS_PER_DAY);
  const y = date.getUTCFullYear();
  if (y < 0 || y > 9999) throw new RangeError(`Date out of range (years 0000–9999): day ${n}`);
  return `${String(y).padStart(4, '0')}-${String(date.getUTCMonth() + 1).padStart(2, '0')}-${String(date.getUTCDate()).padStart(2, '0')}`;
}

/** 0 = Sunday … 6 = Saturday (1970-01-01 was a Thursday). */
function weekdayOf(n: number): number {
  return (((n + 4) % 7) + 7) % 7;
}

function isMonToFri(n: number): boolean {
  const w = weekdayOf(n);
  return w >= 1 && w <= 5;
}

/**
 * Cumulative count of Monday–Friday days up to day `n`, anchored on Monday
 * 1970-01-05 (day 4). Only differences are meaningful: W(b) − W(a) is the
 * number of Mon–Fri days in (a, b].
 */
function weekdaysUpTo(n: number): number {
  const t = n - 4 + 1;
  const weeks = Math.floor(t / 7);
  const rem = t - weeks * 7; // 0..6
  return weeks * 5 + Math.min(rem, 5);
}

/** True when `s` is a real calendar date written 'YYYY-MM-DD'. */
export function isCalendarDate(s: unknown): s is IsoDate {
  return tryDayNumber(s) !== null;
}

/** `d` plus `days` calendar days (negative allowed). */
export function addCalendarDays(d: IsoDate, days: number): IsoDate {
  if (!Number.isSafeInteger(days)) throw new RangeError(`days must be an integer, got ${days}`);
  return fromDayNumber(dayNumber(d) + days);
}

/** Day of the week of `d`: 0 = Sunday … 6 = Saturday. */
export function dayOfWeek(d: IsoDate): number {
  return weekdayOf(dayNumber(d));
}

/** The calendar date in Asia/Shanghai (UTC+8, no DST) at the instant `at`. */
export function toShanghaiDate(at: Date): IsoDate {
  const ms = at.getTime();
  if (Number.isNaN(ms)) throw new RangeError('Invalid Date');
  return fromDayNumber(Math.floor((ms + SHANGHAI_OFFSET_MS) / MS_PER_DAY));
}

// ---------------------------------------------------------------------------
// Official schedules (calendar-cn.md: 国务院办公厅关于…年部分节假日安排的通知)
// ---------------------------------------------------------------------------

/** Every date from `first` to `last`, both included (at most 367 days). */
export function dateRange(first: IsoDate, last: IsoDate): IsoDate[] {
  const a = dayNumber(first);
  const b = dayNumber(last);
  if (b < a || b - a > 366) throw new RangeError(`Bad date range ${first}..${last}`);
  const out: IsoDate[] = [];
  for (let n = a; n <= b; n++) out.push(fromDayNumber(n));
  return out;
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/**
 * The years the code knew before the calendar became data: migration 0009
 * seeds them into the database (tests/cloud/calendar.test.ts checks the two
 * agree), and the mini-program counts on them until its first answer from
 * the API. New years are published by managers, not added here.
 */
export const HOLIDAY_SCHEDULES: HolidaySchedules = deepFreeze({
  2025: {
    source: '国务院办公厅关于2025年部分节假日安排的通知',
    sourceDate: '2024-11-12',
    holidays: [
      { name: '元旦', days: dateRange('2025-01-01', '2025-01-01') },
      { name: '春节', days: dateRange('2025-01-28', '2025-02-04') },
      { name: '清明节', days: dateRange('2025-04-04', '2025-04-06') },
      { name: '劳动节', days: dateRange('2025-05-01', '2025-05-05') },
      { name: '端午节', days: dateRange('2025-05-31', '2025-06-02') },
      { name: '国庆节、中秋节', days: dateRange('2025-10-01', '2025-10-08') },
    ],
    workdays: ['2025-01-26', '2025-02-08', '2025-04-27', '2025-09-28', '2025-10-11'],
  },
  2026: {
    source: '国务院办公厅关于2026年部分节假日安排的通知',
    sourceDate: '2025-11-04',
    holidays: [
      { name: '元旦', days: dateRange('2026-01-01', '2026-01-03') },
      { name: '春节', days: dateRange('2026-02-15', '2026-02-23') },
      { name: '清明节', days: dateRange('2026-04-04', '2026-04-06') },
      { name: '劳动节', days: dateRange('2026-05-01', '2026-05-05') },
      { name: '端午节', days: dateRange('2026-06-19', '2026-06-21') },
      { name: '中秋节', days: dateRange('2026-09-25', '2026-09-27') },
      { name: '国庆节', days: dateRange('2026-10-01', '2026-10-07') },
    ],
    workdays: ['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10'],
  },
});

// ---------------------------------------------------------------------------
// Calendar
// ---------------------------------------------------------------------------

function yearOfDay(n: number): number {
  return new Date(n * MS_PER_DAY).getUTCFullYear();
}

/**
 * Builds a calendar from schedules. The data is checked and copied: a bad
 * date, a date filed under the wrong year, a day listed twice or as both a
 * holiday and a working day throws a RangeError.
 */
export function createCalendar(schedules: HolidaySchedules = HOLIDAY_SCHEDULES): WorkCalendar {
  const years = new Set<number>();
  const provisional = new Set<number>();
  const holidays = new Map<number, string>(); // day number → holiday name
  const workdays = new Set<number>();

  for (const [key, schedule] of Object.entries(schedules)) {
    const year = Number(key);
    if (!Number.isInteger(year) || year < 0 || year > 9999) throw new RangeError(`Bad schedule year: ${key}`);
    years.add(year);
    if (schedule.provisional) provisional.add(year);
    const check = (d: IsoDate, what: string): number => {
      const n = tryDayNumber(d);
      if (n === null) throw new RangeError(`${year} ${what}: not an ISO date: ${JSON.stringify(d)}`);
      if (yearOfDay(n) !== year) throw new RangeError(`${year} ${what}: ${d} is not in ${year}`);
      if (holidays.has(n) || workdays.has(n)) throw new RangeError(`${year} ${what}: ${d} is listed twice`);
      return n;
    };
    for (const h of schedule.holidays) {
      for (const d of h.days) holidays.set(check(d, h.name), h.name);
    }
    for (const d of schedule.workdays) workdays.add(check(d, '调休上班'));
  }

  // Where the data departs from Mon–Fri: sorted day numbers, each with its
  // effect on the count (−1: a weekday off, +1: a weekend day worked), and
  // prefix sums, so workingDaysBetween needs no day-by-day loop.
  const deltas: { day: number; delta: number }[] = [];
  for (const n of holidays.keys()) if (isMonToFri(n)) deltas.push({ day: n, delta: -1 });
  for (const n of workdays) if (!isMonToFri(n)) deltas.push({ day: n, delta: +1 });
  deltas.sort((a, b) => a.day - b.day);
  const deltaDays = deltas.map((x) => x.day);
  const prefix: number[] = [0];
  for (const x of deltas) prefix.push(prefix[prefix.length - 1]! + x.delta);

  /** Sum of deltas for days ≤ n. */
  const adjustmentUpTo = (n: number): number => {
    let lo = 0;
    let hi = deltaDays.length; // first index with day > n
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (deltaDays[mid]! <= n) lo = mid + 1;
      else hi = mid;
    }
    return prefix[lo]!;
  };

  const working = (n: number): boolean => {
    if (workdays.has(n)) return true;
    if (holidays.has(n)) return false;
    return isMonToFri(n);
  };

  const between = (a: number, b: number): number =>
    b <= a ? 0 : weekdaysUpTo(b) - weekdaysUpTo(a) + adjustmentUpTo(b) - adjustmentUpTo(a);

  // Upper bound on the calendar days addWorkingDays may walk: a data year may
  // in theory have no working day at all; outside data every 7 days hold 5.
  const dataDaysBound = years.size * 366;

  const addWorkingDays = (from: IsoDate, n: number): IsoDate => {
    if (!Number.isSafeInteger(n) || n < 0) {
      throw new RangeError(`n must be a non-negative integer, got ${n}`);
    }
    if (n > MAX_WORKING_DAYS) throw new RangeError(`n must be at most ${MAX_WORKING_DAYS}, got ${n}`);
    let day = dayNumber(from);
    const limit = dataDaysBound + Math.ceil(n / 5) * 7 + 7;
    let remaining = n;
    for (let steps = 0; remaining > 0; steps++) {
      if (steps > limit) throw new Error(`addWorkingDays(${from}, ${n}) did not terminate: check the holiday data`);
      day++;
      if (working(day)) remaining--;
    }
    return fromDayNumber(day);
  };

  const yearsBetween = (from: IsoDate, to: IsoDate, keep: (y: number) => boolean): number[] => {
    let a = yearOfDay(dayNumber(from));
    let b = yearOfDay(dayNumber(to));
    if (b < a) [a, b] = [b, a];
    const out: number[] = [];
    for (let y = a; y <= b; y++) if (keep(y)) out.push(y);
    return out;
  };

  return {
    isWorkingDay: (d) => working(dayNumber(d)),
    holidayName: (d) => holidays.get(dayNumber(d)) ?? null,
    hasDataFor: (year) => years.has(year),
    addWorkingDays,
    workingDaysBetween: (from, to) => between(dayNumber(from), dayNumber(to)),
    nextWorkingDay: (d) => addWorkingDays(d, 1),
    missingYears: (from, to) => yearsBetween(from, to, (y) => !years.has(y)),
    isProvisional: (year) => provisional.has(year),
    provisionalYears: (from, to) => yearsBetween(from, to, (y) => provisional.has(y)),
  };
}

/**
 * The calendar of HOLIDAY_SCHEDULES alone (2025, 2026): the shared functions'
 * default for pure computations and tests. The server counts on
 * the database's schedules, the mini-program on the API's.
 */
export const chinaCalendar: WorkCalendar = createCalendar();

/** What a provisional day says next to a deadline. */
export const PROVISIONAL_MARK = '暂按法定假日计算';

// ---- the calendar of published years (the API's CalendarYear rows) ----

/** A year's ranges expanded into the calendar's schedule. */
export function scheduleOf(y: Pick<CalendarYear, 'status' | 'sourceTitle' | 'sourceDate' | 'holidays' | 'workdays'>): HolidaySchedule {
  return {
    source: y.sourceTitle,
    sourceDate: y.sourceDate,
    provisional: y.status === 'provisional',
    holidays: y.holidays.map((h) => ({ name: h.name, days: dateRange(h.from, h.to) })),
    workdays: [...y.workdays],
  };
}

/** The working-day calendar of these years: what the server counts on and the mini-program shows. */
export function calendarOf(
  years: readonly Pick<CalendarYear, 'year' | 'status' | 'sourceTitle' | 'sourceDate' | 'holidays' | 'workdays'>[],
): WorkCalendar {
  return createCalendar(Object.fromEntries(years.map((y) => [y.year, scheduleOf(y)])));
}
