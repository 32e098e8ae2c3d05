// Staff accounts in the browser, from nothing: a manager registers an
// institution with its qualification through the directory's pages, invites
// its staff member from 员工账号 and hands over the one-time code; the staff
// member signs in with WeChat for the first time (a fresh account, through
// the WeChat stand-in), binds the code on 绑定邀请码 and accepts the task a
// specialist dispatches to the new institution. Screenshots at 390 and 320 px.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { APP_ID, APP_SECRET, WechatStandIn } from '../support/wechat-stand-in';
import { describeE2E, shown, tap, tapText, useE2E, visible } from './support';

const wx = new WechatStandIn();
beforeAll(() => wx.start());
afterAll(() => wx.stop());
const e2e = useE2E({ env: () => ({ WECHAT_APP_ID: APP_ID, WECHAT_APP_SECRET: APP_SECRET, WECHAT_API_BASE_URL: wx.baseUrl }) });

const INSTITUTION = '海南椰城精密计量检测技术服务有限公司（三亚分公司）';
const CREDIT_CODE = '91460200MA5T8H3R2G';

/** The text box of a field on the shown page. */
const box = (page: Page, field: string, nth = 0) => shown(page).locator(`[data-field="${field}"] input`).nth(nth);
async function fill(page: Page, field: string, value: string, nth = 0) {
  const input = await visible(box(page, field, nth));
  await input.fill(value);
}
/** An option (checkbox, radio) inside a field, by its label. */
const option = (page: Page, field: string, label: string) =>
  tap(shown(page).locator(`[data-field="${field}"]`).getByText(label, { exact: true }).first());

/** Taro's H5 showModal: tap its 确定. */
async function confirmModal(page: Page) {
  const ok = page.locator('.taro-model__confirm');
  await expect.poll(() => ok.isVisible(), { timeout: 10_000 }).toBe(true);
  await ok.click();
}

/** A screenshot at 390 px (the phone) and one at 320 px (the narrowest phone). */
async function bothWidths(page: Page, shots: { take(page: Page, name: string): Promise<unknown> }, name: string) {
  await shots.take(page, `${name}-390`);
  await page.setViewportSize({ width: 320, height: 700 });
  await shots.take(page, `${name}-320`);
  await page.setViewportSize({ width: 390, height: 844 });
}

