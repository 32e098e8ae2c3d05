// 需求详情 in jsdom against the real API: the timeline, deadlines in working
// days, providers with masked contacts, and the enterprise's actions the state
// machine allows (supplement from a checklist, withdraw).
import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { toShanghaiDate, workingDaysLeft } from '@qi/shared';
import NeedDetailPage from '../../miniapp/src/pages/need-detail/index';
import { call, signInAs, specialistActs, submittedNeed, tokenOf } from './support/api';
import { network, router } from './support/taro';

async function openDetail(id: string) {
  await signInAs('enterprise');
  router.set('/pages/need-detail/index', { id });
  render(<NeedDetailPage />);
  await screen.findByText('办理进度');
}

const section = (title: string) => screen.getByText(title).closest('.section') as HTMLElement;

describe('需求详情', () => {
  it('shows every event of the need on the timeline with who did it', async () => {
    const need = await submittedNeed();
    await specialistActs(need.id, { action: 'accept' });
    await openDetail(need.id);
    const timeline = section('办理进度');
    expect(within(timeline).getByText('提交需求')).toBeTruthy();
    expect(within(timeline).getByText('受理')).toBeTruthy();
    expect(within(timeline).getAllByText(/（服务专员）/)).toHaveLength(1);
    expect(within(timeline).getAllByText(/（企业用户）/)).toHaveLength(1);
  });

  it('counts the reply deadline in working days', async () => {
    const need = await submittedNeed();
    await specialistActs(need.id, { action: 'accept' });
    // The page and the test each take "today": stop the clock so that a run crossing
    // midnight in Shanghai does not count from one day and check from the next.
    vi.useFakeTimers({ toFake: ['Date'] });
    await openDetail(need.id);
    const detail = await call('GET', `/api/needs/${need.id}`, { token: await tokenOf('enterprise') });
    const left = workingDaysLeft(detail.body.deadlines.replyBy, toShanghaiDate(new Date()));
    expect(within(section('办理时限')).getByText(`${detail.body.deadlines.replyBy}（还剩 ${left} 个工作日）`)).toBeTruthy();
  });

  it('gives the enterprise each dispatched provider’s contact in full, with a call button', async () => {
    const need = await submittedNeed();
    await specialistActs(need.id, { action: 'accept' });
    const me = await call('GET', '/api/me', { token: await tokenOf('provider') });
    await specialistActs(need.id, { action: 'dispatch', assignees: [{ institutionId: me.body.institution.id }] });
    await openDetail(need.id);
    const provider = document.querySelector<HTMLElement>(`[data-provider="${me.body.institution.name}"]`)!;
    expect(provider).not.toBeNull();
    expect(provider.textContent).not.toMatch(/\*/);
    const dial = provider.querySelector<HTMLElement>('[data-call]')!;
    expect(dial.getAttribute('data-call')).toMatch(/^1\d{10}$/);
    fireEvent.click(dial);
    expect(router.calls.at(-1)).toEqual({ kind: 'makePhoneCall', url: dial.getAttribute('data-call') });
  });

  it('names the owner specialist with its station phone, with a call button', async () => {
    const need = await submittedNeed();
    await specialistActs(need.id, { action: 'accept' });
    const me = await call('GET', '/api/me', { token: await tokenOf('provider') });
    await specialistActs(need.id, { action: 'dispatch', assignees: [{ institutionId: me.body.institution.id }] });
    await openDetail(need.id);
    const detail = await call('GET', `/api/needs/${need.id}`, { token: await tokenOf('enterprise') });
    const owner = document.querySelector<HTMLElement>(`[data-owner="${detail.body.owner.name}"]`)!;
    expect(owner.textContent).toContain(detail.body.ownerStation.name);
    expect(owner.textContent).toContain(`站点电话 ${detail.body.ownerStation.phone}`);
    fireEvent.click(within(owner).getByText('拨打站点电话'));
    expect(router.calls.at(-1)).toEqual({ kind: 'makePhoneCall', url: detail.body.ownerStation.phone });
  });

  it('lists the requested items as a checklist and sends the supplement', async () => {
    const need = await submittedNeed();
    await specialistActs(need.id, { action: 'accept' });
    await specialistActs(need.id, { action: 'request_info', items: ['营业执照副本', '产品配料表'] });
    await openDetail(need.id);
    const box = section('待您补充');
    fireEvent.click(within(box).getByText('营业执照副本'));
    fireEvent.click(within(box).getByText('产品配料表'));
    fireEvent.click(within(box).getByText('提交补充（2/2）'));
    await waitFor(() => expect(document.querySelector('[data-state="accepted"]')).not.toBeNull());
    const detail = await call('GET', `/api/needs/${need.id}`, { token: await tokenOf('enterprise') });
    expect(detail.body.events.at(-1)).toMatchObject({ action: 'supplement', note: '已补充：\n1. 营业执照副本\n2. 产品配料表' });
  });

  it("shows the enterprise's actions at once, even when its account answers after the need", async () => {
    const need = await submittedNeed();
    await specialistActs(need.id, { action: 'accept' });
    await specialistActs(need.id, { action: 'request_info', items: ['营业执照副本'] });
    await signInAs('enterprise');
    router.set('/pages/need-detail/index', { id: need.id });
    network.slowNext(300, /^\/api\/me$/);
    render(<NeedDetailPage />);
    await screen.findByText('办理进度');
    expect(section('待您补充')).not.toBeNull();
    expect(screen.getByText('撤回需求')).toBeTruthy();
  });

  it('sends the documents asked for with the supplement, and the need then lists them', async () => {
    const need = await submittedNeed();
    await specialistActs(need.id, { action: 'accept' });
    await specialistActs(need.id, { action: 'request_info', items: ['检定证书'] });
    await openDetail(need.id);
    const box = section('待您补充');
    const input = box.querySelector<HTMLInputElement>('input[type="file"]')!;
    await act(() => userEvent.setup().upload(input, new File(['%PDF-1.4 cert'], '检定证书.pdf', { type: 'application/pdf' })));
    await within(box).findByText(/已上传/);
    fireEvent.click(within(box).getByText('检定证书', { selector: '.nut-checkbox-label' }));
    fireEvent.click(within(box).getByText('提交补充（1/1）'));
    await waitFor(() => expect(document.querySelector('[data-state="accepted"]')).not.toBeNull());
    const detail = await call('GET', `/api/needs/${need.id}`, { token: await tokenOf('enterprise') });
    expect(detail.body.events.at(-1)).toMatchObject({ action: 'supplement', note: '已补充：\n1. 检定证书\n附件：检定证书.pdf' });
    expect(detail.body.attachments).toEqual([expect.objectContaining({ name: '检定证书.pdf', mime: 'application/pdf' })]);
    // The page shows it among the need's attachments, by its name.
    expect(within(section('需求信息')).getByText('检定证书.pdf')).toBeTruthy();
  });

  it('asks for a ticked item or a note before supplementing', async () => {
    const need = await submittedNeed();
    await specialistActs(need.id, { action: 'accept' });
    await specialistActs(need.id, { action: 'request_info', items: ['营业执照副本'] });
    await openDetail(need.id);
    fireEvent.click(within(section('待您补充')).getByText('提交补充（0/1）'));
    expect(await screen.findByText('请勾选已补充的事项、填写补充说明或添加附件')).toBeTruthy();
  });

  it('withdraws a submitted need once the user confirms', async () => {
    const need = await submittedNeed();
    await openDetail(need.id);
    fireEvent.click(screen.getByText('撤回需求'));
    fireEvent.click(await screen.findByText('确定'));
    await waitFor(() => expect(document.querySelector('[data-state="withdrawn"]')).not.toBeNull());
    expect(document.querySelector('.need-detail__bar')!.textContent).not.toContain('撤回需求');
  });

  it('says the network failed and loads the need on retry', async () => {
    const need = await submittedNeed();
    await signInAs('enterprise');
    router.set('/pages/need-detail/index', { id: need.id });
    network.failNext('before', /^\/api\/needs\//);
    render(<NeedDetailPage />);
    expect(await screen.findByText('网络异常')).toBeTruthy();
    fireEvent.click(screen.getByText('重试'));
    expect(await screen.findByText('办理进度')).toBeTruthy();
  });
});
