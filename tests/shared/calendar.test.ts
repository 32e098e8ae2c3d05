import { describe, it, expect } from 'vitest';
import {
  HOLIDAY_SCHEDULES,
  MAX_WORKING_DAYS,
  addCalendarDays,
  chinaCalendar as cal,
  createCalendar,
  dayOfWeek,
  isCalendarDate,
  toShanghaiDate,
  type IsoDate,
} from '../../shared/src/calendar';

// Expected dates below were worked out by hand from /work/shared/calendar-cn.md
// (weekday anchors: 2025-01-01 Wed, 2026-01-01 Thu, 2027-01-01 Fri).

/** Every date from first to last (test-side helper, independent of the data). */
function days(first: IsoDate, last: IsoDate): IsoDate[] {
  const out: IsoDate[] = [];
  for (let d = first; d <= last; d = addCalendarDays(d, 1)) out.push(d);
  return out;
}

describe('the holiday data', () => {
  it('holds 2025 and 2026 exactly as in the State Council notices', () => {
    expect(Object.keys(HOLIDAY_SCHEDULES)).toEqual(['2025', '2026']);
    const y2025 = HOLIDAY_SCHEDULES[2025]!;
    expect(y2025.holidays.map((h) => [h.name, h.days])).toEqual([
      ['元旦', ['2025-01-01']],
      ['春节', days('2025-01-28', '2025-02-04')],
      ['清明节', ['2025-04-04', '2025-04-05', '2025-04-06']],
      ['劳动节', days('2025-05-01', '2025-05-05')],
      ['端午节', ['2025-05-31', '2025-06-01', '2025-06-02']],
      ['国庆节、中秋节', days('2025-10-01', '2025-10-08')],
    ]);
    expect(y2025.workdays).toEqual(['2025-01-26', '2025-02-08', '2025-04-27', '2025-09-28', '2025-10-11']);

    const y2026 = HOLIDAY_SCHEDULES[2026]!;
    expect(y2026.holidays.map((h) => [h.name, h.days])).toEqual([
      ['元旦', ['2026-01-01', '2026-01-02', '2026-01-03']],
      ['春节', days('2026-02-15', '2026-02-23')],
      ['清明节', ['2026-04-04', '2026-04-05', '2026-04-06']],
      ['劳动节', days('2026-05-01', '2026-05-05')],
      ['端午节', ['2026-06-19', '2026-06-20', '2026-06-21']],
      ['中秋节', ['2026-09-25', '2026-09-26', '2026-09-27']],
      ['国庆节', days('2026-10-01', '2026-10-07')],
    ]);
    expect(y2026.workdays).toEqual(['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10']);
    expect(y2026.holidays.flatMap((h) => h.days)).toHaveLength(33);
  });

  it('lists only weekend days as adjusted working days', () => {
    for (const year of [2025, 2026]) {
      for (const d of HOLIDAY_SCHEDULES[year]!.workdays) expect([0, 6]).toContain(dayOfWeek(d));
    }
  });

  it('is frozen so nobody changes the official schedule at run time', () => {
    expect(Object.isFrozen(HOLIDAY_SCHEDULES)).toBe(true);
    expect(Object.isFrozen(HOLIDAY_SCHEDULES[2026]!.workdays)).toBe(true);
  });

  it('counts 248 working days in 2025 and 248 in 2026', () => {
    // 2025: 261 weekdays − 18 weekday holidays + 5 adjusted working days.
    expect(cal.workingDaysBetween('2024-12-31', '2025-12-31')).toBe(248);
    // 2026: 261 weekdays − 19 weekday holidays + 6 adjusted working days.
    expect(cal.workingDaysBetween('2025-12-31', '2026-12-31')).toBe(248);
  });
});

