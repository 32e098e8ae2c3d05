// Attachments in Chromium on the H5 build: the provider finishes its task with
// a report, 检测报告.pdf; the enterprise taps it on its need page and gets a
// new tab at the file's download link — its path ends with the file's name,
// the reply is the PDF under that name (Content-Disposition), so the browser's
// viewer and its save button keep 检测报告.pdf rather than a blob: UUID.
// Screenshots of the need page (390 and 320 px) and of the tab go to test-artifacts/.
import PDFDocument from 'pdfkit';
import type { Response } from 'playwright-core';
import { expect, it } from 'vitest';
import { describeE2E, shown, tap, useE2E, visible } from './support';

const e2e = useE2E();

const REPORT = '检测报告.pdf';
const TITLE = '椰子汁及椰子粉系列产品出口东盟市场所需理化、微生物与重金属检测项目及报告出具';
const RESULT = '已完成蛋白质、脂肪、总糖等理化指标，菌落总数、大肠菌群等微生物指标及铅、砷等重金属指标的检测，出具检测报告。';

/** A real one-page PDF (the viewer must have something to show), without a Title of its own: the viewer shows the file's name. */
function reportPdf(): Promise<Buffer> {
  return new Promise((resolve) => {
    const doc = new PDFDocument({ size: 'A4' });
    const parts: Buffer[] = [];
    doc.on('data', (b: Buffer) => parts.push(b));
    doc.on('end', () => resolve(Buffer.concat(parts)));
    doc.fontSize(28).text('Test report', 72, 96);
    doc.fontSize(14).text('Coconut milk: protein, fat, total sugar, microbiology, lead and arsenic.', 72, 150);
    doc.end();
  });
}

/** A need of the enterprise, dispatched to the provider, whose task is done with `检测报告.pdf` attached. */
async function needWithReport(pdf: Buffer) {
  const ent = await e2e.api.login('enterprise');
  const spec = await e2e.api.login('specialist');
  const prov = await e2e.api.login('provider');
  const ok = async (method: string, path: string, token: string, body: Record<string, unknown>, status = 200, headers = {}) => {
    const r = await e2e.api.request(method, path, { token, body, headers });
    expect(r.status, JSON.stringify(r.body)).toBe(status);
    return r.body;
  };
  let n = await ok(
    'POST',
    '/api/needs',
    ent,
    {
      title: TITLE,
      description: '出口东盟前需要一份完整的检测报告，请安排有资质的机构检测。',
      categories: ['testing'],
      contactName: '欧阳晓华',
      contactPhone: '13876543210',
    },
    201,
    { 'Idempotency-Key': `attachments-e2e-${Date.now()}` },
  );
  n = await ok('POST', `/api/needs/${n.id}/actions`, spec, { action: 'accept', version: n.version });
  const institutionId = (await e2e.api.request('GET', '/api/me', { token: prov })).body.institution.id;
  n = await ok('POST', `/api/needs/${n.id}/actions`, spec, { action: 'dispatch', version: n.version, assignees: [{ institutionId }] });
  const taskId: string = n.tasks[0].id;
  n = await ok('POST', `/api/tasks/${taskId}/actions`, prov, { action: 'accept', version: n.tasks[0].version });

  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(pdf)], { type: 'application/pdf' }), REPORT);
  const res = await e2e.api.fetch('/api/uploads', {
    method: 'POST',
    headers: { authorization: `Bearer ${prov}`, 'Idempotency-Key': `attachments-e2e-file-${Date.now()}` },
    body: form,
  });
  expect(res.status).toBe(201);
  const file = (await res.json()) as { id: string; name: string; url: string; size: number; mime: string };
  const version = n.tasks.find((t: { id: string }) => t.id === taskId).version as number;
  await ok('POST', `/api/tasks/${taskId}/actions`, prov, {
    action: 'done',
    version,
    result: RESULT,
    attachments: [{ name: file.name, url: file.url, size: file.size, mime: file.mime }],
  });
  return { needId: n.id as string, file };
}

describeE2E('attachments on H5', () => {
  it('opens the provider’s 检测报告.pdf for the enterprise in a new tab whose address and reply keep its name', async () => {
    const pdf = await reportPdf();
    const { needId, file } = await needWithReport(pdf);
    const phone = await e2e.phone({ signedInAs: 'enterprise' });
    const { page, context, shots } = phone;
    await e2e.open(page, `/pages/need-detail/index?id=${needId}`);
    const item = await visible(shown(page).locator(`[data-attachment="${REPORT}"]`));
    // In the middle of the screen, clear of the bottom bar (投诉) that covers the page's last lines.
    const centre = () => item.evaluate((el) => el.scrollIntoView({ block: 'center' }));
    await centre();
    await shots.take(page, '需求详情-服务报告-390');
    await page.setViewportSize({ width: 320, height: 720 });
    await centre();
    await shots.take(page, '需求详情-服务报告-320');

    const [tab, res] = await Promise.all([
      context.waitForEvent('page', { timeout: 20_000 }),
      context.waitForEvent('response', {
        predicate: (r: Response) => new URL(r.url()).pathname.startsWith('/api/files/'),
        timeout: 20_000,
      }),
      tap(item),
    ]);

    // The tab is at the download link: the path ends with the file's name; no session travels with it.
    await tab.waitForURL(/\/api\/files\//, { timeout: 20_000 });
    const url = new URL(tab.url());
    expect(url.pathname).toBe(`/api/files/${file.id}/${encodeURIComponent(REPORT)}`);
    expect(url.pathname.endsWith(`/${encodeURIComponent(REPORT)}`)).toBe(true);
    expect(url.searchParams.get('t')).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(res.request().headers().authorization).toBeUndefined();

    // The reply: the PDF itself, shown in place under its own name, never cached.
    expect(res.status()).toBe(200);
    const headers = await res.allHeaders();
    expect(headers['content-type']).toBe('application/pdf');
    expect(headers['content-disposition']).toBe(`inline; filename="attachment.pdf"; filename*=UTF-8''${encodeURIComponent(REPORT)}`);
    expect(headers['cache-control']).toBe('private, no-store');
    expect(headers['x-content-type-options']).toBe('nosniff');
    // (What the tab holds is Chromium's viewer page around it: the bytes, fetched again at the same link, without a session.)
    const again = await context.request.get(tab.url());
    expect(again.status()).toBe(200);
    expect((await again.body()).equals(pdf)).toBe(true);

    // The app's page is still there, the item no longer busy.
    await expect.poll(() => shown(page).locator(`[data-attachment="${REPORT}"] .attachment-list__size`).textContent()).not.toBe('打开中…');
    await tab.waitForTimeout(1500); // the viewer draws the page
    await shots.take(tab, '检测报告-新标签页');
  });
});
