// The real app on a fresh real database (migrated and seeded), driven in
// process through Hono's `app.request` — the same code path as over HTTP.
import { createApp } from '../../cloud/src/app';
import { loadConfig } from '../../cloud/src/config';
import { migrate } from '../../cloud/src/db';
import { seed } from '../../cloud/src/db/seed';
import type { Db } from '../../cloud/src/db/types';
import { createDeps, type Deps } from '../../cloud/src/deps';
import { contractFrom } from './contract';
import { createTestDb } from './db';
import { jsonClient, type JsonClient } from './json-client';

export { jsonClient, type ApiResponse, type JsonClient, type RequestOptions } from './json-client';

export interface TestApi extends JsonClient {
  deps: Deps;
  /** The app itself (its OpenAPI registry, or a request not in JSON). */
  app: ReturnType<typeof createApp>;
  /** Moves the app's clock (deadlines, rating windows). */
  setNow(at: Date | null): void;
  close(): Promise<void>;
}

/** Rate limits no test reaches by accident; a test of the limits passes its own. */
export const RELAXED_RATE_LIMITS = {
  RATE_LIMIT_SIGNIN_PER_MINUTE: '1000000',
  RATE_LIMIT_CREATE_PER_MINUTE: '1000000',
  RATE_LIMIT_CREATE_PER_ADDRESS_PER_MINUTE: '1000000',
};

export async function createTestApi(env: Record<string, string> = {}): Promise<TestApi> {
  const { db, drop } = await createTestDb();
  return createTestApiOn(db, drop, env);
}

/** The app on a database of the caller's (migrated and seeded here); `close` runs `drop`. */
export async function createTestApiOn(db: Db, drop: () => Promise<void>, env: Record<string, string> = {}): Promise<TestApi> {
  await migrate(db);
  // Tests sign in and create far faster than people: limits out of the way unless a test sets them.
  const config = loadConfig({ DEMO_MODE: '1', ...RELAXED_RATE_LIMITS, ...env });
  let fixedNow: Date | null = null;
  const deps = createDeps(db, config, { now: () => fixedNow ?? new Date() });
  await seed(db, deps.pii);
  const app = createApp(deps);
  return {
    ...jsonClient(async (path, init) => app.request(path, init), contractFrom(app.openAPIRegistry)),
    deps,
    app,
    setNow(at) {
      fixedNow = at;
    },
    close: drop,
  };
}

/** Wednesday 2026-12-02 10:00 in Shanghai: the seeded stations are open (到站登记 is taken). */
export const STATION_OPEN_AT = new Date('2026-12-02T02:00:00Z');
/** Wednesday 2026-12-02 07:00 in Shanghai: before the seeded stations open (休息中). */
export const STATION_CLOSED_AT = new Date('2026-12-01T23:00:00Z');

/** A valid need body from the enterprise (override any field). */
export function needBody(over: Record<string, unknown> = {}) {
  return {
    title: '椰子汁产品出口检测咨询',
    description: '我司椰子汁准备出口东盟，需要了解检测项目和标准要求。',
    categories: ['testing', 'standardization'],
    contactName: '林晓华',
    contactPhone: '13876543210',
    ...over,
  };
}

let keySeq = 0;
export const newKey = () => `test-key-${Date.now()}-${++keySeq}-${Math.random().toString(36).slice(2, 8)}`;
