// What routes and services need from the outside world, built once per app.
import type { AppConfig } from './config';
import type { Db } from './db/types';
import { createPiiCipher, type PiiCipher } from './pii';
import { createWechatClient, type WechatClient } from './wechat';
import { dbAccessTokenStore } from './wechat/tokenStore';
import { createCalendarStore, type CalendarStore } from './services/calendar';

export interface Deps {
  db: Db;
  config: AppConfig;
  pii: PiiCipher;
  /** The working-day calendar, from the database (services/calendar.ts loadCalendar). */
  calendars: CalendarStore;
  /** The current instant; tests move it to exercise deadlines. */
  now: () => Date;
  /** WeChat's server API, null when not configured. One per app: its access_token is shared through the database. */
  wechat: WechatClient | null;
}

export function createDeps(db: Db, config: AppConfig, overrides: Partial<Deps> = {}): Deps {
  const pii = overrides.pii ?? createPiiCipher(config.dataKey);
  const wechat = config.wechat ? createWechatClient(config.wechat, { store: dbAccessTokenStore(db, pii) }) : null;
  return { db, config, pii, calendars: createCalendarStore(), now: () => new Date(), wechat, ...overrides };
}
