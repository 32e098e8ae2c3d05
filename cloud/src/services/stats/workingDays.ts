// Median and 90th percentile of durations in working days, from a histogram
// (working days, count): the figure of the k-th need in order (nearest rank),
// exact because durations are whole days. The histogram is kept by the
// database (migration 0024) or counted here from (start day, end day) pairs.
import type { IsoDate, WorkCalendar } from '@qi/shared';

export interface DayPair {
  start: IsoDate;
  end: IsoDate;
  n: number;
}

export interface DayCount {
  days: number;
  n: number;
}

/** The pairs counted on the calendar: how many needs took each number of working days. */
export function pairsToDays(pairs: readonly DayPair[], cal: WorkCalendar): DayCount[] {
  const byDays = new Map<number, number>();
  for (const { start, end, n } of pairs) {
    const d = cal.workingDaysBetween(start, end);
    byDays.set(d, (byDays.get(d) ?? 0) + n);
  }
  return [...byDays.entries()].map(([days, n]) => ({ days, n }));
}

export function durationFigures(hist: readonly DayCount[]): { count: number; median: number | null; p90: number | null } {
  const byDays = new Map<number, number>();
  let count = 0;
  for (const { days, n } of hist) {
    if (n <= 0) continue;
    byDays.set(days, (byDays.get(days) ?? 0) + n);
    count += n;
  }
  if (!count) return { count: 0, median: null, p90: null };
  const sorted = [...byDays.entries()].sort((a, b) => a[0] - b[0]);
  const rank = (q: number) => {
    const k = Math.max(1, Math.ceil(q * count));
    let seen = 0;
    for (const [days, n] of sorted) {
      seen += n;
      if (seen >= k) return days;
    }
    return sorted[sorted.length - 1]![0];
  };
  return { count, median: rank(0.5), p90: rank(0.9) };
}
