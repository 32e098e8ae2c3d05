/**
 * Time limits (SPEC "Time limits"), counted in working days on the China
 * calendar. Pure functions over ISO dates; see calendar.ts for the semantics
 * of "n working days after".
 */
import { addCalendarDays, chinaCalendar, type IsoDate, type WorkCalendar } from './calendar';

/** Defaults from the spec; a manager can change them. All in working days. */
export const DEFAULT_TIME_LIMITS = {
  /** accept or answer a submitted need */
  acceptDays: 1,
  /** provider accepts or declines a task */
  taskAcceptDays: 1,
  /** reply to the enterprise, unless it gave a desired deadline */
  replyDays: 5,
  /** enterprise rates after completion (DB46 9.2.1) */
  rateDays: 5,
  /** complaint acknowledged */
  complaintAckDays: 1,
  /** complaint resolved */
  complaintResolveDays: 10,
  /** an item is "due soon" when at most this many working days remain */
  dueSoonDays: 1,
  /** a bad rating's follow-up (回访) resolved */
  followUpDays: 5,
} as const;

export type TimeLimits = { [K in keyof typeof DEFAULT_TIME_LIMITS]: number };

/**
 * The limits in force: the defaults overridden by `limits`. Every value must
 * be a non-negative integer (RangeError otherwise).
 */
export function resolveTimeLimits(limits: Partial<TimeLimits> = {}): TimeLimits {
  const out: { -readonly [K in keyof TimeLimits]: number } = { ...DEFAULT_TIME_LIMITS };
  for (const key of Object.keys(DEFAULT_TIME_LIMITS) as (keyof TimeLimits)[]) {
    const v = limits[key];
    if (v === undefined) continue;
    if (!Number.isSafeInteger(v) || v < 0) {
      throw new RangeError(`Time limit ${key} must be a non-negative integer, got ${v}`);
    }
    out[key] = v;
  }
  return out;
}

export interface NeedDeadlines {
  acceptBy: IsoDate;
  replyBy: IsoDate;
  rateBy: IsoDate | null;
}

export interface NeedDeadlineInput {
  submittedOn: IsoDate;
  /** The enterprise's desired reply deadline, if it gave one. */
  desiredReplyBy?: IsoDate | null;
  /** The day the need was completed; the rating window opens then. */
  completedOn?: IsoDate | null;
  /** Working days the reply clock was paused (waiting for the enterprise's supplement). */
  pausedWorkingDays?: number;
}

/**
 * A need's deadlines:
 * - acceptBy = submittedOn + acceptDays working days;
 * - replyBy = desiredReplyBy if given, else submittedOn + replyDays working
 *   days; either way extended by pausedWorkingDays working days;
 * - rateBy = completedOn + rateDays working days, or null when not completed.
 */
export function needDeadlines(
  input: NeedDeadlineInput,
  limits: Partial<TimeLimits> = DEFAULT_TIME_LIMITS,
  cal: WorkCalendar = chinaCalendar,
): NeedDeadlines {
  const l = resolveTimeLimits(limits);
  const paused = input.pausedWorkingDays ?? 0;
  if (!Number.isSafeInteger(paused) || paused < 0) {
    throw new RangeError(`pausedWorkingDays must be a non-negative integer, got ${paused}`);
  }
  const acceptBy = cal.addWorkingDays(input.submittedOn, l.acceptDays);
  const baseReplyBy = input.desiredReplyBy ?? cal.addWorkingDays(input.submittedOn, l.replyDays);
  const replyBy = cal.addWorkingDays(baseReplyBy, paused);
  const rateBy = input.completedOn ? cal.addWorkingDays(input.completedOn, l.rateDays) : null;
  return { acceptBy, replyBy, rateBy };
}

/**
 * The earliest reply date an enterprise may wish for on a need submitted on
 * `submittedOn`: the day after its accept deadline (acceptBy), so a wished
 * date never makes the reply due before the need must even be accepted.
 */
export function earliestDesiredReplyBy(
  submittedOn: IsoDate,
  limits: Partial<TimeLimits> = DEFAULT_TIME_LIMITS,
  cal: WorkCalendar = chinaCalendar,
): IsoDate {
  return addCalendarDays(needDeadlines({ submittedOn }, limits, cal).acceptBy, 1);
}

/** Why a wished reply date cannot be taken (it is not after the accept deadline), or null when it can. */
export function desiredReplyByProblem(
  desiredReplyBy: IsoDate,
  submittedOn: IsoDate,
  limits: Partial<TimeLimits> = DEFAULT_TIME_LIMITS,
  cal: WorkCalendar = chinaCalendar,
): string | null {
  const earliest = earliestDesiredReplyBy(submittedOn, limits, cal);
  return desiredReplyBy < earliest ? `期望答复日期须晚于受理时限，最早可选 ${earliest}` : null;
}

/** The day a provider must accept or decline a task assigned on `assignedOn`. */
export function taskAcceptBy(
  assignedOn: IsoDate,
  limits: Partial<TimeLimits> = DEFAULT_TIME_LIMITS,
  cal: WorkCalendar = chinaCalendar,
): IsoDate {
  return cal.addWorkingDays(assignedOn, resolveTimeLimits(limits).taskAcceptDays);
}

export interface ComplaintDeadlines {
  acknowledgeBy: IsoDate;
  resolveBy: IsoDate;
}

/** Acknowledge and resolve deadlines of a complaint received on `receivedOn` (GB/T 19012). */
export function complaintDeadlines(
  receivedOn: IsoDate,
  limits: Partial<TimeLimits> = DEFAULT_TIME_LIMITS,
  cal: WorkCalendar = chinaCalendar,
): ComplaintDeadlines {
  const l = resolveTimeLimits(limits);
  return {
    acknowledgeBy: cal.addWorkingDays(receivedOn, l.complaintAckDays),
    resolveBy: cal.addWorkingDays(receivedOn, l.complaintResolveDays),
  };
}

/**
 * Working days that elapsed while a need was paused from `pausedOn` to
 * `resumedOn`: working days d with pausedOn < d ≤ resumedOn (0 if resumed the
 * same day). Sum these over every pause and pass the total to needDeadlines.
 */
export function pausedWorkingDays(pausedOn: IsoDate, resumedOn: IsoDate, cal: WorkCalendar = chinaCalendar): number {
  return cal.workingDaysBetween(pausedOn, resumedOn);
}

/**
 * Working days left until `due` as seen on `today`: working days in
 * (today, due] when today ≤ due (0 on the due day), else minus the working
 * days in (due, today].
 */
export function workingDaysLeft(due: IsoDate, today: IsoDate, cal: WorkCalendar = chinaCalendar): number {
  return today <= due ? cal.workingDaysBetween(today, due) : -cal.workingDaysBetween(due, today);
}

export type DeadlineStatus = 'overdue' | 'due_soon' | 'on_time';

/**
 * overdue when today > due; due_soon when today ≤ due and at most dueSoonDays
 * working days remain (workingDaysBetween(today, due) ≤ dueSoonDays); else on_time.
 */
export function deadlineStatus(
  due: IsoDate,
  today: IsoDate,
  limits: Partial<TimeLimits> = DEFAULT_TIME_LIMITS,
  cal: WorkCalendar = chinaCalendar,
): DeadlineStatus {
  const l = resolveTimeLimits(limits);
  const left = cal.workingDaysBetween(today, due); // also validates both dates
  if (today > due) return 'overdue';
  return left <= l.dueSoonDays ? 'due_soon' : 'on_time';
}