describe('date helpers', () => {
  it('accepts only real dates written YYYY-MM-DD', () => {
    expect(isCalendarDate('2026-02-28')).toBe(true);
    expect(isCalendarDate('2024-02-29')).toBe(true);
    expect(isCalendarDate('2026-02-29')).toBe(false);
    expect(isCalendarDate('2026-2-3')).toBe(false);
    expect(isCalendarDate('2026-02-03T00:00:00Z')).toBe(false);
    expect(isCalendarDate('')).toBe(false);
    expect(isCalendarDate(20260203)).toBe(false);
  });

  it('adds calendar days across month and year ends', () => {
    expect(addCalendarDays('2026-02-28', 1)).toBe('2026-03-01');
    expect(addCalendarDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addCalendarDays('2026-01-01', -1)).toBe('2025-12-31');
  });

  it('knows the day of the week', () => {
    expect(dayOfWeek('2025-01-01')).toBe(3); // Wednesday
    expect(dayOfWeek('2026-01-01')).toBe(4); // Thursday
    expect(dayOfWeek('2026-02-14')).toBe(6); // Saturday
    expect(dayOfWeek('1970-01-01')).toBe(4); // Thursday
    expect(dayOfWeek('1969-12-28')).toBe(0); // Sunday, before the epoch
  });

  it('throws a RangeError on a malformed date anywhere in the calendar', () => {
    expect(() => cal.isWorkingDay('2026-02-30')).toThrow(RangeError);
    expect(() => cal.addWorkingDays('2026/02/13', 1)).toThrow(RangeError);
    expect(() => cal.workingDaysBetween('2026-02-13', 'tomorrow')).toThrow(RangeError);
    expect(() => cal.holidayName('')).toThrow(RangeError);
  });
});

describe('toShanghaiDate', () => {
  it('turns 2026-01-31T16:30Z into 2026-02-01, because Shanghai is UTC+8', () => {
    expect(toShanghaiDate(new Date('2026-01-31T16:30:00Z'))).toBe('2026-02-01');
  });

  it('keeps the previous day until 16:00 UTC', () => {
    expect(toShanghaiDate(new Date('2026-01-31T15:59:59.999Z'))).toBe('2026-01-31');
    expect(toShanghaiDate(new Date('2026-01-31T16:00:00Z'))).toBe('2026-02-01');
    expect(toShanghaiDate(new Date('2026-02-01T00:00:00+08:00'))).toBe('2026-02-01');
    expect(toShanghaiDate(new Date('2025-12-31T23:00:00+08:00'))).toBe('2025-12-31');
  });

  it('rejects an invalid Date', () => {
    expect(() => toShanghaiDate(new Date('nope'))).toThrow(RangeError);
  });
});

describe('weekends', () => {
  it('treats an ordinary Saturday and Sunday as days off and Monday to Friday as working days', () => {
    // 2026-03-02 is a Monday with no holiday that week.
    for (const d of days('2026-03-02', '2026-03-06')) expect(cal.isWorkingDay(d)).toBe(true);
    expect(cal.isWorkingDay('2026-03-07')).toBe(false);
    expect(cal.isWorkingDay('2026-03-08')).toBe(false);
    expect(cal.holidayName('2026-03-07')).toBeNull();
  });

  it('moves Friday plus one working day to the next Monday', () => {
    expect(cal.addWorkingDays('2026-03-06', 1)).toBe('2026-03-09');
    expect(cal.nextWorkingDay('2026-03-06')).toBe('2026-03-09');
    expect(cal.addWorkingDays('2026-03-07', 1)).toBe('2026-03-09');
    expect(cal.addWorkingDays('2026-03-06', 5)).toBe('2026-03-13');
  });

  it('makes a listed 调休 Saturday a working day but not the Sunday after it', () => {
    expect(cal.isWorkingDay('2025-02-08')).toBe(true);
    expect(cal.isWorkingDay('2025-02-09')).toBe(false);
  });
});

