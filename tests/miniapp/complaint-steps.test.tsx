// A complaint's page in jsdom against the real API: the stepper marks the
// step the complaint stands at (one after the other, as COMPLAINT_TRANSITIONS
// has them), the complaint links to its need and the need lists it, and once
// resolved the complainant says whether the outcome satisfied them — the
// complainant only: a colleague of the enterprise reads the outcome and the answer.
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import ComplaintPage from '../../miniapp/src/pages/complaint/index';
import NeedDetailPage from '../../miniapp/src/pages/need-detail/index';
import { setToken } from '../../miniapp/src/api/client';
import { call, enterpriseColleague, resolveComplaint, signInAs, submittedNeed, tokenOf } from './support/api';
import { textareaIn } from './support/dom';
import { router } from './support/taro';

async function filed() {
  const need = await submittedNeed();
  const res = await call('POST', '/api/complaints', {
    token: await tokenOf('enterprise'),
    headers: { 'Idempotency-Key': `steps-${Math.random().toString(36).slice(2)}` },
    body: { needId: need.id, targetKind: 'need', content: '受理后一直没有进展，电话也无人接听。' },
  });
  expect(res.status).toBe(201);
  return { need, complaint: res.body };
}

async function openComplaint(id: string) {
  await signInAs('enterprise');
  router.set('/pages/complaint/index', { id });
  const view = render(<ComplaintPage />);
  await waitFor(() => expect(document.querySelector('[data-complaint-state]')).not.toBeNull());
  return view;
}

/** Each step's status class, in order. */
const stepStatuses = () =>
  Array.from(document.querySelectorAll('.complaint-step')).map((el) => /complaint-step--(\w+)/.exec(el.className)![1]);

