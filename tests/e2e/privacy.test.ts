// The 隐私保护指引, the 用户协议 and the consent popup on the real H5 build at
// 320 and 390 px wide: the documents fit the screen; a first submission by an
// account that withdrew its consent meets the popup, and agreeing records the
// consent and lets the need through.
import { PRIVACY_DOCUMENTS, PRIVACY_PATHS } from '@qi/shared';
import { expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { describeE2E, shown, tap, tapText, useE2E, visible } from './support';

const e2e = useE2E();

/** How far the page is wider than the screen (0: nothing sticks out sideways). */
const overflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

describeE2E('privacy on H5', () => {
  it('shows both documents within 320 and 390 px, with their versions', async () => {
    const { page, shots } = await e2e.phone();
    for (const [doc, meta] of [
      ['privacy', PRIVACY_DOCUMENTS.privacy],
      ['terms', PRIVACY_DOCUMENTS.terms],
    ] as const) {
      for (const width of [320, 390]) {
        await page.setViewportSize({ width, height: 800 });
        await e2e.open(page, `/pages/privacy/index?doc=${doc}`);
        await visible(shown(page).getByText(`版本：${meta.version}`));
        expect(await overflow(page), `${doc} at ${width}px`).toBeLessThanOrEqual(0);
        await shots.take(page, `${meta.title}-${width}`);
      }
    }
  });

  it('asks for consent at the first submission and records it', async () => {
    const { page, shots } = await e2e.phone({ signedInAs: 'enterprise2' });
    const token = await e2e.api.login('enterprise2');
    expect((await e2e.api.request('DELETE', PRIVACY_PATHS.consent, { token })).status).toBe(200);

    await page.setViewportSize({ width: 320, height: 800 });
    await e2e.open(page, '/pages/need-form/index');
    await (await visible(shown(page).locator('[data-field="title"] input'))).fill(`隐私同意-${Date.now().toString(36)}`);
    await tap(shown(page).locator('[data-field="categories"]').getByText('计量', { exact: true }));
    await (
      await visible(shown(page).locator('[data-field="description"] textarea'))
    ).fill('需要对生产线上的电子秤进行检定，并了解检定周期。');
    await page.locator('[data-field="contactPhone"] input').fill('13876543210');
    await expect.poll(() => page.locator('[data-field="contactName"] input').inputValue()).not.toBe('');
    await tapText(page, '提交需求');

    const popup = await visible(page.locator('.privacy-popup'));
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    const box = (await popup.boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(320);
    await shots.take(page, '隐私保护提示-320');
    await page.setViewportSize({ width: 390, height: 800 });
    await shots.take(page, '隐私保护提示-390');
    await tapText(page, '同意并继续');

    await visible(shown(page).locator('[data-receipt]'), 40_000);
    const consent = await e2e.api.request('GET', PRIVACY_PATHS.consent, { token });
    expect(consent.body).toEqual(expect.objectContaining({ needed: false }));
    expect(consent.body.agreed.channel).toBe('h5');
  });
});
