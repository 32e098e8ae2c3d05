// The working-day calendar in the mini-program, in jsdom against the real API:
// the enterprise's deadline across 元旦 2027 (not published yet) counts the
// days the server counts, with the provisional mark; 放假安排 lets a manager
// review a year on the month view, import a holiday-cn file and publish it,
// and meets someone else's publication (409); supervisors only look; the
// entry on 我的; the workbench reminds managers of next year.
//
// The server's database is shared by every file of this project, whose
// deadlines fall in December 2026: this file publishes only 2028, so 2027
// stays provisional for all of them.
import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import {
  CALENDAR_PATHS,
  calendarYearPath,
  chinaCalendar,
  PROVISIONAL_MARK,
  toShanghaiDate,
  workingDaysLeft,
  type CalendarView,
  maskName,
} from '@qi/shared';
import CalendarPage from '../../miniapp/src/packageManage/pages/calendar/index';
import InboxPage from '../../miniapp/src/packageStaff/pages/inbox/index';
import NeedDetailPage from '../../miniapp/src/pages/need-detail/index';
import MePage from '../../miniapp/src/pages/me/index';
import { invalidateCalendar } from '../../miniapp/src/hooks/useCalendar';
import { call, signInAs, specialistActs, tokenOf, uniqueTitle } from './support/api';
import { network, router } from './support/taro';

const calendarNow = async () => (await call<CalendarView>('GET', CALENDAR_PATHS.calendar)).body;

/** 2028 as holiday-cn would publish it (a notice for the tests: the real one is years away). */
const HOLIDAY_CN_2028 = {
  year: 2028,
  papers: ['https://www.gov.cn/zhengce/content/2027-11/10/content_0000000.htm'],
  days: [
    { name: '元旦', date: '2028-01-01', isOffDay: true },
    { name: '元旦', date: '2028-01-02', isOffDay: true },
    { name: '元旦', date: '2028-01-03', isOffDay: true },
    { name: '春节', date: '2028-01-22', isOffDay: false },
    ...['25', '26', '27', '28', '29', '30', '31'].map((d) => ({ name: '春节', date: `2028-01-${d}`, isOffDay: true })),
    { name: '春节', date: '2028-02-01', isOffDay: true },
    { name: '春节', date: '2028-02-05', isOffDay: false },
  ],
};

const day = (d: string) => {
  const el = document.querySelector<HTMLElement>(`[data-day="${d}"]`);
  if (!el) throw new Error(`no day ${d} on the month view`);
  return el;
};
const kindOf = (d: string) => day(d).getAttribute('data-kind');
/** The text box of a field, once rendered (Taro's textarea renders after mount). */
const boxOf = (field: string, index = 0) =>
  waitFor(() => {
    const el = document.querySelectorAll<HTMLElement>(`[data-field="${field}"]`)[index];
    if (!el) throw new Error(`no field ${field}`);
    const box = el.matches('input, textarea') ? el : el.querySelector<HTMLElement>('input, textarea');
    if (!box) throw new Error(`no text box in ${field} yet`);
    return box as HTMLInputElement | HTMLTextAreaElement;
  });
const enter = async (field: string, value: string, index = 0) => {
  const box = await boxOf(field, index);
  await act(async () => void fireEvent.input(box, { target: { value } }));
};
const button = (text: string | RegExp) => screen.getByText(text).closest('.nut-button') as HTMLElement;
const tap = (text: string | RegExp) => act(async () => void fireEvent.click(button(text)));
const root = () => document.querySelector<HTMLElement>('.calendar-page')!;

async function openCalendar(persona: 'manager' | 'supervisor') {
  await signInAs(persona);
  router.set('/packageManage/pages/calendar/index');
  render(<CalendarPage />);
  await waitFor(() => expect(root().getAttribute('data-year')).not.toBeNull());
}

async function chooseYear(year: number) {
  await act(async () => void fireEvent.click(document.querySelector(`[data-year-tab="${year}"]`)!));
  await waitFor(() => expect(root().getAttribute('data-year')).toBe(String(year)));
}

