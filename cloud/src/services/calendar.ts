// The working-day calendar as data: the schedules managers publish (one per
// year, versioned, every publication kept) and, for a year without one, the
// statutory holidays, provisional. Every deadline computation asks
// loadCalendar inside its transaction: a cheap stamp query tells whether a
// publish (on this instance or another) changed the data since the calendar
// in memory was built, so serverless instances never count on a stale one.
import {
  calendarOf,
  calendarReminderYear,
  CALENDAR_FIRST_YEAR,
  CALENDAR_LAST_YEAR,
  fromHolidayCn,
  maskName,
  toShanghaiDate,
  type CalendarPublish,
  type CalendarView,
  type CalendarYear,
  type HolidayCnDraft,
  type HolidayCnFile,
  type HolidayRange,
  type IsoDate,
  type WorkCalendar,
} from '@qi/shared';
import { requireAdmin } from '../auth/policy';
import type { Principal } from '../auth/principal';
import type { Queryable } from '../db/types';
import type { Deps } from '../deps';
import { fail } from '../errors';
import { openName, type PiiCipher } from '../pii';

/** Years after this one that count on the statutory holidays while unpublished. */
export const PROVISIONAL_YEARS_AHEAD = 2;

interface YearRow {
  year: number;
  source_title: string;
  source_date: string | null;
  holidays: HolidayRange[];
  workdays: IsoDate[];
  version: number;
  published_at: Date;
  published_by_enc: string | null;
}

const YEAR_SELECT = `SELECT year, source_title, source_date::text AS source_date, holidays, workdays, version, published_at, published_by_enc FROM calendar_years`;

/** Who published, masked like every name shown (the seed's years have none: the system's data). */
const publisherName = (pii: PiiCipher | undefined, enc: string | null): string | null =>
  !pii ? null : enc === null ? SEED_PUBLISHER : maskName(openName(pii, enc));
const SEED_PUBLISHER = '系统初始数据';

const toYear = (r: YearRow, pii?: PiiCipher): CalendarYear => ({
  year: r.year,
  status: 'published',
  sourceTitle: r.source_title,
  sourceDate: r.source_date,
  holidays: r.holidays,
  workdays: r.workdays,
  version: r.version,
  publishedAt: r.published_at.toISOString(),
  publishedBy: publisherName(pii, r.published_by_enc),
});

/**
 * What of the stamp the database holds, as one text column: a caller reading
 * other things in the same query (need creation) selects it and passes the
 * stamp to CalendarStore.get, saving a round trip.
 */
export const CALENDAR_STAMP_SQL = `(SELECT count(*)::int || '.' || coalesce(sum(version), 0)::int FROM calendar_years)`;

/** The stamp from what CALENDAR_STAMP_SQL read: it changes with every publish, and with the year (which provisional years are filled in). */
export const calendarStampOf = (stored: string, today: IsoDate): string => `${stored}.${today.slice(0, 4)}`;

async function calendarStamp(q: Queryable, today: IsoDate): Promise<string> {
  const { rows } = await q.query<{ stamp: string }>(`SELECT ${CALENDAR_STAMP_SQL} AS stamp`);
  return calendarStampOf(rows[0]!.stamp, today);
}

/**
 * Every year the calendar counts on: the published ones, and from 2025 to
 * PROVISIONAL_YEARS_AHEAD years after today's the others, provisional.
 */
export async function calendarYears(q: Queryable, today: IsoDate, pii?: PiiCipher): Promise<CalendarYear[]> {
  const { rows } = await q.query<YearRow>(`${YEAR_SELECT} ORDER BY year`);
  const published = new Map(rows.map((r) => [r.year, toYear(r, pii)]));
  const last = Number(today.slice(0, 4)) + PROVISIONAL_YEARS_AHEAD;
  const missing: number[] = [];
  for (let y = CALENDAR_FIRST_YEAR; y <= last; y++) if (!published.has(y)) missing.push(y);
  if (missing.length) {
    // The lunar calendar (lunar-typescript, a third of a megabyte) loads when a year is first computed, not with the app.
    const { provisionalYear } = await import('./statutoryHolidays');
    for (const y of missing) published.set(y, provisionalYear(y));
  }
  return [...published.values()].sort((a, b) => a.year - b.year);
}

