// The calendar as data, in the shared domain: a year's ranges become the
// calendar both sides count on, provisional years are known as such, the
// reminder's date rule, and a holiday-cn file's days become ranges.
import { describe, expect, it } from 'vitest';
import {
  addCalendarDays,
  calendarOf,
  chinaCalendar,
  calendarReminderYear,
  CalendarScheduleSchema,
  fromHolidayCn,
  HOLIDAY_SCHEDULES,
  rangesOf,
  scheduleOf,
  type CalendarYear,
} from '@qi/shared';

const provisional2027: Pick<CalendarYear, 'year' | 'status' | 'sourceTitle' | 'sourceDate' | 'holidays' | 'workdays'> = {
  year: 2027,
  status: 'provisional',
  sourceTitle: '法定假日',
  sourceDate: null,
  holidays: [
    { name: '元旦', from: '2027-01-01', to: '2027-01-01' },
    { name: '春节', from: '2027-02-05', to: '2027-02-08' },
  ],
  workdays: [],
};
const published2026 = {
  year: 2026,
  status: 'published' as const,
  sourceTitle: HOLIDAY_SCHEDULES[2026]!.source,
  sourceDate: '2025-11-04',
  holidays: rangesOf(HOLIDAY_SCHEDULES[2026]!),
  workdays: [...HOLIDAY_SCHEDULES[2026]!.workdays],
};

describe('the calendar built from the API’s years', () => {
  it('counts the same days as the code’s table for a published year', () => {
    const cal = calendarOf([published2026]);
    expect(cal.workingDaysBetween('2025-12-31', '2026-12-31')).toBe(chinaCalendar.workingDaysBetween('2025-12-31', '2026-12-31'));
    for (let d = '2026-01-01'; d <= '2026-12-31'; d = addCalendarDays(d, 1))
      expect(cal.isWorkingDay(d), d).toBe(chinaCalendar.isWorkingDay(d));
    expect(scheduleOf(published2026).holidays.map((h) => h.days)).toEqual(HOLIDAY_SCHEDULES[2026]!.holidays.map((h) => h.days));
    expect(cal.isProvisional(2026)).toBe(false);
  });

  it('knows a provisional year and counts its statutory days off across 2026-12-31', () => {
    const cal = calendarOf([published2026, provisional2027]);
    expect(cal.isProvisional(2027)).toBe(true);
    expect(cal.provisionalYears('2026-12-30', '2027-01-07')).toEqual([2027]);
    expect(cal.provisionalYears('2026-12-01', '2026-12-31')).toEqual([]);
    // 12-31, (1-1 off), 1-4, 1-5, 1-6, 1-7.
    expect(cal.addWorkingDays('2026-12-30', 5)).toBe('2027-01-07');
    expect(cal.holidayName('2027-02-05')).toBe('春节');
  });
});

describe('the reminder to publish next year', () => {
  it('starts on 1 November and ends once next year is published', () => {
    expect(calendarReminderYear('2026-10-31', [2025, 2026])).toBeNull();
    expect(calendarReminderYear('2026-11-01', [2025, 2026])).toBe(2027);
    expect(calendarReminderYear('2026-12-31', [2025, 2026])).toBe(2027);
    expect(calendarReminderYear('2026-12-01', [2025, 2026, 2027])).toBeNull();
    expect(calendarReminderYear('2027-03-01', [2025, 2026])).toBeNull();
  });
});

describe('a holiday-cn file', () => {
  it('becomes ranges of consecutive days of one name, and its working days', () => {
    const draft = fromHolidayCn({
      year: 2025,
      days: [
        { name: '元旦', date: '2025-01-01', isOffDay: true },
        { name: '春节', date: '2025-01-26', isOffDay: false },
        ...['28', '29', '30', '31'].map((d) => ({ name: '春节', date: `2025-01-${d}`, isOffDay: true })),
        ...['01', '02', '03', '04'].map((d) => ({ name: '春节', date: `2025-02-${d}`, isOffDay: true })),
        { name: '春节', date: '2025-02-08', isOffDay: false },
      ],
    });
    expect(draft.schedule.holidays).toEqual([
      { name: '元旦', from: '2025-01-01', to: '2025-01-01' },
      { name: '春节', from: '2025-01-28', to: '2025-02-04' },
    ]);
    expect(draft.schedule.workdays).toEqual(['2025-01-26', '2025-02-08']);
    expect(CalendarScheduleSchema.safeParse(draft.schedule).success).toBe(true);
  });
});
