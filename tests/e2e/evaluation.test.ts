// 动态评价 in the browser: an institution with three complaints found 属实 gets
// a suspension proposal; the manager makes the proposals, decides it with a
// reason on the proposals page, and the institution disappears from the
// matches on the specialist's dispatch page. The supervisor reads the same
// pages without any decision control. Screenshots at 390 and 320 px wide,
// with the longest names.
import { creditCodeCheckChar, IDEMPOTENCY_HEADER, orgCodeCheckChar } from '@qi/shared';
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { describeE2E, shown, useE2E } from './support';

const e2e = useE2E();

const NAME = '海南自由贸易港国际质量技术服务与计量检测认证研究院有限责任公司（海口江东新区分院）';

function creditCode() {
  const org8 = `EA${String(Date.now() % 1_000_000).padStart(6, '0')}`;
  const first17 = `91460100${org8}${orgCodeCheckChar(org8)}`;
  return first17 + creditCodeCheckChar(first17);
}

async function must(method: string, path: string, token: string, body?: unknown, status = 200, headers?: Record<string, string>) {
  const r = await e2e.api.request(method, path, { token, body, headers });
  expect(r.status, `${method} ${path}: ${JSON.stringify(r.body)}`).toBe(status);
  return r.body;
}

/** Waits until the page at `selector` has slid fully into view (Taro's H5 page transition). */
async function settled(page: Page, selector: string) {
  await expect.poll(async () => (await page.locator(selector).last().boundingBox())?.x, { timeout: 10_000 }).toBe(0);
}

