// The working-day calendar as data, through the real app on a real database:
// the statutory fallback for years without a notice (lunar dates from the
// library), the seeded years, deadlines counted across 2026-12-31 before and
// after a manager publishes 2027 (those given keep their day), versioned
// publishing (409 when stale, who and when, every publication kept), a second
// instance seeing a publish at its next count, and importing a holiday-cn file.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  calendarYearPath,
  CALENDAR_PATHS,
  dateRange,
  HOLIDAY_SCHEDULES,
  rangesOf,
  type CalendarView,
  type HolidayRange,
  maskName,
} from '@qi/shared';
import { createApp } from '../../cloud/src/app';
import { createDeps } from '../../cloud/src/deps';
import { statutoryHolidays } from '../../cloud/src/services/statutoryHolidays';
import { createTestApi, jsonClient, needBody, newKey, type TestApi } from '../support/api';
import { shanghaiMorning } from '../support/workbench';

let api: TestApi;
let ent: string, spec: string, mgr: string, sup: string;

beforeAll(async () => {
  api = await createTestApi();
  ({ enterprise: ent, specialist: spec, manager: mgr, supervisor: sup } = await api.loginAll());
});
afterAll(() => api?.close());

const readCalendar = async (client = api) => {
  const res = await client.request<CalendarView>('GET', CALENDAR_PATHS.calendar);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
};
const yearOf = (view: CalendarView, year: number) => view.years.find((y) => y.year === year)!;
const publish = (year: number, body: unknown, token = mgr) => api.request('PUT', calendarYearPath(year), { token, body });

/** A 2027 notice for the tests (the real one is not out yet): 元旦 runs to Monday 4 January, made up on Saturday 9 January. */
const NOTICE_2027 = {
  year: 2027,
  sourceTitle: '国务院办公厅关于2027年部分节假日安排的通知',
  sourceDate: '2026-11-20',
  holidays: [
    { name: '元旦', from: '2027-01-01', to: '2027-01-04' },
    { name: '春节', from: '2027-02-05', to: '2027-02-13' },
    { name: '清明节', from: '2027-04-03', to: '2027-04-05' },
    { name: '劳动节', from: '2027-05-01', to: '2027-05-05' },
    { name: '端午节', from: '2027-06-09', to: '2027-06-11' },
    { name: '中秋节', from: '2027-09-15', to: '2027-09-17' },
    { name: '国庆节', from: '2027-10-01', to: '2027-10-07' },
  ],
  workdays: ['2027-01-09', '2027-02-20', '2027-04-10', '2027-09-26', '2027-10-09'],
};

async function submitNeed() {
  const res = await api.request('POST', '/api/needs', { token: ent, body: needBody(), headers: { 'Idempotency-Key': newKey() } });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: string; deadlines: { acceptBy: string; replyBy: string } };
}

describe('the statutory holidays (《全国年节及纪念日放假办法》, 2024), before a year’s notice', () => {
  it('puts 2027’s on their computed dates: 春节 from 除夕 (2-05) to 初三, 清明 4-05, 端午 6-09, 中秋 9-15', () => {
    expect(statutoryHolidays(2027)).toEqual([
      { name: '元旦', from: '2027-01-01', to: '2027-01-01' },
      { name: '春节', from: '2027-02-05', to: '2027-02-08' },
      { name: '清明节', from: '2027-04-05', to: '2027-04-05' },
      { name: '劳动节', from: '2027-05-01', to: '2027-05-02' },
      { name: '端午节', from: '2027-06-09', to: '2027-06-09' },
      { name: '中秋节', from: '2027-09-15', to: '2027-09-15' },
      { name: '国庆节', from: '2027-10-01', to: '2027-10-03' },
    ]);
  });

  it('puts 2028’s on theirs: 除夕 1-25, 清明 4-04, 端午 5-28, and 中秋 (10-03) inside 国庆', () => {
    expect(statutoryHolidays(2028)).toEqual([
      { name: '元旦', from: '2028-01-01', to: '2028-01-01' },
      { name: '春节', from: '2028-01-25', to: '2028-01-28' },
      { name: '清明节', from: '2028-04-04', to: '2028-04-04' },
      { name: '劳动节', from: '2028-05-01', to: '2028-05-02' },
      { name: '端午节', from: '2028-05-28', to: '2028-05-28' },
      { name: '国庆节、中秋节', from: '2028-10-01', to: '2028-10-03' },
    ]);
  });

  it('takes 除夕 as the last day of the 12th month when it is the 29th (2025: 1-28, the day before 春节 1-29)', () => {
    expect(statutoryHolidays(2025).find((h) => h.name === '春节')).toEqual({ name: '春节', from: '2025-01-28', to: '2025-01-31' });
  });

  it('falls, for 2025 and 2026, wholly within the holidays the State Council published', () => {
    for (const year of [2025, 2026] as const) {
      const off = new Set(HOLIDAY_SCHEDULES[year]!.holidays.flatMap((h) => h.days));
      for (const h of statutoryHolidays(year))
        for (const d of dateRange(h.from, h.to)) expect(off.has(d), `${year} ${h.name} ${d}`).toBe(true);
    }
  });
});

