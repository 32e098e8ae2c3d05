// The database going away under load: the real server in a child process talks to Postgres
// through a TCP proxy that the test cuts (all connections destroyed, new ones reset) and
// restores, then terminates every backend from the server side (57P01), while 20 clients
// keep submitting needs with Idempotency-Keys. The process must stay up, answer 503 with
// Retry-After meanwhile, recover by itself, and keep every acknowledged need exactly once.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isDbUnavailable, type Db } from '../../cloud/src/db/types';
import { migrate } from '../../cloud/src/db';
import { needBody, newKey, RELAXED_RATE_LIMITS } from '../support/api';
import { startChildServer, type ChildServer } from '../support/child-server';
import { createTestDb, createTestDbWithDriver, describePostgres, testDatabaseUrl, type TestDb } from '../support/db';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy';

const CLIENTS = 20;
const TITLE_PREFIX = '断连测试';

/** Waits until `cond()` holds, checking every 10 ms; fails after `ms` with `what`. */
async function until(what: string, cond: () => boolean, ms = 20_000): Promise<void> {
  const start = Date.now();
  while (!cond()) {
    if (Date.now() - start > ms) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Ends every other backend connected to `database` (what a fast shutdown or a failover does). */
async function terminateBackends(adminUrl: string, database: string): Promise<number> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    const { rowCount } = await admin.query(
      'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
      [database],
    );
    return rowCount ?? 0;
  } finally {
    await admin.end();
  }
}

describe('isDbUnavailable', () => {
  const err = (message: string, props: Record<string, unknown> = {}) => Object.assign(new Error(message), props);

  it('recognises lost and refused connections, server shutdowns and connect timeouts', () => {
    for (const e of [
      err('terminating connection due to administrator command', { code: '57P01' }),
      err('the database system is shutting down', { code: '57P03' }),
      err('server closed the connection', { code: '08006' }),
      err('connect ECONNREFUSED 127.0.0.1:5432', { code: 'ECONNREFUSED' }),
      err('read ECONNRESET', { code: 'ECONNRESET' }),
      Object.assign(new AggregateError([err('connect ECONNREFUSED ::1:5432', { code: 'ECONNREFUSED' })], ''), {}),
      err('Connection terminated unexpectedly'),
      err('timeout exceeded when trying to connect'),
      err('Client has encountered a connection error and is not queryable'),
      err('wrapped', { cause: err('x', { code: 'ETIMEDOUT' }) }),
    ]) {
      expect(isDbUnavailable(e), e.message).toBe(true);
    }
  });

  it('leaves statement errors and other failures alone', () => {
    for (const e of [
      err('duplicate key value violates unique constraint', { code: '23505' }),
      err('syntax error at or near "SELEC"', { code: '42601' }),
      err('could not serialize access', { code: '40001' }),
      err('Cannot read properties of undefined'),
      null,
      'Connection terminated',
    ]) {
      expect(isDbUnavailable(e)).toBe(false);
    }
  });
});

describePostgres('a connection lost inside a transaction', () => {
  for (const driver of ['pg', 'vercel'] as const) {
    it(`fails the transaction with a database-unavailable error on the ${driver} driver, and the next one succeeds`, async () => {
      const t = await createTestDbWithDriver(driver);
      try {
        const adminUrl = testDatabaseUrl()!;
        const dbName = new URL(t.url!).pathname.slice(1);
        const err = await t.db
          .transaction(async (tx) => {
            await tx.query('SELECT 1');
            await terminateBackends(adminUrl, dbName);
            await tx.query('SELECT pg_sleep(5)'); // the connection is gone before this ends
          })
          .then(
            () => null,
            (e: unknown) => e,
          );
        expect(err).toBeInstanceOf(Error);
        expect(isDbUnavailable(err)).toBe(true);
        // The pool replaced the dead connection (and no 'error' event went unhandled).
        await expect(t.db.transaction((tx) => tx.query<{ n: number }>('SELECT 1 AS n'))).resolves.toMatchObject({ rows: [{ n: 1 }] });
        await expect(t.db.query<{ n: number }>('SELECT 2 AS n')).resolves.toMatchObject({ rows: [{ n: 2 }] });
      } finally {
        await t.drop();
      }
    });
  }
});

