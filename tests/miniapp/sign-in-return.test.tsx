// "请先登录" remembers where the person was: after signing in on 我的 they are
// back on that page with its query (the need form keeps its pre-filled
// service item); staff who sign in from 我的 itself land on their workbench.
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import NeedFormPage from '../../miniapp/src/pages/need-form/index';
import MePage from '../../miniapp/src/pages/me/index';
import { getToken } from '../../miniapp/src/api/client';
import { inboxPage, mePage } from '../../miniapp/src/links';
import { router } from './support/taro';

async function signInOnMe(persona: string) {
  router.set(mePage);
  render(<MePage />);
  fireEvent.click(await screen.findByText(persona));
  // The session is kept and the way on is taken in one step.
  await waitFor(() => expect(getToken()).not.toBeNull());
}

describe('signing in returns to where the person was', () => {
  it('goes back to the need form, with its query, after 去登录', async () => {
    router.set('/pages/need-form/index', { category: 'metrology', item: 'M01' });
    const form = render(<NeedFormPage />);
    fireEvent.click(await screen.findByText('去登录'));
    expect(router.calls).toEqual([{ kind: 'switchTab', url: mePage }]);
    form.unmount();

    router.calls = [];
    await signInOnMe('企业用户');
    expect(router.calls).toEqual([{ kind: 'navigateTo', url: '/pages/need-form/index?category=metrology&item=M01' }]);
  });

  it('brings staff who sign in on 我的 to their workbench', async () => {
    await signInOnMe('服务专员');
    expect(router.calls).toEqual([{ kind: 'navigateTo', url: inboxPage }]);
  });

  it('leaves the enterprise on 我的 when it signed in there', async () => {
    await signInOnMe('企业用户');
    expect(router.calls).toEqual([]);
  });

  it('signs in a new account (as a first WeChat sign-in) from the demo list, which then offers to bind an invitation', async () => {
    await signInOnMe('新用户');
    expect(router.calls).toEqual([]);
    expect(await screen.findByText('绑定邀请码')).toBeTruthy();
  });
});
