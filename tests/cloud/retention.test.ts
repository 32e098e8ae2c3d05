// What the tick keeps and for how long (services/retention.ts, README
// "Retention"): idempotency keys past their retry window, notifications read
// long ago or never read for longer, and the fold of the workbench counts'
// deltas — through the real tick on a real database.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IDEMPOTENCY_RETRY_WINDOW_HOURS, READ_NOTIFICATION_DAYS, UNREAD_NOTIFICATION_DAYS } from '../../cloud/src/services/retention';
import { createTestApi, needBody, newKey, type TestApi } from '../support/api';

const SECRET = 'cron-secret-for-tests-0123456789';
let api: TestApi;
let ent: string, mgr: string;

beforeAll(async () => {
  api = await createTestApi({ CRON_SECRET: SECRET });
  [ent, mgr] = await Promise.all([api.login('enterprise'), api.login('manager')]);
});
afterAll(() => api?.close());

async function tick() {
  const r = await api.request('GET', '/api/cron/tick', { headers: { authorization: `Bearer ${SECRET}` } });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
}

const submit = (key: string) => api.request('POST', '/api/needs', { token: ent, body: needBody(), headers: { 'Idempotency-Key': key } });

describe('idempotency keys', () => {
  it('are answered within their retry window and expire after it, the need kept', async () => {
    const [oldKey, freshKey] = [newKey(), newKey()];
    const old = await submit(oldKey);
    const fresh = await submit(freshKey);
    await api.deps.db.query(`UPDATE idempotency_keys SET created_at = now() - make_interval(hours => $1 + 1) WHERE key = $2`, [
      IDEMPOTENCY_RETRY_WINDOW_HOURS,
      oldKey,
    ]);
    await api.deps.db.query(`UPDATE idempotency_keys SET created_at = now() - make_interval(hours => $1 - 1) WHERE key = $2`, [
      IDEMPOTENCY_RETRY_WINDOW_HOURS,
      freshKey,
    ]);
    await tick();
    const { rows } = await api.deps.db.query<{ key: string }>('SELECT key FROM idempotency_keys WHERE key = ANY($1)', [[oldKey, freshKey]]);
    expect(rows.map((r) => r.key)).toEqual([freshKey]);
    const retried = await submit(freshKey);
    expect(retried.headers.get('Idempotent-Replayed')).toBe('true');
    expect(retried.body.id).toBe(fresh.body.id);
    expect((await api.request('GET', `/api/needs/${old.body.id}`, { token: ent })).status).toBe(200);
  });
});

describe('notifications', () => {
  it('are deleted some days after they were read, or after longer unread; newer ones stay', async () => {
    const { rows: users } = await api.deps.db.query<{ id: string }>(`SELECT id FROM users WHERE persona = 'manager'`);
    const user = users[0]!.id;
    const { rows } = await api.deps.db.query<{ id: string; title: string }>(
      `INSERT INTO notifications (user_id, kind, title, body, created_at, read_at)
       VALUES ($1, 'need_new', 'read long ago', '', now() - interval '400 days', now() - make_interval(days => $2 + 1)),
              ($1, 'need_new', 'read lately', '', now() - interval '400 days', now() - make_interval(days => $2 - 1)),
              ($1, 'need_new', 'unread long', '', now() - make_interval(days => $3 + 1), NULL),
              ($1, 'need_new', 'unread lately', '', now() - make_interval(days => $3 - 1), NULL)
       RETURNING id, title`,
      [user, READ_NOTIFICATION_DAYS, UNREAD_NOTIFICATION_DAYS],
    );
    await tick();
    const { rows: left } = await api.deps.db.query<{ title: string }>('SELECT title FROM notifications WHERE id = ANY($1) ORDER BY title', [
      rows.map((r) => r.id),
    ]);
    expect(left.map((r) => r.title)).toEqual(['read lately', 'unread lately']);
    const listed = await api.request('GET', '/api/notifications?limit=100', { token: mgr });
    expect(listed.body.items.map((n: { title: string }) => n.title)).not.toContain('read long ago');
  });
});

describe('the workbench counts', () => {
  it('fold the transactions’ deltas at the tick and count the same before and after, as the needs themselves', async () => {
    for (let i = 0; i < 3; i++) expect((await submit(newKey())).status).toBe(201);
    const pending = async () => (await api.deps.db.query<{ n: number }>('SELECT count(*)::int AS n FROM need_count_deltas')).rows[0]!.n;
    expect(await pending()).toBeGreaterThan(0);
    const before = (await api.request('GET', '/api/needs/counts', { token: mgr })).body;
    await tick();
    expect(await pending()).toBe(0);
    const after = (await api.request('GET', '/api/needs/counts', { token: mgr })).body;
    expect(after).toEqual(before);
    const { rows } = await api.deps.db.query<{ total: number; submitted: number }>(
      `SELECT count(*)::int AS total, count(*) FILTER (WHERE state = 'submitted')::int AS submitted FROM needs`,
    );
    expect([after.total, after.byState.submitted]).toEqual([rows[0]!.total, rows[0]!.submitted]);
  });
});
