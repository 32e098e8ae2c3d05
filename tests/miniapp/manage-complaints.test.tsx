// 投诉处理 (packageManage) in jsdom against the real API: the manager's list
// with each complaint's clock, the handling steps COMPLAINT_STEPS allows
// (确认受理 → 开始调查 → 办结并告知结果) with the shared schema's messages,
// the complainant reading the outcome, supervisors only looking on, a step
// someone else took first, the entry on 我的, and a failed network.
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { toShanghaiDate, workingDaysLeft, type ComplaintDetail } from '@qi/shared';
import ManageComplaintsPage from '../../miniapp/src/packageManage/pages/complaints/index';
import ManageComplaintPage from '../../miniapp/src/packageManage/pages/complaints/detail';
import MePage from '../../miniapp/src/pages/me/index';
import { call, resolveComplaint, signInAs, submittedNeed, tokenOf } from './support/api';
import { network, pullDownRefresh, router } from './support/taro';

/** The enterprise files a complaint about one of its needs, through the API. */
async function filedComplaint(content = `办理过程中一直没有进展，希望说明原因。${Math.random().toString(36).slice(2, 7)}`) {
  const need = await submittedNeed();
  const res = await call('POST', '/api/complaints', {
    token: await tokenOf('enterprise'),
    headers: { 'Idempotency-Key': `mini-${Math.random().toString(36).slice(2)}` },
    body: { needId: need.id, targetKind: 'need', content },
  });
  if (res.status !== 201) throw new Error(`complaint not filed: ${res.status} ${JSON.stringify(res.body)}`);
  return { need, complaint: res.body as ComplaintDetail };
}

const complaintAs = async (persona: 'enterprise' | 'manager', id: string) =>
  (await call('GET', `/api/complaints/${id}`, { token: await tokenOf(persona) })).body;

const card = (id: string) =>
  waitFor(() => {
    const el = document.querySelector<HTMLElement>(`[data-complaint="${id}"]`);
    if (!el) throw new Error(`no card for ${id} yet`);
    return el;
  });

const stepButton = (step: string) => document.querySelector<HTMLElement>(`.action-bar [data-action="${step}"]`);
const stepForm = (title: string) =>
  waitFor(() => {
    const el = document.querySelector<HTMLElement>(`[data-action-form="${title}"]`);
    if (!el) throw new Error(`no form ${title} yet`);
    return el;
  });
const boxIn = (form: HTMLElement, name: string) =>
  waitFor(() => {
    const el = form.querySelector<HTMLElement>(`[data-field="${name}"] textarea`);
    if (!el) throw new Error(`no text box ${name} yet`);
    return el;
  });
const actionsSent = (id: string) => network.sent.filter((r) => r.method === 'POST' && r.url.includes(`/api/complaints/${id}/actions`));

async function openDetail(persona: 'manager' | 'supervisor', id: string) {
  await signInAs(persona);
  router.set('/packageManage/pages/complaints/detail', { id });
  render(<ManageComplaintPage />);
  await screen.findByText('处理记录');
}

/** Taps a step, fills its one text box (if given) and confirms. */
async function takeStep(step: string, title: string, text?: string, confirm?: string) {
  await waitFor(() => expect(stepButton(step)).not.toBeNull());
  fireEvent.click(stepButton(step)!);
  const form = await stepForm(title);
  if (text !== undefined) await userEvent.setup().type(await boxIn(form, step === 'resolve' ? 'outcome' : 'note'), text);
  fireEvent.click(within(form).getByText(confirm ?? title));
  return form;
}

const stateShown = (state: string) =>
  waitFor(() => expect(document.querySelector(`.manage-complaint[data-state="${state}"]`)).not.toBeNull());

