import { describe, expect, it } from 'vitest';
import {
  CREDIT_CODE_ALPHABET,
  checkCreditCode,
  creditCodeCheckChar,
  isValidCreditCode,
  normalizeCreditCode,
  orgCodeCheckChar,
} from '../../shared/src/creditCode';

// The sample code often cited with GB 32100-2015.
const SAMPLE = '91350100M000100Y43';

/** Builds a valid code from its parts with the functions under test. */
function build(authorityAndCategory: string, division: string, orgBody: string): string {
  const first17 = authorityAndCategory + division + orgBody + orgCodeCheckChar(orgBody);
  return first17 + creditCodeCheckChar(first17);
}

describe('creditCodeCheckChar', () => {
  it('gives 3 for the cited sample 91350100M000100Y4', () => {
    expect(creditCodeCheckChar(SAMPLE.slice(0, 17))).toBe('3');
  });

  it('gives E for 91110108123456788, as computed by hand', () => {
    // values × weights: 9·1 + 1·3 + 1·9 + 1·27 + 0·19 + 1·26 + 0·16 + 8·17 + 1·20 + 2·29
    // + 3·25 + 4·13 + 5·8 + 6·24 + 7·10 + 8·30 + 8·28 = 1133; 1133 mod 31 = 17;
    // 31 − 17 = 14 → alphabet[14] = 'E'.
    expect(creditCodeCheckChar('91110108123456788')).toBe('E');
  });

  it('gives 0 when the weighted sum is a multiple of 31', () => {
    expect(creditCodeCheckChar('00000000000000000')).toBe('0');
  });

  it('refuses anything but 17 characters of the alphabet', () => {
    expect(() => creditCodeCheckChar('9135010000000000')).toThrow(RangeError);
    expect(() => creditCodeCheckChar('91350100M000100YI')).toThrow(RangeError);
  });
});

describe('orgCodeCheckChar', () => {
  it('gives 4 for the sample’s organisation code M000100Y (M=22, Y=34: sum 139, 11 − 7)', () => {
    expect(orgCodeCheckChar('M000100Y')).toBe('4');
  });

  it('gives 8 for 12345678, as computed by hand (sum 201, 201 mod 11 = 3, 11 − 3)', () => {
    expect(orgCodeCheckChar('12345678')).toBe('8');
  });

  it('writes 10 as X and 11 as 0', () => {
    expect(orgCodeCheckChar('00000000')).toBe('0'); // sum 0 → 11 − 0 = 11 → '0'
    expect(orgCodeCheckChar('00000030')).toBe('X'); // 3·4 = 12 ≡ 1 (mod 11) → 11 − 1 = 10 → 'X'
  });
});

describe('checkCreditCode', () => {
  it('accepts the cited sample 91350100M000100Y43', () => {
    expect(checkCreditCode(SAMPLE)).toEqual({ ok: true });
    expect(isValidCreditCode(SAMPLE)).toBe(true);
  });

  it('accepts the hand-computed code 91110108123456788E', () => {
    expect(isValidCreditCode('91110108123456788E')).toBe(true);
  });

  it('accepts codes built from their parts, whatever the characters used', () => {
    const codes = [
      build('91', '440300', 'MA5XYT8D'),
      build('12', '460100', '40200105'),
      build('52', '350203', 'MJ0001AB'),
      build('Y1', '110108', 'RQW00K9L'),
      build('93', '330106', '0000000X'),
    ];
    for (const code of codes) expect(checkCreditCode(code), code).toEqual({ ok: true });
  });

  it('refuses a code that is not 18 characters long', () => {
    expect(checkCreditCode(SAMPLE.slice(0, 17))).toMatchObject({ ok: false, reason: 'length' });
    expect(checkCreditCode(`${SAMPLE}0`)).toMatchObject({ ok: false, reason: 'length' });
    expect(checkCreditCode('')).toMatchObject({ ok: false, reason: 'length', message: '统一社会信用代码应为18位' });
  });

  it('refuses the letters I, O, Z, S and V and lower case', () => {
    for (const bad of ['I', 'O', 'Z', 'S', 'V', 'm']) {
      const code = `${SAMPLE.slice(0, 8)}${bad}${SAMPLE.slice(9)}`;
      expect(checkCreditCode(code), bad).toMatchObject({ ok: false, reason: 'charset' });
    }
  });

  it('refuses letters in the administrative division code', () => {
    const first17 = '91A50100M000100Y4';
    expect(checkCreditCode(first17 + creditCodeCheckChar(first17))).toMatchObject({ ok: false, reason: 'division' });
  });

  it('refuses a wrong 18th character with a Chinese message', () => {
    expect(checkCreditCode('91350100M000100Y44')).toEqual({
      ok: false,
      reason: 'check_char',
      message: '统一社会信用代码校验位不正确',
    });
  });

  it('refuses every single-character typo', () => {
    for (let i = 0; i < 18; i++) {
      for (const ch of CREDIT_CODE_ALPHABET) {
        if (ch === SAMPLE[i]) continue;
        const typo = SAMPLE.slice(0, i) + ch + SAMPLE.slice(i + 1);
        expect(isValidCreditCode(typo), typo).toBe(false);
      }
    }
  });

  it('refuses a code whose 18th character fits but whose organisation code check does not', () => {
    const first17 = '91350100M000100Y5'; // the organisation code's check should be 4
    const code = first17 + creditCodeCheckChar(first17);
    expect(checkCreditCode(code)).toEqual({
      ok: false,
      reason: 'org_check',
      message: '统一社会信用代码中的组织机构代码校验位不正确',
    });
  });

  it('checks the code as given, so unnormalised input is refused', () => {
    expect(isValidCreditCode(' 91350100M000100Y43')).toBe(false);
    expect(isValidCreditCode('91350100m000100y43')).toBe(false);
  });
});

describe('normalizeCreditCode', () => {
  it('trims, upper-cases and turns full-width characters half-width', () => {
    expect(normalizeCreditCode('  ９１３５０１００ｍ０００１００ｙ４３\u3000')).toBe(SAMPLE);
    expect(normalizeCreditCode('91350100m000100y43')).toBe(SAMPLE);
  });

  it('drops spaces inside a grouped, pasted code', () => {
    expect(normalizeCreditCode('9135 0100 M000 100Y 43')).toBe(SAMPLE);
  });

  it('makes a sloppily typed valid code pass the check', () => {
    expect(isValidCreditCode(normalizeCreditCode(' ９１３５０１００Ｍ０００１００Ｙ４３ '))).toBe(true);
  });
});
