// 一次一评 in jsdom against the real API: the page a one-time rating link opens
// rates the need without signing in, with the same Annex C form as the app;
// the link on a window receipt, opened before the service is completed, shows
// the need's number and state and waits; a used, forged or malformed link
// says why in Chinese and offers no form.
import { fireEvent, render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { RATING_QUESTIONS, SATISFACTION_LABELS, SATISFACTION_LEVELS } from '@qi/shared';
import RateLinkPage from '../../miniapp/src/pages/rate-link/index';
import { call, completedNeed, tokenOf, uniqueTitle } from './support/api';
import { network, router } from './support/taro';

function field(name: string): HTMLElement {
  const el = document.querySelector<HTMLElement>(`[data-field="${name}"]`);
  if (!el) throw new Error(`no field ${name}`);
  return el;
}
const pick = (question: string, label: string) => fireEvent.click(within(field(question)).getByText(label));

/** A completed need and its link's token, issued by the specialist. */
async function linkedNeed() {
  const need = await completedNeed();
  const issued = await call('POST', `/api/needs/${need.id}/rating-link`, { token: await tokenOf('specialist'), body: {} });
  expect(issued.status).toBe(201);
  return { need, token: issued.body.token as string };
}

/** A need the specialist recorded at the window (accepted at once) and the link issued for its receipt. */
async function windowReceipt() {
  const spec = await tokenOf('specialist');
  const made = await call('POST', '/api/needs', {
    token: spec,
    headers: { 'Idempotency-Key': `receipt-${Math.random().toString(36).slice(2)}` },
    body: {
      title: uniqueTitle('窗口登记的电子秤检定'),
      description: '企业到窗口咨询电子秤的检定周期和收费标准。',
      categories: ['metrology'],
      contactName: '王海',
      contactPhone: '13876540000',
      channel: 'window',
      enterprise: { name: '海南椰风测试食品有限公司' },
    },
  });
  expect(made.status).toBe(201);
  const issued = await call('POST', `/api/needs/${made.body.id}/rating-link`, { token: spec, body: {} });
  expect(issued.status).toBe(201);
  return { need: made.body, token: issued.body.token as string };
}

function open(t: string) {
  router.set('/pages/rate-link/index', { t });
  return render(<RateLinkPage />);
}

describe('一次一评 page', () => {
  it('shows the need’s number and title and the same four Annex C questions, without signing in', async () => {
    const { need, token } = await linkedNeed();
    open(token);
    expect(await screen.findByText('满意度评价')).toBeTruthy();
    expect(screen.getByText(`${need.number} · ${need.title}`)).toBeTruthy();
    for (const q of RATING_QUESTIONS) {
      for (const level of SATISFACTION_LEVELS) expect(within(field(q.key)).getByText(SATISFACTION_LABELS[level])).toBeTruthy();
    }
    expect(network.sent.length).toBeGreaterThan(0);
    expect(network.sent.every((r) => !r.headers.Authorization)).toBe(true);
  });

  it('rates the need once; opening the link again says it is used', async () => {
    const { need, token } = await linkedNeed();
    const first = open(token);
    await screen.findByText('满意度评价');
    for (const q of RATING_QUESTIONS) pick(q.key, '满意');
    pick('resolved', '否');
    fireEvent.click(screen.getByText('提交评价'));
    expect(await screen.findByText('感谢您的评价')).toBeTruthy();
    expect(screen.getByText('我们已转交运营管理人员跟进，将尽快与您联系。')).toBeTruthy();
    const rated = await call('GET', `/api/needs/${need.id}`, { token: await tokenOf('enterprise') });
    expect(rated.body).toMatchObject({ state: 'rated', rating: { overall: 'satisfied', resolved: false } });

    first.unmount();
    open(token);
    expect(await screen.findByText('评价链接已使用')).toBeTruthy();
    expect(screen.getByText('该评价链接已使用，每个需求只能评价一次')).toBeTruthy();
    expect(screen.queryByText('提交评价')).toBeNull();
  });

  it('answers a retry whose first try got through as rated, not as a used link', async () => {
    const { token } = await linkedNeed();
    open(token);
    await screen.findByText('满意度评价');
    for (const q of RATING_QUESTIONS) pick(q.key, '非常满意');
    pick('resolved', '是');
    network.failNext('after', /\/rating$/);
    fireEvent.click(screen.getByText('提交评价'));
    expect(await screen.findAllByText('网络异常，请检查网络后重试')).not.toHaveLength(0);
    fireEvent.click(screen.getByText('提交评价'));
    expect(await screen.findByText('感谢您的评价')).toBeTruthy();
  });

  it('opened from a window receipt before the service is completed, shows the need’s number and state and waits; rates once completed', async () => {
    const { need, token } = await windowReceipt();
    const early = open(token);
    expect(await screen.findByText('服务完成后可通过此码评价')).toBeTruthy();
    expect(screen.getByText(need.number)).toBeTruthy();
    expect(screen.getByText(need.title)).toBeTruthy();
    expect(screen.getByText('当前状态：已受理')).toBeTruthy();
    expect(document.querySelector('[data-waiting="accepted"]')).not.toBeNull();
    // No form, no error.
    expect(screen.queryByText('提交评价')).toBeNull();
    expect(document.querySelector('[data-refused]')).toBeNull();
    expect(network.sent.some((r) => r.method === 'POST')).toBe(false);
    early.unmount();

    const spec = await tokenOf('specialist');
    const current = await call('GET', `/api/needs/${need.id}`, { token: spec });
    const done = await call('POST', `/api/needs/${need.id}/actions`, {
      token: spec,
      body: { action: 'answer', version: current.body.version, answer: '已当场告知检定周期和收费标准。' },
    });
    expect(done.status).toBe(200);
    const ready = open(token);
    expect(await screen.findByText('满意度评价')).toBeTruthy();
    expect(screen.getByText(`${need.number} · ${need.title}`)).toBeTruthy();
    for (const q of RATING_QUESTIONS) pick(q.key, '非常满意');
    pick('resolved', '是');
    fireEvent.click(screen.getByText('提交评价'));
    expect(await screen.findByText('感谢您的评价')).toBeTruthy();
    ready.unmount();

    open(token);
    expect(await screen.findByText('评价链接已使用')).toBeTruthy();
    expect(screen.queryByText('服务完成后可通过此码评价')).toBeNull();
  });

  it('says a forged link is invalid and a cut one is incomplete', async () => {
    const forged = open('A'.repeat(43));
    expect(await screen.findByText('评价链接无效')).toBeTruthy();
    forged.unmount();
    open('A'.repeat(20));
    expect(await screen.findByText('评价链接不完整')).toBeTruthy();
    expect(screen.queryByText('提交评价')).toBeNull();
  });
});