describe('the calendar the API serves', () => {
  it('holds 2025 and 2026 as seeded from the code’s schedules, with their notices', async () => {
    api.setNow(shanghaiMorning('2026-12-01'));
    const view = await readCalendar();
    for (const year of [2025, 2026] as const) {
      const y = yearOf(view, year);
      const code = HOLIDAY_SCHEDULES[year]!;
      expect(y).toMatchObject({
        status: 'published',
        version: 1,
        sourceTitle: code.source,
        sourceDate: code.sourceDate,
        workdays: code.workdays,
      });
      expect(y.holidays).toEqual(rangesOf(code));
    }
  });

  it('counts 2027 and 2028 provisionally, on the statutory holidays, and reminds managers of 2027 from 1 November', async () => {
    api.setNow(shanghaiMorning('2026-12-01'));
    const view = await readCalendar();
    expect(view.years.map((y) => [y.year, y.status])).toEqual([
      [2025, 'published'],
      [2026, 'published'],
      [2027, 'provisional'],
      [2028, 'provisional'],
    ]);
    expect(yearOf(view, 2027)).toMatchObject({ version: 0, workdays: [], publishedAt: null, holidays: statutoryHolidays(2027) });
    expect(view.reminderYear).toBe(2027);
    api.setNow(shanghaiMorning('2026-10-31'));
    expect((await readCalendar()).reminderYear).toBeNull();
    api.setNow(shanghaiMorning('2026-11-01'));
    expect((await readCalendar()).reminderYear).toBe(2027);
  });
});

describe('a need submitted on 2026-12-30, before and after 2027 is published', () => {
  it('counts 元旦 2027 off provisionally, then the published notice; the deadline already given keeps its day', async () => {
    api.setNow(shanghaiMorning('2026-12-30'));
    const before = await submitNeed();
    // 12-31, (1-1 元旦 off), 1-4, 1-5, 1-6, 1-7: five working days.
    expect(before.deadlines).toMatchObject({ acceptBy: '2026-12-31', replyBy: '2027-01-07' });

    const saved = await publish(2027, { version: 0, ...NOTICE_2027 });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);

    const after = await submitNeed();
    // 12-31, (1-1…1-4 off), 1-5, 1-6, 1-7, 1-8.
    expect(after.deadlines).toMatchObject({ acceptBy: '2026-12-31', replyBy: '2027-01-08' });
    const again = await api.request('GET', `/api/needs/${before.id}`, { token: spec });
    expect(again.body.deadlines.replyBy).toBe('2027-01-07');
    // Its clock now counts on the notice: 12-31, 1-5, 1-6, 1-7.
    expect(again.body.clock).toMatchObject({ kind: 'accept', dueOn: '2026-12-31' });
    const accepted = await api.request('POST', `/api/needs/${before.id}/actions`, {
      token: spec,
      body: { action: 'accept', version: again.body.version },
    });
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
    expect(accepted.body.clock).toMatchObject({ kind: 'reply', dueOn: '2027-01-07', daysLeft: 4 });
  });
});

