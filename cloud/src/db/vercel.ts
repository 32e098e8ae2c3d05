// Driver for Vercel Postgres through @vercel/postgres (node-postgres over WebSockets, by Neon).
import { neonConfig } from '@neondatabase/serverless';
import { createPool, types, type VercelPostgresPoolConfig } from '@vercel/postgres';
import ws from 'ws';
import { createPoolDb, pgTypeOverrides, type Db } from './types';

export interface VercelDbOptions {
  /** Pool size and connection timeout, as for the pg driver. */
  max?: number;
  connectionTimeoutMillis?: number;
  /**
   * host:port of a WebSocket-to-TCP proxy in front of a plain Postgres (local runs, tests).
   * Sets neonConfig globally: see configureNeonForLocalProxy.
   */
  wsProxy?: string;
}

/**
 * Points @neondatabase/serverless at a local WebSocket-to-TCP proxy instead of Neon: the
 * client opens ws://<wsProxyHostPort>?address=<host>:<port> and speaks plain, unencrypted
 * Postgres wire protocol through it. neonConfig is process-global: one proxy per process.
 */
export function configureNeonForLocalProxy(wsProxyHostPort: string): void {
  neonConfig.wsProxy = wsProxyHostPort;
  neonConfig.useSecureWebSocket = false;
  neonConfig.pipelineTLS = false;
  neonConfig.pipelineConnect = false;
  if (typeof process !== 'undefined' && process.versions?.node) {
    neonConfig.webSocketConstructor = ws; // Node 20 has no global WebSocket
  }
}

/**
 * `url` is a Vercel Postgres pooled URL (host contains `-pooler.`), or, behind a local proxy,
 * one whose host is exactly `localhost` (createPool throws otherwise). Give it a password too:
 * the pool's WebSocket path works without one against trust auth, but the neon HTTP path
 * (`sql` tag) requires it, and a server that asks for one would send the client to a
 * .pgpass lookup it cannot do.
 */
export function createVercelDb(url: string, opts: VercelDbOptions = {}): Db {
  if (opts.wsProxy) configureNeonForLocalProxy(opts.wsProxy);
  const pool = createPool({
    ...(opts.max !== undefined ? { max: opts.max } : {}),
    ...(opts.connectionTimeoutMillis !== undefined ? { connectionTimeoutMillis: opts.connectionTimeoutMillis } : {}),
    connectionString: url,
    // Per-pool parsers (neon bundles its own pg; its global `types` registry stays untouched).
    types: pgTypeOverrides(types) as VercelPostgresPoolConfig['types'],
  });
  // As for pg: an idle connection's error must not end the process (checked-out clients
  // have their own listener, see createPoolDb).
  pool.on('error', (err: Error) => {
    console.warn(`[db:vercel] idle connection error: ${err.message}`);
  });
  return createPoolDb('vercel', pool);
}
