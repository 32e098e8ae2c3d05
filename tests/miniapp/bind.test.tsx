// 绑定邀请码 in jsdom against the real API: the code from the QR link fills
// the box, a malformed code is refused before anything is sent, a code
// nobody issued and one used already are refused with the server's message,
// a member code for another enterprise is refused, and a valid code binds
// and shows the account's roles.
import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ERRORS } from '@qi/shared';
import BindPage from '../../miniapp/src/packageAccount/pages/bind/index';
import { call, signInAs, tokenOf } from './support/api';
import { network, router } from './support/taro';

const boxOf = () =>
  waitFor(() => {
    const box = document.querySelector<HTMLInputElement>('[data-field="code"] input');
    if (!box) throw new Error('no code box yet');
    return box;
  });
const enter = async (value: string) => {
  const box = await boxOf();
  await act(async () => void fireEvent.input(box, { target: { value } }));
};
const tapBind = () => act(async () => void fireEvent.click(screen.getByText('绑定').closest('.nut-button') as HTMLElement));
const binds = () => network.sent.filter((r) => r.method === 'POST' && r.url.endsWith('/api/invitations/bind'));

/** A supervisor's invitation from the manager: binding it leaves the seeded supervisor as it was. */
async function supervisorCode(): Promise<string> {
  const r = await call('POST', '/api/manage/invitations', {
    token: await tokenOf('manager'),
    body: { note: '监督部门 张科长', roles: ['supervisor'] },
  });
  expect(r.status).toBe(201);
  return r.body.code;
}

async function openBind(params: Record<string, string> = {}) {
  router.set('/packageAccount/pages/bind/index', params);
  render(<BindPage />);
  await screen.findByText('绑定邀请码');
}

describe('绑定邀请码', () => {
  it('asks a signed-out visitor to sign in first', async () => {
    await openBind({ code: 'ABCDE-FGHJK' });
    expect(screen.getByText('请先登录')).toBeTruthy();
    expect(screen.getByText(/绑定码 ABCDE-FGHJK 已记下/)).toBeTruthy();
  });

  it('fills in the code the QR link carries, and binds it: the page shows the roles the account now holds', async () => {
    const code = await supervisorCode();
    await signInAs('supervisor');
    await openBind({ code: encodeURIComponent(code) });
    expect((await boxOf()).value).toBe(code);
    await tapBind();
    await waitFor(() => expect(document.querySelector('.bind__title')?.textContent).toBe('绑定成功'));
    expect(within(document.querySelector<HTMLElement>('.bind__roles')!).getByText('监督部门')).toBeTruthy();
    expect(binds()).toHaveLength(1);
  });

  it('refuses a malformed code with the shared message and sends nothing', async () => {
    await signInAs('supervisor');
    await openBind();
    await enter('12345');
    await tapBind();
    const field = document.querySelector<HTMLElement>('[data-field="code"]')!;
    expect(await within(field).findByText(/绑定码应为 10 位字母和数字/)).toBeTruthy();
    expect(binds()).toEqual([]);
  });

  it('shows the server’s refusal of a code nobody issued', async () => {
    await signInAs('supervisor');
    await openBind();
    await enter('abcde fghjk');
    await tapBind();
    expect((await screen.findByTestId('bind-refusal')).textContent).toBe(ERRORS.invitation_not_found.message);
  });

  it('shows that a code was used already when it is entered a second time', async () => {
    const code = await supervisorCode();
    const r = await call('POST', '/api/invitations/bind', { token: await tokenOf('supervisor'), body: { code } });
    expect(r.status).toBe(200);
    await signInAs('supervisor');
    await openBind();
    await enter(code);
    await tapBind();
    expect((await screen.findByTestId('bind-refusal')).textContent).toBe(ERRORS.invitation_used.message);
  });

  it('refuses a colleague’s code for an account of another enterprise, saying why', async () => {
    const inv = await call('POST', '/api/enterprise/invitations', { token: await tokenOf('enterprise'), body: { note: '财务部 周晓敏' } });
    expect(inv.status).toBe(201);
    await signInAs('enterprise2');
    await openBind({ code: inv.body.code });
    await tapBind();
    expect((await screen.findByTestId('bind-refusal')).textContent).toContain('已绑定其他企业');
  });
});