describeE2E('staff accounts', () => {
  it('registers an institution, invites its staff member, who binds the code after a first WeChat sign-in and accepts a task', async () => {
    // ---- the manager registers the institution with a qualification
    const manager = await e2e.phone({ signedInAs: 'manager' });
    const mp = manager.page;
    await e2e.open(mp, '/packageManage/pages/institutions/edit');
    await fill(mp, 'name', INSTITUTION);
    await fill(mp, 'creditCode', CREDIT_CODE);
    await fill(mp, 'region', '三亚市');
    await fill(mp, 'address', '三亚市吉阳区迎宾路 188 号椰城科技园 3 号楼 5 层');
    await fill(mp, 'contact', '符海燕');
    await fill(mp, 'contact.phone', '13907654321');
    await option(mp, 'categories', '计量');
    await option(mp, 'items', '计量器具检定校准');
    await tapText(mp, '添加资质');
    await fill(mp, 'qualifications.0.number', '（琼）法计（2025）46021号');
    await fill(mp, 'qualifications.0.validity', '2025-01-01', 0);
    await fill(mp, 'qualifications.0.validity', '2030-12-31', 1);
    await option(mp, 'qualifications.0.items', '计量器具检定校准');
    await manager.shots.take(mp, '新增机构');
    await tapText(mp, '登记机构');
    await expect.poll(() => mp.locator('.inst-edit[data-version="1"]').count(), { timeout: 20_000 }).toBeGreaterThan(0);
    const mgr = await e2e.api.login('manager');
    const listed = await e2e.api.request('GET', '/api/manage/institutions', { token: mgr });
    const inst = (listed.body as { id: string; name: string; qualifications: { number: string }[] }[]).find((i) => i.name === INSTITUTION)!;
    expect(inst.qualifications.map((q) => q.number)).toEqual(['（琼）法计（2025）46021号']);

    // ---- 员工账号 → 邀请员工: a provider account of that institution
    await e2e.open(mp, '/packageManage/pages/staff/index');
    await visible(shown(mp).getByText(/员工账号 \d+ 个/));
    await bothWidths(mp, manager.shots, '员工账号');
    await tapText(mp, '邀请员工');
    await fill(mp, 'note', '王建华 · 椰城精密计量检测三亚分公司业务室主任');
    await option(mp, 'roles', '服务机构/专家');
    const search = await visible(shown(mp).locator('[data-field="institutionId"] input').first());
    await search.fill('椰城精密');
    await tap(shown(mp).locator('[data-field="institutionId"]').getByText(INSTITUTION, { exact: true }));
    await manager.shots.take(mp, '邀请员工');
    await tapText(mp, '生成绑定码');
    const codeText = await visible(shown(mp).locator('.invitation-code__code'));
    const code = (await codeText.textContent())!.trim();
    expect(code).toMatch(/^[A-HJ-NP-Z2-9]{5}-[A-HJ-NP-Z2-9]{5}$/);
    // The QR carries the bind page's address with this code.
    const qr = await visible(shown(mp).locator('[data-testid="invitation-qr"]'));
    expect(await qr.evaluate((el) => getComputedStyle(el).backgroundImage)).toMatch(/^url\("data:image\/svg\+xml;base64,/);
    await bothWidths(mp, manager.shots, '绑定码');

    // ---- the staff member: a first WeChat sign-in, then 绑定邀请码
    wx.sessions.set('e2e-staff-first-login', { openid: 'o-e2e-staff-member', session_key: 'sk' });
    const login = await e2e.api.request('POST', '/api/auth/wechat', { body: { code: 'e2e-staff-first-login' } });
    expect(login.status).toBe(200);
    expect(login.body.user.roles).toEqual(['enterprise']);
    const member = await e2e.phone({ token: login.body.token });
    const sp = member.page;
    await e2e.open(sp, '/packageAccount/pages/bind/index');
    await fill(sp, 'code', code.toLowerCase());
    await bothWidths(sp, member.shots, '绑定邀请码');
    await tapText(sp, '绑定');
    await visible(shown(sp).getByText('绑定成功'));
    await visible(shown(sp).getByText(INSTITUTION));
    await bothWidths(sp, member.shots, '绑定成功');

    // The manager's list now shows the account with its institution; the invitation is used.
    const staff = await e2e.api.request('GET', '/api/manage/staff', { token: mgr });
    expect(staff.body).toContainEqual(
      expect.objectContaining({ id: login.body.user.id, roles: ['provider'], institution: { id: inst.id, name: INSTITUTION } }),
    );

    // ---- a specialist dispatches a need to the new institution
    const title = `计量器具检定-${Date.now().toString(36)}`;
    const ent = await e2e.api.login('enterprise');
    const created = await e2e.api.request('POST', '/api/needs', {
      token: ent,
      headers: { 'Idempotency-Key': `e2e-staff-${Date.now()}` },
      body: {
        title,
        description: '车间的电子天平和压力表到期，需要检定校准并出具证书。',
        categories: ['metrology'],
        items: ['metrology.verification_calibration'],
        contactName: '林晓华',
        contactPhone: '13876543210',
      },
    });
    expect(created.status).toBe(201);
    const spec = await e2e.api.login('specialist');
    const accepted = await e2e.api.request('POST', `/api/needs/${created.body.id}/actions`, {
      token: spec,
      body: { action: 'accept', version: created.body.version },
    });
    const dispatched = await e2e.api.request('POST', `/api/needs/${created.body.id}/actions`, {
      token: spec,
      body: { action: 'dispatch', version: accepted.body.version, assignees: [{ institutionId: inst.id }] },
    });
    expect(dispatched.status, JSON.stringify(dispatched.body)).toBe(200);

    // ---- the new staff member accepts it from the workbench
    await tapText(sp, '进入工作台');
    const task = shown(sp).locator('[data-task-id]', { hasText: title });
    await expect.poll(() => task.count(), { timeout: 30_000 }).toBeGreaterThan(0);
    await member.shots.take(sp, '我的任务');
    await tap(task.first());
    const taskState = () => sp.locator('[data-task-state]').getAttribute('data-task-state');
    await expect.poll(taskState, { timeout: 15_000 }).toBe('assigned');
    await tap(shown(sp).locator('[data-action="accept"]'));
    await confirmModal(sp);
    await expect.poll(taskState, { timeout: 15_000 }).toBe('accepted');
    await member.shots.take(sp, '已接单');

    const seen = await e2e.api.request('GET', `/api/needs/${created.body.id}`, { token: spec });
    expect(seen.body.tasks).toMatchObject([{ state: 'accepted', assignee: { id: inst.id, name: INSTITUTION } }]);

    // ---- the manager reads the account's audit: the invitation bound, by the staff member
    await e2e.open(mp, `/packageManage/pages/staff-audit/index?userId=${login.body.user.id}`);
    await visible(shown(mp).locator('[data-change="bind"]'));
    await bothWidths(mp, manager.shots, '变更记录');
  });

  it('lets an enterprise’s first member invite a colleague, who then sees the enterprise’s needs', async () => {
    const owner = await e2e.phone({ signedInAs: 'enterprise' });
    const op = owner.page;
    await e2e.open(op, '/packageAccount/pages/members/index');
    await visible(shown(op).getByText(/企业成员 \d+ 人/));
    await fill(op, 'note', '财务部 周晓敏（负责检测费用报销与发票）');
    await tapText(op, '生成绑定码');
    const code = (await (await visible(shown(op).locator('.invitation-code__code'))).textContent())!.trim();
    await bothWidths(op, owner.shots, '同事绑定码');

    wx.sessions.set('e2e-colleague-first-login', { openid: 'o-e2e-colleague', session_key: 'sk' });
    const login = await e2e.api.request('POST', '/api/auth/wechat', { body: { code: 'e2e-colleague-first-login' } });
    const colleague = await e2e.phone({ token: login.body.token });
    const cp = colleague.page;
    await e2e.open(cp, `/packageAccount/pages/bind/index?code=${encodeURIComponent(code)}`);
    await tapText(cp, '绑定');
    await visible(shown(cp).getByText('绑定成功'));
    await tapText(cp, '查看企业的需求');
    await expect.poll(() => shown(cp).locator('[data-need-id]').count(), { timeout: 30_000 }).toBeGreaterThan(0);
    await colleague.shots.take(cp, '同事看到企业的需求');

    await tapText(op, '完成');
    await visible(shown(op).getByText(/企业成员 2 人/));
    await bothWidths(op, owner.shots, '企业成员');
  });
});
