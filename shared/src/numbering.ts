// Unified need numbers (统一编号): `QS-20261121-00042` — a prefix, the
// Shanghai date the need was raised, and that day's sequence. The sequence is
// allocated by the database inside the creating transaction (a counter row per
// day), so numbers are unique, gap-free per day and safe under concurrency;
// the fixed width keeps string order equal to date-and-sequence order.
import { isCalendarDate } from './calendar';

export const NEED_NUMBER_PREFIX = 'QS';
export const NEED_NUMBER_SEQ_WIDTH = 5;
export const NEED_NUMBER_PATTERN = /^QS-(\d{4})(\d{2})(\d{2})-(\d{5})$/;

export function formatNeedNumber(day: string, seq: number): string {
  if (!isCalendarDate(day)) throw new RangeError(`not a date: ${day}`);
  if (!Number.isInteger(seq) || seq < 1 || seq >= 10 ** NEED_NUMBER_SEQ_WIDTH) {
    throw new RangeError(`sequence out of range: ${seq}`);
  }
  return `${NEED_NUMBER_PREFIX}-${day.replaceAll('-', '')}-${String(seq).padStart(NEED_NUMBER_SEQ_WIDTH, '0')}`;
}

export function parseNeedNumber(number: string): { day: string; seq: number } | null {
  const m = NEED_NUMBER_PATTERN.exec(number);
  if (!m) return null;
  const day = `${m[1]}-${m[2]}-${m[3]}`;
  const seq = Number(m[4]);
  return isCalendarDate(day) && seq >= 1 ? { day, seq } : null;
}
