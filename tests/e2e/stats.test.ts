// 效能评估 in Chromium on the H5 build: a manager opens the statistics for a
// date range after a few dozen needs went through their lives, and sees every
// block: its chart drawn by uCharts on a canvas (pixels other than the
// background) and its table, at 390 and at 320 CSS px wide (screenshots in
// test-artifacts/), with the long labels inside the phone's width.
import { addCalendarDays, CATEGORY_CODES, toShanghaiDate } from '@qi/shared';
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { describeE2E, useE2E } from './support';

const e2e = useE2E();

/** Per chart on the shown page: its id and how many of its pixels are not the white background. */
const drawnPixels = (page: Page) =>
  page.evaluate(() =>
    Array.from(document.querySelectorAll<HTMLElement>('.taro_page:not([style*="display: none"]) [data-chart]')).map((el) => {
      const canvas = el.querySelector('canvas')!;
      const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
      let ink = 0;
      for (let i = 0; i < data.length; i += 4) if (data[i + 3]! > 0 && (data[i]! < 240 || data[i + 1]! < 240 || data[i + 2]! < 240)) ink++;
      const card = el.closest('.stats__card')!.getBoundingClientRect();
      const box = canvas.getBoundingClientRect();
      return { chart: el.dataset.chart!, ink, inside: box.left >= card.left && box.right <= card.right };
    }),
  );

describeE2E('效能评估', () => {
  it('shows a manager the charts and tables of a date range on a narrow phone', async () => {
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
      if (i % 3 === 1) {
        const answered = await e2e.api.request('POST', `/api/needs/${n.id}/actions`, {
          token: spec,
          body: { action: 'answer', version: n.version, answer: '已电话答复检测项目和所需材料' },
        });
        const rated = await e2e.api.request('POST', `/api/needs/${n.id}/rating`, {
          token: ent,
          body: {
            timeliness: i % 2 ? 'very_satisfied' : 'average',
            professionalism: 'satisfied',
            courtesy: 'very_satisfied',
            overall: i % 4 === 1 ? 'satisfied' : 'dissatisfied',
            resolved: i % 4 === 1,
          },
        });
        expect([answered.status, rated.status]).toEqual([200, 201]);
      }
    }
    const to = toShanghaiDate(new Date());
    const from = addCalendarDays(to, -6);
    const phone = await e2e.phone({ signedInAs: 'manager' });
    const page = phone.page;
    await e2e.open(page, `/packageStats/pages/overview/index?from=${from}&to=${to}`);
    await expect.poll(() => page.locator('[data-block="主要指标"]').count(), { timeout: 30_000 }).toBe(1);
    await expect.poll(() => page.locator('[data-filter="from"]').textContent()).toContain(from);
    await expect.poll(() => page.locator('[data-row="needs"]').textContent()).toContain('24');

    for (const width of [390, 320]) {
      if (width !== 390) {
        await page.setViewportSize({ width, height: 720 });
        await page.reload();
        await expect.poll(() => page.locator('[data-row="needs"]').textContent(), { timeout: 30_000 }).toContain('24');
      }
      // every chart drawn, inside the card; its table beside it
      await expect
        .poll(async () => (await drawnPixels(page)).filter((c) => c.ink > 200).map((c) => c.chart), { timeout: 20_000 })
        .toEqual(
          expect.arrayContaining([
            'headline',
            'durations',
            'on-time',
            'month',
            'category',
            'station',
            'channel',
            'state',
            'satisfaction',
            'resolution',
          ]),
        );
      for (const c of await drawnPixels(page)) expect(c.inside, c.chart).toBe(true);
      for (const title of ['主要指标', '办理时效', '按服务类别', '满意度评价', '问题是否解决'])
        expect(await page.locator(`[data-block="${title}"] [role="table"] [role="row"]`).count(), title).toBeGreaterThan(1);
      await phone.shots.take(page, `效能评估-${width}`);
      await page.locator('[data-block="满意度评价"]').scrollIntoViewIfNeeded();
      await phone.shots.take(page, `效能评估-满意度-${width}`);
      // nothing wider than the phone
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow).toBeLessThanOrEqual(0);
    }
  });
});