describe('投诉处理: the list', () => {
  it('shows a new complaint among the open ones with its target, complainant and acknowledge clock', async () => {
    const { need, complaint } = await filedComplaint();
    // The page and the test each take "today": stop the clock so that a run crossing
    // midnight in Shanghai does not count from one day and check from the next.
    vi.useFakeTimers({ toFake: ['Date'] });
    await signInAs('manager');
    router.set('/packageManage/pages/complaints/index');
    render(<ManageComplaintsPage />);
    const el = await card(complaint.id);
    expect(within(el).getByText(`需求办理：${need.number} ${need.title}`)).toBeTruthy();
    expect(within(el).getByText('已受理')).toBeTruthy();
    expect(within(el).getByText(`投诉人：${complaint.complainant.name}（${complaint.complainant.enterpriseName}）`)).toBeTruthy();
    const left = workingDaysLeft(complaint.acknowledgeBy, toShanghaiDate(new Date()));
    const when = left > 0 ? `还剩 ${left} 个工作日` : '今天到期';
    expect(within(el).getByText(`确认时限 ${complaint.acknowledgeBy} · ${when}`)).toBeTruthy();
    // 待处理 is the filter in use; a resolved complaint is under 已办结.
    expect(document.querySelector('[data-chip="open"]')!.className).toContain('chip--on');
  });

  it('moves a resolved complaint under 已办结 and shows its outcome there', async () => {
    const { complaint } = await filedComplaint();
    await signInAs('manager');
    render(<ManageComplaintsPage />);
    await card(complaint.id);
    await resolveComplaint(complaint.id, '已核实并向企业说明原因。');
    await pullDownRefresh();
    await waitFor(() => expect(document.querySelector(`[data-complaint="${complaint.id}"]`)).toBeNull());
    fireEvent.click(document.querySelector('[data-chip="resolved"]')!);
    const el = await card(complaint.id);
    expect(within(el).getByText('处理结果：已核实并向企业说明原因。')).toBeTruthy();
    expect(el.querySelector('[data-clock]')).toBeNull();
  });

  it('says the network failed and loads the list on retry', async () => {
    const { complaint } = await filedComplaint();
    await signInAs('manager');
    network.failNext('before', /^\/api\/complaints/);
    render(<ManageComplaintsPage />);
    expect(await screen.findByText('网络异常')).toBeTruthy();
    fireEvent.click(screen.getByText('重试'));
    expect(await card(complaint.id)).toBeTruthy();
  });
});