describe('a deadline across 元旦 2027, before 2027 is published', () => {
  it('counts on the enterprise’s page the working days the server counts, marked provisional', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const today = toShanghaiDate(new Date());
    const token = await tokenOf('enterprise');
    const created = await call('POST', '/api/needs', {
      token,
      headers: { 'Idempotency-Key': `cal-${Math.random().toString(36).slice(2)}` },
      body: {
        title: uniqueTitle('跨年需求'),
        description: '我司椰子汁准备出口东盟，需要了解检测项目。',
        categories: ['testing'],
        contactName: '林晓华',
        contactPhone: '13876543210',
        desiredReplyBy: '2027-01-08',
      },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const accepted = await specialistActs(created.body.id, { action: 'accept' });
    // The server's count, on its calendar (2027 provisional: 元旦 off).
    expect(accepted.clock).toMatchObject({ kind: 'reply', dueOn: '2027-01-08' });
    const serverLeft = accepted.clock!.daysLeft as number;
    // The table the code knew has no 2027: counting on it would say one day more.
    expect(workingDaysLeft('2027-01-08', today, chinaCalendar)).toBe(serverLeft + 1);

    await signInAs('enterprise');
    router.set('/pages/need-detail/index', { id: created.body.id });
    render(<NeedDetailPage />);
    const text = await screen.findByText(`2027-01-08（还剩 ${serverLeft} 个工作日）`);
    expect(text.getAttribute('data-provisional')).toBe('true');
    expect(within(text).getByText(PROVISIONAL_MARK)).toBeTruthy();
    vi.useRealTimers();
  });
});

describe('放假安排: the manager', () => {
  it('opens on 2027, the year to publish, with its statutory holidays on the month view', async () => {
    await openCalendar('manager');
    expect(root().getAttribute('data-year')).toBe('2027');
    expect(root().getAttribute('data-status')).toBe('provisional');
    expect(screen.getByText('2027 年放假安排尚未发布，请在通知发布后及时录入。')).toBeTruthy();
    // January 2027: 元旦 off (a Friday), the weekend plain, no adjusted working day.
    expect(kindOf('2027-01-01')).toBe('off');
    expect(kindOf('2027-01-02')).toBe('weekend');
    expect(kindOf('2027-01-04')).toBe('work');
    await tap('下月 ›');
    // 春节 from 除夕 (2-05) to 初三 (2-08).
    expect(['2027-02-04', '2027-02-05', '2027-02-06', '2027-02-07', '2027-02-08', '2027-02-09'].map(kindOf)).toEqual([
      'work',
      'off',
      'off',
      'off',
      'off',
      'work',
    ]);
    expect(screen.getByText('本月放假：春节')).toBeTruthy();
  });

  it('shows the form at once, even when the account answers after the calendar', async () => {
    await signInAs('manager');
    router.set('/packageManage/pages/calendar/index');
    network.slowNext(300, /^\/api\/me$/);
    render(<CalendarPage />);
    await waitFor(() => expect(root().getAttribute('data-year')).not.toBeNull());
    expect(document.querySelector('[data-field="sourceDate"]')).not.toBeNull();
    expect(screen.getByText('2027 年放假安排尚未发布，请在通知发布后及时录入。')).toBeTruthy();
    expect(screen.queryByText('放假安排由运营管理人员录入和发布，这里可以查看。')).toBeNull();
  });

  it('imports 2028 from a holiday-cn file, reviews it on the month view and publishes it', async () => {
    expect((await calendarNow()).years.find((y) => y.year === 2028)!.status).toBe('provisional');
    await openCalendar('manager');
    await chooseYear(2028);
    expect(kindOf('2028-01-25')).toBe('off'); // 除夕 on the statutory rule
    expect(kindOf('2028-01-29')).toBe('weekend');

    const user = userEvent.setup();
    await user.click(await boxOf('import'));
    await enter('import', JSON.stringify(HOLIDAY_CN_2028));
    await tap('导入');
    await waitFor(() => expect(document.querySelectorAll('[data-holiday]')).toHaveLength(2));
    expect((await boxOf('name', 1)).value).toBe('春节');
    expect((await boxOf('from', 1)).value).toBe('2028-01-25');
    expect((await boxOf('to', 1)).value).toBe('2028-02-01');
    expect(document.querySelectorAll('[data-workday]')).toHaveLength(2);
    // The month view shows the draft: 1-22 worked, 1-29 off within 春节, 1-03 off.
    expect(kindOf('2028-01-22')).toBe('workday');
    expect(kindOf('2028-01-29')).toBe('off');
    expect(kindOf('2028-01-03')).toBe('off');
    expect(day('2028-01-22').textContent).toContain('班');
    expect(screen.getByText('本月放假：元旦、春节；调休上班：1月22日')).toBeTruthy();

    await enter('sourceDate', '2027-11-10');
    await tap('发布 2028 年放假安排');
    await waitFor(() => expect(root().getAttribute('data-status')).toBe('published'));
    expect(root().getAttribute('data-version')).toBe('1');
    const saved = (await calendarNow()).years.find((y) => y.year === 2028)!;
    const me = await call('GET', '/api/me', { token: await tokenOf('manager') });
    expect(saved).toMatchObject({
      status: 'published',
      version: 1,
      sourceTitle: '国务院办公厅关于2028年部分节假日安排的通知',
      sourceDate: '2027-11-10',
      publishedBy: maskName(me.body.user.name),
      holidays: [
        { name: '元旦', from: '2028-01-01', to: '2028-01-03' },
        { name: '春节', from: '2028-01-25', to: '2028-02-01' },
      ],
      workdays: ['2028-01-22', '2028-02-05'],
    });
    expect(screen.getByText(`第 1 版 · ${maskName(me.body.user.name)}`, { exact: false })).toBeTruthy();
  });

  it('is stopped by the shared schema before sending a working day that is not a weekend day', async () => {
    await openCalendar('manager');
    await chooseYear(2028);
    await enter('workday', '2028-01-24');
    await waitFor(() => expect(screen.getAllByText('调休上班日 2028-01-24 不是周六或周日').length).toBeGreaterThan(0));
    const before = network.sent.filter((r) => r.method === 'PUT').length;
    await tap('更正并发布 2028 年放假安排');
    expect(network.sent.filter((r) => r.method === 'PUT').length).toBe(before);
  });

  it('meets a correction someone else published first (409) and shows the year as it now stands', async () => {
    await openCalendar('manager');
    await chooseYear(2028);
    expect(root().getAttribute('data-version')).toBe('1');
    // Someone else corrects 2028 meanwhile.
    const current = (await calendarNow()).years.find((y) => y.year === 2028)!;
    const other = await call('PUT', calendarYearPath(2028), {
      token: await tokenOf('manager'),
      body: {
        version: 1,
        year: 2028,
        sourceTitle: current.sourceTitle,
        sourceDate: current.sourceDate,
        holidays: current.holidays,
        workdays: ['2028-01-22'],
      },
    });
    expect(other.status, JSON.stringify(other.body)).toBe(200);

    await enter('sourceDate', '2027-11-11');
    await tap('更正并发布 2028 年放假安排');
    await waitFor(() => expect(root().getAttribute('data-version')).toBe('2'));
    expect(screen.getByText('该年度的放假安排已被他人修改，已刷新为最新版本')).toBeTruthy();
    expect((await boxOf('sourceDate')).value).toBe('2027-11-10');
    expect(document.querySelectorAll('[data-workday]')).toHaveLength(1);
  });
});

describe('放假安排 for others, and where it is found', () => {
  it('shows supervisors the year and its month view, with nothing to edit', async () => {
    await openCalendar('supervisor');
    expect(document.querySelector('[data-day="2027-01-01"]')).not.toBeNull();
    expect(document.querySelector('[data-field]')).toBeNull();
    expect(screen.getByText('放假安排由运营管理人员录入和发布，这里可以查看。')).toBeTruthy();
  });

  it('is on 我的 next to 办理时限 for managers', async () => {
    await signInAs('manager');
    router.set('/pages/me/index');
    render(<MePage />);
    await screen.findByText('放假安排');
    expect(screen.getByText('录入、导入和发布每年的节假日与调休，期限按此计算工作日')).toBeTruthy();
  });

  it('reminds managers on the workbench while 2027 is not published, and not specialists', async () => {
    await invalidateCalendar();
    await signInAs('manager');
    router.set('/packageStaff/pages/inbox/index');
    const view = render(<InboxPage />);
    const reminder = await waitFor(() => {
      const el = document.querySelector('[data-reminder-year]');
      if (!el) throw new Error('no reminder');
      return el as HTMLElement;
    });
    expect(reminder.getAttribute('data-reminder-year')).toBe('2027');
    expect(within(reminder).getByText(/2027 年放假安排尚未发布/)).toBeTruthy();
    view.unmount();

    await signInAs('specialist');
    render(<InboxPage />);
    await screen.findByText('需求队列');
    expect(document.querySelector('[data-reminder-year]')).toBeNull();
  });
});
