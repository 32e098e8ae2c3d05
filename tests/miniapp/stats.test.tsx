// 效能评估 (packageStats) in jsdom against the real API: a manager sees the
// period's figures beside their bars, the same as the API counts for the query
// the page sent; the query string; the entry on 我的 is there for managers,
// supervisors and specialists, not for enterprises.
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import ExcelJS from 'exceljs';
import { describe, expect, it, vi } from 'vitest';
import { StatsQuerySchema } from '@qi/shared';
import StatsOverviewPage from '../../miniapp/src/packageStats/pages/overview/index';
import { statsQueryString } from '../../miniapp/src/packageStats/api';
import MePage from '../../miniapp/src/pages/me/index';
import { call, signInAs, submittedNeed, tokenOf } from './support/api';
import { files, network, router } from './support/taro';

// jsdom has no canvas: getContext answers null (as it would without the canvas package, minus its
// console error), so the charts leave their canvases blank; tests/e2e/stats.test.ts sees them drawn.
HTMLCanvasElement.prototype.getContext = () => null;

const block = (title: string) =>
  waitFor(() => {
    const el = document.querySelector<HTMLElement>(`[data-block="${title}"]`);
    if (!el) throw new Error(`no block ${title} yet`);
    return el;
  });

describe('效能评估', () => {
  it('shows a manager the period’s figures, the same as the API counts', async () => {
    await submittedNeed();
    await signInAs('manager');
    router.set('/packageStats/pages/overview/index');
    render(<StatsOverviewPage />);
    const head = await block('主要指标');
    const sent = network.sent.find((r) => r.url.includes('/api/stats/overview?'))!;
    expect(sent.url).toMatch(/from=\d{4}-\d{2}-\d{2}&to=\d{4}-\d{2}-\d{2}/);
    const query = Object.fromEntries(
      sent.url
        .split('?')[1]!
        .split('&')
        .map((kv) => kv.split('=')),
    );
    const api = await call('GET', `/api/stats/overview?${statsQueryString(StatsQuerySchema.parse(query))}`, {
      token: await tokenOf('manager'),
    });
    expect(api.status).toBe(200);
    expect(api.body.current.needs).toBeGreaterThan(0);
    const needsRow = head.querySelector<HTMLElement>('[data-row="needs"]')!;
    expect(needsRow.textContent).toContain(`需求总数${api.body.current.needs}`);
    const months = await block('按月份');
    expect(months.querySelectorAll('[data-row]').length).toBe(api.body.byMonth.length);
    expect((await block('办理时效')).textContent).toContain('受理用时');
  });

  it('draws a chart beside every table, and exports the same figures to Excel (导出Excel)', async () => {
    await submittedNeed();
    await signInAs('manager');
    router.set('/packageStats/pages/overview/index');
    render(<StatsOverviewPage />);
    const head = await block('主要指标');
    // H5: a canvas per chart (uCharts draws on it), the figures in the table with their roles
    for (const title of ['主要指标', '办理时效', '按时限办理', '按月份', '按服务类别', '按站点', '按受理渠道', '当前状态']) {
      const el = await block(title);
      expect(el.querySelector('[data-chart] canvas'), title).not.toBeNull();
      expect(el.querySelector('[role="table"]'), title).not.toBeNull();
    }
    const shown = head.querySelector<HTMLElement>('[data-row="needs"]')!.textContent!;

    const clicked: { href: string; download: string }[] = [];
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push({ href: this.href, download: this.download });
    });
    try {
      fireEvent.click(screen.getByText('导出Excel'));
      await waitFor(() => expect(clicked).toHaveLength(1));
    } finally {
      click.mockRestore();
    }
    const sent = network.sent.find((r) => r.url.includes('/api/stats/overview?'))!;
    const period = sent.url.split('?')[1]!;
    expect(clicked[0]!.download).toBe(`效能评估-${period.match(/from=([\d-]+)/)![1]}-${period.match(/to=([\d-]+)/)![1]}.xlsx`);
    const blob = files.byPath.get(clicked[0]!.href)!;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await blob.arrayBuffer());
    const rows: unknown[][] = [];
    wb.getWorksheet('概览')!.eachRow((r) => rows.push((r.values as unknown[]).slice(1)));
    const needs = rows.find((r) => r[0] === '需求总数')!;
    expect(shown).toContain(`需求总数${needs[1]}${needs[2]}`);
  });

  it('builds the query string without URLSearchParams, leaving out empty filters', () => {
    expect(statsQueryString({ from: '2026-02-01', to: '2026-03-31', category: 'testing', region: '' })).toBe(
      'from=2026-02-01&to=2026-03-31&category=testing',
    );
    expect(statsQueryString({ from: '2026-02-01', to: '2026-03-31', region: '海口市' })).toContain('region=%E6%B5%B7');
  });

  it('is an entry on 我的 for managers, supervisors and specialists, not for enterprises', async () => {
    for (const persona of ['manager', 'supervisor', 'specialist'] as const) {
      await signInAs(persona);
      const view = render(<MePage />);
      await screen.findByText('效能评估');
      view.unmount();
    }
    await signInAs('enterprise');
    const view = render(<MePage />);
    await screen.findByText('我的需求');
    expect(screen.queryByText('效能评估')).toBeNull();
    view.unmount();
  });
});
