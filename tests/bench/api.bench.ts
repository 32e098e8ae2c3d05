// Throughput of the hot API paths on the configured database (DATABASE_URL,
// else PGlite): creating a need (one transaction: key, counter, need, event)
// and reading the enterprise's first page; and a station's print poster as a
// PNG, drawn (resvg with a CJK font) against served from the cache.
// `npm run bench` prints ops/s.
import { afterAll, beforeAll, bench, describe } from 'vitest';
import { createApp } from '../../cloud/src/app';
import { posterPng } from '../../cloud/src/qr/render';
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
  bench(
    'POST /api/needs (new key)',
    async () => {
      await api.request('POST', '/api/needs', { token, body: needBody(), headers: { 'Idempotency-Key': newKey() } });
    },
    { iterations: 100, time: 0 },
  );

  bench(
    'GET /api/needs (first page of 20)',
    async () => {
      await api.request('GET', '/api/needs?limit=20', { token });
    },
    { iterations: 100, time: 0 },
  );
});

describe('station poster PNG', () => {
  const text = {
    heading: '微信扫码 · 到站登记 · 在此提交需求',
    title: '海南省质量基础设施“一站式”服务中心',
    caption: '服务中心 · 站点码 HKC001',
  };

  bench(
    'drawing it (resvg, Noto Sans SC)',
    () => {
      posterPng({ text: 'https://qi.example.cn/#/pages/station/index?code=HKC001' }, text);
    },
    { iterations: 20, time: 0 },
  );

  bench(
    'GET /api/stations/HKC001/qrcode.png?poster=1 (cached)',
    async () => {
      await createApp(api.deps).request('/api/stations/HKC001/qrcode.png?poster=1');
    },
    { iterations: 100, time: 0 },
  );
});
