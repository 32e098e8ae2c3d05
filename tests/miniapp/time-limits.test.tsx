// 办理时限 (packageManage) in jsdom against the real API: the manager sees the
// limits in force with the spec's defaults, changes one with the stepper and
// saves, is stopped by the shared schema's message before sending a value out
// of range, fills the defaults back in, meets someone else's change (409),
// keeps what was typed when the network fails; supervisors and specialists
// only look; the entry on 我的; the enterprise's texts promise what was set.
//
// The limits are one global setting of the database every file of this
// project shares (tests/miniapp/support/api-server.ts starts one server for
// the project, and the files run in parallel): each test puts the defaults back
// after itself, and only limits that no other file's assertions depend on
// (答复企业、办结投诉) are ever saved as something else.
import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_TIME_LIMITS, SETTINGS_PATHS, TIME_LIMIT_FIELDS, type TimeLimits, type TimeLimitsView } from '@qi/shared';
import TimeLimitsPage from '../../miniapp/src/packageManage/pages/time-limits/index';
import ManageComplaintsPage from '../../miniapp/src/packageManage/pages/complaints/index';
import { invalidateTimeLimits } from '../../miniapp/src/hooks/useTimeLimits';
import NeedFormPage from '../../miniapp/src/pages/need-form/index';
import MePage from '../../miniapp/src/pages/me/index';
import { call, signInAs, tokenOf } from './support/api';
import { network, router } from './support/taro';

const PATH = SETTINGS_PATHS.timeLimits;
const KEYS = Object.keys(TIME_LIMIT_FIELDS) as (keyof TimeLimits)[];

