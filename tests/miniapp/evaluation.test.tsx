// 动态评价's manager pages in jsdom against the real API: the thresholds page
// is a form for managers (a value out of range is stopped with the shared
// schema's Chinese message before anything is sent) and only text for
// supervisors; the proposals page offers 立即评价 and the decision form to
// managers only. Nothing here saves thresholds: the project's files share one
// server, and the window in force is read by matching too.
import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { EVALUATION_PATHS } from '@qi/shared';
import ThresholdsPage from '../../miniapp/src/packageManage/pages/evaluation/thresholds';
import ProposalsPage from '../../miniapp/src/packageManage/pages/evaluation/proposals';
import RankingPage from '../../miniapp/src/packageManage/pages/evaluation/index';
import SubjectPage from '../../miniapp/src/packageManage/pages/evaluation/subject';
import { archiveNeedPage } from '../../miniapp/src/links';
import { call, signInAs, specialistActs, submittedNeed, tokenOf } from './support/api';
import { network, router } from './support/taro';

const field = (name: string) => {
  const el = document.querySelector<HTMLElement>(`[data-field="${name}"]`);
  if (!el) throw new Error(`no field ${name}`);
  return el;
};

async function openThresholds(persona: 'manager' | 'supervisor') {
  await signInAs(persona);
  router.set('/packageManage/pages/evaluation/thresholds');
  render(<ThresholdsPage />);
  await waitFor(() => field('suspend.onTimeBelow'));
}

describe('评价阈值', () => {
  it('lets the manager edit every threshold and stops a window of 0 months before sending', async () => {
    await openThresholds('manager');
    await waitFor(() => expect(screen.getByText('保存')).toBeTruthy());
    expect(screen.getByText('暂停派单')).toBeTruthy();
    expect(screen.getByText('淘汰退出')).toBeTruthy();
    const input = field('windowMonths').querySelector('input')!;
    expect(input.value).toBe('12');
    await act(async () => {
      fireEvent.input(input, { target: { value: '0' } });
    });
    await act(async () => {
      fireEvent.click(screen.getByText('保存').closest('.nut-button')!);
    });
    await waitFor(() => expect(field('windowMonths').textContent).toContain('评价周期须为 1–36 个月的整数'));
    expect(network.sent.filter((r) => r.method === 'PUT' && r.url.startsWith(EVALUATION_PATHS.settings))).toHaveLength(0);
  });

  it('shows the supervisor the thresholds as text, with no input and no save', async () => {
    await openThresholds('supervisor');
    await waitFor(() => expect(screen.getByText('评价阈值由运营管理人员设置，这里可以查看当前阈值。')).toBeTruthy());
    expect(document.querySelectorAll('.thresholds input')).toHaveLength(0);
    expect(screen.queryByText('保存')).toBeNull();
  });
});

describe('评价建议 and the ranking', () => {
  it('offers 立即评价 to the manager only', async () => {
    await signInAs('supervisor');
    router.set('/packageManage/pages/evaluation/proposals');
    const { unmount } = render(<ProposalsPage />);
    await waitFor(() => expect(screen.getByText('全部')).toBeTruthy());
    await waitFor(() => expect(document.querySelector('.proposals .status-view, [data-proposal]')).toBeTruthy());
    expect(screen.queryByText('立即评价')).toBeNull();
    expect(document.querySelectorAll('.proposals__form')).toHaveLength(0);
    unmount();

    await signInAs('manager');
    render(<ProposalsPage />);
    await waitFor(() => expect(screen.getByText('立即评价')).toBeTruthy());
  });

  it('ranks the seeded institutions with their figures in Chinese', async () => {
    await signInAs('supervisor');
    router.set('/packageManage/pages/evaluation/index');
    render(<RankingPage />);
    await waitFor(() => expect(document.querySelectorAll('[data-subject]').length).toBeGreaterThan(0));
    expect(screen.getByText(/^评价周期：近 12 个月/)).toBeTruthy();
    expect(screen.getAllByText(/^按时率 /).length).toBeGreaterThan(0);
    expect(screen.getByText('查看阈值')).toBeTruthy();
  });

  it('links each piece of evidence to the need it counts, in its archive', async () => {
    const need = await submittedNeed();
    await specialistActs(need.id, { action: 'accept' });
    const specialist = (await call('GET', '/api/me', { token: await tokenOf('specialist') })).body.user.id as string;
    await signInAs('manager');
    router.set('/packageManage/pages/evaluation/subject', { kind: 'specialist', id: specialist });
    render(<SubjectPage />);
    const served = await waitFor(() => {
      const el = document.querySelector<HTMLElement>('[data-figure="served"]');
      if (!el) throw new Error('figures not shown yet');
      return el;
    });
    fireEvent.click(served);
    const item = await screen.findByText(new RegExp(need.number));
    fireEvent.click(item.closest<HTMLElement>('.evaluation__evidence')!);
    expect(router.calls.at(-1)).toEqual({ kind: 'navigateTo', url: archiveNeedPage(need.id) });
  });
});
