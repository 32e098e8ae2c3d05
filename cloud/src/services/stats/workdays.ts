// The working-day calendar copied into the database for the duration
// histograms (migration 0024): every day 2000–2100 with its working-day
// ordinal, and a fingerprint of the calendar they were counted on. When the
// calendar in force (a publication, a provisional year filled in) gives
// another fingerprint, the histograms are recounted from the day pairs; until
// then, and for a day the copy does not cover, the overview counts the pairs.
import { createHash } from 'node:crypto';
import { addCalendarDays, type IsoDate, type WorkCalendar } from '@qi/shared';
import type { Queryable } from '../../db/types';
import type { Deps } from '../../deps';
import { loadCalendar } from '../calendar';

const FIRST: IsoDate = '2000-01-01';
const LAST: IsoDate = '2100-12-31';
const BASE: IsoDate = '1999-12-31';
/** Serialises recounts across instances (pg_advisory_xact_lock key). */
const RECOUNT_LOCK = 2024_0024;

export interface CalendarCopy {
  fingerprint: string;
  days: IsoDate[];
  ords: number[];
}

const copies = new WeakMap<WorkCalendar, CalendarCopy>();

/** The ordinals of the calendar, built once per calendar object (the calendar store keeps it while unchanged). */
export function calendarCopy(cal: WorkCalendar): CalendarCopy {
  const known = copies.get(cal);
  if (known) return known;
  const days: IsoDate[] = [];
  const ords: number[] = [];
  for (let d = FIRST; d <= LAST; d = addCalendarDays(d, 1)) {
    days.push(d);
    ords.push(cal.workingDaysBetween(BASE, d));
  }
  const fingerprint = createHash('sha256').update(ords.join(',')).digest('hex').slice(0, 32);
  const copy = { fingerprint, days, ords };
  copies.set(cal, copy);
  return copy;
}

/** Whether the histograms were counted on this calendar (then the overview reads them). */
export async function histogramsCurrent(db: Queryable, cal: WorkCalendar): Promise<boolean> {
  const { rows } = await db.query<{ fingerprint: string | null }>('SELECT fingerprint FROM stats_calendar_state');
  return rows[0]?.fingerprint === calendarCopy(cal).fingerprint;
}

/**
 * Copies the calendar in force and recounts the histograms when they were
 * counted on another one; true when they are current afterwards. Writers of
 * day pairs wait meanwhile (a share lock on stats_durations), so none is
 * counted on the old calendar after the recount.
 */
export async function refreshStatsCalendar(deps: Deps): Promise<boolean> {
  const cal = await loadCalendar(deps, deps.db);
  if (await histogramsCurrent(deps.db, cal)) return true;
  const copy = calendarCopy(cal);
  return deps.db.transaction(async (tx) => {
    await tx.query(`SELECT 1 AS locked FROM pg_advisory_xact_lock(${RECOUNT_LOCK})`);
    if (await histogramsCurrent(tx, cal)) return true;
    await tx.query('LOCK TABLE stats_durations IN SHARE MODE');
    await tx.query('DELETE FROM stats_workdays');
    await tx.query('INSERT INTO stats_workdays (day, ord) SELECT * FROM unnest($1::date[], $2::int[])', [copy.days, copy.ords]);
    const { rows } = await tx.query<{ ok: boolean }>('SELECT stats_duration_hist_rebuild($1) AS ok', [copy.fingerprint]);
    return rows[0]!.ok;
  });
}