describe('春节 2026', () => {
  it('makes Saturday 2026-02-14 the working day after Friday 2026-02-13', () => {
    expect(cal.isWorkingDay('2026-02-14')).toBe(true);
    expect(cal.holidayName('2026-02-14')).toBeNull();
    expect(cal.addWorkingDays('2026-02-13', 1)).toBe('2026-02-14');
  });

  it('skips 2026-02-15 to 2026-02-23 so 2026-02-14 plus one working day is 2026-02-24', () => {
    for (const d of days('2026-02-15', '2026-02-23')) {
      expect(cal.isWorkingDay(d)).toBe(false);
      expect(cal.holidayName(d)).toBe('春节');
    }
    expect(cal.addWorkingDays('2026-02-14', 1)).toBe('2026-02-24');
    expect(cal.nextWorkingDay('2026-02-18')).toBe('2026-02-24');
    expect(cal.addWorkingDays('2026-02-13', 2)).toBe('2026-02-24');
  });

  it('makes Saturday 2026-02-28 a working day too', () => {
    expect(cal.addWorkingDays('2026-02-27', 1)).toBe('2026-02-28');
    expect(cal.addWorkingDays('2026-02-28', 1)).toBe('2026-03-02');
  });
});

describe('春节 2025', () => {
  it('works Sunday 2025-01-26 and resumes on 2025-02-05 after the holiday', () => {
    expect(cal.addWorkingDays('2025-01-24', 1)).toBe('2025-01-26');
    expect(cal.addWorkingDays('2025-01-26', 1)).toBe('2025-01-27');
    expect(cal.addWorkingDays('2025-01-27', 1)).toBe('2025-02-05');
  });
});

describe('国庆 2025', () => {
  it('makes 2025-09-30 plus one working day 2025-10-09', () => {
    for (const d of days('2025-10-01', '2025-10-08')) expect(cal.holidayName(d)).toBe('国庆节、中秋节');
    expect(cal.addWorkingDays('2025-09-30', 1)).toBe('2025-10-09');
  });

  it('makes 2025-10-10 plus one working day the adjusted Saturday 2025-10-11', () => {
    expect(cal.addWorkingDays('2025-10-10', 1)).toBe('2025-10-11');
    expect(cal.addWorkingDays('2025-10-11', 1)).toBe('2025-10-13');
  });

  it('works Sunday 2025-09-28 before the holiday', () => {
    expect(cal.addWorkingDays('2025-09-26', 1)).toBe('2025-09-28');
    expect(cal.workingDaysBetween('2025-09-26', '2025-10-09')).toBe(4); // 9-28, 9-29, 9-30, 10-09
  });
});

describe('国庆 and 中秋 2026', () => {
  it('makes 2026-09-30 plus one working day 2026-10-08', () => {
    for (const d of days('2026-10-01', '2026-10-07')) {
      expect(cal.isWorkingDay(d)).toBe(false);
      expect(cal.holidayName(d)).toBe('国庆节');
    }
    expect(cal.addWorkingDays('2026-09-30', 1)).toBe('2026-10-08');
  });

  it('goes from 2026-10-08 to Friday 10-09 and then the adjusted Saturday 10-10', () => {
    expect(cal.addWorkingDays('2026-10-08', 1)).toBe('2026-10-09');
    expect(cal.addWorkingDays('2026-10-09', 1)).toBe('2026-10-10');
    expect(cal.addWorkingDays('2026-10-10', 1)).toBe('2026-10-12');
    expect(cal.isWorkingDay('2026-10-11')).toBe(false);
  });

  it('skips 中秋 2026-09-25 to 09-27 and works Sunday 2026-09-20', () => {
    expect(cal.holidayName('2026-09-25')).toBe('中秋节');
    expect(cal.addWorkingDays('2026-09-24', 1)).toBe('2026-09-28');
    expect(cal.addWorkingDays('2026-09-19', 1)).toBe('2026-09-20');
    expect(cal.workingDaysBetween('2026-09-24', '2026-10-08')).toBe(4); // 9-28, 9-29, 9-30, 10-08
  });
});

