// The public institution directory behind the item page.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApi, type TestApi } from '../support/api';

let api: TestApi;
beforeAll(async () => {
  api = await createTestApi();
});
afterAll(() => api?.close());

describe('GET /api/institutions', () => {
  it('lists the institutions offering a service item, without signing in', async () => {
    const res = await api.request('GET', '/api/institutions?item=metrology.verification_calibration');
    expect(res.status).toBe(200);
    expect(res.body.length).toBeGreaterThan(0);
    for (const i of res.body) expect(i.items).toContain('metrology.verification_calibration');
  });

  it('shows public fields only, never a contact', async () => {
    const res = await api.request('GET', '/api/institutions?category=testing');
    expect(res.body.length).toBeGreaterThan(0);
    for (const i of res.body) {
      expect(Object.keys(i).sort()).toEqual(['categories', 'id', 'intro', 'items', 'name', 'qualifications', 'region', 'status']);
    }
  });

  it('leaves out suspended and exited institutions', async () => {
    await api.deps.db.query(`UPDATE institutions SET status = 'suspended' WHERE 'testing' = ANY(categories)`);
    const res = await api.request('GET', '/api/institutions?category=testing');
    expect(res.body).toEqual([]);
  });

  it('refuses an item that is not in the catalogue, in Chinese', async () => {
    const res = await api.request('GET', '/api/institutions?item=nope.nothing');
    expect(res.status).toBe(400);
    expect(res.body.error.issues[0].message).toBe('服务项目不在目录中');
  });
});
