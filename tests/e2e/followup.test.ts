// The improvement loop in Chromium on the H5 build: after an enterprise rated
// a need 不满意 with its problem unsolved, a manager opens 回访管理, records the
// call-back and reopens the need from the follow-up page; a rectification
// and the supervisor's read-only view are looked at too. Long Chinese text,
// at 390 and 320 CSS px wide (screenshots in test-artifacts/).
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { describeE2E, shown, tap, useE2E, visible } from './support';

const e2e = useE2E();

const TITLE = '椰子汁及椰子粉系列产品出口欧盟所需的检验检测项目、标准要求与认证流程咨询（含包装材料迁移试验）';
const COMMENT =
  '检测方案没有覆盖欧盟对食品接触材料的迁移试验要求，送检后被退回，耽误了出口排期，希望重新安排有资质的检测机构并给出完整的项目清单。';
const CALL_BACK =
  '电话回访企业质量负责人：企业确认退回原因为缺少包装材料总迁移量和特定迁移量项目，希望由具备 CNAS 资质的机构补充检测，并在两周内出具报告以赶上下一批出口船期。';
const REOPEN = '回访确认检测方案缺项，重新办理：补充食品接触材料迁移试验，安排具备资质的机构承接并跟踪至出具报告。';

/** A need of the first enterprise answered by the center's specialist and rated 不满意, 问题未解决: its follow-up's id. */
async function badlyRatedNeed(title = TITLE): Promise<{ needId: string; followUpId: string }> {
  const ent = await e2e.api.login('enterprise');
  const spec = await e2e.api.login('specialist');
  const created = await e2e.api.request('POST', '/api/needs', {
    token: ent,
    headers: { 'Idempotency-Key': `followup-e2e-${Date.now()}-${Math.random().toString(36).slice(2)}` },
    body: {
      title,
      description: '我司椰子汁和椰子粉准备出口欧盟，需要了解检测项目、标准要求和认证流程，以及包装材料需要做哪些试验。',
      categories: ['testing', 'certification'],
      contactName: '林晓华',
      contactPhone: '13876543210',
    },
  });
  expect(created.status).toBe(201);
  const n = created.body;
  const answered = await e2e.api.request('POST', `/api/needs/${n.id}/actions`, {
    token: spec,
    body: { action: 'answer', version: n.version, answer: '已电话答复检测项目和所需材料，并提供了检测机构名单。' },
  });
  expect(answered.status).toBe(200);
  const rated = await e2e.api.request('POST', `/api/needs/${n.id}/rating`, {
    token: ent,
    body: {
      timeliness: 'satisfied',
      professionalism: 'dissatisfied',
      courtesy: 'satisfied',
      overall: 'dissatisfied',
      resolved: false,
      comment: COMMENT,
    },
  });
  expect(rated.status).toBe(201);
  const mgr = await e2e.api.login('manager');
  const list = await e2e.api.request('GET', '/api/follow-ups?scope=all&state=open', { token: mgr });
  const f = list.body.items.find((x: { need: { id: string } }) => x.need.id === n.id);
  expect(f).toBeTruthy();
  return { needId: n.id, followUpId: f.id };
}

const form = (page: Page, name: 'call-back' | 'resolution') => shown(page).locator(`[data-form="${name}"]`);
const noOverflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