export interface CalendarStore {
  /** The calendar in force, rebuilt when the database's schedules changed; `stamp`: calendarStampOf, already read in `q`'s transaction. */
  get(q: Queryable, today: IsoDate, stamp?: string): Promise<WorkCalendar>;
}

/** One per app instance (deps): remembers the calendar it built and the stamp it was built at. */
export function createCalendarStore(): CalendarStore {
  let cached: { stamp: string; calendar: WorkCalendar } | null = null;
  return {
    async get(q, today, known) {
      const stamp = known ?? (await calendarStamp(q, today));
      if (cached?.stamp === stamp) return cached.calendar;
      const calendar = calendarOf(await calendarYears(q, today));
      cached = { stamp, calendar };
      return calendar;
    },
  };
}

/** The calendar deadlines are counted on now, read in the caller's transaction. */
export function loadCalendar(deps: Deps, q: Queryable): Promise<WorkCalendar> {
  return deps.calendars.get(q, toShanghaiDate(deps.now()));
}

/** GET /api/calendar: the years in force, the cache stamp, and the reminder for managers. */
export async function getCalendar(deps: Deps): Promise<CalendarView> {
  return deps.db.transaction(async (tx) => {
    const today = toShanghaiDate(deps.now());
    const years = await calendarYears(tx, today, deps.pii);
    return {
      stamp: await calendarStamp(tx, today),
      today,
      years,
      reminderYear: calendarReminderYear(
        today,
        years.filter((y) => y.status === 'published').map((y) => y.year),
      ),
    };
  });
}

/**
 * Publishes (or corrects) one year's schedule from the version the manager
 * saw (409 otherwise). Deadlines computed from now on count on it; those
 * already given are stored days and keep them.
 */
export async function publishCalendarYear(deps: Deps, p: Principal, year: number, input: CalendarPublish): Promise<CalendarYear> {
  requireAdmin(p, '只有运营管理人员可以发布放假安排');
  if (input.year !== year) fail('validation_failed', undefined, [{ path: 'year', message: `年份应为 ${year}` }]);
  return deps.db.transaction(async (tx) => {
    const now = deps.now();
    const values = [
      year,
      input.sourceTitle,
      input.sourceDate,
      JSON.stringify(input.holidays),
      JSON.stringify(input.workdays),
      now,
      p.nameEnc,
    ];
    // The first publication inserts (a concurrent first one finds the row and loses); corrections match the version.
    const saved =
      input.version === 0
        ? await tx.query(
            `INSERT INTO calendar_years (year, source_title, source_date, holidays, workdays, version, published_at, published_by_enc)
             VALUES ($1, $2, $3, $4::jsonb, $5::jsonb, 1, $6, $7) ON CONFLICT (year) DO NOTHING`,
            values,
          )
        : await tx.query(
            `UPDATE calendar_years SET source_title = $2, source_date = $3, holidays = $4::jsonb, workdays = $5::jsonb,
                    version = version + 1, published_at = $6, published_by_enc = $7
              WHERE year = $1 AND version = $8`,
            [...values, input.version],
          );
    if (saved.rowCount !== 1) fail('version_conflict', `${year} 年的放假安排已被他人修改，请刷新后再操作`);
    const { rows } = await tx.query<YearRow>(`${YEAR_SELECT} WHERE year = $1`, [year]);
    const row = rows[0]!;
    await tx.query(
      `INSERT INTO calendar_publications (year, version, source_title, source_date, holidays, workdays, published_at, published_by_enc)
       SELECT year, version, source_title, source_date, holidays, workdays, published_at, published_by_enc FROM calendar_years WHERE year = $1`,
      [year],
    );
    return toYear(row, deps.pii);
  });
}

/** A holiday-cn file as a draft to review (nothing is saved). */
export function importHolidayCn(p: Principal, file: HolidayCnFile): HolidayCnDraft {
  requireAdmin(p, '只有运营管理人员可以导入放假安排');
  if (file.year < CALENDAR_FIRST_YEAR || file.year > CALENDAR_LAST_YEAR) {
    fail('validation_failed', undefined, [{ path: 'year', message: `年份须为 ${CALENDAR_FIRST_YEAR}–${CALENDAR_LAST_YEAR} 的整数` }]);
  }
  return fromHolidayCn(file);
}
