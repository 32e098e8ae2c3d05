// The signed-in caller is loaded once per request: the auth check loads it
// and every service reads that one principal, so a request never sees two
// versions of its caller (and pays one query, not two).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../cloud/src/db/types';
import { createTestApi, needBody, newKey, type TestApi } from '../support/api';

let api: TestApi;
let tokens: Record<'enterprise' | 'specialist' | 'provider' | 'manager', string>;
let needId: string;
let loads = 0;

beforeAll(async () => {
  api = await createTestApi();
  const all = await api.loginAll();
  tokens = { enterprise: all.enterprise, specialist: all.specialist, provider: all.provider, manager: all.manager };
  const res = await api.request('POST', '/api/needs', {
    token: tokens.enterprise,
    body: needBody(),
    headers: { 'Idempotency-Key': newKey() },
  });
  expect(res.status).toBe(201);
  needId = res.body.id;
  // Counts the principal's query (users with their stations) on the app's own database handle.
  const db = api.deps.db as Db;
  const query = db.query.bind(db);
  db.query = ((text: string, params?: unknown[]) => {
    if (/FROM users u\s+LEFT JOIN staff_stations ss/.test(text)) loads++;
    return query(text, params);
  }) as Db['query'];
});
afterAll(() => api?.close());

const cases = [
  ['/api/needs', 'specialist'],
  ['/api/needs/counts', 'specialist'],
  ['/api/me', 'enterprise'],
  ['/api/tasks', 'provider'],
  ['/api/complaints', 'enterprise'],
  ['/api/notifications', 'enterprise'],
  ['/api/pii-access-log', 'manager'],
] as const;

describe('one load of the caller per request', () => {
  it.each(cases)('GET %s as %s', async (path, who) => {
    loads = 0;
    const res = await api.request('GET', path, { token: tokens[who] });
    expect(res.status, JSON.stringify(res.body)).toBeLessThan(500);
    expect(loads).toBe(1);
  });

  it('GET /api/needs/{id} as the enterprise', async () => {
    loads = 0;
    const res = await api.request('GET', `/api/needs/${needId}`, { token: tokens.enterprise });
    expect(res.status).toBe(200);
    expect(loads).toBe(1);
  });

  it('a public read loads nobody', async () => {
    loads = 0;
    const res = await api.request('GET', '/api/categories');
    expect(res.status).toBe(200);
    expect(loads).toBe(0);
  });
});
