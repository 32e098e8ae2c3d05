// Unified need numbers (统一编号): `QS-20261121-00042` — a prefix, the
// Shanghai date the need was raised, and that day's sequence. The sequence is
// allocated by the database inside the creating transaction (a counter row per
// day, taken in its last statement: see migration 0018's need_number(), which
// writes the same text as formatNeedNumber), so numbers are unique, gap-free
// per day and safe under concurrency.
//
// The first 99 999 of a day have five digits; past them a letter naming how
// many digits follow (F = 6, G = 7, … P = 16) and the sequence:
// `QS-20261121-F100000`. A letter sorts after every digit, and a wider
// sequence gets a later letter, so string order stays date-and-sequence order
// however many needs a day brings, and every number given before stays valid.
import { isCalendarDate } from './calendar';

export const NEED_NUMBER_PREFIX = 'QS';
/** Digits of the sequence of a day's first 99 999 needs. */
export const NEED_NUMBER_SEQ_WIDTH = 5;
/** The widest sequence a number can carry (past Number.MAX_SAFE_INTEGER's 16 digits nothing is exact). */
export const NEED_NUMBER_MAX_SEQ_WIDTH = 16;

/** The letter before a sequence of `width` (> 5) digits: F for 6, G for 7, … */
const widthLetter = (width: number) => String.fromCharCode(64 + width);

const WIDE = Array.from(
  { length: NEED_NUMBER_MAX_SEQ_WIDTH - NEED_NUMBER_SEQ_WIDTH },
  (_, i) => `${widthLetter(NEED_NUMBER_SEQ_WIDTH + 1 + i)}[1-9]\\d{${NEED_NUMBER_SEQ_WIDTH + i}}`,
);
export const NEED_NUMBER_PATTERN = new RegExp(`^QS-(\\d{4})(\\d{2})(\\d{2})-(\\d{${NEED_NUMBER_SEQ_WIDTH}}|${WIDE.join('|')})$`);

export function formatNeedNumber(day: string, seq: number): string {
  if (!isCalendarDate(day)) throw new RangeError(`not a date: ${day}`);
  if (!Number.isSafeInteger(seq) || seq < 1) throw new RangeError(`sequence out of range: ${seq}`);
  const digits = String(seq);
  const tail =
    digits.length <= NEED_NUMBER_SEQ_WIDTH ? digits.padStart(NEED_NUMBER_SEQ_WIDTH, '0') : `${widthLetter(digits.length)}${digits}`;
  return `${NEED_NUMBER_PREFIX}-${day.replaceAll('-', '')}-${tail}`;
}

export function parseNeedNumber(number: string): { day: string; seq: number } | null {
  const m = NEED_NUMBER_PATTERN.exec(number);
  if (!m) return null;
  const day = `${m[1]}-${m[2]}-${m[3]}`;
  const tail = m[4]!;
  const seq = Number(/^\d/.test(tail) ? tail : tail.slice(1));
  return isCalendarDate(day) && seq >= 1 && Number.isSafeInteger(seq) ? { day, seq } : null;
}

/** The earliest real date written YYYYMMDD at or after `s` (eight digits), as 'YYYY-MM-DD'. */
function firstDayFrom(s: string): string {
  let y = Number(s.slice(0, 4));
  let m = Number(s.slice(4, 6));
  let d = Number(s.slice(6, 8));
  if (m === 0) [m, d] = [1, 1];
  else if (m > 12) [y, m, d] = [y + 1, 1, 1];
  else if (d === 0) d = 1;
  else if (d > new Date(Date.UTC(y, m, 0)).getUTCDate()) [y, m, d] = m === 12 ? [y + 1, 1, 1] : [y, m + 1, 1];
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/**
 * The days the needs whose numbers begin with `prefix` were raised on
 * (`QS-2025` a year, `QS-202506` a month, `QS-20250601…` a day): from `from`,
 * before `until` (null: no end), or null when the prefix names no date digits.
 * A number carries its need's day of submission (Asia/Shanghai), so a search
 * by number can be bounded by the time the need was created.
 */
export function needNumberDays(prefix: string): { from: string; until: string | null } | null {
  const m = new RegExp(`^${NEED_NUMBER_PREFIX}-(\\d{1,8})`, 'i').exec(prefix);
  if (!m) return null;
  const digits = m[1]!;
  const next = String(Number(digits) + 1).padStart(digits.length, '0');
  return {
    from: firstDayFrom(digits.padEnd(8, '0')),
    until: next.length > digits.length ? null : firstDayFrom(next.padEnd(8, '0')),
  };
}
