import { resolveTimeLimits, toShanghaiDate, type TimeLimits, type WorkCalendar } from '@qi/shared';
import type { Queryable } from '../../db/types';
import type { Deps } from '../../deps';
import { CALENDAR_STAMP_SQL, calendarStampOf } from '../calendar';

/** The time limits in force (a manager may change them; defaults otherwise). */
export async function loadTimeLimits(tx: Queryable): Promise<TimeLimits> {
  const { rows } = await tx.query<{ value: Partial<TimeLimits> }>(`SELECT value FROM settings WHERE key = 'time_limits'`);
  return resolveTimeLimits(rows[0]?.value ?? {});
}

/** What a need's clock is counted on: the time limits and the working calendar in force. */
export interface ClockRules {
  limits: TimeLimits;
  cal: WorkCalendar;
}

/**
 * The time limits and the calendar in force, in one statement (the limits and
 * the calendar's stamp; the calendar itself from the instance's cache while
 * the stamp holds), read in the caller's transaction.
 */
export async function loadClockRules(deps: Deps, tx: Queryable): Promise<ClockRules> {
  const { rows } = await tx.query<{ limits: Partial<TimeLimits> | null; stamp: string }>(
    `SELECT (SELECT value FROM settings WHERE key = 'time_limits') AS limits, ${CALENDAR_STAMP_SQL} AS stamp`,
    [],
    { prepared: true },
  );
  const today = toShanghaiDate(deps.now());
  return {
    limits: resolveTimeLimits(rows[0]!.limits ?? {}),
    cal: await deps.calendars.get(tx, today, calendarStampOf(rows[0]!.stamp, today)),
  };
}
