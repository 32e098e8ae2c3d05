// Desensitising personal data for display (SPEC "Data protection": phone
// numbers and contact names are masked for everyone but the enterprise itself
// and the staff serving it; exports and supervisor views are desensitised).
//
// Pure functions. Every one accepts null/undefined (→ '') so a missing value
// never throws in a view, and masks with a fixed number of '*' where the
// length itself would say something.

const MASK = '****';

type Maybe = string | null | undefined;

/** Full-width digits, letters, '+', '-', '(', ')' → ASCII; ends trimmed. */
function tidy(input: string): string {
  return input.normalize('NFKC').trim();
}

/**
 * Masks a phone number, keeping at most the first 3 and the last 4 digits.
 * - Mobile (11 digits from 1, optionally after +86/86): '13812345678' → '138****5678',
 *   '+86 138 1234 5678' → '+86 138****5678'.
 * - Landline written with its area code apart: the area code stays, the
 *   subscriber number shows its last 4: '0898-66661234' → '0898-****1234',
 *   '(010)87654321' → '(010)****4321'.
 * - Anything else, by its digits: 11 or more → first 3 + '****' + last 4;
 *   fewer → '****' + at most the last 4, always hiding at least 4 digits and
 *   at least half of them ('12345678' → '****5678', '1234567' → '****567',
 *   '110' → '****'). Other characters are dropped.
 */
export function maskPhone(input: Maybe): string {
  if (!input) return '';
  const s = tidy(input);
  if (s === '') return '';

  const mobile = /^(\+?86[\s-]?)?(1\d{2})[\s-]?(\d{4})[\s-]?(\d{4})$/.exec(s);
  if (mobile) return `${mobile[1] ?? ''}${mobile[2]}${MASK}${mobile[4]}`;

  const landline = /^(\+?86[\s-]?)?(0\d{2,3}[\s-]|\(0\d{2,3}\)\s?)(\d{3,4}[\s-]?\d{4})$/.exec(s);
  if (landline) {
    const subscriber = landline[3]!.replace(/\D/g, '');
    return `${landline[1] ?? ''}${landline[2]}${MASK}${subscriber.slice(-4)}`;
  }

  const digits = s.replace(/\D/g, '');
  const n = digits.length;
  if (n >= 11) return `${digits.slice(0, 3)}${MASK}${digits.slice(-4)}`;
  const shown = Math.max(0, Math.min(4, n - Math.max(4, Math.ceil(n / 2))));
  return shown > 0 ? `${MASK}${digits.slice(-shown)}` : MASK;
}

/**
 * Masks a person's name, keeping only its first character.
 * - Chinese (and any non-Latin) names: one '*' per other character:
 *   '张三' → '张*', '欧阳娜娜' → '欧***'.
 * - Names in Latin letters: the first letter and a fixed '***' (word lengths
 *   would identify): 'John Smith' → 'J***'.
 * - One character → '*'. Surrounding whitespace is ignored; inner
 *   whitespace of a Chinese name is dropped.
 */
export function maskName(input: Maybe): string {
  if (!input) return '';
  const s = tidy(input);
  const chars = Array.from(s);
  if (chars.length === 0) return '';
  if (chars.length === 1) return '*';
  const first = chars[0]!;
  if (/^[A-Za-z]$/.test(first)) return `${first}***`;
  const rest = chars.slice(1).filter((c) => !/\s/.test(c));
  return first + '*'.repeat(rest.length);
}

/**
 * Masks an e-mail address's local part, keeping its first character and the
 * domain: 'zhangsan@example.com' → 'z***@example.com', 'a@example.com' →
 * '*@example.com'. Without an '@' it is masked like a name's Latin form.
 */
export function maskEmail(input: Maybe): string {
  if (!input) return '';
  const s = tidy(input);
  if (s === '') return '';
  const at = s.lastIndexOf('@');
  if (at <= 0) return Array.from(s).length === 1 ? '*' : `${Array.from(s)[0]}***`;
  const local = Array.from(s.slice(0, at));
  const domain = s.slice(at + 1);
  return `${local.length === 1 ? '*' : `${local[0]}***`}@${domain}`;
}

/**
 * Masks an identifier (ID card, passport, licence or account number),
 * keeping its length so its kind stays recognisable, and showing at most the
 * first 3 and the last 4 characters but never more than a quarter of it at
 * each end: '110101199003071234' → '110***********1234', '12345678' →
 * '12****78', 'ABC' → '***'.
 */
export function maskIdLike(input: Maybe): string {
  if (!input) return '';
  const chars = Array.from(tidy(input));
  const n = chars.length;
  const head = Math.min(3, Math.floor(n / 4));
  const tail = Math.min(4, Math.floor(n / 4));
  return chars.slice(0, head).join('') + '*'.repeat(n - head - tail) + chars.slice(n - tail).join('');
}