describeE2E('dynamic evaluation', () => {
  it('lets a manager decide a suspension proposal, and the institution leaves the matches on the dispatch page', async () => {
    const mgr = await e2e.api.login('manager');
    const ent = await e2e.api.login('enterprise');
    const spec = await e2e.api.login('specialist');
    const inst = await must(
      'POST',
      '/api/manage/institutions',
      mgr,
      {
        name: NAME,
        creditCode: creditCode(),
        categories: ['metrology'],
        items: ['metrology.verification_calibration'],
        region: '海口市',
        address: '海口市美兰区江东新区琼山大道 1 号',
        agreementDate: null,
        status: 'active',
        qualifications: [],
        contact: { name: '陈海燕', phone: '13800001234' },
      },
      201,
    );
    // Three complaints against it, each investigated and found 属实.
    for (let i = 0; i < 3; i++) {
      const c = await must(
        'POST',
        '/api/complaints',
        ent,
        { targetKind: 'provider', targetId: inst.id, content: `第 ${i + 1} 次：检定证书出具比承诺晚了一周，影响了产品出厂。` },
        201,
        { [IDEMPOTENCY_HEADER]: `e2e-eval-${Date.now()}-${i}` },
      );
      let v = c.version;
      v = (await must('POST', `/api/complaints/${c.id}/actions`, mgr, { action: 'acknowledge', version: v })).version;
      v = (await must('POST', `/api/complaints/${c.id}/actions`, mgr, { action: 'investigate', version: v, note: '已调阅办理记录' }))
        .version;
      await must('POST', `/api/complaints/${c.id}/actions`, mgr, {
        action: 'resolve',
        version: v,
        outcome: '投诉属实，已约谈整改',
        upheld: true,
      });
    }
    // A metrology need the specialist has accepted, ready to dispatch.
    const need = await must(
      'POST',
      '/api/needs',
      ent,
      {
        title: '生产线电子秤和压力表检定校准',
        description: '生产线上的电子秤和压力表需要检定校准，希望尽快安排。',
        categories: ['metrology'],
        items: ['metrology.verification_calibration'],
        contactName: '林晓华',
        contactPhone: '13876543210',
      },
      201,
      { [IDEMPOTENCY_HEADER]: `e2e-eval-need-${Date.now()}` },
    );
    await must('POST', `/api/needs/${need.id}/actions`, spec, { action: 'accept', version: need.version });

    // Before: the specialist's dispatch page offers the institution.
    const desk = await e2e.phone({ signedInAs: 'specialist' });
    const sp = desk.page;
    await e2e.open(sp, `/packageStaff/pages/dispatch/index?id=${need.id}`);
    const match = sp.locator(`[data-match-id="${inst.id}"]`);
    await expect.poll(() => match.count(), { timeout: 30_000 }).toBe(1);
    await expect.poll(() => match.getByText('动态评价（近 12 个月）暂无可计算的服务记录').count()).toBe(1);
    await desk.shots.take(sp, '派单-暂停前');

    // The manager makes the proposals and decides the suspension with a reason.
    const manager = await e2e.phone({ signedInAs: 'manager' });
    const mp = manager.page;
    await e2e.open(mp, '/packageManage/pages/evaluation/proposals?state=pending');
    const runButton = shown(mp).locator('.proposals__head .nut-button', { hasText: '立即评价' });
    await expect.poll(() => runButton.count(), { timeout: 30_000 }).toBe(1);
    await runButton.tap();
    const card = shown(mp).locator(`[data-proposal][data-subject="${inst.id}"]`);
    await expect.poll(() => card.count(), { timeout: 20_000 }).toBe(1);
    await expect.poll(() => card.getByText('暂停派单：有效投诉 3 件，达到 3 件').count()).toBe(1);
    await settled(mp, '.proposals');
    await manager.shots.take(mp, '评价建议-390');
    // The reason is required: submitting without one says so and changes nothing.
    await card.getByText('采纳', { exact: true }).tap();
    await card.locator('.nut-button', { hasText: '提交决定' }).tap();
    await expect.poll(() => card.locator('[data-field="reason"] .field__error').count(), { timeout: 10_000 }).toBe(1);
    await mp.setViewportSize({ width: 320, height: 900 });
    await manager.shots.take(mp, '评价建议-缺理由-320');
    await card.locator('[data-field="reason"] textarea').fill('近一年三次投诉经调查属实，暂停派单并限期整改，整改验收后再议恢复。');
    await card.locator('.nut-button', { hasText: '提交决定' }).tap();
    await expect.poll(() => shown(mp).locator(`[data-proposal][data-subject="${inst.id}"]`).count(), { timeout: 20_000 }).toBe(0);
    await manager.shots.take(mp, '评价建议-已决定-320');

    const managed = await must('GET', `/api/manage/institutions/${inst.id}`, mgr);
    expect(managed.status).toBe('suspended');

    // The subject's page shows the figures, the evidence and the decision kept.
    await e2e.open(mp, `/packageManage/pages/evaluation/subject?kind=institution&id=${inst.id}`);
    await expect.poll(() => shown(mp).getByText('暂停派单 · 已采纳').count(), { timeout: 20_000 }).toBe(1);
    await shown(mp).locator('[data-figure="complaints"]').tap();
    await expect.poll(() => shown(mp).locator('[data-evidence="complaints"] [data-met="yes"]').count(), { timeout: 15_000 }).toBe(3);
    await manager.shots.take(mp, '评价详情-320');
    await mp.setViewportSize({ width: 390, height: 844 });
    await manager.shots.take(mp, '评价详情-390');

    // After: the institution is gone from the matches on the dispatch page.
    await sp.reload();
    await expect.poll(() => sp.locator('[data-match-id]').count(), { timeout: 30_000 }).toBeGreaterThan(0);
    expect(await sp.locator(`[data-match-id="${inst.id}"]`).count()).toBe(0);
    await desk.shots.take(sp, '派单-暂停后');

    // The supervisor reads the same pages: no 立即评价, no decision form, no editable threshold.
    const sup = await e2e.phone({ signedInAs: 'supervisor' });
    const vp = sup.page;
    await e2e.open(vp, '/packageManage/pages/evaluation/proposals');
    await expect.poll(() => shown(vp).locator(`[data-proposal][data-subject="${inst.id}"]`).count(), { timeout: 30_000 }).toBe(1);
    expect(await shown(vp).locator('.proposals__head .nut-button').count()).toBe(0);
    expect(await shown(vp).locator('.proposals__form').count()).toBe(0);
    await sup.shots.take(vp, '监管-评价建议');
    await e2e.open(vp, '/packageManage/pages/evaluation/thresholds');
    await expect.poll(() => shown(vp).getByText('评价阈值由运营管理人员设置，这里可以查看当前阈值。').count(), { timeout: 20_000 }).toBe(1);
    expect(await shown(vp).locator('.thresholds input').count()).toBe(0);
    await sup.shots.take(vp, '监管-评价阈值');
    await e2e.open(vp, '/packageManage/pages/evaluation/index');
    await expect.poll(() => shown(vp).locator(`[data-subject="${inst.id}"]`).count(), { timeout: 20_000 }).toBe(1);
    await vp.setViewportSize({ width: 320, height: 900 });
    await sup.shots.take(vp, '监管-评价排行-320');
  });
});
