// The other pages of the enterprise's journey in jsdom against the real API:
// the service hall's search, 我的需求 (markers, opening, pull to refresh), the
// enterprise profile's credit-code check, and complaints.
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { checkCreditCode } from '@qi/shared';
import HomePage from '../../miniapp/src/pages/home/index';
import NeedsPage from '../../miniapp/src/pages/needs/index';
import ProfilePage from '../../miniapp/src/pages/profile/index';
import ComplaintPage from '../../miniapp/src/pages/complaint/index';
import { call, completedNeed, resolveComplaint, signInAs, submittedNeed, tokenOf, uniqueTitle } from './support/api';
import { pullDownRefresh, router } from './support/taro';

const field = (name: string) => document.querySelector<HTMLElement>(`[data-field="${name}"]`)!;

/** The text box of a field, once rendered (Taro's textarea renders after mount). */
const boxOf = (name: string) =>
  waitFor(() => {
    const el = document.querySelector<HTMLElement>(`[data-field="${name}"]`)?.querySelector<HTMLElement>('input, textarea');
    if (!el) throw new Error(`no text box in ${name} yet`);
    return el;
  });

describe('服务大厅', () => {
  it('finds service items by a word of their name', async () => {
    render(<HomePage />);
    const input = document.querySelector<HTMLInputElement>('.home__search input')!;
    await userEvent.setup().type(input, '检定');
    expect(await screen.findByText('计量器具检定校准')).toBeTruthy();
    expect(screen.queryByText('菜单式服务')).toBeNull();
  });

  it('offers to describe the need when nothing matches', async () => {
    render(<HomePage />);
    await userEvent.setup().type(document.querySelector<HTMLInputElement>('.home__search input')!, '火箭发射');
    expect(await screen.findByText('没有找到相关服务项目。')).toBeTruthy();
  });
});

describe('我的需求', () => {
  it('marks a completed need with 请评价 and the working days left', async () => {
    const need = await completedNeed();
    await signInAs('enterprise');
    render(<NeedsPage />);
    const card = await waitFor(() => {
      const el = document.querySelector<HTMLElement>(`[data-need-id="${need.id}"]`);
      if (!el) throw new Error('not listed yet');
      return el;
    });
    expect(within(card).getByText(/^请评价 · 还剩 \d 个工作日$/)).toBeTruthy();
    expect(within(card).getByText('已办结')).toBeTruthy();
  });

  it('opens a need’s detail when its card is tapped', async () => {
    const need = await submittedNeed();
    await signInAs('enterprise');
    render(<NeedsPage />);
    const card = await waitFor(() => {
      const el = document.querySelector<HTMLElement>(`[data-need-id="${need.id}"]`);
      if (!el) throw new Error('not listed yet');
      return el;
    });
    fireEvent.click(card);
    expect(router.calls).toContainEqual({ kind: 'navigateTo', url: `/pages/need-detail/index?id=${need.id}`, delta: undefined });
  });

  it('shows a need submitted elsewhere after a pull to refresh', async () => {
    await signInAs('enterprise');
    render(<NeedsPage />);
    await screen.findByText('下拉刷新 · 按提交时间从新到旧');
    const title = uniqueTitle('刷新可见');
    const need = await submittedNeed(title);
    expect(document.querySelector(`[data-need-id="${need.id}"]`)).toBeNull();
    await pullDownRefresh();
    expect(await screen.findByText(title)).toBeTruthy();
  });
});

describe('企业信息', () => {
  it('checks the 统一社会信用代码 as soon as it is complete', async () => {
    await signInAs('enterprise2');
    render(<ProfilePage />);
    const input = await boxOf('creditCode');
    const wrong = '91460205MA5U4W9K3A';
    await userEvent.setup().clear(input);
    await userEvent.setup().type(input, wrong);
    const check = checkCreditCode(wrong);
    expect(check.ok).toBe(false);
    expect(await within(field('creditCode')).findByText(check.ok ? '' : check.message)).toBeTruthy();
  });
});

describe('投诉', () => {
  it('files a complaint about a need and opens its record', async () => {
    const need = await submittedNeed();
    await signInAs('enterprise');
    router.set('/pages/complaint/index', { needId: need.id });
    render(<ComplaintPage />);
    const box = await boxOf('content');
    await userEvent.setup().type(box, '提交三天无人联系，电话也打不通，希望尽快处理。');
    fireEvent.click(screen.getByText('提交投诉'));
    await waitFor(() =>
      expect(router.calls.some((c) => c.kind === 'redirectTo' && c.url?.startsWith('/pages/complaint/index?id='))).toBe(true),
    );
    const list = await call('GET', '/api/complaints', { token: await tokenOf('enterprise') });
    expect(list.body.items[0]).toMatchObject({ needId: need.id, targetKind: 'need', state: 'received' });
  });

  it('shows the complainant each handling step and the outcome', async () => {
    const need = await submittedNeed();
    const token = await tokenOf('enterprise');
    const filed = await call('POST', '/api/complaints', {
      token,
      headers: { 'Idempotency-Key': `mini-${Math.random().toString(36).slice(2)}` },
      body: { needId: need.id, targetKind: 'need', content: '办理过程中一直没有进展，希望说明原因。' },
    });
    await resolveComplaint(filed.body.id, '已督促服务专员当日联系企业。');
    await signInAs('enterprise');
    router.set('/pages/complaint/index', { id: filed.body.id });
    render(<ComplaintPage />);
    const outcome = await waitFor(() => {
      const el = document.querySelector<HTMLElement>('.complaint-outcome');
      if (!el) throw new Error('no outcome yet');
      return el;
    });
    expect(within(outcome).getByText('已督促服务专员当日联系企业。')).toBeTruthy();
    expect(document.querySelector('[data-complaint-state="resolved"]')).not.toBeNull();
  });

  it('asks for at least 10 characters with the shared message', async () => {
    const need = await submittedNeed();
    await signInAs('enterprise');
    router.set('/pages/complaint/index', { needId: need.id });
    render(<ComplaintPage />);
    const box = await boxOf('content');
    await userEvent.setup().type(box, '太慢了');
    fireEvent.click(screen.getByText('提交投诉'));
    expect(await within(field('content')).findByText('投诉内容至少 10 个字')).toBeTruthy();
  });
});
