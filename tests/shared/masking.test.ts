import { describe, expect, it } from 'vitest';
import { maskEmail, maskIdLike, maskName, maskPhone } from '../../shared/src/masking';

describe('maskPhone', () => {
  it('masks the middle four digits of a mobile number', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
  });

  it('masks a mobile number written with +86 and spaces the same way', () => {
    expect(maskPhone('+86 138 1234 5678')).toBe('+86 138****5678');
    expect(maskPhone('138-1234-5678')).toBe('138****5678');
  });

  it('reads full-width digits', () => {
    expect(maskPhone('１３８１２３４５６７８')).toBe('138****5678');
  });

  it('keeps a landline’s area code and the last four digits', () => {
    expect(maskPhone('0898-66661234')).toBe('0898-****1234');
    expect(maskPhone('010-87654321')).toBe('010-****4321');
    expect(maskPhone('(0592)5551234')).toBe('(0592)****1234');
  });

  it('hides the length of a landline’s subscriber number', () => {
    expect(maskPhone('0898-6661234')).toBe('0898-****1234');
  });

  it('masks other long numbers to the first three and last four digits', () => {
    expect(maskPhone('089866661234')).toBe('089****1234');
    expect(maskPhone('0898-66661234-801')).toBe('089****4801');
  });

  it('shows at most the last four digits of a short number and always hides at least half', () => {
    expect(maskPhone('4001234567')).toBe('****4567');
    expect(maskPhone('12345678')).toBe('****5678');
    expect(maskPhone('1234567')).toBe('****567');
    expect(maskPhone('123456')).toBe('****56');
    expect(maskPhone('12345')).toBe('****5');
    expect(maskPhone('110')).toBe('****');
    expect(maskPhone('1')).toBe('****');
  });

  it('never shows more than three leading and four trailing digits', () => {
    for (const input of ['13812345678', '+8613812345678', '0898-66661234', '12345678901234567890', '400-123-4567', '5551234']) {
      // The country code is not part of the number.
      const shown = maskPhone(input).replace(/^\+86/, '').replace(/\D/g, '');
      const digits = input.replace(/^\+86/, '').replace(/\D/g, '');
      // The area code of a landline may show in full; no other digit beyond 3 + 4.
      const allowed = /^\(?0\d{2,3}[-)]/.test(input) ? 4 + 4 : 3 + 4;
      expect(shown.length, input).toBeLessThanOrEqual(Math.min(allowed, digits.length));
    }
  });

  it('masks text without digits completely', () => {
    expect(maskPhone('无')).toBe('****');
  });

  it('returns an empty string for empty, null or undefined', () => {
    expect(maskPhone('')).toBe('');
    expect(maskPhone('   ')).toBe('');
    expect(maskPhone(null)).toBe('');
    expect(maskPhone(undefined)).toBe('');
  });
});

describe('maskName', () => {
  it('keeps the surname of a two-character name', () => {
    expect(maskName('张三')).toBe('张*');
  });

  it('masks every character after the first of a longer name', () => {
    expect(maskName('欧阳娜娜')).toBe('欧***');
    expect(maskName('李小龙')).toBe('李**');
  });

  it('masks a one-character name entirely', () => {
    expect(maskName('张')).toBe('*');
  });

  it('keeps the first letter of a Latin name and hides its length', () => {
    expect(maskName('John Smith')).toBe('J***');
    expect(maskName('Li')).toBe('L***');
  });

  it('ignores surrounding whitespace', () => {
    expect(maskName('  王五 ')).toBe('王*');
  });

  it('returns an empty string for empty, null or undefined', () => {
    expect(maskName('')).toBe('');
    expect(maskName(null)).toBe('');
    expect(maskName(undefined)).toBe('');
  });
});

describe('maskEmail', () => {
  it('keeps the first character of the local part and the domain', () => {
    expect(maskEmail('zhangsan@example.com')).toBe('z***@example.com');
  });

  it('masks a one-character local part entirely', () => {
    expect(maskEmail('a@example.com')).toBe('*@example.com');
  });

  it('masks a value without an @ like a Latin name', () => {
    expect(maskEmail('zhangsan')).toBe('z***');
  });
});

describe('maskIdLike', () => {
  it('keeps the first three and last four characters of an ID card number', () => {
    expect(maskIdLike('110101199003071234')).toBe('110***********1234');
  });

  it('keeps the length so the kind of number stays recognisable', () => {
    expect(maskIdLike('110101199003071234')).toHaveLength(18);
  });

  it('shows no more than a quarter at each end of a short identifier', () => {
    expect(maskIdLike('12345678')).toBe('12****78');
    expect(maskIdLike('ABC')).toBe('***');
  });
});