describe('投诉处理: one complaint', () => {
  it('acknowledges, investigates and resolves it; the complainant reads the outcome', async () => {
    const { complaint } = await filedComplaint();
    await openDetail('manager', complaint.id);
    // One step after the other (COMPLAINT_TRANSITIONS): from 已受理 only 确认受理.
    await waitFor(() => expect(document.querySelector('.action-bar')!.getAttribute('data-actions')).toBe('acknowledge'));

    await takeStep('acknowledge', '确认受理', '已安排专人核实。');
    await stateShown('acknowledged');
    expect(document.querySelector('.action-bar')!.getAttribute('data-actions')).toBe('investigate');

    await takeStep('investigate', '开始调查', '已调取办理记录，约谈经办服务专员。');
    await stateShown('investigated');
    expect(document.querySelector('.action-bar')!.getAttribute('data-actions')).toBe('resolve');

    await takeStep('resolve', '办结并告知结果', '经核实办理超期属实，已督促服务专员当日联系企业并致歉。', '办结并告知投诉人');
    await stateShown('resolved');
    expect(document.querySelector('.action-bar')).toBeNull();
    const outcome = document.querySelector<HTMLElement>('.complaint-outcome')!;
    expect(within(outcome).getByText('经核实办理超期属实，已督促服务专员当日联系企业并致歉。')).toBeTruthy();

    const seen = await complaintAs('enterprise', complaint.id);
    expect(seen).toMatchObject({ state: 'resolved', outcome: '经核实办理超期属实，已督促服务专员当日联系企业并致歉。' });
    expect(seen.events.map((e: { to: string; note: string | null }) => [e.to, e.note])).toEqual([
      ['received', null],
      ['acknowledged', '已安排专人核实。'],
      ['investigated', '已调取办理记录，约谈经办服务专员。'],
      ['resolved', '经核实办理超期属实，已督促服务专员当日联系企业并致歉。'],
    ]);
    expect(actionsSent(complaint.id)).toHaveLength(3);
  });

  it('acknowledges without a note (the note is optional)', async () => {
    const { complaint } = await filedComplaint();
    await openDetail('manager', complaint.id);
    await takeStep('acknowledge', '确认受理');
    await stateShown('acknowledged');
    expect((await complaintAs('manager', complaint.id)).events.at(-1)).toMatchObject({ to: 'acknowledged', note: null });
  });

  it('asks for the outcome before resolving, with the shared message, and sends nothing', async () => {
    const { complaint } = await filedComplaint();
    const token = await tokenOf('manager');
    const acked = await call('POST', `/api/complaints/${complaint.id}/actions`, { token, body: { action: 'acknowledge', version: 1 } });
    await call('POST', `/api/complaints/${complaint.id}/actions`, {
      token,
      body: { action: 'investigate', version: acked.body.version, note: '已调取办理记录。' },
    });
    await openDetail('manager', complaint.id);
    const form = await takeStep('resolve', '办结并告知结果', undefined, '办结并告知投诉人');
    expect(await within(form).findByText('请填写处理结果')).toBeTruthy();
    await userEvent.setup().type(await boxIn(form, 'outcome'), '   ');
    fireEvent.click(within(form).getByText('办结并告知投诉人'));
    expect(await within(form).findByText('请填写处理结果')).toBeTruthy();
    expect(actionsSent(complaint.id)).toEqual([]);
    expect((await complaintAs('manager', complaint.id)).state).toBe('investigated');
  });

  it('asks what the investigation found before 开始调查', async () => {
    const { complaint } = await filedComplaint();
    await call('POST', `/api/complaints/${complaint.id}/actions`, {
      token: await tokenOf('manager'),
      body: { action: 'acknowledge', version: 1 },
    });
    await openDetail('manager', complaint.id);
    const form = await takeStep('investigate', '开始调查');
    expect(await within(form).findByText('请填写调查情况')).toBeTruthy();
    expect(actionsSent(complaint.id)).toEqual([]);
  });

  it('sends one step however fast the confirm button is tapped', async () => {
    const { complaint } = await filedComplaint();
    await openDetail('manager', complaint.id);
    network.slowNext(300, /\/actions$/);
    const form = await takeStep('acknowledge', '确认受理');
    fireEvent.click(within(form).getByText('确认受理'));
    fireEvent.click(within(form).getByText('确认受理'));
    await stateShown('acknowledged');
    expect(actionsSent(complaint.id)).toHaveLength(1);
  });

  it('reloads and says so when someone handled it first', async () => {
    const { complaint } = await filedComplaint();
    await openDetail('manager', complaint.id);
    await waitFor(() => expect(stepButton('acknowledge')).not.toBeNull());
    await resolveComplaint(complaint.id, '已由其他管理人员办结。');
    await takeStep('acknowledge', '确认受理');
    await stateShown('resolved');
    expect(await screen.findByText(/投诉已被他人处理，已刷新为最新状态/)).toBeTruthy();
    expect(document.querySelector('.action-bar')).toBeNull();
  });

  it('shows a supervisor the complaint and its record but no steps', async () => {
    const { complaint } = await filedComplaint();
    await openDetail('supervisor', complaint.id);
    expect(await screen.findByText('监督部门可查看投诉及处理记录，处理由运营管理人员进行。')).toBeTruthy();
    expect(document.querySelector('.action-bar')).toBeNull();
    expect(screen.queryByText('确认受理')).toBeNull();
    expect(screen.queryByText('办结并告知结果')).toBeNull();
  });

  it('says the network failed and loads the complaint on retry', async () => {
    const { complaint } = await filedComplaint();
    await signInAs('manager');
    router.set('/packageManage/pages/complaints/detail', { id: complaint.id });
    network.failNext('before', /^\/api\/complaints\//);
    render(<ManageComplaintPage />);
    expect(await screen.findByText('网络异常')).toBeTruthy();
    fireEvent.click(screen.getByText('重试'));
    expect(await screen.findByText('处理记录')).toBeTruthy();
  });
});

describe('我的: the entry to 投诉处理', () => {
  it('is offered to managers with the open complaints counted', async () => {
    await filedComplaint();
    await signInAs('manager');
    render(<MePage />);
    fireEvent.click(await screen.findByText('投诉处理'));
    expect(router.calls.at(-1)).toMatchObject({ kind: 'navigateTo', url: '/packageManage/pages/complaints/index' });
    expect(await screen.findByText(/^\d+ 件待处理$/)).toBeTruthy();
  });

  it('is offered to supervisors, not to enterprises', async () => {
    await signInAs('supervisor');
    const view = render(<MePage />);
    expect(await screen.findByText('查看投诉及处理情况')).toBeTruthy();
    view.unmount();
    await signInAs('enterprise');
    render(<MePage />);
    await screen.findByText('我的投诉');
    expect(screen.queryByText('投诉处理')).toBeNull();
  });
});

describe('投诉处理: the complainant not satisfied', () => {
  it('puts it back under 待处理, flagged, and lets the manager reopen it (重新调查)', async () => {
    const { complaint } = await filedComplaint();
    await resolveComplaint(complaint.id, '已向企业说明原因。');
    const fb = await call('POST', `/api/complaints/${complaint.id}/feedback`, {
      token: await tokenOf('enterprise'),
      body: { answer: 'dissatisfied', note: '问题没有解决。' },
    });
    expect(fb.status).toBe(200);
    await signInAs('manager');
    router.set('/packageManage/pages/complaints/index');
    const list = render(<ManageComplaintsPage />);
    const el = await card(complaint.id);
    expect(within(el).getByText('投诉人评价：不满意（待重新调查）')).toBeTruthy();
    list.unmount();

    await openDetail('manager', complaint.id);
    await waitFor(() => expect(document.querySelector('.action-bar')!.getAttribute('data-actions')).toBe('reopen'));
    await takeStep('reopen', '重新调查', '安排专人上门核实。');
    await stateShown('investigated');
    expect(document.querySelector('.action-bar')!.getAttribute('data-actions')).toBe('resolve');
    expect(screen.getByText('调查中（当前）')).toBeTruthy();
    expect((await complaintAs('manager', complaint.id)).events.at(-1)).toMatchObject({
      from: 'resolved',
      to: 'investigated',
      note: '投诉人对处理结果不满意：问题没有解决。安排专人上门核实。',
    });
  });
});
