// 编辑机构 (packageManage) in jsdom against the real API: a manager registers an
// institution with a qualification, is stopped by the shared schema's message
// for a wrong credit code before anything is sent, edits at the version read
// (a stale edit meets 409 and reloads), and the contact stays masked.
import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { creditCodeCheckChar, orgCodeCheckChar, MANAGE_DIRECTORY_PATHS } from '@qi/shared';
import EditInstitutionPage from '../../miniapp/src/packageManage/pages/institutions/edit';
import { call, signInAs, tokenOf, uniqueTitle } from './support/api';
import { network, router } from './support/taro';

/** A valid credit code no other test (or file) uses. */
function newCreditCode() {
  const alphabet = '0123456789ABCDEFGHJKLMNPQRTUWXY';
  const org8 = `MJ${Array.from({ length: 6 }, () => alphabet[Math.floor(Math.random() * 10)]).join('')}`;
  const first17 = `91460100${org8}${orgCodeCheckChar(org8)}`;
  return first17 + creditCodeCheckChar(first17);
}

function field(name: string): HTMLElement {
  const el = document.querySelector<HTMLElement>(`[data-field="${name}"]`);
  if (!el) throw new Error(`no field ${name}`);
  return el;
}

async function typeInto(name: string, text: string, nth = 0) {
  const user = userEvent.setup();
  const box = await waitFor(() => {
    const el = field(name).querySelectorAll<HTMLElement>('input, textarea')[nth];
    if (!el) throw new Error(`no input in ${name}`);
    return el;
  });
  await user.clear(box);
  if (text) await user.type(box, text);
}

const tap = (text: string) =>
  act(async () => {
    fireEvent.click(screen.getByText(text));
  });

async function fillNew(name: string, creditCode: string) {
  await typeInto('name', name);
  await typeInto('creditCode', creditCode);
  await typeInto('region', '三亚市');
  await typeInto('address', '三亚市吉阳区迎宾路 88 号');
  await typeInto('contact', '陈海燕');
  await typeInto('contact.phone', '13800001234');
  fireEvent.click(within(field('categories')).getByText('检验检测'));
  fireEvent.click(within(field('items')).getByText('产品检验检测'));
  await tap('添加资质');
  await typeInto('qualifications.0.number', '224612050733');
  await typeInto('qualifications.0.validity', '2024-01-01', 0);
  await typeInto('qualifications.0.validity', '2029-12-31', 1);
  fireEvent.click(within(field('qualifications.0.items')).getByText('产品检验检测'));
}

async function institutionsNamed(name: string) {
  const res = await call('GET', `${MANAGE_DIRECTORY_PATHS.institutions}?q=${encodeURIComponent(name)}`, {
    token: await tokenOf('manager'),
  });
  return res.body as any[];
}

describe('编辑机构: the manager', () => {
  it('is stopped by the shared message for a wrong credit code, and nothing is sent', async () => {
    await signInAs('manager');
    router.set('/packageManage/pages/institutions/edit');
    render(<EditInstitutionPage />);
    await fillNew(uniqueTitle('校验码机构'), '91460200MA5T8H3R2K');
    await tap('登记机构');
    expect(await within(field('creditCode')).findByText(/校验/)).toBeTruthy();
    expect(network.sent.filter((r) => r.method === 'POST' && r.url.includes('/api/manage/'))).toEqual([]);
  });

  it('registers an institution with its qualification; the list shows it with the contact masked', async () => {
    await signInAs('manager');
    router.set('/packageManage/pages/institutions/edit');
    render(<EditInstitutionPage />);
    const name = uniqueTitle('琼南检测');
    const code = newCreditCode();
    await fillNew(name, code);
    await tap('登记机构');
    await waitFor(async () => expect(await institutionsNamed(name)).toHaveLength(1));
    const [saved] = await institutionsNamed(name);
    expect(saved).toMatchObject({
      creditCode: code,
      region: '三亚市',
      contact: { name: '陈**', phone: '138****1234' },
      qualifications: [{ kind: 'cma', number: '224612050733', validTo: '2029-12-31', items: ['testing.product_testing'] }],
    });
  });

  it('edits at the version read, keeps the masked contact, and reloads after someone else’s change (409)', async () => {
    const token = await tokenOf('manager');
    const name = uniqueTitle('海口计量');
    const created = await call('POST', MANAGE_DIRECTORY_PATHS.institutions, {
      token,
      body: {
        name,
        creditCode: newCreditCode(),
        categories: ['metrology'],
        items: [],
        region: '海口市',
        address: '海口市美兰区国兴大道 9 号',
        agreementDate: null,
        status: 'active',
        qualifications: [],
        contact: { name: '黄立新', phone: '13800003333' },
      },
    });
    expect(created.status).toBe(201);
    const id = created.body.id as string;

    await signInAs('manager');
    router.set('/packageManage/pages/institutions/edit', { id });
    render(<EditInstitutionPage />);
    expect(await screen.findByText(/当前：黄\*\* 138\*\*\*\*3333（已脱敏）/)).toBeTruthy();
    await typeInto('address', '海口市龙华区滨海大道 1 号');
    await tap('保存修改');
    await waitFor(() => expect(document.querySelector('.inst-edit')!.getAttribute('data-version')).toBe('2'));
    const after = (await call('GET', `/api/manage/institutions/${id}`, { token })).body;
    expect(after).toMatchObject({ version: 2, address: '海口市龙华区滨海大道 1 号', contact: { name: '黄**' } });

    // Someone else changes it meanwhile: saving from version 2 is refused and the page shows version 3.
    const { id: _i, updatedAt: _u, contact: _c, ...edit } = after;
    expect((await call('PUT', `/api/manage/institutions/${id}`, { token, body: { ...edit, status: 'warned' } })).status).toBe(200);
    await typeInto('region', '海口市美兰区');
    await tap('保存修改');
    await waitFor(() => expect(document.querySelector('.inst-edit')!.getAttribute('data-version')).toBe('3'));
    expect((await call('GET', `/api/manage/institutions/${id}`, { token })).body).toMatchObject({
      version: 3,
      region: '海口市',
      status: 'warned',
    });
  });
});
