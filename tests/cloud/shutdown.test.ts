// SIGTERM / SIGINT stop the real server gracefully: no new connections, the request in flight
// finishes (within SHUTDOWN_TIMEOUT_MS), the pool closes, and the process exits 0. The server
// runs in a child process, as a supervisor (systemd, Docker, Kubernetes) would run it.
import { connect } from 'node:net';
import pg from 'pg';
import { afterEach, expect, it } from 'vitest';
import { migrate } from '../../cloud/src/db';
import { needBody } from '../support/api';
import { startChildServer, type ChildServer } from '../support/child-server';
import { createTestDb, describePostgres, type TestDb } from '../support/db';

let server: ChildServer | undefined;
let test: TestDb | undefined;
let admin: pg.Client | undefined;

afterEach(async () => {
  await server?.kill();
  await admin?.end().catch(() => undefined);
  await test?.drop();
  server = test = admin = undefined;
});

async function until(what: string, cond: () => boolean | Promise<boolean>, ms = 20_000): Promise<void> {
  const start = Date.now();
  while (!(await cond())) {
    if (Date.now() - start > ms) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** True when a TCP connection to the server's port is refused. */
function refusesConnections(base: string): Promise<boolean> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve) => {
    const s = connect(Number(port), hostname);
    s.once('connect', () => {
      s.destroy();
      resolve(false);
    });
    s.once('error', () => resolve(true));
  });
}

async function signIn(base: string): Promise<string> {
  const res = await fetch(`${base}/api/auth/dev`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ persona: 'enterprise' }),
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { token: string }).token;
}

const submit = (base: string, token: string, key: string, title: string) =>
  fetch(`${base}/api/needs`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'Idempotency-Key': key },
    body: JSON.stringify(needBody({ title })),
  });

/**
 * A server on a fresh database, and an admin connection holding a lock that makes a need
 * submission wait: the test decides when the request in flight may finish.
 */
async function serverWithBlockedSubmission(env: Record<string, string> = {}) {
  test = await createTestDb();
  await migrate(test.db);
  server = await startChildServer({ DEMO_MODE: '1', DB_DRIVER: 'pg', DATABASE_URL: test.url!, ...env });
  const token = await signIn(server.base);
  admin = new pg.Client({ connectionString: test.url! });
  await admin.connect();
  await admin.query('BEGIN');
  await admin.query('LOCK TABLE need_number_counters IN EXCLUSIVE MODE');
  const title = '停机时正在提交的需求';
  const inFlight = submit(server.base, token, 'shutdown-in-flight-1', title).then(
    async (res) => ({ status: res.status, body: (await res.json()) as { id: string } }),
    (err: Error) => ({ status: 0, body: { id: '', error: err.message } }),
  );
  // Wait until the submission is inside its transaction, waiting for the lock.
  await until('the submission to wait for the lock', async () => {
    const { rows } = await admin!.query(
      `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
    );
    return rows[0].n > 0;
  });
  const count = async () =>
    (await test!.db.query<{ n: number }>('SELECT count(*)::int AS n FROM needs WHERE title = $1', [title])).rows[0]!.n;
  return { inFlight, count, token, title };
}

describePostgres('a graceful stop', () => {
  it('on SIGTERM refuses new connections, lets the request in flight finish, then exits 0', async () => {
    const { inFlight, count } = await serverWithBlockedSubmission();

    server!.child.kill('SIGTERM');
    await until('the server to take the signal', () => server!.output().includes('SIGTERM'));
    await until('the server to stop listening', () => refusesConnections(server!.base));
    await new Promise((r) => setTimeout(r, 200));
    expect(server!.exit).toBeNull(); // still finishing the request

    await admin!.query('COMMIT'); // the submission may go on
    const done = await inFlight;
    expect(done.status).toBe(201);
    expect(await server!.exited).toEqual({ code: 0, signal: null });
    expect(await count()).toBe(1);
    expect(server!.output()).not.toMatch(/took over|still running/);
  });

  it('on SIGINT cuts a request still running after SHUTDOWN_TIMEOUT_MS and exits 0; its client, never told, retries the key and gets one need', async () => {
    const { inFlight, count, token, title } = await serverWithBlockedSubmission({ SHUTDOWN_TIMEOUT_MS: '300' });
    const started = Date.now();

    server!.child.kill('SIGINT');
    const exit = await server!.exited;

    expect(exit).toEqual({ code: 0, signal: null });
    expect(Date.now() - started).toBeLessThan(10_000);
    expect((await inFlight).status).not.toBe(201); // never acknowledged…
    expect(server!.output()).toContain('still running after 300 ms');
    await admin!.query('COMMIT');
    // The cut statement gets the lock and ends: an enterprise's submission is one statement that
    // commits by itself (submitNeed), so it is written whole or not at all, never half.
    await until('the cut statement to end', async () => {
      const { rows } = await admin!.query(
        `SELECT count(*)::int AS n FROM pg_stat_activity
          WHERE datname = current_database() AND pid <> pg_backend_pid() AND state <> 'idle'`,
      );
      return rows[0].n === 0;
    });
    expect([0, 1]).toContain(await count());
    // …so its client retries with the same key, on the server started again: one need, whichever it was.
    server = await startChildServer({ DEMO_MODE: '1', DB_DRIVER: 'pg', DATABASE_URL: test!.url! });
    const retried = await submit(server.base, token, 'shutdown-in-flight-1', title);
    expect(retried.status).toBe(201);
    expect(await count()).toBe(1);
  });
});
