// Chooses and builds the Db from configuration. See types.ts for the contract and the
// value conventions every driver follows.
import type { Db, DbDriver } from './types';

export * from './types';
export { migrate, MIGRATIONS_DIR, type MigrateResult } from './migrate';

export interface DbConfig {
  driver?: DbDriver;
  /** Connection string for pg / vercel. */
  url?: string;
  /** PGlite data folder; undefined = in memory. */
  dataDir?: string;
  /** Connections of the pg / vercel pool (DB_POOL_MAX, default 10). */
  poolMax?: number;
  /**
   * How long getting a connection may take, waiting for a free one included, before the
   * request fails with 503 (DB_CONNECT_TIMEOUT_MS, default 5000).
   */
  connectTimeoutMs?: number;
  /** PGlite's Postgres `shared_buffers` (PGLITE_SHARED_BUFFERS, default 16MB; see pglite.ts). */
  pgliteSharedBuffers?: string;
}

export const DEFAULT_POOL_MAX = 10;
export const DEFAULT_CONNECT_TIMEOUT_MS = 5_000;

export const DEFAULT_PGLITE_DATA_DIR = './.data/pglite';

const DRIVERS: readonly DbDriver[] = ['pg', 'vercel', 'pglite'];

function isDriver(value: string): value is DbDriver {
  return (DRIVERS as readonly string[]).includes(value);
}

/**
 * DB_DRIVER wins when set (pg | vercel | pglite); otherwise POSTGRES_URL (set by Vercel
 * Postgres) → vercel; else DATABASE_URL → pg; else PGlite in DATA_DIR (default ./.data/pglite).
 */
export function dbConfigFromEnv(env: Record<string, string | undefined> = process.env): DbConfig {
  const pick = (name: string): string | undefined => {
    const v = env[name]?.trim();
    return v ? v : undefined;
  };
  const explicit = pick('DB_DRIVER');
  if (explicit !== undefined && !isDriver(explicit)) {
    throw new Error(`DB_DRIVER must be one of ${DRIVERS.join(', ')}; got "${explicit}"`);
  }
  const postgresUrl = pick('POSTGRES_URL');
  const databaseUrl = pick('DATABASE_URL');
  const dataDir = pick('DATA_DIR') ?? DEFAULT_PGLITE_DATA_DIR;
  const driver: DbDriver = explicit ?? (postgresUrl ? 'vercel' : databaseUrl ? 'pg' : 'pglite');
  // Pool settings: given only when set (createDb applies the defaults).
  const pool: Pick<DbConfig, 'poolMax' | 'connectTimeoutMs'> = {};
  for (const [name, key] of [
    ['DB_POOL_MAX', 'poolMax'],
    ['DB_CONNECT_TIMEOUT_MS', 'connectTimeoutMs'],
  ] as const) {
    const raw = pick(name);
    if (raw === undefined) continue;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a positive whole number; got "${raw}"`);
    pool[key] = n;
  }
  switch (driver) {
    case 'vercel':
      return { driver, url: postgresUrl ?? databaseUrl, ...pool };
    case 'pg':
      return { driver, url: databaseUrl ?? postgresUrl, ...pool };
    case 'pglite': {
      const sharedBuffers = pick('PGLITE_SHARED_BUFFERS');
      return { driver, dataDir, ...(sharedBuffers ? { pgliteSharedBuffers: sharedBuffers } : {}) };
    }
  }
}

function poolOptions(config: DbConfig) {
  return {
    max: config.poolMax ?? DEFAULT_POOL_MAX,
    connectionTimeoutMillis: config.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
  };
}

/** Builds a Db. Without `driver`: pg when `url` is given, else PGlite. Drivers load lazily. */
export async function createDb(config: DbConfig = {}): Promise<Db> {
  const driver = config.driver ?? (config.url ? 'pg' : 'pglite');
  switch (driver) {
    case 'pg': {
      if (!config.url) throw new Error('the pg driver needs a url (DATABASE_URL)');
      const { createPgDb } = await import('./pg');
      return createPgDb(config.url, poolOptions(config));
    }
    case 'vercel': {
      if (!config.url) throw new Error('the vercel driver needs a url (POSTGRES_URL)');
      const { createVercelDb } = await import('./vercel');
      return createVercelDb(config.url, poolOptions(config));
    }
    case 'pglite': {
      const { createPgliteDb } = await import('./pglite');
      return createPgliteDb(config.dataDir, { sharedBuffers: config.pgliteSharedBuffers });
    }
  }
}
