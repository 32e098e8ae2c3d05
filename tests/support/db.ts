// Fresh, isolated databases for tests. With DATABASE_URL: a new database `qi_test_<random>` on
// that server, dropped afterwards. Without it: an in-memory PGlite.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { describe, it } from 'vitest';
import type { Db, DbDriver } from '../../cloud/src/db/types';
import { createPgDb } from '../../cloud/src/db/pg';
import { createPgliteDb } from '../../cloud/src/db/pglite';
import { createVercelDb } from '../../cloud/src/db/vercel';
import { startWsProxy } from './ws-proxy';

export interface TestDb {
  db: Db;
  /** Connection string of the fresh database (null for PGlite). */
  url: string | null;
  /** Closes the Db and drops the database. */
  drop(): Promise<void>;
}

export function testDatabaseUrl(): string | undefined {
  const url = process.env.DATABASE_URL?.trim();
  return url ? url : undefined;
}

/**
 * A suite that needs a Postgres server of its own (a child process, a proxy, a
 * second pool): without DATABASE_URL it is skipped with its reason on a
 * developer's machine, and fails under CI=true, where nothing may be skipped.
 */
export function describePostgres(name: string, fn: () => void): void {
  if (testDatabaseUrl()) {
    describe(name, fn);
    return;
  }
  if (process.env.CI === 'true') {
    describe(name, () => {
      it('has a PostgreSQL server to run against (CI=true requires DATABASE_URL)', () => {
        throw new Error(`CI=true but DATABASE_URL is not set: "${name}" cannot run`);
      });
    });
    return;
  }
  describe.skip(`${name} (needs DATABASE_URL)`, fn);
}

async function withAdmin<T>(serverUrl: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Creates `qi_test_<random>` on the server of `serverUrl`; returns its name and URL. */
async function createFreshDatabase(serverUrl: string): Promise<{ name: string; url: string; dropDatabase(): Promise<void> }> {
  const name = `qi_test_${randomBytes(6).toString('hex')}`;
  await withAdmin(serverUrl, (c) => c.query(`CREATE DATABASE ${name}`));
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    dropDatabase: () => withAdmin(serverUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}

function requireServerUrl(driver: DbDriver): string {
  const url = testDatabaseUrl();
  if (!url) throw new Error(`the ${driver} test driver needs DATABASE_URL (a Postgres server to create databases on)`);
  return url;
}

function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '');
  return h === 'localhost' || h.startsWith('127.') || h === '::1';
}

export async function createTestDbWithDriver(driver: DbDriver): Promise<TestDb> {
  if (driver === 'pglite') {
    const db = await createPgliteDb();
    return { db, url: null, drop: () => db.close() };
  }
  const serverUrl = requireServerUrl(driver);
  const fresh = await createFreshDatabase(serverUrl);
  const closeThenDrop = (db: Db, after?: () => Promise<void>) => async () => {
    try {
      await db.close();
      await after?.();
    } finally {
      await fresh.dropDatabase();
    }
  };

  if (driver === 'pg') {
    const db = createPgDb(fresh.url);
    return { db, url: fresh.url, drop: closeThenDrop(db) };
  }

  // vercel: @vercel/postgres accepts a non-Neon URL only when its host is exactly `localhost`,
  // and the neon client wants a password (trust auth ignores it). Its WebSocket goes through
  // our proxy, which forwards to the real server.
  const real = new URL(fresh.url);
  const realPort = Number(real.port || 5432);
  const vercelUrl = new URL(fresh.url);
  vercelUrl.hostname = 'localhost';
  if (!vercelUrl.password) vercelUrl.password = 'unused';
  const proxy = await startWsProxy(isLoopbackHost(real.hostname) ? {} : { upstream: { host: real.hostname, port: realPort } });
  const db = createVercelDb(vercelUrl.toString(), { wsProxy: proxy.hostPort });
  return { db, url: vercelUrl.toString(), drop: closeThenDrop(db, () => proxy.close()) };
}

/** The database the cloud tests run against: Postgres when DATABASE_URL is set, else PGlite. */
export function createTestDb(): Promise<TestDb> {
  return createTestDbWithDriver(testDatabaseUrl() ? 'pg' : 'pglite');
}
