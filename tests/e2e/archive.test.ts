// 档案管理 in Chromium on the H5 build: a need run through its life over the
// API, then a manager finds it by its number in the archive search, opens its
// archive (一项一档) and downloads the PDF, which is parsed back; the
// enterprise's dossier and the enterprise's own download button; screenshots
// at 390 and 320 CSS px wide with long Chinese content (test-artifacts/).
import { readFile } from 'node:fs/promises';
import { PDFParse } from 'pdf-parse';
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { describeE2E, shown, tap, useE2E, visible } from './support';

const e2e = useE2E();

const TITLE = '椰子汁及椰子粉系列产品出口东盟市场所需检验检测项目、标准与认证流程的综合咨询服务';
const DESCRIPTION =
  '我司主要生产椰子汁、椰子粉和椰奶饮料，年产量约两万吨，计划明年进入越南、泰国和马来西亚市场。需要了解各国对植物蛋白饮料的理化、微生物和重金属检测要求，适用的国家标准与国际标准差异，以及出口所需的认证和检验检疫流程，希望能提供一份完整的检测方案和时间安排。';
const RESULT =
  '已出具出口东盟检测方案：涵盖蛋白质、脂肪、总糖等理化指标，菌落总数、大肠菌群等微生物指标及铅、砷等重金属指标，并附各国标准对照表与送检时间安排。';

async function needThroughItsLife() {
  const ent = await e2e.api.login('enterprise');
  const spec = await e2e.api.login('specialist');
  const prov = await e2e.api.login('provider');
  const act = async (n: { id: string; version: number }, body: Record<string, unknown>) => {
    const r = await e2e.api.request('POST', `/api/needs/${n.id}/actions`, { token: spec, body: { version: n.version, ...body } });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return r.body;
  };
  const created = await e2e.api.request('POST', '/api/needs', {
    token: ent,
    headers: { 'Idempotency-Key': `archive-e2e-${Date.now()}` },
    body: {
      title: TITLE,
      description: DESCRIPTION,
      categories: ['testing', 'certification'],
      contactName: '欧阳晓华',
      contactPhone: '13876543210',
    },
  });
  expect(created.status).toBe(201);
  let n = await act(created.body, { action: 'accept' });
  const matches = await e2e.api.request('GET', `/api/needs/${n.id}/matches`, { token: spec });
  const institutionId = (await e2e.api.request('GET', '/api/me', { token: prov })).body.institution.id;
  expect(matches.status).toBe(200);
  n = await act(n, { action: 'dispatch', assignees: [{ institutionId }] });
  let task = n.tasks[0];
  let r = await e2e.api.request('POST', `/api/tasks/${task.id}/actions`, {
    token: prov,
    body: { action: 'accept', version: task.version },
  });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  task = r.body.tasks.find((t: { id: string }) => t.id === task.id);
  r = await e2e.api.request('POST', `/api/tasks/${task.id}/actions`, {
    token: prov,
    body: { action: 'done', version: task.version, result: RESULT },
  });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  n = await act(r.body, { action: 'complete', result: RESULT });
  return { need: n as { id: string; number: string; enterprise: { id: string } }, ent };
}

async function noOverflow(page: Page) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
}

describeE2E('档案管理', () => {
  it("lets a manager find a need's archive by its number and download its PDF", async () => {
    const { need } = await needThroughItsLife();
    const phone = await e2e.phone({ signedInAs: 'manager' });
    const page = phone.page;
    await e2e.open(page, '/packageArchive/pages/search/index');
    const number = await visible(shown(page).locator('.archive-search__input input').first());
    await number.fill(need.number);
    await tap(shown(page).getByText('检索', { exact: true }));
    await visible(shown(page).locator(`[data-archive="${need.number}"]`));
    await phone.shots.take(page, '档案检索-390');
    await tap(shown(page).locator(`[data-archive="${need.number}"]`));

    await visible(shown(page).getByText('需求登记表'));
    await visible(shown(page).getByText(RESULT).first());
    await phone.shots.take(page, '需求档案-390');
    await page.setViewportSize({ width: 320, height: 720 });
    await phone.shots.take(page, '需求档案-320');
    await noOverflow(page);

    const [download] = await Promise.all([page.waitForEvent('download'), tap(shown(page).getByText('下载PDF'))]);
    expect(download.suggestedFilename()).toBe(`需求档案-${need.number}.pdf`);
    const file = await download.path();
    const bytes = await readFile(file!);
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    const text = (await new PDFParse({ data: new Uint8Array(bytes) }).getText()).text.replace(/\s+/g, '');
    expect(text).toContain(need.number);
    expect(text).toContain('需求登记表');
    expect(text).toContain(RESULT.slice(0, 20));

    // The manager records the periodic review (复查) against the archive.
    await (
      await visible(shown(page).locator('[data-field="findings"] textarea'))
    ).fill('登记表、过程记录、服务报告齐全；待企业评价后归档。');
    await tap(shown(page).getByText('登记复查', { exact: true }).last());
    await visible(shown(page).locator('[data-review]'));
    await phone.shots.take(page, '档案复查-320');

    // The enterprise's dossier, from the archive's enterprise name.
    await tap(shown(page).locator('.need-archive__link'));
    await visible(shown(page).locator(`[data-need="${need.number}"]`));
    await phone.shots.take(page, '企业档案-320');
    await noOverflow(page);
  });

  it("gives the enterprise a download of its own need's archive on the need page", async () => {
    const { need } = await needThroughItsLife();
    const phone = await e2e.phone({ signedInAs: 'enterprise' });
    const page = phone.page;
    await e2e.open(page, `/pages/need-detail/index?id=${need.id}`);
    await visible(shown(page).getByText('需求档案'));
    await page.setViewportSize({ width: 320, height: 720 });
    await shown(page).getByText('下载PDF').scrollIntoViewIfNeeded();
    await phone.shots.take(page, '需求详情-下载档案-320');
    const [download] = await Promise.all([page.waitForEvent('download'), tap(shown(page).getByText('下载PDF'))]);
    const bytes = await readFile((await download.path())!);
    const text = (await new PDFParse({ data: new Uint8Array(bytes) }).getText()).text.replace(/\s+/g, '');
    expect(text).toContain(need.number);
    expect(text).toContain('欧阳晓华');
  });
});
