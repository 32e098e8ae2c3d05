// The harness itself: the H5 build, served by the real server, opens in Chromium.
import { expect, it } from 'vitest';
import { describeE2E, useE2E } from './support';

const e2e = useE2E();

describeE2E('the H5 app in Chromium', () => {
  it('opens the service hall with the eleven categories', async () => {
    const { page, shots } = await e2e.phone();
    await e2e.open(page, '/pages/home/index');
    await expect.poll(() => page.getByText('菜单式服务').count(), { timeout: 30_000 }).toBeGreaterThan(0);
    for (const name of ['计量', '标准化', '检验检测', '知识产权', '其他']) {
      await expect.poll(() => page.getByText(name, { exact: true }).count()).toBeGreaterThan(0);
    }
    await shots.take(page, '服务大厅');
  });

  it('answers the API on the same origin as the app', async () => {
    const res = await e2e.api.request('GET', '/api/categories');
    expect(res.status).toBe(200);
    expect(res.body).toHaveLength(11);
  });
});
