// 一次一评 and complaints on the real H5 build in Chromium: a window-served
// enterprise rates through the one-time link the specialist issued (no
// sign-in), the link then says it is used; the window receipt carries the
// link from intake, which waits for the service, then rates once; the
// complaint stepper marks where the complaint stands and the complainant
// answers the outcome. At 320 and 390 px with the longest titles; screenshots
// go to test-artifacts/.
import { expect, it } from 'vitest';
import { describeE2E, shown, tap, useE2E, visible } from './support';

const e2e = useE2E();

const SENTENCE = '窗口办理的电子计量器具检定校准及出口东盟检测项目咨询，';
const chinese = (length: number) => SENTENCE.repeat(Math.ceil(length / SENTENCE.length)).slice(0, length);

/** A need of the first enterprise with the longest title, answered (completed) by the center's specialist. */
async function completedNeed() {
  const token = await e2e.api.login('enterprise');
  const created = await e2e.api.request('POST', '/api/needs', {
    token,
    headers: { 'Idempotency-Key': `e2e-${Date.now()}-${Math.random().toString(36).slice(2)}` },
    body: { title: chinese(60), description: chinese(300), categories: ['metrology'], contactName: '林晓华', contactPhone: '13876543210' },
  });
  expect(created.status).toBe(201);
  const done = await e2e.api.request('POST', `/api/needs/${created.body.id}/actions`, {
    token: await e2e.api.login('specialist'),
    body: { action: 'answer', version: 1, answer: '已电话告知检定流程、所需材料和收费标准。' },
  });
  expect(done.status).toBe(200);
  return done.body as { id: string; number: string; title: string };
}

async function issuedLink(needId: string) {
  const r = await e2e.api.request('POST', `/api/needs/${needId}/rating-link`, { token: await e2e.api.login('specialist'), body: {} });
  expect(r.status).toBe(201);
  return r.body as { token: string; url: string };
}

/** The page's content is no wider than the phone: nothing runs off to the side. */
const fitsWidth = (page: import('playwright-core').Page) =>
  page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1);

/** The stepper's titles and times that are cut off (drawn past the phone's edge or clipped in their box). */
const clippedSteps = (page: import('playwright-core').Page) =>
  shown(page).evaluate((root) =>
    Array.from(root.querySelectorAll('.complaint-step .nut-step-title, .complaint-step .nut-step-description'))
      .filter((el) => {
        const r = el.getBoundingClientRect();
        return r.right > window.innerWidth + 1 || r.left < -1 || el.scrollWidth > el.clientWidth + 1;
      })
      .map((el) => el.textContent ?? ''),
  );

