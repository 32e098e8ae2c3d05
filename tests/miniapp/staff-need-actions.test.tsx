// The staff need page's 转办 and 审核签字 in jsdom against the real API: the
// hand-over form lists specialists and stations, says what is missing under
// its own field, and hands the need to the chosen station; the reviewer signs
// a completed need off with an opinion, shown on the page.
import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import StaffNeedPage from '../../miniapp/src/packageStaff/pages/need/index';
import { call, completedNeed, signInAs, specialistActs, submittedNeed, tokenOf } from './support/api';
import { textareaIn } from './support/dom';
import { router } from './support/taro';

async function openStaffNeed(id: string, persona: 'specialist' | 'manager') {
  await signInAs(persona);
  router.set('/packageStaff/pages/need/index', { id });
  render(<StaffNeedPage />);
  await screen.findByText('过程记录');
}

const form = () => document.querySelector<HTMLElement>('.action-popup')!;
const field = (name: string) => form().querySelector<HTMLElement>(`[data-field="${name}"]`)!;

async function type(name: string, value: string) {
  const box = await textareaIn(field(name));
  await act(async () => void fireEvent.input(box, { target: { value } }));
}

describe('转办 on the staff need page', () => {
  it('asks whom to and why under each field, then hands the need to the chosen station', async () => {
    const need = await submittedNeed();
    await specialistActs(need.id, { action: 'accept' });
    await openStaffNeed(need.id, 'specialist');
    fireEvent.click(document.querySelector('[data-action="transfer"]')!);
    await waitFor(() => expect(form()?.querySelector('[data-field="to"]')).toBeTruthy());
    const picker = field('to');
    expect(within(picker).getByText('服务专员')).toBeTruthy();
    expect(within(picker).getByText('服务站点')).toBeTruthy();
    expect(within(picker).queryByText('陈思远')).toBeNull(); // not the owner itself

    fireEvent.click(within(form()).getByText('确认转办'));
    expect(await within(field('to')).findByText('请选择转交的服务专员或服务站点（二选一）')).toBeTruthy();
    expect(within(field('reason')).getByText('请填写转办理由')).toBeTruthy();

    const stations = await call('GET', '/api/stations', { token: await tokenOf('specialist') });
    const sanya = (stations.body as { id: string; code: string; name: string }[]).find((s) => s.code === 'SYB001')!;
    const option = picker.querySelector<HTMLElement>(`[data-option="station:${sanya.id}"]`)!;
    const label = within(option).getByText(sanya.name);
    fireEvent.click(label);
    await type('reason', '企业在三亚，由三亚分中心就近上门服务');
    fireEvent.click(within(form()).getByText('确认转办'));

    await screen.findByText('已转办');
    const after = await call('GET', `/api/needs/${need.id}`, { token: await tokenOf('manager') });
    expect(after.body).toMatchObject({ state: 'accepted', stationId: sanya.id, owner: null });
    expect(after.body.events.at(-1)).toMatchObject({ action: 'transfer' });
    expect(after.body.events.at(-1).note).toContain('企业在三亚，由三亚分中心就近上门服务');
  });
});

describe('审核签字 on the staff need page', () => {
  it('lets the manager sign a completed need off with an opinion, and shows who, when and the opinion', async () => {
    const need = await completedNeed();
    await openStaffNeed(need.id, 'manager');
    expect(screen.getByText('尚未审核')).toBeTruthy();
    fireEvent.click(document.querySelector('[data-action="sign_off"]')!);
    await type('note', '登记表、答复依据齐全，记录准确');
    fireEvent.click(within(form()).getByText('审核签字'));
    await screen.findByText('已审核签字');
    expect(await screen.findByText('登记表、答复依据齐全，记录准确', { selector: '.fact__value *, .fact__value' })).toBeTruthy();
    expect(screen.getByText(/^李慧敏（\d{4}-\d{2}-\d{2} \d{2}:\d{2} 审核签字）$/)).toBeTruthy();
    expect(document.querySelector('[data-action="sign_off"]')).toBeNull();
  });
});
