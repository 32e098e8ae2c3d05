import { resolveTimeLimits, toShanghaiDate, type TimeLimits, type WorkCalendar } from '@qi/shared';
import type { Queryable } from '../../db/types';
import type { Deps } from '../../deps';
import { CALENDAR_STAMP_SQL, calendarStampOf } from '../calendar';

/** What a need's clock is counted on: the time limits in force (a manager may change them; defaults otherwise) and the working calendar. */
export interface ClockRules {
  limits: TimeLimits;
  cal: WorkCalendar;
}

/** Columns of a SELECT: what the clock's rules are read from (ClockRulesReading). */
export const CLOCK_RULES_COLUMNS = `(SELECT value FROM settings WHERE key = 'time_limits') AS limits, ${CALENDAR_STAMP_SQL} AS calendar_stamp`;

/** What CLOCK_RULES_COLUMNS read: the stored time limits and the calendar's stamp. */
export interface ClockRulesReading {
  limits: Partial<TimeLimits> | null;
  calendar_stamp: string;
}

/** The rules from what was read (the calendar from the instance's cache while its stamp holds, else read in `q`). */
export async function clockRulesFrom(
  deps: Deps,
  q: Queryable,
  r: ClockRulesReading,
  today = toShanghaiDate(deps.now()),
): Promise<ClockRules> {
  return { limits: resolveTimeLimits(r.limits ?? {}), cal: await deps.calendars.get(q, today, calendarStampOf(r.calendar_stamp, today)) };
}

/** The time limits and the calendar in force, in one statement, read in the caller's transaction. */
export async function loadClockRules(deps: Deps, tx: Queryable): Promise<ClockRules> {
  const { rows } = await tx.query<ClockRulesReading>(`SELECT ${CLOCK_RULES_COLUMNS}`, [], { prepared: true });
  return clockRulesFrom(deps, tx, rows[0]!);
}
