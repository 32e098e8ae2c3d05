// Unified need numbers (统一编号): QS-YYYYMMDD-NNNNN, then QS-YYYYMMDD-F100000… past a day's 99 999th.
import { describe, expect, it } from 'vitest';
import {
  NEED_NUMBER_PATTERN,
  NEED_NUMBER_PREFIX,
  NEED_NUMBER_SEQ_WIDTH,
  formatNeedNumber,
  needNumberDays,
  parseNeedNumber,
} from '../../shared/src/numbering';

/** A small seeded PRNG (mulberry32) so the shuffled sample is the same on every run. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function isoDay(base: string, plusDays: number): string {
  const d = new Date(`${base}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + plusDays);
  return d.toISOString().slice(0, 10);
}

describe('formatNeedNumber', () => {
  it('formats the first need of 21 November 2026 as QS-20261121-00001', () => {
    expect(formatNeedNumber('2026-11-21', 1)).toBe('QS-20261121-00001');
  });

  it('uses the QS prefix and a five-digit sequence for a day’s first 99 999', () => {
    expect(NEED_NUMBER_PREFIX).toBe('QS');
    expect(NEED_NUMBER_SEQ_WIDTH).toBe(5);
  });

  it.each([
    [100000, 'F100000'],
    [100001, 'F100001'],
    [999999, 'F999999'],
    [1000000, 'G1000000'],
    [2147483647, 'J2147483647'],
    [Number.MAX_SAFE_INTEGER, `P${Number.MAX_SAFE_INTEGER}`],
  ])('writes sequence %i, past five digits, as a width letter and its digits: %s', (seq, tail) => {
    expect(formatNeedNumber('2026-11-21', seq)).toBe(`QS-20261121-${tail}`);
    expect(formatNeedNumber('2026-11-21', seq)).toMatch(NEED_NUMBER_PATTERN);
  });

  it.each([
    [1, '00001'],
    [9, '00009'],
    [10, '00010'],
    [42, '00042'],
    [999, '00999'],
    [1000, '01000'],
    [12345, '12345'],
    [99999, '99999'],
  ])('zero-pads sequence %i to %s', (seq, padded) => {
    expect(formatNeedNumber('2026-01-05', seq)).toBe(`QS-20260105-${padded}`);
  });

  it.each([
    ['zero', 0],
    ['negative', -1],
    ['past the safe integers', 2 ** 53],
    ['a fraction', 1.5],
    ['NaN', Number.NaN],
    ['Infinity', Number.POSITIVE_INFINITY],
  ])('throws a RangeError for a sequence that is %s', (_name, seq) => {
    expect(() => formatNeedNumber('2026-11-21', seq)).toThrow(RangeError);
  });

  it.each([
    ['compact digits', '20261121'],
    ['slashes', '2026/11/21'],
    ['unpadded month and day', '2026-1-2'],
    ['a two-digit year', '26-11-21'],
    ['a time part', '2026-11-21T00:00'],
    ['leading space', ' 2026-11-21'],
    ['trailing newline', '2026-11-21\n'],
    ['the empty string', ''],
    ['letters', 'yyyy-mm-dd'],
    ['full-width digits', '２０２６-１１-２１'],
  ])('throws a RangeError for a day written with %s', (_name, day) => {
    expect(() => formatNeedNumber(day, 1)).toThrow(RangeError);
  });

  // KNOWN GAP (reported, not fixed here): formatNeedNumber checks only the
  // shape \d{4}-\d{2}-\d{2}, so impossible calendar dates are accepted and
  // produce e.g. QS-20260230-00001. When the code validates the calendar,
  // these expected-to-fail cases will start failing: turn them into `it.each`.
  it.each([['2026-02-30'], ['2026-13-01'], ['2026-00-10'], ['2026-11-00'], ['2026-04-31']])(
    'throws a RangeError for the impossible calendar date %s',
    (day) => {
      expect(() => formatNeedNumber(day, 1)).toThrow(RangeError);
    },
  );

  it('accepts 29 February in a leap year', () => {
    expect(formatNeedNumber('2028-02-29', 7)).toBe('QS-20280229-00007');
  });

  it('produces numbers that match NEED_NUMBER_PATTERN', () => {
    expect(formatNeedNumber('2026-11-21', 42)).toMatch(NEED_NUMBER_PATTERN);
  });
});

describe('parseNeedNumber', () => {
  it('reads the day and sequence back out of QS-20261121-00042', () => {
    expect(parseNeedNumber('QS-20261121-00042')).toEqual({ day: '2026-11-21', seq: 42 });
  });

  const rand = prng(20261121);
  const sample = Array.from({ length: 200 }, () => ({
    day: isoDay('2024-01-01', Math.floor(rand() * 3000)),
    seq: 1 + Math.floor(rand() * 99999),
  }));
  sample.push(
    { day: '2026-12-31', seq: 1 },
    { day: '2027-01-01', seq: 99999 },
    { day: '2028-02-29', seq: 10 },
    { day: '2026-11-21', seq: 100000 },
    { day: '2026-11-21', seq: 123456789 },
  );

  it('round-trips every (day, sequence) of a sample through format and parse', () => {
    for (const { day, seq } of sample) {
      const number = formatNeedNumber(day, seq);
      expect(parseNeedNumber(number)).toEqual({ day, seq });
      expect(formatNeedNumber(parseNeedNumber(number)!.day, parseNeedNumber(number)!.seq)).toBe(number);
    }
  });

  it.each([
    ['a lower-case prefix', 'qs-20261121-00001'],
    ['another prefix', 'QX-20261121-00001'],
    ['no prefix', '20261121-00001'],
    ['a missing dash', 'QS20261121-00001'],
    ['a dashed date', 'QS-2026-11-21-00001'],
    ['a four-digit sequence', 'QS-20261121-0001'],
    ['a six-digit sequence without its width letter', 'QS-20261121-000001'],
    ['a six-digit sequence without its width letter (100000)', 'QS-20261121-100000'],
    ['a width letter that is not the digits’ width', 'QS-20261121-G100000'],
    ['a width letter before five digits', 'QS-20261121-F10000'],
    ['a wide sequence with a leading zero', 'QS-20261121-F010000'],
    ['a lower-case width letter', 'QS-20261121-f100000'],
    ['an unpadded sequence', 'QS-20261121-1'],
    ['a seven-digit date', 'QS-2026112-00001'],
    ['leading space', ' QS-20261121-00001'],
    ['trailing space', 'QS-20261121-00001 '],
    ['a trailing newline', 'QS-20261121-00001\n'],
    ['full-width digits', 'QS-２０２６１１２１-００００１'],
    ['letters in the sequence', 'QS-20261121-0000A'],
    ['a full-width dash', 'QS－20261121-00001'],
    ['the empty string', ''],
  ])('returns null for a number with %s', (_name, number) => {
    expect(parseNeedNumber(number)).toBeNull();
  });

  // KNOWN GAP (reported, not fixed here): parseNeedNumber accepts any eight
  // digits and any five, so it reads numbers formatNeedNumber can never make.
  it.each([
    ['sequence 00000', 'QS-20261121-00000'],
    ['month 13', 'QS-20261301-00001'],
    ['30 February', 'QS-20260230-00001'],
  ])('returns null for a number with %s, which format never produces', (_n, number) => {
    expect(parseNeedNumber(number)).toBeNull();
  });
});

describe('ordering', () => {
  it('sorts a shuffled sample by string exactly as by (date, sequence)', () => {
    const rand = prng(42);
    const days = Array.from({ length: 25 }, () => isoDay('2025-06-01', Math.floor(rand() * 2000)));
    days.push('2025-12-31', '2026-01-01', '2026-09-30', '2026-10-01');
    const seqs = [1, 2, 9, 10, 11, 99, 100, 101, 999, 1000, 9999, 10000, 54321, 99998, 99999, 100000, 100001, 999999, 1000000, 2147483647];
    const pairs = days.flatMap((day) =>
      [...seqs, 1 + Math.floor(rand() * 99999)].map((seq) => ({ day, seq, number: formatNeedNumber(day, seq) })),
    );
    // Fisher–Yates shuffle with the seeded PRNG.
    for (let i = pairs.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [pairs[i], pairs[j]] = [pairs[j]!, pairs[i]!];
    }
    const key = ({ day, seq }: { day: string; seq: number }): number[] => [...day.split('-').map(Number), seq];
    const byTuple = [...pairs].sort((a, b) => {
      const ka = key(a);
      const kb = key(b);
      for (let i = 0; i < ka.length; i++) if (ka[i] !== kb[i]) return ka[i]! - kb[i]!;
      return 0;
    });
    const byString = [...pairs].sort((a, b) => (a.number < b.number ? -1 : a.number > b.number ? 1 : 0));
    expect(byString.map((p) => p.number)).toEqual(byTuple.map((p) => p.number));
  });

  it('puts sequence 9 before sequence 10 on the same day, and any number of one day before the next day’s first', () => {
    expect(formatNeedNumber('2026-11-21', 9) < formatNeedNumber('2026-11-21', 10)).toBe(true);
    expect(formatNeedNumber('2026-11-21', 99999) < formatNeedNumber('2026-11-22', 1)).toBe(true);
    expect(formatNeedNumber('2026-12-31', 99999) < formatNeedNumber('2027-01-01', 1)).toBe(true);
  });

  it('puts the 99 999th need of a day before the 100 000th, and that before the next day’s first', () => {
    expect(formatNeedNumber('2026-11-21', 99999) < formatNeedNumber('2026-11-21', 100000)).toBe(true);
    expect(formatNeedNumber('2026-11-21', 999999) < formatNeedNumber('2026-11-21', 1000000)).toBe(true);
    expect(formatNeedNumber('2026-11-21', 2147483647) < formatNeedNumber('2026-11-22', 1)).toBe(true);
  });
});

describe('needNumberDays', () => {
  it.each([
    ['QS-20250601', { from: '2025-06-01', until: '2025-06-02' }],
    ['QS-20250601-000', { from: '2025-06-01', until: '2025-06-02' }],
    ['qs-20251231-00001', { from: '2025-12-31', until: '2026-01-01' }],
    ['QS-202506', { from: '2025-06-01', until: '2025-07-01' }],
    ['QS-202512', { from: '2025-12-01', until: '2026-01-01' }],
    ['QS-20250', { from: '2025-01-01', until: '2025-10-01' }],
    ['QS-20251', { from: '2025-10-01', until: '2026-01-01' }],
    ['QS-2025', { from: '2025-01-01', until: '2026-01-01' }],
    ['QS-2', { from: '2000-01-01', until: '3000-01-01' }],
    ['QS-9', { from: '9000-01-01', until: null }],
    ['QS-2024022', { from: '2024-02-20', until: '2024-03-01' }],
    ['QS-2025023', { from: '2025-03-01', until: '2025-03-01' }],
  ])('bounds the days of the numbers that begin %s', (prefix, days) => {
    expect(needNumberDays(prefix)).toEqual(days);
  });

  it('names no days without date digits', () => {
    expect(needNumberDays('QS-')).toBeNull();
    expect(needNumberDays('椰子汁')).toBeNull();
  });

  it('holds the day of every number each of its prefixes begins (1 000 sampled days, every length)', () => {
    const rand = prng(20261202);
    for (let i = 0; i < 1000; i++) {
      const day = isoDay('2000-01-01', Math.floor(rand() * 365 * 60));
      const number = formatNeedNumber(day, 1 + Math.floor(rand() * 99_999));
      for (let k = 1; k <= 8; k++) {
        const days = needNumberDays(number.slice(0, 3 + k))!;
        expect(days.from <= day && (days.until === null || day < days.until), `${number.slice(0, 3 + k)} → ${JSON.stringify(days)}`).toBe(
          true,
        );
      }
    }
  });
});