describe('publishing a year', () => {
  it('records who published it and when, and serves it as published', async () => {
    const view = await readCalendar();
    const me = (await api.request('GET', '/api/me', { token: mgr })).body;
    expect(yearOf(view, 2027)).toMatchObject({
      status: 'published',
      version: 1,
      sourceTitle: NOTICE_2027.sourceTitle,
      sourceDate: '2026-11-20',
      holidays: NOTICE_2027.holidays,
      workdays: NOTICE_2027.workdays,
      publishedBy: maskName(me.user.name),
      publishedAt: shanghaiMorning('2026-12-30').toISOString(),
    });
    expect(view.reminderYear).toBeNull();
  });

  it('refuses a stale version with 409 and keeps every publication of a corrected year', async () => {
    expect((await publish(2027, { version: 0, ...NOTICE_2027 })).status).toBe(409);
    const corrected = {
      ...NOTICE_2027,
      holidays: NOTICE_2027.holidays.map((h) => (h.name === '清明节' ? { ...h, from: '2027-04-04', to: '2027-04-06' } : h)),
    };
    const ok = await publish(2027, { version: 1, ...corrected });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body.version).toBe(2);
    const stale = await publish(2027, { version: 1, ...NOTICE_2027 });
    expect(stale.status).toBe(409);
    expect(stale.body.error).toMatchObject({ code: 'version_conflict', message: '2027 年的放假安排已被他人修改，请刷新后再操作' });
    const { rows } = await api.deps.db.query<{ version: number; holidays: HolidayRange[] }>(
      'SELECT version, holidays FROM calendar_publications WHERE year = 2027 ORDER BY version',
    );
    expect(rows.map((r) => r.version)).toEqual([1, 2]);
    expect(rows[0]!.holidays).toEqual(NOTICE_2027.holidays);
    expect(yearOf(await readCalendar(), 2027).holidays).toEqual(corrected.holidays);
  });

  it('lets only managers publish (401 signed out, 403 for staff and supervisors)', async () => {
    const body = {
      version: 0,
      ...NOTICE_2027,
      year: 2028,
      holidays: [{ name: '元旦', from: '2028-01-01', to: '2028-01-01' }],
      workdays: [],
    };
    expect((await api.request('PUT', calendarYearPath(2028), { body })).status).toBe(401);
    for (const token of [ent, spec, sup]) expect((await publish(2028, body, token)).status).toBe(403);
    expect(yearOf(await readCalendar(), 2028).status).toBe('provisional');
  });

  it('answers a schedule that cannot be right with 400 and Chinese messages', async () => {
    const base = { version: 0, ...NOTICE_2027, year: 2028, workdays: [] as string[] };
    const cases: [unknown, string, string][] = [
      [{ ...base, holidays: [{ name: '元旦', from: '2027-12-31', to: '2028-01-01' }] }, 'holidays.0.from', '元旦的开始日期不在 2028 年'],
      [{ ...base, holidays: [{ name: '春节', from: '2028-01-28', to: '2028-01-25' }] }, 'holidays.0.to', '春节的结束日期早于开始日期'],
      [
        {
          ...base,
          holidays: [
            { name: '春节', from: '2028-01-25', to: '2028-02-01' },
            { name: '元宵', from: '2028-02-01', to: '2028-02-01' },
          ],
        },
        'holidays.1',
        '元宵与春节在 2028-02-01 重叠',
      ],
      [
        { ...base, holidays: [{ name: '元旦', from: '2028-01-01', to: '2028-01-01' }], workdays: ['2028-01-05'] },
        'workdays.0',
        '调休上班日 2028-01-05 不是周六或周日',
      ],
      [
        { ...base, holidays: [{ name: '元旦', from: '2028-01-01', to: '2028-01-02' }], workdays: ['2028-01-01'] },
        'workdays.0',
        '调休上班日 2028-01-01 在元旦假期内',
      ],
      [{ ...base, holidays: [] }, 'holidays', '请至少填写一个假日'],
      [{ ...base, sourceTitle: '' }, 'sourceTitle', '请填写通知标题'],
    ];
    for (const [body, path, message] of cases) {
      const res = await publish(2028, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.issues).toContainEqual({ path, message });
    }
    const mismatch = await publish(2029, { ...base, holidays: [{ name: '元旦', from: '2028-01-01', to: '2028-01-01' }] });
    expect(mismatch.status).toBe(400);
    expect((await api.request('PUT', '/api/calendar/years/1999', { token: mgr, body: base })).status).toBe(400);
    expect(yearOf(await readCalendar(), 2028).status).toBe('provisional');
  });
});

