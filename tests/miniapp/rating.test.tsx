// 满意度评价 (DB46 Annex C) in jsdom against the real API: the four questions
// on four levels, 问题是否得到解决, the window and its days left, what went
// wrong after 否 or 不满意, and one rating however the network behaves.
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { RATING_QUESTIONS, SATISFACTION_LABELS, SATISFACTION_LEVELS, workingDaysLeft, toShanghaiDate } from '@qi/shared';
import RatingPage from '../../miniapp/src/pages/rating/index';
import { call, completedNeed, signInAs, submittedNeed, tokenOf } from './support/api';
import { network, router } from './support/taro';

function field(name: string): HTMLElement {
  const el = document.querySelector<HTMLElement>(`[data-field="${name}"]`);
  if (!el) throw new Error(`no field ${name}`);
  return el;
}

async function openRating(id: string) {
  await signInAs('enterprise');
  router.set('/pages/rating/index', { id });
  const view = render(<RatingPage />);
  await screen.findByText('满意度评价');
  return view;
}

const pick = (question: string, label: string) => fireEvent.click(within(field(question)).getByText(label));

function answerAll(level = '满意', resolved = '是') {
  for (const q of RATING_QUESTIONS) pick(q.key, level);
  pick('resolved', resolved);
}

const tapSubmit = () => fireEvent.click(screen.getByText('提交评价'));

async function ratingOf(id: string) {
  const res = await call('GET', `/api/needs/${id}`, { token: await tokenOf('enterprise') });
  return res.body;
}

describe('满意度评价', () => {
  it('asks the four Annex C questions, each on the four levels', async () => {
    const need = await completedNeed();
    await openRating(need.id);
    for (const q of RATING_QUESTIONS) {
      const f = field(q.key);
      expect(within(f).getByText(q.label)).toBeTruthy();
      for (const level of SATISFACTION_LEVELS) expect(within(f).getByText(SATISFACTION_LABELS[level])).toBeTruthy();
    }
    expect(within(field('resolved')).getByText('问题是否得到解决')).toBeTruthy();
  });

  it('shows the working days left in the rating window', async () => {
    const need = await completedNeed();
    // The page and the test each take "today": stop the clock so that a run crossing
    // midnight in Shanghai does not count from one day and check from the next.
    vi.useFakeTimers({ toFake: ['Date'] });
    await openRating(need.id);
    const detail = await ratingOf(need.id);
    const left = workingDaysLeft(detail.deadlines.rateBy, toShanghaiDate(new Date()));
    expect(screen.getByText(new RegExp(`评价期限 ${detail.deadlines.rateBy}（还剩 ${left} 个工作日）`))).toBeTruthy();
  });

  it('shows the shared message for a question left unanswered', async () => {
    const need = await completedNeed();
    await openRating(need.id);
    for (const q of RATING_QUESTIONS.slice(0, 3)) pick(q.key, '满意');
    pick('resolved', '是');
    tapSubmit();
    expect(await within(field('overall')).findByText('请选择满意程度')).toBeTruthy();
    expect(network.sent.filter((r) => r.method === 'POST')).toEqual([]);
  });

  it('asks what went wrong when the problem was not solved', async () => {
    const need = await completedNeed();
    await openRating(need.id);
    expect(screen.queryByText('哪里没有做好？')).toBeNull();
    pick('resolved', '否');
    expect(await screen.findByText('哪里没有做好？')).toBeTruthy();
  });

  it('asks what went wrong after an overall 不满意', async () => {
    const need = await completedNeed();
    await openRating(need.id);
    pick('overall', '不满意');
    expect(await screen.findByText('哪里没有做好？')).toBeTruthy();
  });

  it('rates the need and shows it rated, with what went wrong in the comment', async () => {
    const need = await completedNeed();
    await openRating(need.id);
    answerAll('一般', '否');
    fireEvent.click(await screen.findByText('反馈不及时'));
    // waitFor retries only on a throw: wait until the comment box is rendered.
    const box = await waitFor(() => {
      const t = field('comment').querySelector('textarea');
      if (!t) throw new Error('the comment box is not shown yet');
      return t;
    });
    await userEvent.setup().type(box, '等了很久才有人联系');
    tapSubmit();
    expect(await screen.findByText('感谢您的评价')).toBeTruthy();
    const rated = await ratingOf(need.id);
    expect(rated.state).toBe('rated');
    expect(rated.rating).toMatchObject({ overall: 'average', resolved: false, comment: '存在问题：反馈不及时。等了很久才有人联系' });
  });

  it('shows the need rated when a retry finds the lost first rating', async () => {
    const need = await completedNeed();
    await openRating(need.id);
    answerAll();
    network.failNext('after', /\/rating$/);
    tapSubmit();
    expect(await screen.findAllByText('网络异常，请检查网络后重试')).not.toHaveLength(0);
    tapSubmit();
    expect(await screen.findByText('感谢您的评价')).toBeTruthy();
    expect((await ratingOf(need.id)).rating.overall).toBe('satisfied');
  });

  it('keeps the answers after leaving the page', async () => {
    const need = await completedNeed();
    const first = await openRating(need.id);
    pick('timeliness', '非常满意');
    first.unmount();
    render(<RatingPage />);
    await screen.findByText('满意度评价');
    expect(within(field('timeliness')).getByText('非常满意').closest('.nut-radio-button')!.className).toContain('nut-radio-button-active');
  });

  it('does not open before the need is completed', async () => {
    const need = await submittedNeed();
    await signInAs('enterprise');
    router.set('/pages/rating/index', { id: need.id });
    render(<RatingPage />);
    expect(await screen.findByText('需求办结后才能评价')).toBeTruthy();
    expect(screen.queryByText('提交评价')).toBeNull();
  });
});