describe('元旦 2026', () => {
  it('gives 2026-01-01 to 01-03 off and works Sunday 2026-01-04', () => {
    for (const d of ['2026-01-01', '2026-01-02', '2026-01-03']) {
      expect(cal.isWorkingDay(d)).toBe(false);
      expect(cal.holidayName(d)).toBe('元旦');
    }
    expect(cal.isWorkingDay('2026-01-04')).toBe(true);
    expect(cal.holidayName('2026-01-04')).toBeNull();
  });

  it('makes 2025-12-31 plus one working day Sunday 2026-01-04, then Monday 01-05', () => {
    expect(cal.addWorkingDays('2025-12-31', 1)).toBe('2026-01-04');
    expect(cal.addWorkingDays('2025-12-31', 2)).toBe('2026-01-05');
    expect(cal.workingDaysBetween('2025-12-31', '2026-01-05')).toBe(2);
  });
});

describe('years without data', () => {
  it('falls back to Monday to Friday across the 2026→2027 year end', () => {
    expect(cal.hasDataFor(2026)).toBe(true);
    expect(cal.hasDataFor(2027)).toBe(false);
    // 2027-01-01 is a Friday; without 2027 data it counts as a working day.
    expect(cal.isWorkingDay('2027-01-01')).toBe(true);
    expect(cal.holidayName('2027-01-01')).toBeNull();
    expect(cal.addWorkingDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(cal.addWorkingDays('2026-12-31', 2)).toBe('2027-01-04');
    expect(cal.workingDaysBetween('2026-12-30', '2027-01-04')).toBe(3);
  });

  it('reports 2027 as a missing year when a range crosses into it', () => {
    expect(cal.missingYears('2026-12-31', '2027-01-04')).toEqual([2027]);
    expect(cal.missingYears('2027-01-04', '2026-12-31')).toEqual([2027]);
    expect(cal.missingYears('2025-01-01', '2026-12-31')).toEqual([]);
    expect(cal.missingYears('2024-12-30', '2028-01-03')).toEqual([2024, 2027, 2028]);
  });

  it('falls back to Monday to Friday before 2025 as well', () => {
    // 2024-12-31 is a Tuesday; 2025-01-01 is 元旦.
    expect(cal.addWorkingDays('2024-12-27', 1)).toBe('2024-12-30');
    expect(cal.addWorkingDays('2024-12-31', 1)).toBe('2025-01-02');
  });
});

describe('addWorkingDays and workingDaysBetween', () => {
  it('returns the start unchanged for n = 0, even on a holiday', () => {
    expect(cal.addWorkingDays('2026-02-16', 0)).toBe('2026-02-16');
    expect(cal.addWorkingDays('2026-03-04', 0)).toBe('2026-03-04');
  });

  it('rejects a negative, fractional or absurdly large n with a RangeError', () => {
    expect(() => cal.addWorkingDays('2026-03-04', -1)).toThrow(RangeError);
    expect(() => cal.addWorkingDays('2026-03-04', 1.5)).toThrow(RangeError);
    expect(() => cal.addWorkingDays('2026-03-04', Number.NaN)).toThrow(RangeError);
    expect(() => cal.addWorkingDays('2026-03-04', Number.POSITIVE_INFINITY)).toThrow(RangeError);
    expect(() => cal.addWorkingDays('2026-03-04', MAX_WORKING_DAYS + 1)).toThrow(RangeError);
  });

  it('handles a few thousand working days quickly', () => {
    const far = cal.addWorkingDays('2025-01-01', 5000);
    expect(cal.workingDaysBetween('2025-01-01', far)).toBe(5000);
  });

  it('satisfies workingDaysBetween(from, addWorkingDays(from, n)) === n for every start in 2025–2026', () => {
    const ns = [0, 1, 2, 3, 4, 5, 6, 7, 10, 15, 22, 30, 60, 250];
    for (let from = '2024-12-20'; from <= '2027-01-10'; from = addCalendarDays(from, 1)) {
      for (const n of ns) {
        const to = cal.addWorkingDays(from, n);
        expect(cal.workingDaysBetween(from, to)).toBe(n);
        if (n > 0) {
          // The result is a working day and the earliest date reaching n.
          expect(cal.isWorkingDay(to)).toBe(true);
          expect(cal.workingDaysBetween(from, addCalendarDays(to, -1))).toBe(n - 1);
        }
      }
    }
  });

  it('agrees with counting isWorkingDay day by day', () => {
    const start = '2024-12-15';
    for (let i = 0; i < 800; i += 7) {
      const from = addCalendarDays(start, i);
      let count = 0;
      for (let j = 1; j <= 45; j++) {
        const d = addCalendarDays(from, j);
        if (cal.isWorkingDay(d)) count++;
        expect(cal.workingDaysBetween(from, d)).toBe(count);
      }
    }
  });

  it('is zero for an empty or reversed range and additive over adjacent ranges', () => {
    expect(cal.workingDaysBetween('2026-03-04', '2026-03-04')).toBe(0);
    expect(cal.workingDaysBetween('2026-03-05', '2026-03-04')).toBe(0);
    expect(cal.workingDaysBetween('2026-02-24', '2026-02-13')).toBe(0);
    // The start is excluded, the end included.
    expect(cal.workingDaysBetween('2026-03-04', '2026-03-05')).toBe(1);
    expect(cal.workingDaysBetween('2026-03-06', '2026-03-08')).toBe(0);
    expect(cal.workingDaysBetween('2026-02-13', '2026-02-24')).toBe(2); // 02-14, 02-24
    expect(cal.workingDaysBetween('2026-02-14', '2026-02-23')).toBe(0);
    expect(cal.workingDaysBetween('2026-02-15', '2026-02-24')).toBe(1);
    const a = '2025-09-15';
    const b = '2025-10-09';
    const c = '2026-02-24';
    expect(cal.workingDaysBetween(a, c)).toBe(cal.workingDaysBetween(a, b) + cal.workingDaysBetween(b, c));
  });
});

describe('createCalendar', () => {
  it('uses the schedules it is given, so a new year is just data', () => {
    const withNext = createCalendar({
      ...HOLIDAY_SCHEDULES,
      2027: { source: 'test', holidays: [{ name: '元旦', days: ['2027-01-01'] }], workdays: ['2027-01-02'] },
    });
    expect(withNext.hasDataFor(2027)).toBe(true);
    expect(withNext.isWorkingDay('2027-01-01')).toBe(false);
    expect(withNext.isWorkingDay('2027-01-02')).toBe(true);
    expect(withNext.addWorkingDays('2026-12-31', 1)).toBe('2027-01-02');
    expect(withNext.missingYears('2026-12-31', '2027-01-04')).toEqual([]);
  });

  it('falls back to Monday to Friday everywhere when given no schedules', () => {
    const plain = createCalendar({});
    expect(plain.isWorkingDay('2026-10-01')).toBe(true);
    expect(plain.addWorkingDays('2026-02-13', 1)).toBe('2026-02-16');
    expect(plain.missingYears('2025-06-01', '2026-06-01')).toEqual([2025, 2026]);
  });

  it('refuses bad data: an invalid date, a date under the wrong year, a day both off and worked', () => {
    expect(() => createCalendar({ 2027: { source: 't', holidays: [{ name: 'x', days: ['2027-02-30'] }], workdays: [] } })).toThrow(
      RangeError,
    );
    expect(() => createCalendar({ 2027: { source: 't', holidays: [{ name: 'x', days: ['2028-01-01'] }], workdays: [] } })).toThrow(
      RangeError,
    );
    expect(() =>
      createCalendar({ 2027: { source: 't', holidays: [{ name: 'x', days: ['2027-01-02'] }], workdays: ['2027-01-02'] } }),
    ).toThrow(RangeError);
  });
});
