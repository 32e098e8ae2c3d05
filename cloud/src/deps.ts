// What routes and services need from the outside world, built once per app.
import { chinaCalendar, type WorkCalendar } from '@qi/shared';
import type { AppConfig } from './config';
import type { Db } from './db/types';
import { createPiiCipher, type PiiCipher } from './pii';

export interface Deps {
  db: Db;
  config: AppConfig;
  pii: PiiCipher;
  calendar: WorkCalendar;
  /** The current instant; tests move it to exercise deadlines. */
  now: () => Date;
}

export function createDeps(db: Db, config: AppConfig, overrides: Partial<Deps> = {}): Deps {
  return { db, config, pii: createPiiCipher(config.dataKey), calendar: chinaCalendar, now: () => new Date(), ...overrides };
}