describeE2E('回访与整改', () => {
  it('lets a manager record the call-back and reopen the need from the follow-up page', async () => {
    const { needId, followUpId } = await badlyRatedNeed();
    const phone = await e2e.phone({ signedInAs: 'manager' });
    const page = phone.page;

    await e2e.open(page, '/packageImprove/pages/follow-ups/index?scope=all');
    const card = shown(page).locator(`[data-follow-up-id="${followUpId}"]`);
    await visible(card);
    await expect.poll(() => card.textContent()).toContain('专业性、总体评价不满意');
    await phone.shots.take(page, '回访管理-390');
    await page.setViewportSize({ width: 320, height: 720 });
    await phone.shots.take(page, '回访管理-320');
    expect(await noOverflow(page)).toBeLessThanOrEqual(0);
    await page.setViewportSize({ width: 390, height: 844 });

    await tap(card);
    await visible(form(page, 'call-back'));
    await form(page, 'call-back').locator('[data-field="note"] textarea').fill(CALL_BACK);
    await tap(form(page, 'call-back').locator('.nut-button', { hasText: '保存回访记录' }));
    await visible(shown(page).locator('[data-call-back]', { hasText: '包装材料总迁移量' }));
    await visible(form(page, 'resolution'));
    await form(page, 'resolution').locator('[data-field="note"] textarea').fill(REOPEN);
    await phone.shots.take(page, '回访处理-390');
    await page.setViewportSize({ width: 320, height: 720 });
    await phone.shots.take(page, '回访处理-320');
    expect(await noOverflow(page)).toBeLessThanOrEqual(0);
    // The toast saying the call-back was saved lies over the page for a moment: a tap under it would land on it.
    await page.getByText('回访记录已保存').waitFor({ state: 'hidden', timeout: 10_000 });
    await tap(form(page, 'resolution').locator('.nut-button', { hasText: '确认处理' }));

    await expect.poll(() => shown(page).locator('[data-follow-up-id]').getAttribute('data-state'), { timeout: 20_000 }).toBe('resolved');
    await visible(shown(page).getByText('重新办理需求'));
    await phone.shots.take(page, '回访已处理-320');
    const mgr = await e2e.api.login('manager');
    const need = await e2e.api.request('GET', `/api/needs/${needId}`, { token: mgr });
    expect(need.body.state).toBe('in_service');
  });

  it('gives the specialist 我的回访 on the workbench, with the count, on a narrow phone', async () => {
    await badlyRatedNeed();
    const phone = await e2e.phone({ signedInAs: 'specialist' });
    const page = phone.page;
    await page.setViewportSize({ width: 320, height: 720 });
    await e2e.open(page, '/packageStaff/pages/inbox/index');
    const button = shown(page).locator('.nut-button', { hasText: '我的回访' });
    await visible(button);
    // The badge with the open follow-ups wraps the button.
    await visible(shown(page).locator('.nut-badge', { hasText: '我的回访' }));
    await phone.shots.take(page, '工作台-320');
    expect(await noOverflow(page)).toBeLessThanOrEqual(0);
    await tap(button);
    await visible(shown(page).getByText('我的回访', { exact: true }));
    await visible(shown(page).locator('[data-follow-up-id]'));
    await phone.shots.take(page, '我的回访-320');
  });

  it('shows a rectification and the supervisor’s read-only, desensitised follow-up', async () => {
    const { followUpId } = await badlyRatedNeed('椰子粉出口欧盟包装材料迁移试验及检测报告出具周期咨询（第二批次）');
    const mgr = await e2e.api.login('manager');
    const cb = await e2e.api.request('POST', `/api/follow-ups/${followUpId}/call-backs`, {
      token: mgr,
      body: { version: 1, calledAt: new Date().toISOString(), method: 'visit', note: `${CALL_BACK}联系电话 13912345678。` },
    });
    expect(cb.status).toBe(200);
    const me = await e2e.api.request('GET', '/api/me', { token: await e2e.api.login('specialist') });
    const resolved = await e2e.api.request('POST', `/api/follow-ups/${followUpId}/resolution`, {
      token: mgr,
      body: {
        resolution: 'rectify',
        version: cb.body.version,
        note: '检测方案缺项属服务专员答复不完整，安排整改。',
        rectification: {
          subject: '服务专员须对照欧盟食品接触材料法规逐项复核检测项目清单，并在全中心开展一次出口检测咨询规范专项培训，培训记录归档备查。',
          responsible: { kind: 'staff', id: me.body.user.id },
          dueOn: '2099-12-31',
        },
      },
    });
    expect(resolved.status).toBe(200);

    const phone = await e2e.phone({ signedInAs: 'manager' });
    await e2e.open(phone.page, `/packageImprove/pages/rectification/index?id=${resolved.body.resolution.rectificationId}`);
    await visible(shown(phone.page).locator('[data-field="note"] textarea'));
    await phone.page.setViewportSize({ width: 320, height: 720 });
    await phone.shots.take(phone.page, '整改-320');
    expect(await noOverflow(phone.page)).toBeLessThanOrEqual(0);

    const sup = await e2e.phone({ signedInAs: 'supervisor' });
    await e2e.open(sup.page, `/packageImprove/pages/follow-up/index?id=${followUpId}`);
    await visible(shown(sup.page).getByText('处理结果'));
    const text = (await shown(sup.page).textContent()) ?? '';
    expect(text).not.toContain('13912345678');
    expect(text).not.toContain(me.body.user.name);
    expect(await shown(sup.page).locator('textarea').count()).toBe(0);
    await sup.page.setViewportSize({ width: 320, height: 720 });
    await sup.shots.take(sup.page, '监督部门回访-320');
  });
});
