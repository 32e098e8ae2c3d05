// The consent to the 隐私保护指引 and 用户协议 in jsdom against the real API:
// the popup a first submission meets (a fresh account, which never agreed),
// what agreeing records server-side, declining, an agreement given before
// signing in sent at sign-in, and the documents' page.
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { useState } from 'react';
import { describe, expect, it } from 'vitest';
import { PRIVACY_DOCUMENTS, PRIVACY_PATHS } from '@qi/shared';
import { setToken } from '../../miniapp/src/api/client';
import { usePrivacyConsent } from '../../miniapp/src/components/PrivacyPopup';
import PrivacyDocPage from '../../miniapp/src/pages/privacy/index';
import { recordConsent } from '../../miniapp/src/privacy';
import { completeSignIn } from '../../miniapp/src/signIn';
import { call, consentFor } from './support/api';
import { network, router } from './support/taro';

/** A new WeChat account (demo mode), which has agreed to nothing. */
async function freshAccount() {
  const res = await call('POST', '/api/auth/dev', { body: { newAccount: true } });
  expect(res.status).toBe(200);
  return res.body as { token: string; user: { id: string; roles: string[] } };
}

const consentOf = async (token: string) => (await call('GET', PRIVACY_PATHS.consent, { token })).body;

/** A form's submit button behind the consent gate, as need-form, complaint and rating use it. */
function GatedSubmit() {
  const consent = usePrivacyConsent();
  const [outcome, setOutcome] = useState('');
  return (
    <div>
      {consent.popup}
      <button type="button" onClick={() => void consent.ensure().then((ok) => setOutcome(ok ? '已提交' : '未提交'))}>
        提交
      </button>
      <p data-testid="outcome">{outcome}</p>
    </div>
  );
}

const outcome = () => screen.getByTestId('outcome').textContent;

describe('consent before a first submission', () => {
  it('asks a user who never agreed, naming both documents, and records the agreement with its versions', async () => {
    const { token } = await freshAccount();
    setToken(token);
    render(<GatedSubmit />);
    fireEvent.click(screen.getByText('提交'));
    await screen.findByText('隐私保护提示');
    expect(screen.getByText(`《${PRIVACY_DOCUMENTS.privacy.title}》`)).toBeTruthy();
    expect(screen.getByText(`《${PRIVACY_DOCUMENTS.terms.title}》`)).toBeTruthy();
    expect(screen.getByText(/联系人与电话、企业名称与统一社会信用代码、上传的附件/)).toBeTruthy();
    expect(outcome()).toBe('');

    fireEvent.click(screen.getByText('同意并继续'));
    await waitFor(() => expect(outcome()).toBe('已提交'));
    await network.settle();
    const status = await consentOf(token);
    expect(status.needed).toBe(false);
    expect(status.agreed).toEqual(
      expect.objectContaining({
        privacyVersion: PRIVACY_DOCUMENTS.privacy.version,
        termsVersion: PRIVACY_DOCUMENTS.terms.version,
        channel: 'h5',
      }),
    );
  });

  it('lets one who agreed submit without asking again', async () => {
    const { token } = await freshAccount();
    await consentFor(token);
    setToken(token);
    render(<GatedSubmit />);
    fireEvent.click(screen.getByText('提交'));
    await waitFor(() => expect(outcome()).toBe('已提交'));
    expect(screen.queryByText('同意并继续')).toBeNull();
    expect(network.sent.filter((r) => r.method === 'POST' && r.url.includes(PRIVACY_PATHS.consent))).toEqual([]);
  });

  it('submits nothing after 不同意, and records nothing', async () => {
    const { token } = await freshAccount();
    setToken(token);
    render(<GatedSubmit />);
    fireEvent.click(screen.getByText('提交'));
    fireEvent.click(await screen.findByText('不同意'));
    await waitFor(() => expect(outcome()).toBe('未提交'));
    await network.settle();
    expect(await consentOf(token)).toEqual(expect.objectContaining({ agreed: null, needed: true }));
  });

  it('sends an agreement given before signing in at sign-in', async () => {
    setToken(null);
    await recordConsent();
    expect(network.sent).toEqual([]);
    const auth = await freshAccount();
    completeSignIn(auth as Parameters<typeof completeSignIn>[0]);
    await network.settle();
    expect((await consentOf(auth.token)).needed).toBe(false);
  });
});

describe('the documents page', () => {
  it('shows the 隐私保护指引 with its version, what is collected and kept how long, and the consent on record', async () => {
    const { token } = await freshAccount();
    await consentFor(token);
    setToken(token);
    router.set('/pages/privacy/index', { doc: 'privacy' });
    render(<PrivacyDocPage />);
    expect(screen.getByText(`版本：${PRIVACY_DOCUMENTS.privacy.version}`)).toBeTruthy();
    expect(screen.getByText(/保存三年/)).toBeTruthy();
    expect(screen.getByText(/位置信息/)).toBeTruthy();
    await screen.findByText('撤回同意');
    expect(screen.getByText(/您已于 .+ 同意/)).toBeTruthy();
  });

  it('shows the 用户协议 for ?doc=terms', async () => {
    setToken(null);
    router.set('/pages/privacy/index', { doc: 'terms' });
    render(<PrivacyDocPage />);
    expect(screen.getByText(PRIVACY_DOCUMENTS.terms.title)).toBeTruthy();
    expect(screen.getByText(/服务内容/)).toBeTruthy();
    expect(screen.queryByText('撤回同意')).toBeNull();
  });
});
