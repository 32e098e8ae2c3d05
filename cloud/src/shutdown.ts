// Graceful stop of the Node server: no new connections, requests in flight finish (within a
// bounded wait), then the database pool closes; SIGTERM and SIGINT trigger it and exit 0.
import type { Server } from 'node:http';
import type { Db } from './db/types';

export const DEFAULT_SHUTDOWN_TIMEOUT_MS = 10_000;

/** SHUTDOWN_TIMEOUT_MS, a positive whole number of milliseconds (default 10 000). */
export function shutdownTimeoutMs(env: Record<string, string | undefined>): number {
  const raw = env.SHUTDOWN_TIMEOUT_MS?.trim();
  if (!raw) return DEFAULT_SHUTDOWN_TIMEOUT_MS;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new Error(`SHUTDOWN_TIMEOUT_MS must be a positive whole number; got "${raw}"`);
  return n;
}

/** The server's stop(): stops accepting, waits for requests in flight (at most timeoutMs), closes the pool. Idempotent. */
export function gracefulStop(server: Server, db: Db, timeoutMs: number): () => Promise<void> {
  let stopping: Promise<void> | undefined;
  return () =>
    (stopping ??= (async () => {
      await closeGracefully(server, timeoutMs);
      // A request cut at the deadline may still hold a connection in a transaction: the pool
      // would wait for it forever. Exiting ends it, and Postgres rolls the transaction back.
      await within(db.close(), timeoutMs, 'closing the database pool');
    })());
}

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
