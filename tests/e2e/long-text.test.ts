// Forms under real content, on the real H5 build at 320 and 390 px wide:
// every text field filled to the most its control allows with Chinese text,
// then no two visible fields' boxes overlap and every control stays inside
// its own field (an auto-growing textarea used to draw over what follows).
// Every form and pop-up: the need form, window intake, complaint, supplement,
// rating, the staff's action pop-ups and the profile. In a pop-up, every
// textarea's text can be read (all shown, or scrolled inside a box no taller
// than the sheet's scroll area) and the confirm button is on screen, uncovered.
import { expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { describeE2E, shown, tap, useE2E, visible, type Phone } from './support';
import { layout, overlaps, unreadableTextareas, untappable } from './support/layout';

const e2e = useE2E();

const SENTENCE = '我司椰子汁准备出口东盟，需要了解检测项目、适用标准和认证要求，请尽快联系。';
const chinese = (length: number) => SENTENCE.repeat(Math.ceil(length / SENTENCE.length)).slice(0, length);

/** Fills every visible text input and textarea of the page shown to its maxlength (capped) with Chinese text. */
async function fillToTheLimit(page: Page, root: Locator = shown(page)): Promise<number> {
  const controls = root.locator('textarea:visible, input[type="text"]:visible, input:not([type]):visible');
  // A sheet can show before the fields that depend on what it loads (a transfer's stations): counted once they are there.
  await controls
    .first()
    .waitFor({ state: 'visible', timeout: 10_000 })
    .catch(() => undefined);
  const n = await controls.count();
  for (let i = 0; i < n; i++) {
    const control = controls.nth(i);
    if (await control.isDisabled()) continue;
    const max = Number((await control.getAttribute('maxlength')) ?? '200');
    await control.fill(chinese(Math.min(max > 0 ? max : 200, 2000)));
  }
  return n;
}

/**
 * Fills `root` to the limit, pictures it, and checks that no field overlaps
 * another, nothing sticks out and every textarea's whole text can be read.
 */
async function holdsUnderLongText(phone: Phone, name: string, root: Locator, minFields = 1) {
  const { page, shots } = phone;
  expect(await fillToTheLimit(page, root)).toBeGreaterThan(0);
  const { fields, outside } = await layout(page, root);
  await shots.take(page, name);
  expect(fields.length).toBeGreaterThanOrEqual(minFields);
  expect(outside).toEqual([]);
  expect(overlaps(fields)).toEqual([]);
  expect(await unreadableTextareas(root)).toEqual([]);
}

const idempotent = () => ({ 'Idempotency-Key': `long-text-${Math.random().toString(36).slice(2, 12)}` });

/** A need of the enterprise, moved by the specialist through `steps` (each an action body without its version). */
async function needAfter(steps: Record<string, unknown>[]): Promise<{ id: string }> {
  const ent = await e2e.api.login('enterprise');
  const spec = await e2e.api.login('specialist');
  const made = await e2e.api.request('POST', '/api/needs', {
    token: ent,
    headers: idempotent(),
    body: {
      title: '长文本表单检查用需求',
      description: '用于检查各个表单和弹窗在最长文本下的排版。',
      categories: ['testing'],
      contactName: '林晓华',
      contactPhone: '13876543210',
    },
  });
  expect(made.status, JSON.stringify(made.body)).toBe(201);
  let version = made.body.version as number;
  for (const step of steps) {
    const r = await e2e.api.request('POST', `/api/needs/${made.body.id}/actions`, { token: spec, body: { ...step, version } });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    version = r.body.version;
  }
  return { id: made.body.id };
}

/** Opens a staff action's pop-up on the staff need page and answers its sheet. */
async function actionSheet(page: Page, action: string): Promise<Locator> {
  await tap(await visible(shown(page).locator(`[data-action="${action}"]`)));
  const form = await visible(page.locator('[data-action-form]:visible').last());
  return form.locator('xpath=ancestor::*[contains(concat(" ", normalize-space(@class), " "), " nut-popup ")][1]');
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
      expect(await unreadableTextareas(shown(page))).toEqual([]);
    });

    it(`需求登记 at ${width} px without CSS field-sizing (older WebViews): the description grows by measure, up to half the screen`, async () => {
      const { page, shots } = await e2e.phone({ signedInAs: 'enterprise' });
      await page.setViewportSize({ width, height: 844 });
      // As a browser that cannot size a textarea to its text (no field-sizing, neither in CSS.supports
      // nor in effect): the H5 Textarea measures it instead.
      await page.addInitScript(() => {
        const supports = CSS.supports.bind(CSS);
        CSS.supports = ((...args: [string, string?]) =>
          /field-sizing/.test(args.join(' ')) ? false : supports(...(args as [string, string]))) as typeof CSS.supports;
        document.addEventListener('DOMContentLoaded', () => {
          const style = document.createElement('style');
          style.textContent = 'textarea { field-sizing: fixed !important; }';
          document.head.appendChild(style);
        });
      });
      await e2e.open(page, '/pages/need-form/index');
      const description = await visible(shown(page).locator('[data-field="description"] textarea'));
      const height = () => description.evaluate((el) => el.getBoundingClientRect().height);
      const empty = await height();
      await description.fill(chinese(120));
      const some = await height();
      expect(some).toBeGreaterThan(empty);
      expect(await description.evaluate((el) => el.scrollHeight <= el.clientHeight + 1)).toBe(true);
      await description.fill(chinese(2000));
      expect(await height()).toBeGreaterThan(some);
      expect(await height()).toBeLessThanOrEqual(844 / 2 + 1);
      await shots.take(page, `需求登记-无field-sizing-${width}px`);
      const { fields, outside } = await layout(page);
      expect(outside).toEqual([]);
      expect(overlaps(fields)).toEqual([]);
      expect(await unreadableTextareas(shown(page))).toEqual([]);
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
      expect(await unreadableTextareas(shown(page))).toEqual([]);
    });

    it(`投诉 at ${width} px: no field overlaps another, nothing sticks out`, async () => {
      const need = await needAfter([{ action: 'accept' }]);
      const phone = await e2e.phone({ signedInAs: 'enterprise' });
      await phone.page.setViewportSize({ width, height: 844 });
      await e2e.open(phone.page, `/pages/complaint/index?needId=${need.id}`);
      await visible(shown(phone.page).locator('textarea').first());
      await holdsUnderLongText(phone, `投诉-${width}px`, shown(phone.page));
    });

    it(`补充材料 at ${width} px: no field overlaps another, nothing sticks out`, async () => {
      const need = await needAfter([{ action: 'accept' }, { action: 'request_info', items: ['检定证书', '型号清单'] }]);
      const phone = await e2e.phone({ signedInAs: 'enterprise' });
      await phone.page.setViewportSize({ width, height: 844 });
      await e2e.open(phone.page, `/pages/need-detail/index?id=${need.id}`);
      const box = await visible(shown(phone.page).locator('.need-detail__supplement'));
      await holdsUnderLongText(phone, `补充材料-${width}px`, box, 2);
    });

    it(`评价 at ${width} px: no field overlaps another, nothing sticks out`, async () => {
      const need = await needAfter([{ action: 'answer', answer: '已电话告知检测项目和依据标准。' }]);
      const phone = await e2e.phone({ signedInAs: 'enterprise' });
      await phone.page.setViewportSize({ width, height: 844 });
      await e2e.open(phone.page, `/pages/rating/index?id=${need.id}`);
      // 不满意 everywhere: the problems and 具体情况 appear too.
      await visible(shown(phone.page).locator('.rating__levels').first());
      const levels = shown(phone.page).locator('.rating__levels');
      for (let i = 0; i < 4; i++) await levels.nth(i).getByText('不满意', { exact: true }).click();
      await levels.nth(4).getByText('否', { exact: true }).click();
      await visible(shown(phone.page).locator('.rating__problems'));
      await holdsUnderLongText(phone, `评价-${width}px`, shown(phone.page), 5);
    });

    // The specialist's sheets, and the manager's 审核签字 (the owner never signs off their own need).
    for (const [state, steps, actions, persona] of [
      ['待受理', [], ['answer', 'reject'], 'specialist'],
      ['已受理', [{ action: 'accept' }], ['request_info', 'note', 'serve', 'transfer'], 'specialist'],
      ['服务中', [{ action: 'accept' }, { action: 'serve' }], ['complete'], 'specialist'],
      ['已办结', [{ action: 'answer', answer: '已电话告知检测项目和依据标准。' }], ['sign_off'], 'manager'],
    ] as const) {
      it(`the staff's action pop-ups on a need ${state} at ${width} px: no field overlaps another, nothing sticks out`, async () => {
        const need = await needAfter([...steps]);
        const phone = await e2e.phone({ signedInAs: persona });
        await phone.page.setViewportSize({ width, height: 844 });
        for (const action of actions) {
          // Each sheet on a fresh page: nothing typed into one carries into the next.
          await e2e.open(phone.page, `/packageStaff/pages/need/index?id=${need.id}`);
          const sheet = await actionSheet(phone.page, action);
          await holdsUnderLongText(phone, `弹窗-${action}-${width}px`, sheet);
          // The confirm button is where a thumb finds it, without scrolling past the text first.
          expect(await untappable(sheet.locator('[data-action-form] .nut-button').last())).toBeNull();
        }
      });
    }

    it(`企业信息 at ${width} px: no field overlaps another, nothing sticks out`, async () => {
      const phone = await e2e.phone({ signedInAs: 'enterprise' });
      await phone.page.setViewportSize({ width, height: 844 });
      await e2e.open(phone.page, '/pages/profile/index');
      await visible(shown(phone.page).locator('.field input').first());
      await holdsUnderLongText(phone, `企业信息-${width}px`, shown(phone.page), 3);
    });
  }
});
