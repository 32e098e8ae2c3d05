// 效能评估 in Chromium on the H5 build: a manager opens the statistics after a
// few dozen needs went through their lives and sees every block, at 390 and at
// 320 CSS px wide (screenshots in test-artifacts/).
import { CATEGORY_CODES } from '@qi/shared';
import { expect, it } from 'vitest';
import { describeE2E, useE2E } from './support';

const e2e = useE2E();

describeE2E('效能评估', () => {
  it('shows a manager the figures of the last 30 days on a narrow phone', async () => {
    const ent = await e2e.api.login('enterprise');
    const spec = await e2e.api.login('specialist');
    for (let i = 0; i < 24; i++) {
      const created = await e2e.api.request('POST', '/api/needs', {
        token: ent,
        headers: { 'Idempotency-Key': `stats-e2e-${i}-${Date.now()}` },
        body: {
          title: `出口产品检测与认证咨询（第 ${i + 1} 批）`,
          description: '我司产品准备出口东盟，需要了解检测项目、认证流程和标准要求。',
          categories: [CATEGORY_CODES[i % CATEGORY_CODES.length], CATEGORY_CODES[(i + 3) % CATEGORY_CODES.length]],
          contactName: '林晓华',
          contactPhone: '13876543210',
        },
      });
      expect(created.status).toBe(201);
      const n = created.body;
      if (i % 3 === 0)
        await e2e.api.request('POST', `/api/needs/${n.id}/actions`, { token: spec, body: { action: 'accept', version: n.version } });
      if (i % 3 === 1)
        await e2e.api.request('POST', `/api/needs/${n.id}/actions`, {
          token: spec,
          body: { action: 'answer', version: n.version, answer: '已电话答复检测项目和所需材料' },
        });
    }
    const phone = await e2e.phone({ signedInAs: 'manager' });
    const page = phone.page;
    await e2e.open(page, '/packageStats/pages/overview/index');
    await expect.poll(() => page.locator('[data-block="主要指标"]').count(), { timeout: 30_000 }).toBe(1);
    await expect.poll(() => page.locator('[data-figure="needs"]').textContent()).toContain('24');
    await phone.shots.take(page, '效能评估-390');
    await page.setViewportSize({ width: 320, height: 720 });
    await phone.shots.take(page, '效能评估-320');
    // nothing wider than the phone
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
  });
});
