// Driver for any Postgres reachable over TCP, through node-postgres (one pool per Db).
import pg from 'pg';
import { createPoolDb, pgTypeOverrides, type Db } from './types';

export type PgDbOptions = Omit<pg.PoolConfig, 'connectionString' | 'types'>;

export function createPgDb(url: string, opts: PgDbOptions = {}): Db {
  const pool = new pg.Pool({
    // Notice a peer that vanished without closing the socket (a cut network).
    keepAlive: true,
    ...opts,
    connectionString: url,
    // Per-pool parsers: pg's global registry (pg.types.setTypeParser) stays untouched.
    types: pgTypeOverrides(pg.types),
  });
  // An idle client losing its connection (server restart, DROP DATABASE ... FORCE) must not
  // crash the process; the pool replaces it on the next checkout. A client checked out for a
  // transaction has its own listener (createPoolDb); pool.query() attaches one itself.
  pool.on('error', (err) => {
    console.warn(`[db:pg] idle connection error: ${err.message}`);
  });
  return createPoolDb('pg', pool);
}