describePostgres('the server while the database goes away under load', () => {
  let test: TestDb;
  let proxy: TcpProxy;
  let server: ChildServer;
  let dbName: string;

  beforeAll(async () => {
    test = await createTestDb();
    await migrate(test.db);
    const real = new URL(test.url!);
    dbName = real.pathname.slice(1);
    proxy = await startTcpProxy({ host: real.hostname, port: Number(real.port || 5432) });
    const viaProxy = new URL(test.url!);
    viaProxy.hostname = '127.0.0.1';
    viaProxy.port = String(proxy.port);
    server = await startChildServer({
      DEMO_MODE: '1',
      // 20 clients of one user at one address: a load, not abuse.
      ...RELAXED_RATE_LIMITS,
      DB_DRIVER: 'pg',
      DATABASE_URL: viaProxy.toString(),
      DB_CONNECT_TIMEOUT_MS: '2000',
    });
  });

  afterAll(async () => {
    await server?.kill();
    await proxy?.close();
    await test?.drop();
  });

  interface Ack {
    key: string;
    title: string;
    id: string;
    at: number;
  }

  it('stays up, answers 503 with Retry-After meanwhile, recovers by itself and keeps every acknowledged need exactly once', async () => {
    const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
      fetch(`${server.base}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(15_000),
      });
    const login = await post('/api/auth/dev', { persona: 'enterprise' });
    expect(login.status).toBe(200);
    const { token } = (await login.json()) as { token: string };

    const acks: Ack[] = [];
    const unavailable: { retryAfter: string | null; body: any }[] = [];
    const unexpected: string[] = [];
    let stop = false;

    // One client: submits needs one after another; a 503 is retried with the same key.
    const client = async (n: number) => {
      for (let i = 0; !stop; i++) {
        const key = newKey();
        const title = `${TITLE_PREFIX} ${n}-${i}`;
        for (let attempt = 1; ; attempt++) {
          if (attempt > 1_000) {
            unexpected.push(`${title}: still 503 after ${attempt - 1} tries`);
            return;
          }
          let res: Response;
          try {
            res = await post('/api/needs', needBody({ title }), { authorization: `Bearer ${token}`, 'Idempotency-Key': key });
          } catch (e) {
            unexpected.push(`${title}: no answer: ${(e as Error).message}`);
            return;
          }
          const body = (await res.json().catch(() => null)) as any;
          if (res.status === 201) {
            acks.push({ key, title, id: body.id, at: Date.now() });
            break;
          }
          if (res.status === 503) {
            unavailable.push({ retryAfter: res.headers.get('retry-after'), body });
            await new Promise((r) => setTimeout(r, 20));
            continue; // the same key: a retry must never create a second need
          }
          unexpected.push(`${title}: ${res.status} ${JSON.stringify(body)}`);
          return;
        }
      }
    };
    const clients = Array.from({ length: CLIENTS }, (_, n) => client(n));
    const acksSince = (t: number) => acks.filter((a) => a.at > t);
    const everyoneSince = (t: number) => new Set(acksSince(t).map((a) => a.title.split(' ')[1]!.split('-')[0])).size === CLIENTS;

    try {
      await until('the first needs', () => acks.length >= CLIENTS || unexpected.length > 0);

      // 1. The network to the database is cut: open connections die, new ones are reset.
      proxy.cut();
      const before = unavailable.length;
      await until('503s during the cut', () => unavailable.length >= before + CLIENTS || unexpected.length > 0);
      const restored = Date.now();
      proxy.restore();
      await until('every client to succeed again after the restore', () => everyoneSince(restored) || unexpected.length > 0);

      // 2. The server ends every connection itself (fast shutdown, failover): 57P01.
      const terminated = Date.now();
      expect(await terminateBackends(testDatabaseUrl()!, dbName)).toBeGreaterThan(0);
      await until('every client to succeed after the backends were terminated', () => everyoneSince(terminated) || unexpected.length > 0);
    } finally {
      stop = true;
      await Promise.all(clients);
    }

    expect(unexpected, server.output()).toEqual([]);
    expect(server.exit, server.output()).toBeNull();
    expect(unavailable.length).toBeGreaterThanOrEqual(CLIENTS);
    for (const u of unavailable) {
      expect(u.retryAfter).toMatch(/^\d+$/);
      expect(u.body.error.code).toBe('database_unavailable');
      expect(u.body.error.message).toMatch(/[\u4e00-\u9fff]/);
    }

    // Every acknowledged need is there exactly once, whole; nothing else was written.
    const db: Db = test.db;
    const { rows } = await db.query<{ id: string; title: string; events: number; keys: number }>(
      `SELECT n.id, n.title,
              (SELECT count(*)::int FROM need_events e WHERE e.need_id = n.id AND e.action = 'submit') AS events,
              (SELECT count(*)::int FROM idempotency_keys k WHERE k.need_id = n.id) AS keys
         FROM needs n WHERE n.title LIKE $1`,
      [`${TITLE_PREFIX} %`],
    );
    const byTitle = new Map<string, typeof rows>();
    for (const r of rows) byTitle.set(r.title, [...(byTitle.get(r.title) ?? []), r]);
    for (const a of acks)
      expect(
        byTitle.get(a.title)?.map((r) => r.id),
        a.title,
      ).toEqual([a.id]);
    expect([...byTitle.values()].filter((rs) => rs.length > 1)).toEqual([]);
    expect(rows.filter((r) => r.events !== 1 || r.keys !== 1)).toEqual([]);
    // A need whose COMMIT went through after the connection died may exist unacknowledged:
    // its client retried the same key and got it back, so it is among the acknowledged.
    expect(rows.length).toBe(acks.length);

    // Sending an acknowledged submission again returns the same need and creates nothing.
    for (const a of acks.slice(0, 5)) {
      const res = await post('/api/needs', needBody({ title: a.title }), { authorization: `Bearer ${token}`, 'Idempotency-Key': a.key });
      expect(res.status).toBe(201);
      expect(res.headers.get('idempotent-replayed')).toBe('true');
      expect(((await res.json()) as { id: string }).id).toBe(a.id);
    }
    const after = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM needs WHERE title LIKE $1', [`${TITLE_PREFIX} %`]);
    expect(after.rows[0]!.n).toBe(acks.length);
  });
});
