// The service workbench in the browser: a specialist accepts a need from the
// inbox, dispatches it to the provider chosen from the matches (精准匹配), the
// provider accepts and finishes the task, and the specialist completes the
// need. Screenshots of every step go to test-artifacts/.
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { describeE2E, sheetClosed, useE2E } from './support';

const e2e = useE2E();

/** Taro's H5 showModal: tap its 确定. */
async function confirmModal(page: Page) {
  const ok = page.locator('.taro-model__confirm');
  await expect.poll(() => ok.isVisible(), { timeout: 10_000 }).toBe(true);
  await ok.click();
}

/** The native textarea or input of a field in the open action sheet, by its label. */
const sheetField = (page: Page, name: string) =>
  page.locator(`.action-popup [data-field="${name}"] textarea, .action-popup [data-field="${name}"] input`).first();

/** Waits until the page at `selector` has slid fully into view (Taro's H5 page transition). */
async function settled(page: Page, selector: string) {
  await expect.poll(async () => (await page.locator(selector).last().boundingBox())?.x, { timeout: 10_000 }).toBe(0);
}

const needState = (page: Page) => page.locator('[data-need-state]').getAttribute('data-need-state');

describeE2E('the service workbench', () => {
  it('takes a need from the inbox through dispatch to the matched provider, the provider’s work, and completion', async () => {
    const title = `工作台联调需求-${Date.now().toString(36)}`;
    const ent = await e2e.api.login('enterprise');
    const created = await e2e.api.request('POST', '/api/needs', {
      token: ent,
      headers: { 'Idempotency-Key': `e2e-workbench-${Date.now()}` },
      body: {
        title,
        description: '生产线上的电子秤和压力表需要检定校准，希望尽快安排。',
        categories: ['metrology'],
        items: ['metrology.verification_calibration'],
        contactName: '林晓华',
        contactPhone: '13876543210',
      },
    });
    expect(created.status).toBe(201);
    const need = created.body as { id: string; number: string };

    // The specialist finds it in the inbox, ordered by deadline, and opens it.
    const desk = await e2e.phone({ signedInAs: 'specialist' });
    const sp = desk.page;
    await e2e.open(sp, '/packageStaff/pages/inbox/index');
    const card = sp.locator(`[data-need-number="${need.number}"]`);
    await expect.poll(() => card.count(), { timeout: 30_000 }).toBeGreaterThan(0);
    await expect.poll(() => card.locator('[data-clock]').getAttribute('data-clock')).toBe('due_soon');
    await desk.shots.take(sp, '工作台');
    await card.tap();
    await expect.poll(() => needState(sp), { timeout: 15_000 }).toBe('submitted');
    await settled(sp, '.staff-need-page');
    await desk.shots.take(sp, '需求办理-待受理');

    // 受理 (首问负责).
    await sp.locator('[data-action="accept"]').tap();
    await confirmModal(sp);
    await expect.poll(() => needState(sp), { timeout: 15_000 }).toBe('accepted');
    await expect.poll(() => sp.getByText('陈思远').count()).toBeGreaterThan(0);
    await desk.shots.take(sp, '已受理');

    // 派单: the matches rank the provider's institution; pick it.
    await sp.locator('[data-action="dispatch"]').tap();
    const match = sp.locator('[data-match="海南省计量测试研究中心"]');
    await expect.poll(() => match.count(), { timeout: 20_000 }).toBeGreaterThan(0);
    await expect.poll(() => match.getByText(/覆盖服务类别：计量/).count()).toBeGreaterThan(0);
    await settled(sp, '.dispatch');
    await desk.shots.take(sp, '精准匹配');
    await match.tap();
    await sp.locator('.dispatch__bar .nut-button').tap();
    await expect.poll(() => needState(sp), { timeout: 20_000 }).toBe('in_service');
    await expect.poll(() => sp.locator('[data-task-id]').count(), { timeout: 15_000 }).toBe(1);
    await settled(sp, '.staff-need-page');
    await desk.shots.take(sp, '已派单');

    // The provider sees the task, accepts it and finishes it.
    const provider = await e2e.phone({ signedInAs: 'provider' });
    const pv = provider.page;
    await e2e.open(pv, '/packageStaff/pages/inbox/index'); // a provider's workbench is its task list
    const task = pv.locator('[data-task-id]', { hasText: title });
    await expect.poll(() => task.count(), { timeout: 30_000 }).toBeGreaterThan(0);
    await settled(pv, '.tasks');
    await provider.shots.take(pv, '我的任务');
    await task.first().tap();
    const taskState = () => pv.locator('[data-task-state]').getAttribute('data-task-state');
    await expect.poll(taskState, { timeout: 15_000 }).toBe('assigned');
    await settled(pv, '.task-page');
    await pv.locator('[data-action="accept"]').tap();
    await confirmModal(pv);
    await expect.poll(taskState, { timeout: 15_000 }).toBe('accepted');
    await provider.shots.take(pv, '已接单');
    await pv.locator('[data-action="done"]').tap();
    await sheetField(pv, 'result').fill('已完成 12 台电子秤和 6 块压力表的检定，出具检定证书。');
    await provider.shots.take(pv, '填写服务结果');
    await pv.locator('.action-popup .nut-button', { hasText: '完成任务' }).tap();
    await expect.poll(taskState, { timeout: 15_000 }).toBe('done');
    await sheetClosed(pv);
    await provider.shots.take(pv, '任务完成');

    // The specialist sees the task done and completes the need with a result summary.
    await sp.reload();
    await expect.poll(() => needState(sp), { timeout: 20_000 }).toBe('in_service');
    await expect.poll(() => sp.locator('[data-action="complete"]').count(), { timeout: 15_000 }).toBe(1);
    await sp.locator('[data-action="complete"]').tap();
    await sheetField(sp, 'result').fill('计量器具检定已完成，证书已交企业。');
    await sp.locator('.action-popup .nut-button', { hasText: '办结' }).tap();
    await expect.poll(() => needState(sp), { timeout: 15_000 }).toBe('completed');
    await sheetClosed(sp);
    await desk.shots.take(sp, '已办结');

    const seen = await e2e.api.request('GET', `/api/needs/${need.id}`, { token: ent });
    expect(seen.body).toMatchObject({ state: 'completed', result: '计量器具检定已完成，证书已交企业。' });
    expect(seen.body.tasks).toMatchObject([{ state: 'done', assignee: { name: '海南省计量测试研究中心' } }]);
    expect(seen.body.events.map((e: { action: string }) => e.action)).toEqual([
      'submit',
      'accept',
      'dispatch',
      'task_accept',
      'task_done',
      'complete',
    ]);
  });
});
