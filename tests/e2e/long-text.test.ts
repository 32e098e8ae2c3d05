// Forms under real content, on the real H5 build at 320 and 390 px wide:
// every text field filled to the most its control allows with Chinese text,
// then no two visible fields' boxes overlap and every control stays inside
// its own field (an auto-growing textarea used to draw over what follows).
import { expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { describeE2E, shown, useE2E, visible } from './support';

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

interface Box {
  name: string;
  top: number;
  bottom: number;
  left: number;
  right: number;
}

/** The boxes of the visible fields, and the controls that stick out of their own field. */
async function layout(page: Page): Promise<{ fields: Box[]; outside: string[] }> {
  return shown(page).evaluate((root) => {
    const box = (el: Element, name: string) => {
      const r = el.getBoundingClientRect();
      return { name, top: r.top, bottom: r.bottom, left: r.left, right: r.right };
    };
    const seen = (el: Element) => {
      const r = el.getBoundingClientRect();
      return r.width > 0 && r.height > 0 && getComputedStyle(el).visibility !== 'hidden';
    };
    const fields = Array.from(root.querySelectorAll('.field')).filter(seen);
    const outside: string[] = [];
    for (const field of fields) {
      const f = field.getBoundingClientRect();
      for (const control of Array.from(field.querySelectorAll('textarea, input, .field__error, .field__hint'))) {
        if (!seen(control)) continue;
        const c = control.getBoundingClientRect();
        if (c.top < f.top - 1 || c.bottom > f.bottom + 1 || c.left < f.left - 1 || c.right > f.right + 1) {
          outside.push(
            `${field.getAttribute('data-field') ?? '?'}: ${control.tagName.toLowerCase()} ${Math.round(c.bottom - f.bottom)}px below`,
          );
        }
      }
    }
    return { fields: fields.map((f, i) => box(f, f.getAttribute('data-field') ?? `field ${i + 1}`)), outside };
  });
}

function overlaps(boxes: Box[]): string[] {
  const found: string[] = [];
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      const a = boxes[i]!;
      const b = boxes[j]!;
      const apart = a.bottom <= b.top + 1 || b.bottom <= a.top + 1 || a.right <= b.left + 1 || b.right <= a.left + 1;
      if (!apart) found.push(`${a.name} × ${b.name}`);
    }
  }
  return found;
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
