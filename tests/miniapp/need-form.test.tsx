// 需求登记 in jsdom against the real API: the shared schema's messages on the
// page, the draft kept across visits, pre-filling, attachments, and one need
// however often the user taps or retries.
import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { CreateNeedSchema } from '@qi/shared';
import NeedFormPage from '../../miniapp/src/pages/need-form/index';
import { call, needsTitled, signInAs, tokenOf, uniqueTitle } from './support/api';
import { network, router } from './support/taro';

const PHONE_MESSAGE = '联系电话应为 11 位手机号或带区号的固定电话（如 0898-66661234）';

function field(name: string): HTMLElement {
  const el = document.querySelector<HTMLElement>(`[data-field="${name}"]`);
  if (!el) throw new Error(`no field ${name}`);
  return el;
}

async function typeInto(name: string, text: string) {
  const user = userEvent.setup();
  const box = await waitFor(() => {
    const el = field(name).querySelector<HTMLElement>('input, textarea');
    if (!el) throw new Error(`no input in ${name}`);
    return el;
  });
  await user.clear(box);
  await user.type(box, text);
}

const tapSubmit = () => fireEvent.click(screen.getByText(/^(提交需求|重新提交)$/));

async function renderSignedIn() {
  await signInAs('enterprise');
  const view = render(<NeedFormPage />);
  // The account's name arrives from /api/me and fills 联系人.
  await waitFor(() => expect(field('contactName').querySelector('input')!.value).not.toBe(''));
  return view;
}

async function fillValid(title: string, categories = ['检验检测', '标准化']) {
  await typeInto('title', title);
  for (const c of categories) fireEvent.click(within(field('categories')).getByText(c));
  await typeInto('description', '我司椰子汁准备出口东盟，需要了解检测项目和标准要求。');
  await typeInto('contactPhone', '13876543210');
}

