// The enterprise's journey on the real H5 build, in Chromium as a phone,
// against the real API and Postgres: sign in, submit a need with two
// categories, find it in 我的需求; a specialist accepts, serves and completes
// it over the API; the enterprise follows every step on the timeline, rates
// it and sees it rated. Screenshots of each page go to test-artifacts/.
import { expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { describeE2E, shown, tap, tapText, useE2E, visible } from './support';

const e2e = useE2E();

async function specialist(needId: string, body: Record<string, unknown>) {
  const token = await e2e.api.login('specialist');
  const current = await e2e.api.request('GET', `/api/needs/${needId}`, { token });
  const res = await e2e.api.request('POST', `/api/needs/${needId}/actions`, { token, body: { ...body, version: current.body.version } });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
}

/** The detail page shows the timeline step of this action. */
async function seesStep(page: Page, action: string) {
  await page.reload();
  await visible(shown(page).locator(`.timeline [data-event="${action}"]`));
}

describeE2E('the enterprise journey on H5', () => {
  it('submits a need, follows it through service to completion, rates it and sees it rated', async () => {
    const { page, shots } = await e2e.phone();
    const title = `出口东盟检测咨询-${Date.now().toString(36)}`;

    // 我的: sign in as the demo enterprise.
    await e2e.open(page, '/pages/me/index');
    await tap(page.locator('.nut-cell', { hasText: '提交与跟踪服务需求' }));
    await visible(shown(page).getByText('海南椰语食品有限公司'));
    await shots.take(page, '我的-已登录');

    // 服务大厅 → 提交需求.
    await e2e.open(page, '/pages/home/index');
    await visible(shown(page).getByText('菜单式服务'));
    await shots.take(page, '服务大厅');
    await tapText(page, '提交需求');

    // 需求登记: two categories.
    const title$ = await visible(shown(page).locator('[data-field="title"] input'));
    await title$.fill(title);
    const categories = shown(page).locator('[data-field="categories"]');
    await tap(categories.getByText('检验检测', { exact: true }));
    await tap(categories.getByText('标准化', { exact: true }));
    await expect.poll(() => categories.locator('.nut-checkbox-button-active').allTextContents()).toEqual(['标准化', '检验检测']);
    await (
      await visible(shown(page).locator('[data-field="description"] textarea'))
    ).fill('我司椰子汁准备出口东盟，需要了解检测项目和标准要求。');
    await page.locator('[data-field="contactPhone"] input').fill('13876543210');
    await expect.poll(() => page.locator('[data-field="contactName"] input').inputValue()).not.toBe('');
    await shots.take(page, '需求登记');
    await tapText(page, '提交需求');

    // The first submission asks for consent to the 隐私保护指引 and 用户协议 (recorded server-side).
    await visible(shown(page).getByText('隐私保护提示'));
    await shots.take(page, '隐私保护提示');
    await tapText(page, '同意并继续');

    // 回执: the unified number.
    const receipt = await visible(shown(page).locator('[data-receipt]'), 40_000);
    const number = (await receipt.getAttribute('data-receipt'))!;
    expect(number).toMatch(/^QS-\d{8}-\d{5}$/);
    await visible(shown(page).getByText(number));
    // It opens at its top (the form was scrolled down to its submit button): 需求已提交 below the title bar.
    const barBottom = async () => {
      const bar = (await page.locator('#taro-navigation-bar').boundingBox())!;
      return bar.y + bar.height;
    };
    await expect.poll(async () => (await shown(page).locator('.receipt__icon').boundingBox())!.y >= (await barBottom()) - 1).toBe(true);
    await shots.take(page, '回执');

    // 我的需求: the need is listed.
    await e2e.open(page, '/pages/needs/index');
    const card = await visible(shown(page).locator('.need-card', { hasText: title }));
    await shots.take(page, '我的需求');
    const needId = (await card.getAttribute('data-need-id'))!;
    await tap(card);
    await visible(shown(page).getByText(`统一编号 ${number}`));
    await visible(shown(page).locator('.timeline [data-event="submit"]'));
    await shots.take(page, '需求详情-已提交');

    // The specialist moves it; the enterprise sees each step.
    await specialist(needId, { action: 'accept' });
    await seesStep(page, 'accept');
    await shots.take(page, '需求详情-已受理');

    await specialist(needId, { action: 'serve', note: '安排标准化研究院专家对接出口检测项目。', period: '2026-12-01 至 2026-12-20' });
    await seesStep(page, 'serve');
    await shots.take(page, '需求详情-服务中');

    await specialist(needId, { action: 'complete', result: '已提供东盟出口椰子汁检测项目清单及依据标准。' });
    await seesStep(page, 'complete');
    await visible(shown(page).getByText('服务已办结，请您评价'));
    await shots.take(page, '需求详情-已办结');

    // 满意度评价.
    await tapText(page, '去评价');
    await visible(shown(page).getByText('满意度评价'));
    for (const field of ['timeliness', 'professionalism', 'courtesy', 'overall']) {
      await tap(shown(page).locator(`[data-field="${field}"]`).getByText('非常满意', { exact: true }));
    }
    await tap(shown(page).locator('[data-field="resolved"]').getByText('是', { exact: true }));
    await shots.take(page, '满意度评价');
    await tapText(page, '提交评价');
    await visible(shown(page).getByText('感谢您的评价'));
    await shots.take(page, '评价完成');

    // Back on the detail: rated.
    await tapText(page, '返回需求详情');
    await visible(shown(page).locator('[data-state="rated"]'));
    await visible(shown(page).getByText('我的评价'));
    await visible(shown(page).locator('.timeline [data-event="rate"]'));
    await shots.take(page, '需求详情-已评价');

    const stored = await e2e.api.request('GET', `/api/needs/${needId}`, { token: await e2e.api.login('enterprise') });
    expect(stored.body.categories.sort()).toEqual(['standardization', 'testing']);
    expect(stored.body.rating).toMatchObject({
      timeliness: 'very_satisfied',
      professionalism: 'very_satisfied',
      courtesy: 'very_satisfied',
      overall: 'very_satisfied',
      resolved: true,
    });
  });
});
