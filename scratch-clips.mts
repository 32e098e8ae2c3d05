import { chromium } from 'playwright-core';
const base = `http://127.0.0.1:${process.argv[2]}`;
const shots = process.argv[3] ?? '/tmp/cal-shots';
const tok = async (persona: string) => (await (await fetch(base + '/api/auth/dev', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ persona }) })).json()).token as string;
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
const needId = process.argv[4];
for (const width of [320, 390]) {
  for (const [persona, url, name, sel] of [
    ['manager', '/#/packageManage/pages/calendar/index', 'cal', '.calendar-page[data-year]'],
    ['manager', '/#/packageStaff/pages/inbox/index', 'inbox', '[data-reminder-year]'],
    ...(needId ? [['enterprise', `/#/pages/need-detail/index?id=${needId}`, 'need', '[data-provisional]']] : []),
  ] as const) {
    const ctx = await browser.newContext({ viewport: { width, height: 2600 }, deviceScaleFactor: 1, isMobile: true, hasTouch: true, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    const t = await tok(persona);
    await ctx.addInitScript(([k, v]) => window.localStorage.setItem(k, v), ['qi.token', JSON.stringify({ data: t })]);
    const page = await ctx.newPage();
    await page.goto(base + url);
    await page.waitForSelector(sel, { timeout: 20000 }).catch(() => console.log('missing', name, width));
    await page.waitForTimeout(800);
    for (let i = 0; i < (name === 'cal' ? 3 : 1); i++) {
      await page.screenshot({ path: `${shots}/${name}-${width}-${i}.png`, clip: { x: 0, y: i * 700, width, height: 700 } });
    }
    if (name === 'cal') {
      const month = page.locator('.calendar-page__month');
      await month.screenshot({ path: `${shots}/cal-month-${width}.png` });
    }
    await ctx.close();
  }
}
await browser.close();
