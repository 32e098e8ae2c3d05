// 统一社会信用代码 (unified social credit code), GB 32100-2015.
//
// 18 characters:
//   1      登记管理部门码 (registration authority: 1 机构编制, 5 民政, 9 工商, Y 其他…)
//   2      机构类别码 (organisation category)
//   3–8    登记管理机关行政区划码 (administrative division code, 6 digits)
//   9–17   主体标识码 = 组织机构代码 (organisation code, GB 11714: 8 body
//          characters and its own check character at position 17)
//   18     校验码 over the first 17 characters
// Characters come from a 31-character alphabet without I, O, Z, S and V.
// Pure functions, no I/O.

/** The code's alphabet; a character's value is its index (0–9, A=10 … Y=30). */
export const CREDIT_CODE_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

/** Weights of positions 1–17 (3^i mod 31). */
export const CREDIT_CODE_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;

/** GB 11714 weights over the organisation code's 8 body characters (positions 9–16). */
export const ORG_CODE_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2] as const;

export type CreditCodeProblem = 'length' | 'charset' | 'division' | 'org_check' | 'check_char';

export type CreditCodeCheck = { ok: true } | { ok: false; reason: CreditCodeProblem; message: string };

const MESSAGES: Record<CreditCodeProblem, string> = {
  length: '统一社会信用代码应为18位',
  charset: '统一社会信用代码只能由数字和大写字母组成(不含 I、O、Z、S、V)',
  division: '统一社会信用代码第3至8位应为6位数字的行政区划码',
  org_check: '统一社会信用代码中的组织机构代码校验位不正确',
  check_char: '统一社会信用代码校验位不正确',
};

const VALID_CHARS = new RegExp(`^[${CREDIT_CODE_ALPHABET}]+$`);

/**
 * The 18th character for the first 17: alphabet[(31 − Σ value×weight mod 31) mod 31].
 * Throws RangeError unless given exactly 17 characters of the alphabet.
 */
export function creditCodeCheckChar(first17: string): string {
  if (first17.length !== 17 || !VALID_CHARS.test(first17)) {
    throw new RangeError('creditCodeCheckChar: expects the first 17 characters of a credit code');
  }
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    sum += CREDIT_CODE_ALPHABET.indexOf(first17.charAt(i)) * CREDIT_CODE_WEIGHTS[i]!;
  }
  return CREDIT_CODE_ALPHABET.charAt((31 - (sum % 31)) % 31);
}

/**
 * GB 11714 check character of an organisation code's 8 body characters:
 * 11 − (Σ value×weight mod 11), with digits at face value, letters A=10 … Z=35,
 * 10 written 'X' and 11 written '0'.
 */
export function orgCodeCheckChar(body8: string): string {
  if (!/^[0-9A-Z]{8}$/.test(body8)) {
    throw new RangeError('orgCodeCheckChar: expects 8 digits or capital letters');
  }
  let sum = 0;
  for (let i = 0; i < 8; i++) {
    const c = body8.charCodeAt(i);
    const value = c <= 57 ? c - 48 : c - 55; // '0'..'9' → 0..9, 'A'..'Z' → 10..35
    sum += value * ORG_CODE_WEIGHTS[i]!;
  }
  const check = 11 - (sum % 11);
  return check === 10 ? 'X' : check === 11 ? '0' : String(check);
}

function fail(reason: CreditCodeProblem): CreditCodeCheck {
  return { ok: false, reason, message: MESSAGES[reason] };
}

/**
 * Checks a code exactly as given (normalise user input with
 * normalizeCreditCode first), in this order: length, charset, the division
 * code's digits, the 18th check character, the organisation code's check.
 * The division code is checked for shape only, not against the current list
 * of divisions (codes outlive division changes).
 */
export function checkCreditCode(code: string): CreditCodeCheck {
  if (typeof code !== 'string' || code.length !== 18) return fail('length');
  if (!VALID_CHARS.test(code)) return fail('charset');
  if (!/^\d{6}$/.test(code.slice(2, 8))) return fail('division');
  if (creditCodeCheckChar(code.slice(0, 17)) !== code.charAt(17)) return fail('check_char');
  if (orgCodeCheckChar(code.slice(8, 16)) !== code.charAt(16)) return fail('org_check');
  return { ok: true };
}

export function isValidCreditCode(code: string): boolean {
  return checkCreditCode(code).ok;
}

/**
 * User input → the canonical form: full-width characters to half-width
 * ('９１３５…', 'ｍ'), all whitespace removed (also inner spaces from pasted,
 * grouped codes, and the ideographic space), upper case. Does not validate.
 */
export function normalizeCreditCode(input: string): string {
  return input
    .replace(/[\uff01-\uff5e]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0))
    .replace(/\s+/g, '')
    .toUpperCase();
}
