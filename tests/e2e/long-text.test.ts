// Forms under real content, on the real H5 build at 320 and 390 px wide:
// every text field filled to the most its control allows with Chinese text,
// then no two visible fields' boxes overlap and every control stays inside
// its own field (an auto-growing textarea used to draw over what follows).
import { expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { describeE2E, shown, useE2E, visible } from './support';
import { layout, overlaps } from './support/layout';

const e2e = useE2E();

const SENTENCE = '我司椰子汁准备出口东盟，需要了解检测项目、适用标准和认证要求，请尽快联系。';
const chinese = (length: number) => SENTENCE.repeat(Math.ceil(length / SENTENCE.length)).slice(0, length);

/** Fills every visible text input and textarea of the page shown to its maxlength (capped) with Chinese text. */
async function fillToTheLimit(page: Page): Promise<number> {
  const controls = shown(page).locator('textarea:visible, input[type="text"]:visible, input:not([type]):visible');
  const n = await controls.count();
  for (let i = 0; i < n; i++) {
    const control = controls.nth(i);
    if (await control.isDisabled()) continue;
    const max = Number((await control.getAttribute('maxlength')) ?? '200');
    await control.fill(chinese(Math.min(max > 0 ? max : 200, 2000)));
  }
  return n;
}

describeE2E('forms under the longest text their fields allow', () => {
  for (const width of [320, 390]) {
    it(`需求登记 at ${width} px: no field overlaps another, nothing sticks out`, async () => {
      const { page, shots } = await e2e.phone({ signedInAs: 'enterprise' });
      await page.setViewportSize({ width, height: 844 });
      await e2e.open(page, '/pages/need-form/index');
      await visible(shown(page).locator('[data-field="description"] textarea'));
      expect(await fillToTheLimit(page)).toBeGreaterThan(2);
      const { fields, outside } = await layout(page);
      await shots.take(page, `需求登记-${width}px`);
      expect(fields.length).toBeGreaterThan(3);
      expect(outside).toEqual([]);
      expect(overlaps(fields)).toEqual([]);
    });

    it(`窗口登记 at ${width} px: no field overlaps another, nothing sticks out`, async () => {
      const { page, shots } = await e2e.phone({ signedInAs: 'specialist' });
      await page.setViewportSize({ width, height: 844 });
      await e2e.open(page, '/packageStaff/pages/intake/index');
      await visible(shown(page).locator('textarea').first());
      expect(await fillToTheLimit(page)).toBeGreaterThan(2);
      const { fields, outside } = await layout(page);
      await shots.take(page, `窗口登记-${width}px`);
      expect(outside).toEqual([]);
      expect(overlaps(fields)).toEqual([]);
    });
  }
});
