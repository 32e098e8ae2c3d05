// Which time limit runs for a need or a task in each state, and whether it is
// due soon or overdue today (SPEC "Time limits": overdue and due-soon items
// are flagged). Pure: the server computes it per row and filters the same way
// in SQL (dueSoonBefore gives the date bound), the UI only shows it.
import { z } from 'zod';
import { chinaCalendar, type IsoDate, type WorkCalendar } from './calendar';
import { deadlineStatus, DEFAULT_TIME_LIMITS, resolveTimeLimits, workingDaysLeft, type TimeLimits } from './deadlines';
import type { NeedState, TaskState } from './enums';

export const CLOCK_KINDS = ['accept', 'reply', 'rate', 'task_accept', 'task_done'] as const;
export type ClockKind = (typeof CLOCK_KINDS)[number];
export const CLOCK_KIND_LABELS: Record<ClockKind, string> = {
  accept: '受理时限',
  reply: '答复时限',
  rate: '评价期限',
  task_accept: '接单时限',
  task_done: '办结时限',
};

export const DUE_STATUSES = ['overdue', 'due_soon', 'on_time', 'paused'] as const;
export type DueStatus = (typeof DUE_STATUSES)[number];
export const DUE_STATUS_LABELS: Record<DueStatus, string> = {
  overdue: '已超期',
  due_soon: '即将到期',
  on_time: '未到期',
  paused: '计时暂停',
};

/**
 * The clock of a need in each state: submitted → accept by acceptBy; accepted
 * and in service → reply by replyBy; 待补充 → the reply clock, paused;
 * completed → the enterprise's rating window; every other state → none.
 */
export const NEED_CLOCKS: Readonly<Record<NeedState, { kind: 'accept' | 'reply' | 'rate'; paused: boolean } | null>> = {
  submitted: { kind: 'accept', paused: false },
  accepted: { kind: 'reply', paused: false },
  info_requested: { kind: 'reply', paused: true },
  in_service: { kind: 'reply', paused: false },
  completed: { kind: 'rate', paused: false },
  rated: null,
  closed: null,
  rejected: null,
  withdrawn: null,
};

/** The clocks that are staff's work (the rating window is the enterprise's). */
export const STAFF_CLOCK_KINDS: readonly ClockKind[] = ['accept', 'reply', 'task_accept', 'task_done'];

export const NeedClockSchema = z
  .object({
    kind: z.enum(CLOCK_KINDS),
    /** null while paused: the due day moves by the working days the pause lasts. */
    dueOn: z.iso.date().nullable(),
    status: z.enum(DUE_STATUSES),
    /** Working days left (negative: overdue by that many); null while paused. */
    daysLeft: z.int().nullable(),
  })
  .nullable()
  .meta({ id: 'Clock' });
export type Clock = NonNullable<z.infer<typeof NeedClockSchema>>;

/** A running clock's status and working days left on `today`. */
export function clockOn(
  kind: ClockKind,
  dueOn: IsoDate,
  today: IsoDate,
  limits: Partial<TimeLimits> = DEFAULT_TIME_LIMITS,
  cal: WorkCalendar = chinaCalendar,
): Clock {
  return { kind, dueOn, status: deadlineStatus(dueOn, today, limits, cal), daysLeft: workingDaysLeft(dueOn, today, cal) };
}

export function needClock(
  state: NeedState,
  deadlines: { acceptBy: IsoDate; replyBy: IsoDate; rateBy: IsoDate | null },
  today: IsoDate,
  limits: Partial<TimeLimits> = DEFAULT_TIME_LIMITS,
  cal: WorkCalendar = chinaCalendar,
): Clock | null {
  const c = NEED_CLOCKS[state];
  if (!c) return null;
  if (c.paused) return { kind: c.kind, dueOn: null, status: 'paused', daysLeft: null };
  const due = c.kind === 'accept' ? deadlines.acceptBy : c.kind === 'reply' ? deadlines.replyBy : deadlines.rateBy;
  return due ? clockOn(c.kind, due, today, limits, cal) : null;
}

/**
 * A task's clock: assigned → accept or decline by its acceptBy (1 working
 * day); accepted → finish by the need's reply deadline; otherwise none.
 */
export function taskClock(
  state: TaskState,
  acceptBy: IsoDate,
  needReplyBy: IsoDate,
  today: IsoDate,
  limits: Partial<TimeLimits> = DEFAULT_TIME_LIMITS,
  cal: WorkCalendar = chinaCalendar,
): Clock | null {
  if (state === 'assigned') return clockOn('task_accept', acceptBy, today, limits, cal);
  if (state === 'accepted') return clockOn('task_done', needReplyBy, today, limits, cal);
  return null;
}

/**
 * The first day that is no longer "due soon" seen from `today`: a due day d
 * is due soon exactly when today ≤ d < dueSoonBefore(today) (the same rule as
 * deadlineStatus, as date bounds a query can use).
 */
export function dueSoonBefore(
  today: IsoDate,
  limits: Partial<TimeLimits> = DEFAULT_TIME_LIMITS,
  cal: WorkCalendar = chinaCalendar,
): IsoDate {
  return cal.addWorkingDays(today, resolveTimeLimits(limits).dueSoonDays + 1);
}
