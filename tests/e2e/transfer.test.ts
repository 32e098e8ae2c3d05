// 转办, the reviewer's sign-off and the owner's station contact on the real H5
// build, with the longest text their fields allow, at 390 and 320 px: the
// hand-over sheet (picker and reason), the record found under 待审核, the
// sign-off sheet and the need page showing the opinion, and the enterprise's page with its owner's station
// phone. Nothing overflows the page's width; screenshots kept as artifacts.
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { describeE2E, shown, tap, useE2E, visible } from './support';

const e2e = useE2E();

const SENTENCE = '企业位于三亚崖州湾科技城，需上门核查计量器具台账并现场指导，由三亚分中心就近服务更便捷。';
const chinese = (length: number) => SENTENCE.repeat(Math.ceil(length / SENTENCE.length)).slice(0, length);
const TITLE = chinese(60);

async function needOf(title: string) {
  const ent = await e2e.api.login('enterprise');
  const created = await e2e.api.request('POST', '/api/needs', {
    token: ent,
    headers: { 'Idempotency-Key': `transfer-e2e-${Date.now()}-${Math.random()}` },
    body: { title, description: chinese(300), categories: ['metrology'], contactName: '欧阳晓华', contactPhone: '13876543210' },
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return created.body as { id: string; version: number };
}

async function act(token: string, n: { id: string; version: number }, body: Record<string, unknown>) {
  const r = await e2e.api.request('POST', `/api/needs/${n.id}/actions`, { token, body: { version: n.version, ...body } });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body;
}

async function noOverflow(page: Page) {
  expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
}

/** Types into the shown sheet's textarea of this field. */
async function type(page: Page, field: string, value: string) {
  const box = await visible(page.locator(`.action-popup [data-field="${field}"] textarea`));
  await box.fill(value);
}

describeE2E('转办 and 审核签字', () => {
  for (const width of [390, 320]) {
    it(`hands a need to a station from the staff need page at ${width} px`, async () => {
      const spec = await e2e.api.login('specialist');
      const need = await act(spec, await needOf(TITLE), { action: 'accept' });
      const { page, shots } = await e2e.phone({ signedInAs: 'specialist' });
      await page.setViewportSize({ width, height: 844 });
      await e2e.open(page, `/packageStaff/pages/need/index?id=${need.id}`);
      await tap(shown(page).locator('[data-action="transfer"]'));
      const picker = await visible(page.locator('.action-popup [data-field="to"]'));
      await shots.take(page, `转办-选择-${width}px`);
      await tap(picker.locator('[data-option^="station:"]').getByText('海南省质量基础设施“一站式”服务三亚分中心', { exact: true }));
      await type(page, 'reason', chinese(500));
      await shots.take(page, `转办-理由-${width}px`);
      await noOverflow(page);
      await tap(page.locator('.action-popup').getByText('确认转办', { exact: true }));
      await visible(page.getByText('已转办'));
      const after = await e2e.api.request('GET', `/api/needs/${need.id}`, { token: await e2e.api.login('manager') });
      expect(after.body.owner).toBeNull();
      expect(after.body.events.at(-1).action).toBe('transfer');
    });

    it(`signs a completed need off with the longest opinion at ${width} px`, async () => {
      const spec = await e2e.api.login('specialist');
      const done = await act(spec, await needOf(TITLE), { action: 'answer', answer: chinese(2000) });
      const { page, shots } = await e2e.phone({ signedInAs: 'manager' });
      await page.setViewportSize({ width, height: 844 });
      // The reviewer finds it under 待审核 in the workbench.
      await e2e.open(page, '/packageStaff/pages/inbox/index');
      await tap(shown(page).getByText('待审核', { exact: true }));
      const card = await visible(shown(page).locator(`[data-need-id="${done.id}"]`));
      await shots.take(page, `待审核-${width}px`);
      await noOverflow(page);
      await tap(card);
      await tap(await visible(shown(page).locator('[data-action="sign_off"]')));
      await type(page, 'note', chinese(500));
      await shots.take(page, `审核签字-${width}px`);
      await tap(page.locator('.action-popup').getByText('审核签字', { exact: true }));
      await visible(page.getByText('已审核签字'));
      const reviewer = await visible(shown(page).getByText(/^李慧敏（.* 审核签字）$/));
      await page.getByText('已审核签字').waitFor({ state: 'hidden', timeout: 10_000 });
      await reviewer.evaluate((el) => el.scrollIntoView({ block: 'start' }));
      await shots.take(page, `审核意见-${width}px`);
      await noOverflow(page);
    });

    it(`shows the enterprise its owner and the owner's station phone at ${width} px`, async () => {
      const spec = await e2e.api.login('specialist');
      const prov = await e2e.api.login('provider');
      const institutionId = (await e2e.api.request('GET', '/api/me', { token: prov })).body.institution.id;
      let n = await act(spec, await needOf(TITLE), { action: 'accept' });
      n = await act(spec, n, { action: 'dispatch', assignees: [{ institutionId }] });
      const { page, shots } = await e2e.phone({ signedInAs: 'enterprise' });
      await page.setViewportSize({ width, height: 844 });
      await e2e.open(page, `/pages/need-detail/index?id=${n.id}`);
      const owner = await visible(shown(page).locator('[data-owner]'));
      await owner.scrollIntoViewIfNeeded();
      expect(await owner.textContent()).toContain('站点电话');
      await visible(owner.getByText('拨打站点电话'));
      await shots.take(page, `负责人-站点电话-${width}px`);
      await noOverflow(page);
    });
  }
});
