// A station in the browser: an enterprise opens the address in the station's
// printed QR code, checks in, submits a need there; the station's specialist
// then sees the visitor and the need in that station's desk.
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { expect, it, onTestFinished } from 'vitest';
import { STATION_OPEN_AT } from '../support/api';
import { decodeSvg } from '../support/qr-decode';
import { describeE2E, useE2E } from './support';

const e2e = useE2E();

/** The address printed in a station's code, read back from the PNG the server draws. */
async function addressInCode(code: string): Promise<string> {
  const res = await fetch(`${e2e.baseUrl}/api/stations/${code}/qrcode.png`);
  expect(res.status).toBe(200);
  const img = PNG.sync.read(Buffer.from(await res.arrayBuffer()));
  const decoded = jsQR(new Uint8ClampedArray(img.data), img.width, img.height);
  expect(decoded).not.toBeNull();
  return decoded!.data;
}

/** The native input or textarea of a Taro field, by its placeholder. */
const field = (page: import('playwright-core').Page, placeholder: string) =>
  page.locator(`input[placeholder="${placeholder}"], textarea[placeholder="${placeholder}"]`);

/** A need raised through the API (no station). */
async function raiseNeed(persona: 'enterprise' | 'enterprise2', title: string) {
  const token = await e2e.api.login(persona);
  const res = await e2e.api.request('POST', '/api/needs', {
    token,
    headers: { 'Idempotency-Key': `e2e-${Math.random().toString(36).slice(2, 12)}` },
    body: {
      title,
      description: '需要了解产品检测项目和适用标准。',
      categories: ['testing'],
      contactName: '林晓华',
      contactPhone: '13876543210',
    },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: string; number: string; title: string };
}

/** The address in a need's receipt code, read back from the SVG its enterprise gets. */
async function addressInNeedCode(needId: string): Promise<string> {
  const token = await e2e.api.login('enterprise');
  const res = await fetch(`${e2e.baseUrl}/api/needs/${needId}/qrcode.svg`, { headers: { authorization: `Bearer ${token}` } });
  expect(res.status).toBe(200);
  const text = decodeSvg(await res.text());
  expect(text).not.toBeNull();
  return text!;
}

describeE2E('a station, from its QR code to its desk', () => {
  it('lets an enterprise check in and submit a need at the station, which its specialist then sees', async () => {
    // Sessions first, on the real clock (a token's iat is checked against it), then the server's clock moves.
    for (const persona of ['enterprise', 'enterprise2', 'specialist'] as const) await e2e.api.login(persona);
    const realNow = e2e.server.deps.now;
    const shift = STATION_OPEN_AT.getTime() - Date.now();
    e2e.server.deps.now = () => new Date(Date.now() + shift);
    onTestFinished(() => {
      e2e.server.deps.now = realNow;
    });
    const station = (await e2e.api.request('GET', '/api/stations/HKC001')).body;
    const title = `站点扫码需求-${Date.now().toString(36)}`;
    // A need raised elsewhere (no station): in the center specialist's queue, but not this station's.
    const elsewhere = await raiseNeed('enterprise2', `线上需求-${Date.now().toString(36)}`);

    // The enterprise scans the printed code: its address opens the station page.
    const address = await addressInCode('HKC001');
    expect(address).toBe(`${e2e.baseUrl}/#/pages/station/index?code=HKC001`);
    const visitor = await e2e.phone({ signedInAs: 'enterprise' });
    const { page } = visitor;
    // A working day's morning, on the phone and the server: the station is open (休息中 refuses a check-in).
    await page.clock.install({ time: STATION_OPEN_AT });
    await page.goto(address);
    await expect.poll(() => page.getByText(station.name).count(), { timeout: 30_000 }).toBeGreaterThan(0);
    await expect.poll(() => page.getByText('站点公示').count()).toBeGreaterThan(0);
    await visitor.shots.take(page, '站点页');

    // 到站登记
    await field(page, '来访事由（选填），如：咨询计量器具检定').fill('咨询出口检测');
    await page.locator('.nut-button', { hasText: '到站登记' }).tap();
    await expect.poll(() => page.getByText('已到站登记').count(), { timeout: 15_000 }).toBeGreaterThan(0);
    await visitor.shots.take(page, '已到站登记');
    // Back later the same day: the visit is remembered, not offered again.
    await page.goto(address);
    await expect.poll(() => page.getByText('已到站登记').count(), { timeout: 30_000 }).toBeGreaterThan(0);
    expect(await page.locator('.nut-button', { hasText: /^到站登记$/ }).count()).toBe(0);
    await visitor.shots.take(page, '再次打开：已到站登记');

    // 在此提交需求: the need form, with the station filled in.
    await page.locator('.nut-button', { hasText: '在此提交需求' }).tap();
    await expect.poll(() => page.getByText('经服务站点扫码提交，需求将由该站点受理').count(), { timeout: 15_000 }).toBeGreaterThan(0);
    await field(page, '如：椰子汁出口东盟检测咨询').fill(title);
    await page.locator('.nut-checkbox', { hasText: '检验检测' }).first().tap();
    await field(page, '请描述您的需求').fill('我司椰子汁准备出口东盟，想在服务中心当面咨询检测项目和标准。');
    await field(page, '如：13800000000').fill('13876543210');
    // 联系人 comes from the account (/api/me): submitting before it arrives is refused.
    await expect.poll(() => page.locator('[data-field="contactName"] input').inputValue()).not.toBe('');
    await visitor.shots.take(page, '在此提交需求');
    await page.locator('.nut-button:visible', { hasText: /^提交需求$/ }).tap();
    const receipt = page.locator('[data-receipt]');
    await expect.poll(() => receipt.count(), { timeout: 15_000 }).toBeGreaterThan(0);
    const number = await receipt.getAttribute('data-receipt');
    // The receipt names the station.
    await expect.poll(() => page.locator('[data-station-name]').getAttribute('data-station-name'), { timeout: 15_000 }).toBe(station.name);
    await visitor.shots.take(page, '回执');

    // Recorded at the station, through its QR channel.
    const { rows } = await e2e.server.deps.db.query<{ station_id: string; channel: string }>(
      'SELECT station_id, channel FROM needs WHERE number = $1',
      [number],
    );
    expect(rows[0]).toEqual({ station_id: station.id, channel: 'station_qr' });

    // The center's specialist opens the station's desk from the service hall: the visitor and the need are there.
    const desk = await e2e.phone({ signedInAs: 'specialist' });
    await e2e.open(desk.page, '/pages/home/index');
    await expect.poll(() => desk.page.getByText('站点工作台').count(), { timeout: 30_000 }).toBeGreaterThan(0);
    await desk.page.getByText('站点工作台').tap();
    await expect.poll(() => desk.page.getByText('本站需求').count(), { timeout: 30_000 }).toBeGreaterThan(0);
    await expect.poll(() => desk.page.getByText(title).count(), { timeout: 15_000 }).toBeGreaterThan(0);
    await expect.poll(() => desk.page.getByText('咨询出口检测').count()).toBeGreaterThan(0);
    await expect.poll(() => desk.page.getByText(/林晓华/).count()).toBeGreaterThan(0);
    expect(await desk.page.getByText(elsewhere.title).count()).toBe(0);
    await desk.shots.take(desk.page, '站点工作台');
  });

  it('opens a need from its receipt code on the staff need page for the specialist serving it, on its own page for the enterprise', async () => {
    const need = await raiseNeed('enterprise', `回执扫码-${Date.now().toString(36)}`);
    const address = await addressInNeedCode(need.id);
    const staff = await e2e.phone({ signedInAs: 'specialist' });
    await staff.page.goto(address);
    await expect.poll(() => staff.page.getByText(need.title).count(), { timeout: 30_000 }).toBeGreaterThan(0);
    await expect.poll(() => staff.page.url()).toContain('packageStaff/pages/need/index');
    // the staff actions, not the enterprise's page
    await expect.poll(() => staff.page.locator('.taro_page:visible').getByText('受理', { exact: true }).count()).toBeGreaterThan(0);
    await staff.shots.take(staff.page, '扫码打开需求');
    const own = await e2e.phone({ signedInAs: 'enterprise' });
    await own.page.goto(address);
    await expect.poll(() => own.page.getByText(need.title).count(), { timeout: 30_000 }).toBeGreaterThan(0);
    await expect.poll(() => own.page.url()).toContain('need-detail');
  });

  it('tells a scanner who may not see the need so, plainly', async () => {
    const need = await raiseNeed('enterprise', `回执扫码-${Date.now().toString(36)}`);
    const address = await addressInNeedCode(need.id);
    const stranger = await e2e.phone({ signedInAs: 'enterprise2' });
    await stranger.page.goto(address);
    await expect.poll(() => stranger.page.getByText('无法打开该需求').count(), { timeout: 30_000 }).toBeGreaterThan(0);
    await expect.poll(() => stranger.page.getByText(/无权查看/).count()).toBeGreaterThan(0);
    expect(await stranger.page.getByText(need.title).count()).toBe(0);
    await stranger.shots.take(stranger.page, '无权查看');
  });
});
