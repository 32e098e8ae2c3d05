// The harness itself: the H5 build, served by the real server, opens in Chromium
// under the Content-Security-Policy it is served with, as does the API reference.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { describeE2E, repoRoot, shown, tap, useE2E, visible } from './support';

const e2e = useE2E();

describeE2E('the H5 app in Chromium', () => {
  it('opens the service hall with the eleven categories', async () => {
    const { page, shots } = await e2e.phone();
    await e2e.open(page, '/pages/home/index');
    await expect.poll(() => page.getByText('菜单式服务').count(), { timeout: 30_000 }).toBeGreaterThan(0);
    for (const name of ['计量', '标准化', '检验检测', '知识产权', '其他']) {
      await expect.poll(() => page.getByText(name, { exact: true }).count()).toBeGreaterThan(0);
    }
    await shots.take(page, '服务大厅');
  });

  it('runs under its Content-Security-Policy: served with one, and no violation in the console', async () => {
    const { page, cspViolations } = await e2e.phone({ signedInAs: 'enterprise' });
    const res = await page.goto('/');
    const csp = res?.headers()['content-security-policy'];
    expect(csp).toMatch(/script-src 'self' 'sha256-/);
    // On Vercel the static app is served with vercel.json's headers: the same policy.
    const vercel = JSON.parse(readFileSync(join(repoRoot, 'cloud/vercel.json'), 'utf8'));
    expect(vercel.headers[0].headers).toContainEqual({ key: 'Content-Security-Policy', value: csp });
    await e2e.open(page, '/pages/home/index');
    await visible(page.getByText('菜单式服务'), 30_000);
    // Submitting the empty form runs the shared zod schema in the page.
    await e2e.open(page, '/pages/need-form/index');
    await visible(shown(page).locator('[data-field="description"] textarea'));
    await tap(shown(page).locator('.nut-button', { hasText: '提交需求' }));
    await visible(shown(page).getByText(/请填写|请选择|不能为空|至少/));
    await e2e.open(page, '/pages/profile/index');
    await page.waitForLoadState('networkidle');
    expect(cspViolations).toEqual([]);
    // The check sees a violation when there is one: an injected inline script is refused.
    await page.evaluate(() => {
      const script = document.createElement('script');
      script.textContent = 'window.__injected = true';
      document.head.appendChild(script);
    });
    expect(await page.evaluate(() => (window as unknown as { __injected?: boolean }).__injected)).toBeUndefined();
    await expect.poll(() => cspViolations.length).toBeGreaterThan(0);
    cspViolations.length = 0;
  });

  it('shows the API reference (Swagger UI) under its own policy, without violations', async () => {
    const { page, cspViolations, shots } = await e2e.phone();
    const res = await page.goto('/api/docs');
    expect(res?.headers()['content-security-policy']).toContain("frame-ancestors 'none'");
    await visible(page.locator('.swagger-ui .info'), 30_000);
    await visible(page.locator('.opblock').first(), 30_000);
    await shots.take(page, '接口文档');
    expect(cspViolations).toEqual([]);
  });

  it('answers the API on the same origin as the app', async () => {
    const res = await e2e.api.request('GET', '/api/categories');
    expect(res.status).toBe(200);
    expect(res.body).toHaveLength(11);
  });
});
