// 窗口登记 in jsdom against the real API: the credit code's message under its
// own field, the enterprise form's parts (items, desired reply date,
// attachments), 受理并登记 recording the need already accepted, in one request,
// and the receipt it opens carrying the need's one-time rating link (一次一评).
import { act, cleanup, fireEvent, screen, waitFor, within, render } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import IntakePage from '../../miniapp/src/packageStaff/pages/intake/index';
import StaffNeedPage from '../../miniapp/src/packageStaff/pages/need/index';
import { call, signInAs, tokenOf, uniqueTitle } from './support/api';
import { network, router } from './support/taro';

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

async function renderIntake() {
  await signInAs('specialist');
  render(<IntakePage />);
  await screen.findByText('受理并登记');
}

async function fillValid(title: string) {
  await typeInto('enterprise', '海南椰风测试食品有限公司');
  await typeInto('title', title);
  fireEvent.click(within(field('categories')).getByText('计量'));
  await typeInto('description', '企业到窗口咨询电子秤的检定周期和收费标准。');
  await typeInto('contactName', '王海');
  await typeInto('contactPhone', '13876540000');
}

const tapSubmit = () => fireEvent.click(screen.getByText('受理并登记'));

describe('窗口登记', () => {
  it('shows a wrong credit code’s message under 统一社会信用代码, not under 企业名称', async () => {
    await renderIntake();
    await fillValid(uniqueTitle('信用代码'));
    await typeInto('creditCode', '12345');
    tapSubmit();
    await waitFor(() => expect(field('creditCode').querySelector('.field__error')?.textContent).toMatch(/统一社会信用代码/));
    expect(field('enterprise').querySelector('.field__error')).toBeNull();
    expect(network.sent.filter((r) => r.method === 'POST')).toEqual([]);
  });

  it('offers the chosen categories’ service items and a desired reply date no earlier than the day after the accept deadline', async () => {
    await renderIntake();
    expect(document.querySelector('[data-field="items"]')).toBeNull();
    fireEvent.click(within(field('categories')).getByText('计量'));
    expect(within(field('items')).getByText('计量器具检定校准')).toBeTruthy();
    // The earliest date the page offers is the one the server takes, and the day before it is refused.
    const earliest = field('desiredReplyBy').querySelector<HTMLElement>('[data-earliest]')!.dataset.earliest!;
    expect(within(field('desiredReplyBy')).getByText(new RegExp(`最早可选 ${earliest}`))).toBeTruthy();
    const token = await tokenOf('enterprise');
    const body = (day: string) => ({
      title: '期望日期对照',
      description: '核对页面与服务器的最早日期。',
      categories: ['metrology'],
      contactName: '林晓华',
      contactPhone: '13876543210',
      desiredReplyBy: day,
    });
    const before = new Date(`${earliest}T00:00:00Z`);
    before.setUTCDate(before.getUTCDate() - 1);
    const refused = await call('POST', '/api/needs', {
      token,
      body: body(before.toISOString().slice(0, 10)),
      headers: { 'Idempotency-Key': uniqueTitle('intake-key') },
    });
    expect(refused.status, JSON.stringify(refused.body)).toBe(422);
    const taken = await call('POST', '/api/needs', {
      token,
      body: body(earliest),
      headers: { 'Idempotency-Key': uniqueTitle('intake-key') },
    });
    expect(taken.status).toBe(201);
  });

  it('受理并登记 records the need with its items and attachment, accepted by the recorder, and opens it', async () => {
    await renderIntake();
    const title = uniqueTitle('受理并登记');
    await fillValid(title);
    fireEvent.click(within(field('items')).getByText('计量器具检定校准'));
    const input = document.querySelector<HTMLInputElement>('input[type="file"]')!;
    await act(() => userEvent.setup().upload(input, new File(['%PDF-1.4 test'], '电子秤型号清单.pdf', { type: 'application/pdf' })));
    await screen.findByText(/已上传/);
    tapSubmit();
    await waitFor(() => expect(router.calls.some((c) => c.kind === 'redirectTo')).toBe(true));
    const id = new URL(router.calls.find((c) => c.kind === 'redirectTo')!.url!, 'http://x').searchParams.get('id')!;
    // One request records it; the second issues the receipt's rating link.
    const posts = network.sent.filter((r) => r.method === 'POST' && r.url.startsWith('/api/needs'));
    expect(posts.map((r) => r.url)).toEqual(['/api/needs', `/api/needs/${id}/rating-link`]);
    const need = (await call('GET', `/api/needs/${id}`, { token: await tokenOf('specialist') })).body;
    expect(need).toMatchObject({ title, state: 'accepted', channel: 'window', items: ['metrology.verification_calibration'] });
    expect(need.owner.id).toBe(need.recorder.id);
    expect(need.attachments).toEqual([expect.objectContaining({ name: '电子秤型号清单.pdf', mime: 'application/pdf' })]);
    expect(need.events.map((e: { action: string }) => e.action)).toEqual(['submit', 'accept']);
  });

  it('opens the receipt with the need’s one-time rating link and its QR code, from the moment it is recorded', async () => {
    await renderIntake();
    const title = uniqueTitle('回执评价码');
    await fillValid(title);
    tapSubmit();
    await waitFor(() => expect(router.calls.some((c) => c.kind === 'redirectTo')).toBe(true));
    const url = router.calls.find((c) => c.kind === 'redirectTo')!.url!;
    const id = new URL(url, 'http://x').searchParams.get('id')!;
    cleanup();

    router.set('/packageStaff/pages/need/index', { id });
    render(<StaffNeedPage />);
    const card = await waitFor(() => {
      const el = document.querySelector<HTMLElement>('[data-rating-link="issued"]');
      if (!el) throw new Error('no rating link on the receipt yet');
      return el;
    });
    const link = card.querySelector<HTMLElement>('[data-rating-url]')!.getAttribute('data-rating-url')!;
    expect(link).toMatch(/#\/pages\/rate-link\/index\?t=[A-Za-z0-9_-]{43}$/);
    expect(within(card).getByText(/服务完成后即可评价，办结后 \d+ 个工作日内有效/)).toBeTruthy();
    // Its QR code, downloaded from the API, is the picture shown.
    await waitFor(() => expect(card.querySelector('[src^="blob:test/download"]')).not.toBeNull());
    // The link is the need's, waiting for the service: the token it carries opens the need.
    const token = new URLSearchParams(link.slice(link.indexOf('?') + 1)).get('t')!;
    const seen = await call('GET', `/api/rating-links/${token}`);
    expect(seen.body).toMatchObject({ title, state: 'accepted', ready: false, rateBy: null });
    const need = (await call('GET', `/api/needs/${id}`, { token: await tokenOf('specialist') })).body;
    expect(need.ratingLink).toMatchObject({ usedAt: null });
  });

  it('says on the need page that a link was issued elsewhere (its token not shown again), and replaces it only when asked', async () => {
    const spec = await signInAs('specialist');
    const made = await call('POST', '/api/needs', {
      token: spec,
      headers: { 'Idempotency-Key': `intake-${Math.random().toString(36).slice(2)}` },
      body: {
        title: uniqueTitle('电话登记'),
        description: '企业来电咨询电子秤的检定周期。',
        categories: ['metrology'],
        contactName: '王海',
        contactPhone: '13876540000',
        channel: 'phone',
        enterprise: { name: '海南椰风测试食品有限公司' },
      },
    });
    const issued = await call('POST', `/api/needs/${made.body.id}/rating-link`, { token: spec, body: {} });
    expect(issued.status).toBe(201);
    router.set('/packageStaff/pages/need/index', { id: made.body.id });
    render(<StaffNeedPage />);
    const card = await waitFor(() => {
      const el = document.querySelector<HTMLElement>('[data-rating-link="earlier"]');
      if (!el) throw new Error('not shown yet');
      return el;
    });
    expect(within(card).getByText(/评价码已于 .+ 生成，仍然有效/)).toBeTruthy();
    expect(card.querySelector('[data-rating-url]')).toBeNull();
    expect(within(card).getByText('重新生成评价码')).toBeTruthy();
    // Still the one issued: nothing was replaced by opening the page.
    expect((await call('GET', `/api/rating-links/${issued.body.token}`)).status).toBe(200);
  });
});
