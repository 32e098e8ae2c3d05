// What routes and services need from the outside world, built once per app.
import type { AppConfig } from './config';
import type { Db } from './db/types';
import { createPiiCipher, type PiiCipher } from './pii';
import { createCalendarStore, type CalendarStore } from './services/calendar';

export interface Deps {
  db: Db;
  config: AppConfig;
  pii: PiiCipher;
  /** The working-day calendar, from the database (services/calendar.ts loadCalendar). */
  calendars: CalendarStore;
  /** The current instant; tests move it to exercise deadlines. */
  now: () => Date;
}

export function createDeps(db: Db, config: AppConfig, overrides: Partial<Deps> = {}): Deps {
  return { db, config, pii: createPiiCipher(config.dataKey), calendars: createCalendarStore(), now: () => new Date(), ...overrides };
}