describe('需求登记', () => {
  it('shows the shared Chinese message for a wrong phone number without sending anything', async () => {
    await renderSignedIn();
    await fillValid(uniqueTitle('电话校验'));
    await typeInto('contactPhone', '12345');
    tapSubmit();
    expect(await within(field('contactPhone')).findByText(PHONE_MESSAGE)).toBeTruthy();
    expect(network.sent.filter((r) => r.method === 'POST')).toEqual([]);
  });

  it('shows the same message the server answers for the same mistake', async () => {
    const token = await tokenOf('enterprise');
    const body = {
      title: '服务器同样的提示',
      description: '需要了解检测项目和标准要求。',
      categories: ['testing'],
      contactName: '林晓华',
      contactPhone: '12345',
    };
    const res = await call('POST', '/api/needs', { token, body, headers: { 'Idempotency-Key': 'same-message-check-1' } });
    const server = res.body.error.issues.find((i: { path: string }) => i.path === 'contactPhone').message;
    const page = CreateNeedSchema.safeParse(body).error!.issues.find((i) => i.path[0] === 'contactPhone')!.message;
    expect(server).toBe(page);
    expect(server).toBe(PHONE_MESSAGE);
  });

  it('asks for at least one service category', async () => {
    await renderSignedIn();
    await fillValid(uniqueTitle('类别校验'), []);
    tapSubmit();
    expect(await within(field('categories')).findByText('请至少选择 1 个服务类别')).toBeTruthy();
  });

  it('submits a need with two categories and shows its unified number on the receipt', async () => {
    await renderSignedIn();
    const title = uniqueTitle('两类需求');
    await fillValid(title);
    tapSubmit();
    const receipt = await waitFor(() => {
      const el = document.querySelector<HTMLElement>('[data-receipt]');
      if (!el) throw new Error('no receipt yet');
      return el;
    });
    const [need] = await needsTitled('enterprise', title);
    const detail = await call('GET', `/api/needs/${need!.id}`, { token: await tokenOf('enterprise') });
    expect(receipt.dataset.receipt).toBe(detail.body.number);
    expect(within(receipt).getByText(detail.body.number)).toBeTruthy();
    expect(detail.body.categories.sort()).toEqual(['standardization', 'testing']);
  });

  it('keeps what was typed after leaving the page and coming back', async () => {
    const first = await renderSignedIn();
    const title = uniqueTitle('草稿保留');
    await typeInto('title', title);
    fireEvent.click(within(field('categories')).getByText('计量'));
    await typeInto('description', '电子秤需要检定校准，请推荐机构。');
    first.unmount();

    render(<NeedFormPage />);
    expect(field('title').querySelector('input')!.value).toBe(title);
    await waitFor(() => expect(field('description').querySelector('textarea')?.value).toBe('电子秤需要检定校准，请推荐机构。'));
    expect(within(field('categories')).getByText('计量').closest('.nut-checkbox')!.className).toContain('active');
  });

  it('pre-fills the category and the service item chosen on the item page', async () => {
    router.set('/pages/need-form/index', { category: 'metrology', item: 'metrology.verification_calibration' });
    await renderSignedIn();
    expect(within(field('categories')).getByText('计量').closest('.nut-checkbox')!.className).toContain('active');
    expect(within(field('items')).getByText('计量器具检定校准').closest('.nut-checkbox')!.className).toContain('active');
  });

  it('makes one need from a double tap', async () => {
    await renderSignedIn();
    const title = uniqueTitle('双击提交');
    await fillValid(title);
    const button = screen.getByText('提交需求');
    fireEvent.click(button);
    fireEvent.click(button);
    await waitFor(() => expect(document.querySelector('[data-receipt]')).not.toBeNull());
    expect(await needsTitled('enterprise', title)).toHaveLength(1);
  });

  it('makes one need when the answer was lost and the user submits again', async () => {
    await renderSignedIn();
    const title = uniqueTitle('弱网重试');
    await fillValid(title);
    network.failNext('after', /^\/api\/needs$/); // the server makes the need; its answer never arrives
    tapSubmit();
    expect(await screen.findByText('提交结果未确认。您填写的内容已保存，请点“重新提交”，不会重复提交。')).toBeTruthy();
    expect(await needsTitled('enterprise', title)).toHaveLength(1);

    tapSubmit();
    await waitFor(() => expect(document.querySelector('[data-receipt]')).not.toBeNull());
    expect(await needsTitled('enterprise', title)).toHaveLength(1);
    const posts = network.sent.filter((r) => r.method === 'POST' && r.url === '/api/needs');
    expect(posts).toHaveLength(2);
    expect(posts[0]!.headers['Idempotency-Key']).toBe(posts[1]!.headers['Idempotency-Key']);
  });

  it('keeps the draft when the network is down and says so', async () => {
    await renderSignedIn();
    const title = uniqueTitle('断网保留');
    await fillValid(title);
    network.failNext('before', /^\/api\/needs$/);
    tapSubmit();
    expect(await screen.findAllByText('网络异常，请检查网络后重试')).not.toHaveLength(0);
    expect(field('title').querySelector('input')!.value).toBe(title);
    expect(await needsTitled('enterprise', title)).toHaveLength(0);
  });

  it('uploads a photo and submits it as an attachment', async () => {
    await renderSignedIn();
    const title = uniqueTitle('带附件');
    await fillValid(title);
    const input = document.querySelector<HTMLInputElement>('input[type="file"]')!;
    const png = Uint8Array.from(
      atob('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=='),
      (c) => c.charCodeAt(0),
    );
    await act(() => userEvent.setup().upload(input, new File([png], '铭牌.png', { type: 'image/png' })));
    await screen.findByText(/已上传/);
    tapSubmit();
    await waitFor(() => expect(document.querySelector('[data-receipt]')).not.toBeNull());
    const [need] = await needsTitled('enterprise', title);
    const detail = await call('GET', `/api/needs/${need!.id}`, { token: await tokenOf('enterprise') });
    expect(detail.body.attachments).toEqual([expect.objectContaining({ name: '铭牌.png', mime: 'image/png', size: png.length })]);
  });

  it('refuses a file type before uploading it, with the shared message', async () => {
    await renderSignedIn();
    const input = document.querySelector<HTMLInputElement>('input[type="file"]')!;
    // applyAccept off: the phone's picker may still hand over any file.
    await act(() =>
      userEvent.setup({ applyAccept: false }).upload(input, new File(['MZ'], 'setup.exe', { type: 'application/x-msdownload' })),
    );
    expect(await screen.findByText(/仅支持图片/)).toBeTruthy();
    expect(network.sent.filter((r) => r.url === '/api/uploads')).toEqual([]);
  });
});
