import { chromium } from 'playwright-core';
const base = `http://127.0.0.1:${process.argv[2]}`;
const out = '/tmp/cal-shots';
const post = async (path: string, body: unknown, token?: string, method = 'POST', extra: Record<string, string> = {}) => {
  const r = await fetch(base + path, { method, headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...extra }, body: JSON.stringify(body) });
  return { status: r.status, body: await r.json() };
};
const token = async (persona: string) => (await post('/api/auth/dev', { persona })).body.token as string;
const mgr = await token('manager');
const ent = await token('enterprise');
const spec = await token('specialist');
const need = await post('/api/needs', { title: '椰子汁产品出口东盟检测项目和标准要求咨询（跨年）', description: '我司椰子汁准备出口东盟，需要了解检测项目。', categories: ['testing'], contactName: '林晓华', contactPhone: '13876543210', desiredReplyBy: '2027-01-08' }, ent, 'POST', { 'Idempotency-Key': `shot-${Date.now()}` });
const cur = await (await fetch(`${base}/api/needs/${need.body.id}`, { headers: { authorization: `Bearer ${spec}` } })).json();
await post(`/api/needs/${need.body.id}/actions`, { action: 'accept', version: cur.version }, spec);
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
for (const width of [320, 390]) {
  for (const [who, tok, url, name, sel] of [
    ['manager', mgr, '/#/packageManage/pages/calendar/index', 'calendar', '.calendar-page[data-year]'],
    ['manager', mgr, '/#/packageStaff/pages/inbox/index', 'inbox', '[data-reminder-year]'],
    ['enterprise', ent, `/#/pages/need-detail/index?id=${need.body.id}`, 'need', '[data-provisional]'],
    ['supervisor', await token('supervisor'), '/#/packageManage/pages/calendar/index', 'calendar-sup', '.calendar-page[data-year]'],
  ] as const) {
    const ctx = await browser.newContext({ viewport: { width, height: 2600 }, deviceScaleFactor: 1, isMobile: true, hasTouch: true, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    await ctx.addInitScript(([k, v]) => window.localStorage.setItem(k, v), ['qi.token', JSON.stringify({ data: tok })]);
    const page = await ctx.newPage();
    await page.goto(base + url);
    await page.waitForSelector(sel, { timeout: 20000 }).catch((e) => console.log(name, width, String(e).slice(0, 200)));
    await page.waitForTimeout(800);
    await page.screenshot({ path: `${out}/${name}-${width}.png`, fullPage: true });
    if (name === 'calendar' && width === 320) {
      // import a holiday-cn draft of 2027 and look at the month view
      const file = { year: 2027, papers: [], days: [
        ...['01', '02', '03'].map((d) => ({ name: '元旦', date: `2027-01-${d}`, isOffDay: true })),
        ...['05','06','07','08','09','10','11','12','13'].map((d) => ({ name: '春节', date: `2027-02-${d}`, isOffDay: true })),
        { name: '春节', date: '2027-02-20', isOffDay: false },
      ] };
      await page.locator('[data-field="import"] textarea, textarea[data-field="import"]').first().fill(JSON.stringify(file));
      await page.locator('.nut-button', { hasText: /^导入$/ }).tap();
      await page.waitForTimeout(1000);
      await page.locator('.nut-button', { hasText: '下月' }).tap();
      await page.waitForTimeout(300);
      await page.screenshot({ path: `${out}/calendar-imported-${width}.png`, fullPage: true });
    }
    await ctx.close();
  }
}
await browser.close();
