// The local Node server: migrates (and in demo mode seeds) the database, then
// serves the API and the built H5 app on one port.
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from '@hono/node-server';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import { addCalendarDays, chinaCalendar, toShanghaiDate } from '@qi/shared';
import { createApp } from './app';
import { loadConfig } from './config';
import { createDb, dbConfigFromEnv, migrate } from './db';
import { seed } from './db/seed';
import { createDeps } from './deps';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

export async function startServer(env: Record<string, string | undefined> = process.env) {
  const config = loadConfig(env);
  const dbConfig = dbConfigFromEnv(env);
  const db = await createDb(dbConfig);
  const { applied } = await migrate(db);
  const deps = createDeps(db, config);
  if (config.demoMode) await seed(db, deps.pii);

  const h5Dir = resolve(repoRoot, env.H5_DIR ?? 'miniapp/dist/h5');
  const root = new Hono();
  root.route('/', createApp(deps));
  if (existsSync(h5Dir)) {
    // serveStatic takes a path relative to the working directory.
    const rel = relative(process.cwd(), h5Dir) || '.';
    root.use('/*', serveStatic({ root: rel }));
    root.get('/', serveStatic({ path: `${rel}/index.html` }));
  }

  const server = serve({ fetch: root.fetch, port: Number(env.PORT ?? 3000), hostname: env.HOST ?? '0.0.0.0' }) as Server;
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo; // PORT=0 picks a free one
  const where = dbConfig.driver === 'pglite' ? `embedded PGlite in ${dbConfig.dataDir}` : `${dbConfig.driver} (${dbConfig.url?.replace(/:[^:@/]*@/, ':***@')})`;
  console.log(`[server] database: ${where}; migrations applied now: ${applied.length ? applied.join(', ') : 'none'}`);
  console.log(`[server] demo mode: ${config.demoMode ? 'on (dev login, demo keys, seeded personas)' : 'off'}`);
  console.log(`[server] H5 app: ${existsSync(h5Dir) ? h5Dir : 'not built (run npm run build)'}`);
  const today = toShanghaiDate(new Date());
  const missing = chinaCalendar.missingYears(today, addCalendarDays(today, 365));
  if (missing.length) {
    console.warn(`[server] no holiday schedule for ${missing.join(', ')}: deadlines there count Monday–Friday only; add the year to shared/src/calendar.ts`);
  }
  console.log(`[server] listening on http://localhost:${port}  (API docs: http://localhost:${port}/api/docs)`);

  const shutdownTimeoutMs = Number(env.SHUTDOWN_TIMEOUT_MS ?? DEFAULT_SHUTDOWN_TIMEOUT_MS);
  let stopping: Promise<void> | undefined;
  /** Stops accepting, lets requests in flight finish (at most SHUTDOWN_TIMEOUT_MS), then closes the pool. */
  const stop = () =>
    (stopping ??= (async () => {
      await closeGracefully(server, shutdownTimeoutMs);
      // A request cut at the deadline may still hold a connection in a transaction: the pool
      // would wait for it forever. Exiting ends it, and Postgres rolls the transaction back.
      await within(db.close(), shutdownTimeoutMs, 'closing the database pool');
    })());
  return { server, port, stop, deps };
}

export const DEFAULT_SHUTDOWN_TIMEOUT_MS = 10_000;

async function closeGracefully(server: Server, timeoutMs: number): Promise<void> {
  const closed = new Promise<void>((done) => server.close(() => done()));
  // Keep-alive connections with no request under way close now; a busy one as soon as its
  // response is sent.
  server.closeIdleConnections();
  const idle = setInterval(() => server.closeIdleConnections(), 50);
  const deadline = setTimeout(() => {
    console.warn(`[server] requests still running after ${timeoutMs} ms: closing their connections`);
    server.closeAllConnections();
  }, timeoutMs);
  try {
    await closed;
  } finally {
    clearInterval(idle);
    clearTimeout(deadline);
  }
}

async function within(work: Promise<void>, ms: number, what: string): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<void>((done) => {
    timer = setTimeout(() => {
      console.warn(`[server] ${what} took over ${ms} ms: going on without waiting`);
      done();
    }, ms);
  });
  try {
    await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** SIGTERM / SIGINT: a graceful stop, then exit 0 (1 if stopping failed; a second signal exits at once). */
export function stopOnSignals(stop: () => Promise<void>): void {
  let stopping = false;
  for (const sig of ['SIGINT', 'SIGTERM'] as const) {
    process.on(sig, () => {
      if (stopping) {
        console.warn(`[server] ${sig} again: exiting without waiting`);
        process.exit(1);
      }
      stopping = true;
      console.log(`[server] ${sig}: no new requests; finishing those in flight, then closing the database`);
      stop().then(
        () => process.exit(0),
        (err: unknown) => {
          console.error('[server] stopping failed:', err);
          process.exit(1);
        },
      );
    });
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { stop } = await startServer();
  stopOnSignals(stop);
}