describe('投诉 page', () => {
  it('marks the current step: 已受理 first, then 已确认 and 调查中 in turn', async () => {
    const { complaint } = await filed();
    const first = await openComplaint(complaint.id);
    expect(stepStatuses()).toEqual(['process', 'wait', 'wait', 'wait']);
    expect(screen.getByText('已受理（当前）')).toBeTruthy();
    first.unmount();

    const mgr = await tokenOf('manager');
    const acked = await call('POST', `/api/complaints/${complaint.id}/actions`, {
      token: mgr,
      body: { action: 'acknowledge', version: 1 },
    });
    await call('POST', `/api/complaints/${complaint.id}/actions`, {
      token: mgr,
      body: { action: 'investigate', version: acked.body.version, note: '已调取办理记录。' },
    });
    await openComplaint(complaint.id);
    expect(stepStatuses()).toEqual(['finish', 'finish', 'process', 'wait']);
    expect(screen.getByText('调查中（当前）')).toBeTruthy();
    // NutUI's own state agrees (its styles mark the current step).
    expect(document.querySelector('.nut-step-process.complaint-step--process')).not.toBeNull();
    expect(document.querySelectorAll('.nut-step-finish')).toHaveLength(2);
  });

  it('shows every step done once resolved', async () => {
    const { complaint } = await filed();
    await resolveComplaint(complaint.id, '已督促服务专员当日联系企业。');
    await openComplaint(complaint.id);
    expect(stepStatuses()).toEqual(['finish', 'finish', 'finish', 'finish']);
    expect(document.querySelectorAll('.nut-step-finish')).toHaveLength(4);
  });

  it('names its need with a link to the need’s page', async () => {
    const { need, complaint } = await filed();
    await openComplaint(complaint.id);
    const link = document.querySelector<HTMLElement>(`[data-need-link="${need.id}"]`)!;
    expect(link.textContent).toBe(`${need.number} ${need.title}`);
    fireEvent.click(link);
    expect(router.calls.some((c) => c.kind === 'navigateTo' && c.url === `/pages/need-detail/index?id=${need.id}`)).toBe(true);
  });

  it('is listed on its need’s page, opening the complaint', async () => {
    const { need, complaint } = await filed();
    await signInAs('enterprise');
    router.set('/pages/need-detail/index', { id: need.id });
    render(<NeedDetailPage />);
    const card = await waitFor(() => {
      const el = document.querySelector<HTMLElement>(`[data-complaint="${complaint.id}"]`);
      if (!el) throw new Error('the complaint is not listed yet');
      return el;
    });
    expect(screen.getByText('相关投诉（1）')).toBeTruthy();
    fireEvent.click(card);
    expect(router.calls.some((c) => c.kind === 'navigateTo' && c.url === `/pages/complaint/index?id=${complaint.id}`)).toBe(true);
  });

  it('asks nothing of the complainant before the outcome', async () => {
    const { complaint } = await filed();
    await openComplaint(complaint.id);
    expect(screen.queryByText('对处理结果是否满意？')).toBeNull();
  });

  it('takes 满意 once the outcome is told, and asks no more', async () => {
    const { complaint } = await filed();
    await resolveComplaint(complaint.id, '已督促服务专员当日联系企业。');
    await openComplaint(complaint.id);
    const form = (await screen.findByText('对处理结果是否满意？')).closest('.complaint-feedback-form') as HTMLElement;
    fireEvent.click(within(form).getByText('满意'));
    fireEvent.click(within(form).getByText('提交评价'));
    await waitFor(() => expect(document.querySelector('[data-feedback="satisfied"]')).not.toBeNull());
    expect(screen.queryByText('对处理结果是否满意？')).toBeNull();
    const seen = await call('GET', `/api/complaints/${complaint.id}`, { token: await tokenOf('enterprise') });
    expect(seen.body.feedback).toMatchObject({ answer: 'satisfied', note: null });
  });

  it('sends 不满意 with its remark back to the managers, and says so', async () => {
    const { complaint } = await filed();
    await resolveComplaint(complaint.id, '已向企业说明原因。');
    await openComplaint(complaint.id);
    const form = (await screen.findByText('对处理结果是否满意？')).closest('.complaint-feedback-form') as HTMLElement;
    fireEvent.click(within(form).getByText('提交评价'));
    expect(await within(form).findByText('请选择对处理结果是否满意')).toBeTruthy();
    fireEvent.click(within(form).getByText('不满意'));
    expect(await within(form).findByText('选择不满意后，投诉将退回运营管理人员重新调查处理')).toBeTruthy();
    await userEvent.setup().type(await textareaIn(form), '只是解释了原因，问题没有解决。');
    fireEvent.click(within(form).getByText('提交评价'));
    const shown = await waitFor(() => {
      const el = document.querySelector<HTMLElement>('[data-feedback="dissatisfied"]');
      if (!el) throw new Error('not shown yet');
      return el;
    });
    expect(within(shown).getByText('只是解释了原因，问题没有解决。')).toBeTruthy();
    expect(within(shown).getByText('已退回运营管理人员重新调查处理。')).toBeTruthy();
    const counts = await call('GET', '/api/complaints?scope=all', { token: await tokenOf('manager') });
    expect(counts.body.items.find((c: { id: string }) => c.id === complaint.id).feedback.answer).toBe('dissatisfied');
  });

  it('asks only the complainant: a colleague of the enterprise sees the outcome, then the complainant’s answer, and no form', async () => {
    const { complaint } = await filed();
    await resolveComplaint(complaint.id, '已督促服务专员当日联系企业并致歉。');
    const colleague = await enterpriseColleague();
    const seen = await call('GET', `/api/complaints/${complaint.id}`, { token: colleague });
    expect(seen.status).toBe(200);
    expect(seen.body.canGiveFeedback).toBe(false);
    // The server refuses the colleague's answer; the page offers none.
    const refused = await call('POST', `/api/complaints/${complaint.id}/feedback`, { token: colleague, body: { answer: 'satisfied' } });
    expect(refused.status).toBe(403);

    setToken(colleague);
    router.set('/pages/complaint/index', { id: complaint.id });
    const asColleague = render(<ComplaintPage />);
    await waitFor(() => expect(document.querySelector('[data-complaint-state="resolved"]')).not.toBeNull());
    expect(document.querySelector('.complaint-outcome__text')?.textContent).toBe('已督促服务专员当日联系企业并致歉。');
    expect(document.querySelector('[data-feedback="awaited"]')?.textContent).toMatch(/^等待投诉人.*评价处理结果。$/);
    expect(screen.queryByText('对处理结果是否满意？')).toBeNull();
    expect(screen.queryByText('提交评价')).toBeNull();
    asColleague.unmount();

    // The complainant gets the form and answers.
    const mine = await openComplaint(complaint.id);
    const form = (await screen.findByText('对处理结果是否满意？')).closest('.complaint-feedback-form') as HTMLElement;
    expect(document.querySelector('[data-feedback="awaited"]')).toBeNull();
    fireEvent.click(within(form).getByText('满意'));
    const note = await waitFor(() => {
      const el = form.querySelector('textarea');
      if (!el) throw new Error('no textarea yet');
      return el;
    });
    await userEvent.setup().type(note, '处理及时，感谢。');
    fireEvent.click(within(form).getByText('提交评价'));
    await waitFor(() => expect(document.querySelector('[data-feedback="satisfied"]')).not.toBeNull());
    mine.unmount();

    // The colleague now reads that answer, still without a form.
    setToken(colleague);
    render(<ComplaintPage />);
    const answer = await waitFor(() => {
      const el = document.querySelector<HTMLElement>('[data-feedback="satisfied"]');
      if (!el) throw new Error('the answer is not shown yet');
      return el;
    });
    expect(within(answer).getByText('投诉人评价：满意')).toBeTruthy();
    expect(within(answer).getByText('处理及时，感谢。')).toBeTruthy();
    expect(screen.queryByText('对处理结果是否满意？')).toBeNull();
  });
});
