// 适老化: the main pages under a large system font, on the real H5 build at
// 320 px wide. How a large font reaches this build: Taro's H5 script
// (miniapp/src/index.html, htmlWebpackPlugin.options.script) sets the root
// font-size in px from the screen's width, and every length of our styles is
// rem (pxtransform), so a large font arrives as the WebView scaling the text
// (WeChat's 字体大小: Android's text zoom, iOS's text-size-adjust). Here the
// root text is scaled 1.5× over what Taro's script sets, kept so on every
// re-set (it runs again on resize): text and the lengths in rem grow
// together, as 320 px at 1.5× is a 213 px screen. Nothing may then be wider
// than the screen, no text drawn over another, no field over another.
import { expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { describeE2E, shown, useE2E, visible } from './support';
import { horizontalOverflow, layout, overlappingTexts, overlaps } from './support/layout';

const e2e = useE2E();
const SCALE = 1.5;

/** Keeps the root font-size SCALE× what the page's own script sets. */
async function largeFont(page: Page): Promise<void> {
  await page.addInitScript((scale) => {
    // Runs as the document is created, before <html> is parsed: watch the document for its style.
    let mine = '';
    const apply = () => {
      const html = document.documentElement;
      const set = html?.style.fontSize;
      if (!set || set === mine) return;
      mine = `${parseFloat(set) * scale}px`;
      html.style.fontSize = mine;
    };
    new MutationObserver(apply).observe(document, { attributes: true, attributeFilter: ['style'], subtree: true, childList: true });
  }, SCALE);
}

async function newNeed() {
  const token = await e2e.api.login('enterprise');
  const res = await e2e.api.request('POST', '/api/needs', {
    token,
    headers: { 'Idempotency-Key': `e2e-${Date.now()}-${Math.random().toString(36).slice(2)}` },
    body: {
      title: '出口东盟椰子汁检测项目与认证要求咨询',
      description: '我司椰子汁准备出口东盟，需要了解检测项目、适用标准和认证要求，请尽快联系。',
      categories: ['testing', 'certification'],
      contactName: '林晓华',
      contactPhone: '13876543210',
    },
  });
  expect(res.status).toBe(201);
  return res.body as { id: string };
}

const PAGES: { name: string; as: 'enterprise' | 'specialist'; path: () => Promise<string>; ready: string }[] = [
  { name: '首页', as: 'enterprise', path: async () => '/pages/home/index', ready: '.home' },
  { name: '需求登记', as: 'enterprise', path: async () => '/pages/need-form/index', ready: '[data-field="description"]' },
  { name: '需求详情', as: 'enterprise', path: async () => `/pages/need-detail/index?id=${(await newNeed()).id}`, ready: '.need-detail' },
  { name: '我的需求', as: 'enterprise', path: async () => '/pages/needs/index', ready: '.need-card, .needs' },
  { name: '我的', as: 'enterprise', path: async () => '/pages/me/index', ready: '.me' },
  { name: '工作台', as: 'specialist', path: async () => '/packageStaff/pages/inbox/index', ready: '.inbox' },
];

describeE2E('the main pages under a 1.5× system font at 320 px', () => {
  for (const p of PAGES) {
    it(`${p.name}: nothing wider than the screen, no text over another, no field over another`, async () => {
      const { page, shots } = await e2e.phone({ signedInAs: p.as });
      await page.setViewportSize({ width: 320, height: 700 });
      await largeFont(page);
      await e2e.open(page, await p.path());
      await visible(shown(page).locator(p.ready));
      // Lists and counts arrive after the page: wait until nothing is loading.
      await shown(page).locator('.status-view--loading').first().waitFor({ state: 'hidden' });
      const root = await page.evaluate(() => parseFloat(document.documentElement.style.fontSize));
      expect(root).toBe(20 * SCALE);
      await shots.take(page, `${p.name}-320px-1.5x`);
      expect(await horizontalOverflow(page)).toEqual([]);
      expect(await overlappingTexts(page)).toEqual([]);
      expect(overlaps((await layout(page)).fields)).toEqual([]);
    });
  }
});