async function limitsNow(): Promise<TimeLimitsView> {
  const res = await call<TimeLimitsView>('GET', PATH, { token: await tokenOf('manager') });
  if (res.status !== 200) throw new Error(`GET ${PATH}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** A manager saves limits through the API (someone else, for the page under test). */
async function saveLimits(limits: Partial<TimeLimits>): Promise<TimeLimitsView> {
  const now = await limitsNow();
  const res = await call<TimeLimitsView>('PUT', PATH, {
    token: await tokenOf('manager'),
    body: { version: now.version, limits: { ...now.limits, ...limits } },
  });
  if (res.status !== 200) throw new Error(`PUT ${PATH}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** Puts the spec's defaults back (from the current version), unless they are in force. */
async function putBackDefaults(): Promise<void> {
  const now = await limitsNow();
  if (KEYS.every((k) => now.limits[k] === now.defaults[k])) return;
  await saveLimits(now.defaults);
}

beforeAll(putBackDefaults);
afterEach(putBackDefaults);

const row = (key: keyof TimeLimits) => {
  const el = document.querySelector<HTMLElement>(`[data-limit="${key}"]`);
  if (!el) throw new Error(`no row ${key}`);
  return el;
};
const inputOf = (key: keyof TimeLimits) => {
  const el = row(key).querySelector<HTMLInputElement>('input');
  if (!el) throw new Error(`no stepper in row ${key}`);
  return el;
};
/** Types a number into a limit's stepper, as the keyboard would, and leaves the box. */
async function typeInto(key: keyof TimeLimits, text: string) {
  const input = inputOf(key);
  // NutUI's stepper takes a typed value after an awaited beforeChange: let it settle inside act().
  await act(async () => {
    fireEvent.focus(input);
    fireEvent.input(input, { target: { value: text } });
    fireEvent.blur(input, { target: { value: text } });
  });
}
const shownVersion = () => Number(document.querySelector('.time-limits')?.getAttribute('data-version'));
const puts = () => network.sent.filter((r) => r.method === 'PUT' && r.url.startsWith(PATH));
const button = (text: string) => screen.getByText(text).closest('.nut-button') as HTMLElement;
/** Taps a button of the page and lets what it starts settle inside act(). */
const tap = (text: string, times = 1) =>
  act(async () => {
    for (let i = 0; i < times; i++) fireEvent.click(button(text));
  });

async function openAs(persona: 'manager' | 'supervisor' | 'specialist') {
  await signInAs(persona);
  router.set('/packageManage/pages/time-limits/index');
  render(<TimeLimitsPage />);
  await waitFor(() => row('replyDays'));
}

describe('办理时限: the manager', () => {
  it('sees every limit in force, in order, with its hint, and when changes apply', async () => {
    const now = await limitsNow();
    expect(now.limits).toEqual(DEFAULT_TIME_LIMITS);
    await openAs('manager');
    await waitFor(() => expect(screen.getByText('保存')).toBeTruthy());
    expect(Array.from(document.querySelectorAll('[data-limit]')).map((el) => el.getAttribute('data-limit'))).toEqual(KEYS);
    for (const key of KEYS) {
      expect(within(row(key)).getByText(TIME_LIMIT_FIELDS[key].label)).toBeTruthy();
      expect(within(row(key)).getByText(TIME_LIMIT_FIELDS[key].hint)).toBeTruthy();
      expect(within(row(key)).getByText('个工作日')).toBeTruthy();
      expect(inputOf(key).value).toBe(String(DEFAULT_TIME_LIMITS[key]));
      expect(within(row(key)).queryByText(/^默认/)).toBeNull();
    }
    expect(screen.getByText(/已经给出的期限不变/)).toBeTruthy();
    expect(screen.getByText(/“到期提醒”修改后立即生效/)).toBeTruthy();
    // Nothing changed yet: nothing to save.
    expect(button('保存').className).toContain('disabled');
  });

  it('changes 答复企业 to 7 and saves it, once however fast 保存 is tapped', async () => {
    const before = await limitsNow();
    await openAs('manager');
    await waitFor(() => expect(screen.getByText('保存')).toBeTruthy());
    await typeInto('replyDays', '7');
    await waitFor(() => expect(within(row('replyDays')).getByText('默认 5')).toBeTruthy());
    expect(screen.getByText('有未保存的修改')).toBeTruthy();

    network.slowNext(300, /time-limits/);
    await tap('保存', 2);
    await waitFor(() => expect(shownVersion()).toBe(before.version + 1));
    expect(await screen.findByText('已保存')).toBeTruthy();
    expect(puts()).toHaveLength(1);

    const after = await limitsNow();
    expect(after).toMatchObject({ version: before.version + 1, limits: { ...DEFAULT_TIME_LIMITS, replyDays: 7 } });
    expect(inputOf('replyDays').value).toBe('7');
    expect(screen.queryByText('有未保存的修改')).toBeNull();
    expect(
      screen.getByText(new RegExp(`^最近修改：${after.updatedBy!.replace(/\*/g, '\\*')} · \\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}$`)),
    ).toBeTruthy();
  });

  it('steps a limit with + and stops at its bounds', async () => {
    await openAs('manager');
    await waitFor(() => expect(screen.getByText('保存')).toBeTruthy());
    const plus = row('dueSoonDays').querySelector<HTMLElement>('.nut-inputnumber-add')!;
    const { max } = TIME_LIMIT_FIELDS.dueSoonDays;
    // One tap at a time, as a finger would: each steps from the value shown.
    for (let v = DEFAULT_TIME_LIMITS.dueSoonDays + 1; v <= max; v++) {
      fireEvent.click(plus);
      await waitFor(() => expect(inputOf('dueSoonDays').value).toBe(String(v)));
    }
    fireEvent.click(plus);
    await new Promise((r) => setTimeout(r, 50));
    expect(inputOf('dueSoonDays').value).toBe(String(max));
    expect(within(row('dueSoonDays')).getByText(`默认 ${DEFAULT_TIME_LIMITS.dueSoonDays}`)).toBeTruthy();
    expect(row('dueSoonDays').querySelector('.time-limits__error')).toBeNull();
  });

  it('says what is allowed for a value out of range and sends nothing', async () => {
    await openAs('manager');
    await waitFor(() => expect(screen.getByText('保存')).toBeTruthy());
    await typeInto('replyDays', '61');
    expect(await within(row('replyDays')).findByText('答复企业须为 1–60 个工作日的整数')).toBeTruthy();
    // What was typed stays in the box: the stepper does not quietly make it 60.
    expect(inputOf('replyDays').value).toBe('61');
    await tap('保存');
    await typeInto('acceptDays', '0');
    expect(await within(row('acceptDays')).findByText('受理或即时答复须为 1–10 个工作日的整数')).toBeTruthy();
    await tap('保存');
    await new Promise((r) => setTimeout(r, 100));
    expect(puts()).toEqual([]);
    expect((await limitsNow()).limits).toEqual(DEFAULT_TIME_LIMITS);
    // Back in range: the message goes.
    await typeInto('replyDays', '60');
    await waitFor(() => expect(within(row('replyDays')).queryByText('答复企业须为 1–60 个工作日的整数')).toBeNull());
  });

  it('fills the defaults back in with 恢复默认, and saving restores them', async () => {
    const changed = await saveLimits({ replyDays: 7, complaintResolveDays: 12 });
    await openAs('manager');
    await waitFor(() => expect(screen.getByText('保存')).toBeTruthy());
    expect(inputOf('replyDays').value).toBe('7');
    expect(within(row('replyDays')).getByText('默认 5')).toBeTruthy();
    expect(within(row('complaintResolveDays')).getByText('默认 10')).toBeTruthy();

    await tap('恢复默认');
    await waitFor(() => expect(inputOf('replyDays').value).toBe('5'));
    expect(inputOf('complaintResolveDays').value).toBe('10');
    expect(screen.queryByText(/^默认 /)).toBeNull();
    // Not saved yet.
    expect((await limitsNow()).limits.replyDays).toBe(7);

    await tap('保存');
    await waitFor(() => expect(shownVersion()).toBe(changed.version + 1));
    expect(await limitsNow()).toMatchObject({ version: changed.version + 1, limits: DEFAULT_TIME_LIMITS });
  });

  it('reloads and says so when someone else saved meanwhile', async () => {
    await openAs('manager');
    await waitFor(() => expect(screen.getByText('保存')).toBeTruthy());
    const loaded = shownVersion();
    const theirs = await saveLimits({ replyDays: 8 });
    expect(theirs.version).toBe(loaded + 1);

    await typeInto('complaintResolveDays', '12');
    await waitFor(() => expect(within(row('complaintResolveDays')).getByText('默认 10')).toBeTruthy());
    await tap('保存');
    expect((await screen.findAllByText('办理时限已被他人修改，已刷新为最新设置')).length).toBeGreaterThan(0);
    // The page now shows their change, and not the edit that was refused.
    // The version shows with the new view; the form is refilled from it in the next render (an effect).
    await waitFor(() => expect(shownVersion()).toBe(theirs.version));
    await waitFor(() => expect(inputOf('replyDays').value).toBe('8'));
    expect(inputOf('complaintResolveDays').value).toBe('10');
    expect(await limitsNow()).toMatchObject({ version: theirs.version, limits: { ...DEFAULT_TIME_LIMITS, replyDays: 8 } });
  });

  it('keeps what was typed when the network fails on save, and saves it on the next tap', async () => {
    const before = await limitsNow();
    await openAs('manager');
    await waitFor(() => expect(screen.getByText('保存')).toBeTruthy());
    await typeInto('replyDays', '9');
    await waitFor(() => expect(within(row('replyDays')).getByText('默认 5')).toBeTruthy());

    network.failNext('before', /time-limits/);
    await tap('保存');
    expect(await screen.findByText('网络异常，请检查网络后重试', { selector: '.time-limits__form-error' })).toBeTruthy();
    expect(inputOf('replyDays').value).toBe('9');
    expect(screen.getByText('有未保存的修改')).toBeTruthy();
    expect((await limitsNow()).version).toBe(before.version);

    await tap('保存');
    await waitFor(() => expect(shownVersion()).toBe(before.version + 1));
    expect((await limitsNow()).limits.replyDays).toBe(9);
  });

  it('says the network failed and loads the limits on retry', async () => {
    await signInAs('manager');
    network.failNext('before', /time-limits/);
    render(<TimeLimitsPage />);
    expect(await screen.findByText('网络异常')).toBeTruthy();
    fireEvent.click(screen.getByText('重试'));
    await waitFor(() => expect(inputOf('replyDays').value).toBe('5'));
  });
});

describe('办理时限: supervisors and specialists', () => {
  it('shows a supervisor the limits in force, with no way to change them', async () => {
    await saveLimits({ replyDays: 7 });
    await openAs('supervisor');
    await screen.findByText('办理时限由运营管理人员设置，这里可以查看当前时限。');
    expect(within(row('replyDays')).getByText('7')).toBeTruthy();
    expect(within(row('replyDays')).getByText('默认 5')).toBeTruthy();
    expect(within(row('acceptDays')).getByText('1')).toBeTruthy();
    expect(document.querySelector('.time-limits input')).toBeNull();
    expect(screen.queryByText('保存')).toBeNull();
    expect(screen.queryByText('恢复默认')).toBeNull();
  });

  it('shows a specialist the limits, read-only', async () => {
    await openAs('specialist');
    await screen.findByText('办理时限由运营管理人员设置，这里可以查看当前时限。');
    expect(within(row('complaintResolveDays')).getByText('10')).toBeTruthy();
    expect(screen.queryByText('保存')).toBeNull();
  });
});

describe('我的: the entry to 办理时限', () => {
  it('is offered to managers and supervisors, not to enterprises', async () => {
    await signInAs('manager');
    let view = render(<MePage />);
    fireEvent.click(await screen.findByText('办理时限'));
    expect(router.calls.at(-1)).toMatchObject({ kind: 'navigateTo', url: '/packageManage/pages/time-limits/index' });
    view.unmount();

    await signInAs('supervisor');
    view = render(<MePage />);
    expect(await screen.findByText('查看受理、答复、评价和投诉处理的时限')).toBeTruthy();
    view.unmount();

    await signInAs('enterprise');
    render(<MePage />);
    await screen.findByText('我的投诉');
    expect(screen.queryByText('办理时限')).toBeNull();
  });
});

describe("the limits in the enterprise's texts", () => {
  it('promises the reply and complaint days a manager set, not the defaults', async () => {
    await saveLimits({ replyDays: 7, complaintResolveDays: 12 });
    invalidateTimeLimits();
    await signInAs('enterprise');
    router.set('/pages/need-form/index');
    const form = render(<NeedFormPage />);
    expect(await screen.findByText(/；不填则按 7 个工作日内答复$/)).toBeTruthy();
    form.unmount();

    await signInAs('manager');
    router.set('/packageManage/pages/complaints/index');
    render(<ManageComplaintsPage />);
    expect(await screen.findByText('收到投诉后 1 个工作日内确认受理、12 个工作日内办结并告知投诉人。')).toBeTruthy();
    invalidateTimeLimits();
  });
});
