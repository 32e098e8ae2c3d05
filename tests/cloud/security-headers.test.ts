// Security headers (hono/secure-headers): every API answer, the reference page
// with its own policy, and the H5 pages' headers as vercel.json carries them.
// That the H5 app and Swagger UI actually run under these policies is checked
// in Chromium (tests/e2e/smoke.test.ts).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLOUD_DIR, VERCEL_PAGE_SOURCE } from '../../cloud/scripts/build';
import { inlineScriptHashes, pageHeaderList } from '../../cloud/src/securityHeaders';
import { createTestApi, type TestApi } from '../support/api';

let api: TestApi;
beforeAll(async () => {
  api = await createTestApi();
});
afterAll(() => api?.close());

const API_CSP = "default-src 'none'; frame-ancestors 'none'";

describe('security headers', () => {
  it('are on every kind of API answer: data, a refusal, an unknown path', async () => {
    const token = await api.login('enterprise');
    for (const res of [
      await api.request('GET', '/api/categories'),
      await api.request('GET', '/api/needs'),
      await api.request('POST', '/api/needs', { token, raw: '{' }),
      await api.request('GET', '/api/no-such-thing'),
    ]) {
      expect(res.headers.get('content-security-policy')).toBe(API_CSP);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
      expect(res.headers.get('strict-transport-security')).toMatch(/^max-age=\d+/);
    }
  });

  it('give the reference page a policy that allows its one inline script by hash, and nothing else inline', async () => {
    const res = await api.request('GET', '/api/docs');
    const hashes = inlineScriptHashes(res.body as string);
    expect(hashes).toHaveLength(1);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain(`script-src 'self' ${hashes[0]};`);
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).toContain("frame-ancestors 'none'");
  });

  it('hash exactly the inline scripts of a page', () => {
    const html = '<script src="/a.js"></script><script>x()</script><script type="module">y()</script><script></script>';
    expect(inlineScriptHashes(html)).toHaveLength(2);
    expect(inlineScriptHashes('<script>x()</script>')).toEqual(["'sha256-D6IGS8VMvCoyaR/l0h9tERrBTATY01CoPS7l6xDv0kI='"]);
  });

  it('are, in vercel.json, for the static H5 app on Vercel, what the local server sends', async () => {
    const config = JSON.parse(readFileSync(join(CLOUD_DIR, 'vercel.json'), 'utf8'));
    const page = (config.headers as { source: string; headers: { key: string; value: string }[] }[]).find(
      (h) => h.source === VERCEL_PAGE_SOURCE,
    );
    expect(page).toBeDefined();
    const csp = page!.headers.find((h) => h.key === 'Content-Security-Policy')!.value;
    const hashes = csp.match(/'sha256-[^']+'/g) ?? [];
    expect(hashes.length).toBeGreaterThan(0); // Taro's inline rem script
    const lower = (l: { key: string; value: string }[]) => l.map((h) => ({ key: h.key.toLowerCase(), value: h.value }));
    expect(lower(page!.headers)).toEqual(await pageHeaderList(hashes));
  });
});
