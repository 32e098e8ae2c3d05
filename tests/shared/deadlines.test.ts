import { describe, it, expect } from 'vitest';
import { createCalendar } from '../../shared/src/calendar';
import {
  DEFAULT_TIME_LIMITS,
  complaintDeadlines,
  deadlineStatus,
  desiredReplyByProblem,
  earliestDesiredReplyBy,
  needDeadlines,
  pausedWorkingDays,
  resolveTimeLimits,
  taskAcceptBy,
  workingDaysLeft,
} from '../../shared/src/deadlines';

// Expected dates were worked out by hand from /work/shared/calendar-cn.md.

describe('time limits', () => {
  it('default to the spec table', () => {
    expect(DEFAULT_TIME_LIMITS).toEqual({
      acceptDays: 1,
      taskAcceptDays: 1,
      replyDays: 5,
      rateDays: 5,
      complaintAckDays: 1,
      complaintResolveDays: 10,
      dueSoonDays: 1,
      followUpDays: 5,
    });
  });

  it('let a manager override some values and reject anything but non-negative integers', () => {
    expect(resolveTimeLimits({ replyDays: 3 })).toEqual({ ...DEFAULT_TIME_LIMITS, replyDays: 3 });
    expect(() => resolveTimeLimits({ replyDays: -1 })).toThrow(RangeError);
    expect(() => resolveTimeLimits({ rateDays: 2.5 })).toThrow(RangeError);
  });
});

describe('needDeadlines', () => {
  it('gives a need submitted on Friday 2026-02-13 acceptBy 02-14 (调休) and replyBy 02-27 across 春节', () => {
    // 5 working days after 02-13: 02-14, 02-24, 02-25, 02-26, 02-27.
    expect(needDeadlines({ submittedOn: '2026-02-13' })).toEqual({
      acceptBy: '2026-02-14',
      replyBy: '2026-02-27',
      rateBy: null,
    });
  });

  it('uses the enterprise desired reply date when it gave one', () => {
    const d = needDeadlines({ submittedOn: '2026-02-13', desiredReplyBy: '2026-03-10' });
    expect(d.replyBy).toBe('2026-03-10');
    expect(d.acceptBy).toBe('2026-02-14');
    expect(needDeadlines({ submittedOn: '2026-02-13', desiredReplyBy: null }).replyBy).toBe('2026-02-27');
  });

  it('lets the enterprise wish for a reply date only after the accept deadline', () => {
    // Submitted Friday 2026-03-06: accept by Monday 03-09, so Tuesday the 10th at the earliest.
    expect(earliestDesiredReplyBy('2026-03-06')).toBe('2026-03-10');
    // Submitted Wednesday 2026-09-30: accept by 10-08 (国庆 in between), so the 9th; in 3 working days, 10-10 (a Saturday worked).
    expect(earliestDesiredReplyBy('2026-09-30')).toBe('2026-10-09');
    expect(earliestDesiredReplyBy('2026-09-30', { acceptDays: 3 })).toBe('2026-10-11');
    expect(desiredReplyByProblem('2026-10-08', '2026-09-30')).toBe('期望答复日期须晚于受理时限，最早可选 2026-10-09');
    expect(desiredReplyByProblem('2026-10-09', '2026-09-30')).toBeNull();
  });

  it('extends replyBy by the working days the need was paused for a supplement', () => {
    // Submitted Tuesday 2026-09-29: replyBy 09-30, 10-08, 10-09, 10-10 (Sat), 10-12.
    expect(needDeadlines({ submittedOn: '2026-09-29' }).replyBy).toBe('2026-10-12');
    // Paused 09-30, resumed 10-09: 10-08 and 10-09 elapsed (10-01..10-07 are 国庆).
    const paused = pausedWorkingDays('2026-09-30', '2026-10-09');
    expect(paused).toBe(2);
    const d = needDeadlines({ submittedOn: '2026-09-29', pausedWorkingDays: paused });
    expect(d.replyBy).toBe('2026-10-14');
    expect(d.acceptBy).toBe('2026-09-30'); // the acceptance clock does not pause
  });

  it('extends a desired reply date by paused working days too', () => {
    // 2026-03-10 is a Tuesday: + 3 working days = Friday 03-13.
    expect(needDeadlines({ submittedOn: '2026-03-02', desiredReplyBy: '2026-03-10', pausedWorkingDays: 3 }).replyBy).toBe('2026-03-13');
  });

  it('rejects a negative or fractional pause', () => {
    expect(() => needDeadlines({ submittedOn: '2026-03-02', pausedWorkingDays: -1 })).toThrow(RangeError);
    expect(() => needDeadlines({ submittedOn: '2026-03-02', pausedWorkingDays: 0.5 })).toThrow(RangeError);
  });

  it('opens the rating window on completion and closes it 5 working days later, across 国庆 2025', () => {
    // Completed Friday 2025-09-26: 09-28 (Sun 调休), 09-29, 09-30, then 10-09, 10-10.
    expect(needDeadlines({ submittedOn: '2025-09-15', completedOn: '2025-09-26' }).rateBy).toBe('2025-10-10');
    // Completed Thursday 2026-02-12: 02-13, 02-14 (Sat 调休), 02-24, 02-25, 02-26.
    expect(needDeadlines({ submittedOn: '2026-02-02', completedOn: '2026-02-12' }).rateBy).toBe('2026-02-26');
    expect(needDeadlines({ submittedOn: '2026-02-02', completedOn: null }).rateBy).toBeNull();
  });

  it('follows limits changed by a manager', () => {
    // replyDays 3 from 2026-02-13: 02-14, 02-24, 02-25.
    expect(needDeadlines({ submittedOn: '2026-02-13' }, { ...DEFAULT_TIME_LIMITS, replyDays: 3 }).replyBy).toBe('2026-02-25');
    expect(needDeadlines({ submittedOn: '2026-02-13' }, { acceptDays: 2 }).acceptBy).toBe('2026-02-24');
  });

  it('uses the calendar it is given', () => {
    const plain = createCalendar({});
    expect(needDeadlines({ submittedOn: '2026-02-13' }, DEFAULT_TIME_LIMITS, plain)).toEqual({
      acceptBy: '2026-02-16',
      replyBy: '2026-02-20',
      rateBy: null,
    });
  });
});