describeE2E('一次一评 and the complaint steps on H5', () => {
  for (const width of [320, 390]) {
    it(`rates through the one-time link without signing in, once (${width} px)`, async () => {
      const need = await completedNeed();
      const link = await issuedLink(need.id);
      expect(link.url).toContain(`#/pages/rate-link/index?t=${link.token}`);
      const { page, shots } = await e2e.phone();
      await page.setViewportSize({ width, height: 844 });
      await e2e.open(page, `/pages/rate-link/index?t=${link.token}`);
      await visible(shown(page).getByText(`${need.number} · ${need.title}`));
      for (const q of ['timeliness', 'professionalism', 'courtesy', 'overall']) {
        await tap(shown(page).locator(`[data-field="${q}"]`).getByText('满意', { exact: true }));
      }
      await tap(shown(page).locator('[data-field="resolved"]').getByText('否', { exact: true }));
      await visible(shown(page).getByText('哪里没有做好？'));
      await (await visible(shown(page).locator('[data-field="comment"] textarea'))).fill(chinese(900));
      expect(await fitsWidth(page)).toBe(true);
      await shots.take(page, `评价链接-${width}px`);
      await tap(shown(page).getByText('提交评价'));
      await visible(shown(page).getByText('感谢您的评价'));
      await shots.take(page, `评价链接-已评价-${width}px`);

      await page.reload();
      await visible(shown(page).getByText('评价链接已使用'));
      await shots.take(page, `评价链接-已使用-${width}px`);
      const rated = await e2e.api.request('GET', `/api/needs/${need.id}`, { token: await e2e.api.login('specialist') });
      expect(rated.body).toMatchObject({ state: 'rated', rating: { overall: 'satisfied', resolved: false } });
    });

    it(`carries the link on the window receipt: it waits for the service, then rates once (${width} px)`, async () => {
      // 窗口登记 → 受理并登记, with the longest title and a long enterprise name.
      const staff = await e2e.phone({ signedInAs: 'specialist' });
      await staff.page.setViewportSize({ width, height: 844 });
      await e2e.open(staff.page, '/packageStaff/pages/intake/index');
      const intake = shown(staff.page);
      const title = chinese(60);
      await (
        await visible(intake.locator('[data-field="enterprise"] input'))
      ).fill('海南自由贸易港椰风海韵热带农产品精深加工与进出口贸易有限责任公司');
      await intake.locator('[data-field="title"] input').fill(title);
      await tap(intake.locator('[data-field="categories"]').getByText('计量', { exact: true }));
      await intake.locator('[data-field="description"] textarea').fill(chinese(300));
      await intake.locator('[data-field="contactName"] input').fill('欧阳晓华');
      await intake.locator('[data-field="contactPhone"] input').fill('13876543210');
      await tap(intake.getByText('受理并登记', { exact: true }));

      // The receipt (the need's page) carries the link and its QR code at once.
      const card = await visible(shown(staff.page).locator('[data-rating-link="issued"]'));
      const address = (await card.locator('[data-rating-url]').getAttribute('data-rating-url'))!;
      expect(address).toMatch(/#\/pages\/rate-link\/index\?t=[A-Za-z0-9_-]{43}$/);
      const qr = await visible(card.locator('img.rating-link__qr, .rating-link__qr img').first());
      await expect.poll(() => qr.evaluate((img) => (img as HTMLImageElement).naturalWidth)).toBeGreaterThan(0);
      await visible(card.getByText(/服务完成后即可评价，办结后 \d+ 个工作日内有效/));
      await card.scrollIntoViewIfNeeded();
      expect(await fitsWidth(staff.page)).toBe(true);
      await staff.shots.take(staff.page, `回执-评价码-${width}px`);
      const token = new URLSearchParams(address.slice(address.indexOf('?') + 1)).get('t')!;
      const needId = new URL(staff.page.url().replace('#', ''), e2e.baseUrl).searchParams.get('id')!;

      // Opened before the service is completed: the number and state, no form, no error.
      const { page, shots } = await e2e.phone();
      await page.setViewportSize({ width, height: 844 });
      await e2e.open(page, `/pages/rate-link/index?t=${token}`);
      const waiting = await visible(shown(page).locator('[data-waiting="accepted"]'));
      await visible(waiting.getByText('服务完成后可通过此码评价'));
      const need = (await e2e.api.request('GET', `/api/needs/${needId}`, { token: await e2e.api.login('specialist') })).body;
      await visible(waiting.getByText(need.number, { exact: true }));
      await visible(waiting.getByText('当前状态：已受理'));
      expect(await shown(page).getByText('提交评价').count()).toBe(0);
      expect(await fitsWidth(page)).toBe(true);
      await shots.take(page, `评价链接-服务完成前-${width}px`);

      // The specialist completes the need; the same link now rates, once.
      const done = await e2e.api.request('POST', `/api/needs/${needId}/actions`, {
        token: await e2e.api.login('specialist'),
        body: { action: 'answer', version: need.version, answer: '已当场告知检定流程、所需材料和收费标准。' },
      });
      expect(done.status).toBe(200);
      await page.reload();
      await visible(shown(page).getByText(`${need.number} · ${title}`));
      for (const q of ['timeliness', 'professionalism', 'courtesy', 'overall']) {
        await tap(shown(page).locator(`[data-field="${q}"]`).getByText('非常满意', { exact: true }));
      }
      await tap(shown(page).locator('[data-field="resolved"]').getByText('是', { exact: true }));
      await tap(shown(page).getByText('提交评价'));
      await visible(shown(page).getByText('感谢您的评价'));
      await page.reload();
      await visible(shown(page).getByText('评价链接已使用'));
      await shots.take(page, `评价链接-回执-已使用-${width}px`);
      const again = await e2e.api.request('POST', `/api/rating-links/${token}/rating`, {
        headers: { 'Idempotency-Key': `e2e-again-${Math.random().toString(36).slice(2)}` },
        body: { timeliness: 'average', professionalism: 'average', courtesy: 'average', overall: 'average', resolved: true },
      });
      expect(again.status).toBe(410);
      const rated = await e2e.api.request('GET', `/api/needs/${needId}`, { token: await e2e.api.login('specialist') });
      expect(rated.body).toMatchObject({ state: 'rated', rating: { overall: 'very_satisfied', resolved: true } });
    });

    it(`lets the specialist issue the link with its QR code on the need page (${width} px)`, async () => {
      const need = await completedNeed();
      const { page, shots } = await e2e.phone({ signedInAs: 'specialist' });
      await page.setViewportSize({ width, height: 844 });
      await e2e.open(page, `/packageStaff/pages/need/index?id=${need.id}`);
      await tap(await visible(shown(page).locator('.rating-link .nut-button', { hasText: '生成评价码' })));
      const url = await visible(shown(page).locator('[data-rating-url]'));
      expect(await url.getAttribute('data-rating-url')).toMatch(/#\/pages\/rate-link\/index\?t=[A-Za-z0-9_-]{43}$/);
      const qr = await visible(shown(page).locator('img.rating-link__qr, .rating-link__qr img').first());
      await expect.poll(() => qr.evaluate((img) => (img as HTMLImageElement).naturalWidth)).toBeGreaterThan(0);
      await url.scrollIntoViewIfNeeded();
      expect(await fitsWidth(page)).toBe(true);
      await shots.take(page, `评价码-${width}px`);
    });

    it(`marks the complaint's current step, links its need, and takes the complainant's answer (${width} px)`, async () => {
      const need = await completedNeed();
      const ent = await e2e.api.login('enterprise');
      const filed = await e2e.api.request('POST', '/api/complaints', {
        token: ent,
        headers: { 'Idempotency-Key': `e2e-c-${Date.now()}-${Math.random().toString(36).slice(2)}` },
        body: { needId: need.id, targetKind: 'need', content: chinese(2000) },
      });
      expect(filed.status).toBe(201);
      const mgr = await e2e.api.login('manager');
      let v = filed.body.version as number;
      for (const body of [{ action: 'acknowledge' }, { action: 'investigate', note: chinese(2000) }]) {
        v = (await e2e.api.request('POST', `/api/complaints/${filed.body.id}/actions`, { token: mgr, body: { ...body, version: v } })).body
          .version;
      }
      const { page, shots } = await e2e.phone({ signedInAs: 'enterprise' });
      await page.setViewportSize({ width, height: 844 });
      await e2e.open(page, `/pages/complaint/index?id=${filed.body.id}`);
      const current = await visible(shown(page).locator('.nut-step-process.complaint-step--process'));
      await visible(current.getByText('调查中（当前）'));
      expect(await shown(page).locator('.nut-step-finish').count()).toBe(2);
      await visible(shown(page).locator(`[data-need-link="${need.id}"]`));
      expect(await clippedSteps(page)).toEqual([]);
      expect(await fitsWidth(page)).toBe(true);
      await shots.take(page, `投诉-调查中-${width}px`);

      await e2e.api.request('POST', `/api/complaints/${filed.body.id}/actions`, {
        token: mgr,
        body: { action: 'resolve', version: v, outcome: chinese(2000) },
      });
      await page.reload();
      const form = await visible(shown(page).locator('.complaint-feedback-form'));
      await tap(form.getByText('不满意', { exact: true }));
      await (await visible(form.locator('[data-field="note"] textarea'))).fill(chinese(500));
      await form.scrollIntoViewIfNeeded();
      expect(await fitsWidth(page)).toBe(true);
      await shots.take(page, `投诉-评价处理结果-${width}px`);
      await tap(form.getByText('提交评价'));
      const given = await visible(shown(page).locator('[data-feedback="dissatisfied"]'));
      await given.scrollIntoViewIfNeeded();
      expect(await clippedSteps(page)).toEqual([]);
      await shots.take(page, `投诉-不满意-${width}px`);
    });
  }
});
