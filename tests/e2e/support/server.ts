// The real local server (cloud/src/server.ts) for browser tests: the API and a
// built H5 app on one random port, in demo mode, on a fresh database — a new
// Postgres database when DATABASE_URL is set (as tests/support/db.ts makes
// them), else an embedded PGlite in a temp folder.
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from '../../../cloud/src/server';
import { jsonClient, RELAXED_RATE_LIMITS, type JsonClient } from '../../support/api';
import { createTestDb, testDatabaseUrl } from '../../support/db';

export interface E2EServer {
  /** http://127.0.0.1:<port> */
  baseUrl: string;
  /** The running server's dependencies (db, clock…), for checks straight in the database. */
  deps: Awaited<ReturnType<typeof startServer>>['deps'];
  api: HttpApi;
  stop(): Promise<void>;
}

/** The API over real HTTP, for what a test does outside the page (a specialist's moves). */
export type HttpApi = JsonClient;

const httpApi = (baseUrl: string): HttpApi => jsonClient((path, init) => fetch(`${baseUrl}${path}`, init));

/**
 * Starts the server serving `h5Dir` (without one: the API only), with `extraEnv`
 * added to its settings (a WeChat stand-in's address, say); `stop()`
 * closes it and drops its database.
 */
export async function startE2EServer(h5Dir?: string, extraEnv: Record<string, string> = {}): Promise<E2EServer> {
  const env: Record<string, string> = {
    DEMO_MODE: '1',
    ...RELAXED_RATE_LIMITS,
    H5_DIR: h5Dir ?? join(tmpdir(), 'qi-no-h5-app'),
    PORT: '0',
    HOST: '127.0.0.1',
    ...extraEnv,
  };
  let cleanup: () => Promise<void>;
  if (testDatabaseUrl()) {
    // A fresh database on the server; the Db handle createTestDb opens is only used to drop it.
    const fresh = await createTestDb();
    env.DB_DRIVER = 'pg';
    env.DATABASE_URL = fresh.url!;
    cleanup = fresh.drop;
  } else {
    const dir = await mkdtemp(join(tmpdir(), 'qi-e2e-db-'));
    env.DB_DRIVER = 'pglite';
    env.DATA_DIR = dir;
    cleanup = () => rm(dir, { recursive: true, force: true });
  }

  const started = await startServer(env);
  const { server } = started;
  if (!server.listening) await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const { port } = server.address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}`;
  return {
    baseUrl,
    deps: started.deps,
    api: httpApi(baseUrl),
    async stop() {
      // Browsers keep connections alive; close them so the server can stop.
      (server as { closeAllConnections?: () => void }).closeAllConnections?.();
      try {
        await started.stop();
      } finally {
        await cleanup();
      }
    },
  };
}
