// 回访 (packageImprove) in jsdom against the real API: after a bad rating the
// manager records the call-back — the shared schema's message first, nothing
// sent — then resolves the follow-up with an explanation; supervisors get the
// record without a form; the list filters overdue ones.
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import FollowUpPage from '../../miniapp/src/packageImprove/pages/follow-up/index';
import FollowUpsPage from '../../miniapp/src/packageImprove/pages/follow-ups/index';
import { call, completedNeed, signInAs, tokenOf } from './support/api';
import { textareaIn } from './support/dom';
import { network, router } from './support/taro';

/** A need the enterprise rated 不满意 with its problem unsolved: its follow-up's id. */
async function badlyRated() {
  const need = await completedNeed();
  const rated = await call('POST', `/api/needs/${need.id}/rating`, {
    token: await tokenOf('enterprise'),
    body: { timeliness: 'average', professionalism: 'dissatisfied', courtesy: 'satisfied', overall: 'dissatisfied', resolved: false },
  });
  if (rated.status !== 201) throw new Error(`not rated: ${rated.status}`);
  const list = await call('GET', '/api/follow-ups?scope=all', { token: await tokenOf('manager') });
  return list.body.items.find((f: { need: { id: string } }) => f.need.id === need.id).id as string;
}

const formOf = (name: string) =>
  waitFor(() => {
    const el = document.querySelector<HTMLElement>(`[data-form="${name}"]`);
    if (!el) throw new Error(`no form ${name} yet`);
    return el;
  });
const boxIn = (form: HTMLElement) => textareaIn(form, '[data-field="note"] textarea');
const sent = (id: string, what: string) =>
  network.sent.filter((r) => r.method === 'POST' && r.url.includes(`/api/follow-ups/${id}/${what}`));

async function openAs(persona: 'manager' | 'supervisor', id: string) {
  await signInAs(persona);
  router.set('/packageImprove/pages/follow-up/index', { id });
  render(<FollowUpPage />);
  await screen.findByText('回访记录');
}

describe('回访: one follow-up', () => {
  it('records the call-back after the schema’s message, then resolves it with an explanation', async () => {
    const id = await badlyRated();
    await openAs('manager', id);
    const cb = await formOf('call-back');
    fireEvent.click(screen.getByText('保存回访记录'));
    await waitFor(() => expect(cb.querySelector('[data-field="note"] .field__error')?.textContent).toBe('企业反馈至少 2 个字'));
    expect(sent(id, 'call-backs')).toHaveLength(0);

    await userEvent.setup().type(await boxIn(cb), '企业表示检测方案缺少欧盟要求的项目。');
    fireEvent.click(screen.getByText('保存回访记录'));
    await waitFor(() => expect(document.querySelector('[data-call-back]')?.textContent).toContain('企业表示检测方案缺少欧盟要求的项目。'));
    expect(document.querySelector('.follow-up')!.getAttribute('data-state')).toBe('called_back');

    const res = await formOf('resolution');
    fireEvent.click(screen.getByText('解释说明'));
    await userEvent.setup().type(await boxIn(res), '已向企业说明检测标准的适用范围，企业表示理解。');
    fireEvent.click(screen.getByText('确认处理'));
    await waitFor(() => expect(document.querySelector('.follow-up')!.getAttribute('data-state')).toBe('resolved'));
    expect(screen.getByText('处理结果')).toBeTruthy();
    expect(document.querySelector('[data-form]')).toBeNull();
    expect(sent(id, 'resolution')).toHaveLength(1);
  });

  it('shows supervisors the record without any form', async () => {
    const id = await badlyRated();
    await openAs('supervisor', id);
    expect(screen.getByText(/监督部门可查看回访及处理情况/)).toBeTruthy();
    expect(document.querySelector('[data-form]')).toBeNull();
    expect(document.querySelector('textarea')).toBeNull();
  });
});

describe('回访: the list', () => {
  it('lists a new follow-up under 未处理 and not under 已超期', async () => {
    const id = await badlyRated();
    await signInAs('manager');
    router.set('/packageImprove/pages/follow-ups/index', { scope: 'all' });
    render(<FollowUpsPage />);
    await waitFor(() => expect(document.querySelector(`[data-follow-up-id="${id}"]`)).not.toBeNull());
    fireEvent.click(document.querySelector('[data-chip="overdue"]')!);
    await waitFor(() => expect(document.querySelector(`[data-follow-up-id="${id}"]`)).toBeNull());
  });
});