describe('several instances of the API (serverless)', () => {
  it('sees a publish made on another instance at its next deadline computation', async () => {
    api.setNow(shanghaiMorning('2027-12-29'));
    const other = createDeps(api.deps.db, api.deps.config, { now: () => shanghaiMorning('2027-12-29') });
    const second = jsonClient(async (path, init) => createApp(other).request(path, init));
    const submit = async () => {
      const res = await second.request('POST', '/api/needs', { token: ent, body: needBody(), headers: { 'Idempotency-Key': newKey() } });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      return res.body.deadlines.replyBy as string;
    };
    // 2028 provisional: 12-30, 12-31, (1-1 is a Saturday), 1-3, 1-4, 1-5.
    expect(await submit()).toBe('2028-01-05');
    const saved = await publish(2028, {
      version: 0,
      year: 2028,
      sourceTitle: '国务院办公厅关于2028年部分节假日安排的通知',
      sourceDate: '2027-11-10',
      holidays: [
        { name: '元旦', from: '2028-01-01', to: '2028-01-03' },
        { name: '春节', from: '2028-01-25', to: '2028-02-01' },
      ],
      workdays: ['2028-02-05'],
    });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    // 12-30, 12-31, (1-1…1-3 off), 1-4, 1-5, 1-6.
    expect(await submit()).toBe('2028-01-06');
  });
});

/** 2026 as holiday-cn publishes it (https://github.com/NateScarlet/holiday-cn 2026.json). */
function holidayCn2026() {
  const days: { name: string; date: string; isOffDay: boolean }[] = [];
  for (const h of HOLIDAY_SCHEDULES[2026]!.holidays) for (const d of h.days) days.push({ name: h.name, date: d, isOffDay: true });
  const workdayOf: Record<string, string> = {
    '2026-01-04': '元旦',
    '2026-02-14': '春节',
    '2026-02-28': '春节',
    '2026-05-09': '劳动节',
    '2026-09-20': '国庆节',
    '2026-10-10': '国庆节',
  };
  for (const [date, name] of Object.entries(workdayOf)) days.push({ name, date, isOffDay: false });
  return {
    $schema: 'https://raw.githubusercontent.com/NateScarlet/holiday-cn/master/schema.json',
    $id: 'https://raw.githubusercontent.com/NateScarlet/holiday-cn/master/2026.json',
    year: 2026,
    papers: ['https://www.gov.cn/zhengce/zhengceku/202511/content_7047090.htm'],
    days: days.sort((a, b) => (a.date < b.date ? -1 : 1)),
  };
}

describe('importing a holiday-cn file', () => {
  it('turns it into the draft of the same schedule: holidays as ranges, adjusted working days, nothing saved', async () => {
    const res = await api.request('POST', CALENDAR_PATHS.importHolidayCn, { token: mgr, body: holidayCn2026() });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toEqual({
      schedule: {
        year: 2026,
        sourceTitle: '国务院办公厅关于2026年部分节假日安排的通知',
        sourceDate: null,
        holidays: rangesOf(HOLIDAY_SCHEDULES[2026]!),
        workdays: HOLIDAY_SCHEDULES[2026]!.workdays,
      },
      skipped: [],
    });
    expect(yearOf(await readCalendar(), 2026).version).toBe(1);
  });

  it('leaves out days of another year and says which', async () => {
    const file = holidayCn2026();
    file.days.unshift({ name: '元旦', date: '2025-12-31', isOffDay: true });
    const res = await api.request('POST', CALENDAR_PATHS.importHolidayCn, { token: mgr, body: file });
    expect(res.body.skipped).toEqual(['2025-12-31']);
    expect(res.body.schedule.holidays[0]).toEqual({ name: '元旦', from: '2026-01-01', to: '2026-01-03' });
  });

  it('answers a file that is not holiday-cn’s with 400, and staff with 403', async () => {
    const bad = await api.request('POST', CALENDAR_PATHS.importHolidayCn, {
      token: mgr,
      body: { year: 2027, days: [{ date: '2027-01-01' }] },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('validation_failed');
    expect(
      (await api.request('POST', CALENDAR_PATHS.importHolidayCn, { token: mgr, body: { ...holidayCn2026(), year: 1999 } })).status,
    ).toBe(400);
    expect((await api.request('POST', CALENDAR_PATHS.importHolidayCn, { token: spec, body: holidayCn2026() })).status).toBe(403);
  });
});
