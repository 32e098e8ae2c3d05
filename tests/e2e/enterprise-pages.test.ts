// The rest of the enterprise's journey on the real H5 build in Chromium:
// search → item → 申请此服务, 质量讲堂, 企业信息, 消息通知, and a complaint
// with its handling by a manager on another phone. Screenshots of each page
// go to test-artifacts/.
import { expect, it } from 'vitest';
import { describeE2E, sheetClosed, shown, tap, useE2E, visible } from './support';

const e2e = useE2E();

async function newNeed(title: string) {
  const token = await e2e.api.login('enterprise');
  const res = await e2e.api.request('POST', '/api/needs', {
    token,
    headers: { 'Idempotency-Key': `e2e-${Date.now()}-${Math.random().toString(36).slice(2)}` },
    body: {
      title,
      description: '电子秤需要检定校准，请推荐有资质的机构。',
      categories: ['metrology'],
      contactName: '林晓华',
      contactPhone: '13876543210',
    },
  });
  expect(res.status).toBe(201);
  return res.body as { id: string; number: string; version: number };
}

describeE2E('the enterprise’s other pages on H5', () => {
  it('finds a service item by search and applies for it with the form pre-filled', async () => {
    const { page, shots } = await e2e.phone({ signedInAs: 'enterprise' });
    await e2e.open(page, '/pages/home/index');
    await (await visible(shown(page).locator('.home__search input'))).fill('检定');
    await visible(shown(page).getByText('计量器具检定校准'));
    await shots.take(page, '服务大厅-搜索');
    await tap(shown(page).getByText('计量器具检定校准'));
    await visible(shown(page).getByText('提供此服务的机构'));
    await visible(shown(page).locator('[data-institution]'));
    await shots.take(page, '服务项目');
    await tap(shown(page).getByText('申请此服务'));
    const items = await visible(shown(page).locator('[data-field="items"]'));
    await expect.poll(() => items.locator('.nut-checkbox-button-active').allTextContents()).toEqual(['计量器具检定校准']);
    await shots.take(page, '需求登记-预填');
  });

  it('opens 质量讲堂 with its policies, guides and FAQ', async () => {
    const { page, shots } = await e2e.phone();
    await e2e.open(page, '/pages/knowledge/index');
    await visible(shown(page).getByText('DB46/T 583—2023 质量基础设施“一站式”服务规范'));
    await shots.take(page, '质量讲堂-政策文件');
    await tap(shown(page).getByText('常见问题'));
    await visible(shown(page).getByText('我的联系电话会被谁看到？'));
    await shots.take(page, '质量讲堂-常见问题');
  });

  it('shows the enterprise profile with its checked credit code', async () => {
    const { page, shots } = await e2e.phone({ signedInAs: 'enterprise' });
    await e2e.open(page, '/pages/me/index');
    await tap(shown(page).locator('.nut-cell', { hasText: '企业信息' }));
    const code = await visible(shown(page).locator('[data-field="creditCode"] input'));
    await expect.poll(() => code.inputValue()).toBe('91460105MA5T8H3R2K');
    await code.fill('91460105MA5T8H3R2A');
    await visible(shown(page).getByText('统一社会信用代码校验位不正确'));
    await shots.take(page, '企业信息-校验');
  });

  it('tells the enterprise of each change to its need in 消息通知', async () => {
    const need = await newNeed(`通知测试-${Date.now().toString(36)}`);
    const spec = await e2e.api.login('specialist');
    await e2e.api.request('POST', `/api/needs/${need.id}/actions`, { token: spec, body: { action: 'accept', version: need.version } });
    const { page, shots } = await e2e.phone({ signedInAs: 'enterprise' });
    await e2e.open(page, '/pages/notifications/index');
    await visible(shown(page).getByText('您的需求已受理').first());
    await visible(shown(page).getByText(new RegExp(`（${need.number}）`)));
    await shots.take(page, '消息通知');
  });

  it('files a complaint from the need’s page and sees how it was handled', async () => {
    const need = await newNeed(`投诉测试-${Date.now().toString(36)}`);
    const { page, shots } = await e2e.phone({ signedInAs: 'enterprise' });
    await e2e.open(page, `/pages/need-detail/index?id=${need.id}`);
    await tap(shown(page).locator('.need-detail__bar').getByText('投诉', { exact: true }));
    await (
      await visible(shown(page).locator('[data-field="content"] textarea'))
    ).fill('提交后一直没有人联系，电话也打不通，希望尽快处理。');
    await shots.take(page, '投诉');
    await tap(shown(page).getByText('提交投诉'));
    await visible(shown(page).locator('[data-complaint-state="received"]'));
    await shots.take(page, '投诉-已受理');

    const mine = await e2e.api.request('GET', '/api/complaints', { token: await e2e.api.login('enterprise') });
    const complaint = mine.body.items.find((c: { needId: string }) => c.needId === need.id);

    // The manager, on another phone: 我的 → 投诉处理 → the complaint → 办结并告知结果.
    const manager = await e2e.phone({ signedInAs: 'manager', testName: 'complaint-manager' });
    await e2e.open(manager.page, '/pages/me/index');
    await tap(shown(manager.page).locator('.nut-cell', { hasText: '投诉处理' }));
    const card = await visible(shown(manager.page).locator(`[data-complaint="${complaint.id}"]`));
    await visible(card.locator('[data-clock-kind="acknowledge"]'));
    await manager.shots.take(manager.page, '投诉处理');
    await tap(card);
    // One step after the other: 确认受理, 开始调查, then 办结.
    await tap(shown(manager.page).locator('.action-bar [data-action="acknowledge"]'));
    const ack = await visible(manager.page.locator('[data-action-form="确认受理"]'));
    await tap(ack.locator('.nut-button', { hasText: '确认受理' }));
    await visible(shown(manager.page).locator('.manage-complaint[data-state="acknowledged"]'));
    await sheetClosed(manager.page);
    await tap(shown(manager.page).locator('.action-bar [data-action="investigate"]'));
    const inv = await visible(manager.page.locator('[data-action-form="开始调查"]'));
    await (await visible(inv.locator('[data-field="note"] textarea'))).fill('已调取办理记录，约谈经办服务专员。');
    await tap(inv.locator('.nut-button', { hasText: '开始调查' }));
    await visible(shown(manager.page).locator('.manage-complaint[data-state="investigated"]'));
    await sheetClosed(manager.page);
    await tap(shown(manager.page).locator('.action-bar [data-action="resolve"]'));
    const form = await visible(manager.page.locator('[data-action-form="办结并告知结果"]'));
    await (await visible(form.locator('[data-field="outcome"] textarea'))).fill('已督促服务专员当日联系企业并致歉。');
    await manager.shots.take(manager.page, '投诉处理-办结');
    await tap(form.getByText('办结并告知投诉人'));
    await visible(shown(manager.page).locator('.manage-complaint[data-state="resolved"]'));
    await manager.shots.take(manager.page, '投诉处理-已办结');

    await page.reload();
    await visible(shown(page).locator('[data-complaint-state="resolved"]'));
    await visible(shown(page).locator('.complaint-outcome').getByText('已督促服务专员当日联系企业并致歉。'));
    await shots.take(page, '投诉-已办结');
  });
});