describe('taskAcceptBy', () => {
  it('gives a provider until 2025-05-06 for a task assigned on 2025-04-30 before 劳动节', () => {
    expect(taskAcceptBy('2025-04-30')).toBe('2025-05-06');
  });

  it('counts from the next working day when assigned on a Saturday', () => {
    expect(taskAcceptBy('2026-03-07')).toBe('2026-03-09');
  });
});

describe('complaintDeadlines', () => {
  it('for a complaint received Friday 2026-04-03 before 清明 gives acknowledge 04-07 and resolve 04-20', () => {
    // 04-04..04-06 off; then 04-07 (1) … 04-10 (4), 04-13 (5) … 04-17 (9), 04-20 (10).
    expect(complaintDeadlines('2026-04-03')).toEqual({ acknowledgeBy: '2026-04-07', resolveBy: '2026-04-20' });
  });
});

describe('pausedWorkingDays', () => {
  it('is zero for a pause resumed the same day or over a weekend', () => {
    expect(pausedWorkingDays('2026-03-04', '2026-03-04')).toBe(0);
    expect(pausedWorkingDays('2026-03-06', '2026-03-08')).toBe(0);
    expect(pausedWorkingDays('2026-03-06', '2026-03-09')).toBe(1);
  });
});

describe('deadlineStatus and workingDaysLeft', () => {
  const due = '2026-10-09'; // Friday after 国庆 2026

  it('moves from on_time to due_soon to overdue as 国庆 2026 passes', () => {
    expect(deadlineStatus(due, '2026-09-28')).toBe('on_time'); // 09-29, 09-30, 10-08, 10-09 left
    expect(deadlineStatus(due, '2026-09-30')).toBe('on_time'); // 10-08, 10-09 left
    expect(deadlineStatus(due, '2026-10-05')).toBe('on_time'); // still 2 left during the holiday
    expect(deadlineStatus(due, '2026-10-07')).toBe('on_time');
    expect(deadlineStatus(due, '2026-10-08')).toBe('due_soon'); // 1 left
    expect(deadlineStatus(due, '2026-10-09')).toBe('due_soon'); // due today
    expect(deadlineStatus(due, '2026-10-10')).toBe('overdue');
    expect(deadlineStatus(due, '2026-10-12')).toBe('overdue');
  });

  it('calls an item due soon when one working day remains even if the holiday makes it eight calendar days', () => {
    expect(deadlineStatus('2026-10-08', '2026-09-30')).toBe('due_soon');
  });

  it('follows the dueSoonDays limit', () => {
    expect(deadlineStatus(due, '2026-09-30', { dueSoonDays: 2 })).toBe('due_soon');
    expect(deadlineStatus(due, '2026-10-08', { dueSoonDays: 0 })).toBe('on_time');
    expect(deadlineStatus(due, '2026-10-09', { dueSoonDays: 0 })).toBe('due_soon');
  });

  it('counts working days left, and minus the working days since the due date once past it', () => {
    expect(workingDaysLeft(due, '2026-09-28')).toBe(4);
    expect(workingDaysLeft(due, '2026-09-30')).toBe(2);
    expect(workingDaysLeft(due, '2026-10-09')).toBe(0);
    expect(workingDaysLeft(due, '2026-10-10')).toBe(-1); // the 调休 Saturday
    expect(workingDaysLeft(due, '2026-10-11')).toBe(-1); // Sunday adds nothing
    expect(workingDaysLeft(due, '2026-10-12')).toBe(-2);
  });

  it('is antisymmetric: swapping the dates negates workingDaysLeft', () => {
    for (const [a, b] of [
      ['2026-02-13', '2026-02-24'],
      ['2025-09-30', '2025-10-11'],
      ['2026-12-30', '2027-01-04'],
    ] as const) {
      expect(workingDaysLeft(a, b)).toBe(-workingDaysLeft(b, a));
    }
  });

  it('rejects malformed dates', () => {
    expect(() => deadlineStatus('2026-10-9', '2026-10-01')).toThrow(RangeError);
    expect(() => workingDaysLeft('2026-10-09', 'today')).toThrow(RangeError);
  });
});
