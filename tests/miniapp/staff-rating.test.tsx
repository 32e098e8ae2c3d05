// Staff see a need's rating in full on the staff need page — each Annex C
// question's level, 问题是否解决, the remark — as the enterprise sees it on its
// own page (one component, RatingFacts), not only inside the timeline's text.
import { render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import NeedDetailPage from '../../miniapp/src/pages/need-detail/index';
import StaffNeedPage from '../../miniapp/src/packageStaff/pages/need/index';
import { call, completedNeed, signInAs, tokenOf } from './support/api';
import { router } from './support/taro';

async function ratedNeed(): Promise<string> {
  const need = await completedNeed();
  const rated = await call('POST', `/api/needs/${need.id}/rating`, {
    token: await tokenOf('enterprise'),
    body: {
      timeliness: 'average',
      professionalism: 'very_satisfied',
      courtesy: 'satisfied',
      overall: 'dissatisfied',
      resolved: false,
      comment: '答复及时，但检测方案缺少欧盟要求的项目。',
    },
  });
  if (rated.status !== 201) throw new Error(`not rated: ${rated.status}`);
  return need.id;
}

/** The rating section's label → value pairs. */
async function ratingFacts(title: string): Promise<Record<string, string>> {
  const section = (await screen.findByText(title)).closest('.section') as HTMLElement;
  const facts: Record<string, string> = {};
  for (const label of ['总体评价', '反馈及时性', '专业性', '文明性', '问题是否解决', '意见建议']) {
    const fact = within(section).getByText(label).closest('.fact') as HTMLElement;
    facts[label] = fact.textContent!.replace(label, '').trim();
  }
  return facts;
}

const EXPECTED = {
  总体评价: '不满意',
  反馈及时性: '一般',
  专业性: '非常满意',
  文明性: '满意',
  问题是否解决: '否',
  意见建议: '答复及时，但检测方案缺少欧盟要求的项目。',
};

describe('a rated need', () => {
  it('shows the specialist every answer of the rating on the staff need page', async () => {
    const id = await ratedNeed();
    await signInAs('specialist');
    router.set('/packageStaff/pages/need/index', { id });
    render(<StaffNeedPage />);
    expect(await ratingFacts('企业评价')).toEqual(EXPECTED);
  });

  it('shows the enterprise the same on its own page', async () => {
    const id = await ratedNeed();
    await signInAs('enterprise');
    router.set('/pages/need-detail/index', { id });
    render(<NeedDetailPage />);
    expect(await ratingFacts('我的评价')).toEqual(EXPECTED);
  });
});
