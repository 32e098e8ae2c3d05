// Throughput of the hot API paths on the configured database (DATABASE_URL,
// else PGlite): creating a need (one transaction: key, counter, need, event)
// and reading the enterprise's first page. `npm run bench` prints ops/s.
import { afterAll, beforeAll, bench, describe } from 'vitest';
import { createTestApi, needBody, newKey, type TestApi } from '../support/api';

let api: TestApi;
let token: string;

beforeAll(async () => {
  api = await createTestApi();
  token = await api.login('enterprise');
  for (let i = 0; i < 200; i++) {
    await api.request('POST', '/api/needs', { token, body: needBody(), headers: { 'Idempotency-Key': newKey() } });
  }
});
afterAll(() => api?.close());

describe('needs', () => {
  bench('POST /api/needs (new key)', async () => {
    await api.request('POST', '/api/needs', { token, body: needBody(), headers: { 'Idempotency-Key': newKey() } });
  }, { iterations: 100, time: 0 });

  bench('GET /api/needs (first page of 20)', async () => {
    await api.request('GET', '/api/needs?limit=20', { token });
  }, { iterations: 100, time: 0 });
});
