// 效能评估 (packageStats) in jsdom against the real API: a manager sees the
// period's figures beside their bars, the same as the API counts for the query
// the page sent; the query string; the entry on 我的 is there for managers,
// supervisors and specialists, not for enterprises.
import { render, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { StatsQuerySchema } from '@qi/shared';
import StatsOverviewPage from '../../miniapp/src/packageStats/pages/overview/index';
import { statsQueryString } from '../../miniapp/src/packageStats/api';
import MePage from '../../miniapp/src/pages/me/index';
import { call, signInAs, submittedNeed, tokenOf } from './support/api';
import { network, router } from './support/taro';

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
    const needsRow = head.querySelector<HTMLElement>('[data-figure="needs"]')!;
    expect(needsRow.textContent).toContain(`需求总数${api.body.current.needs}`);
    const months = await block('按月份');
    expect(months.querySelectorAll('.stats__bar-row').length).toBe(api.body.byMonth.length);
    expect((await block('办理时效')).textContent).toContain('受理用时');
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
