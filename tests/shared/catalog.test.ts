import { describe, it, expect } from 'vitest';
import {
  CATEGORIES,
  CATEGORY_BY_CODE,
  CATEGORY_CODES,
  ITEM_BY_CODE,
  categoryLabel,
  itemsOf,
  type CategoryCode,
} from '../../shared/src/catalog';
import { SEED_ENTERPRISES, SEED_EXPERTS, SEED_INSTITUTIONS, SEED_STATIONS } from '../../cloud/src/db/seedData';

const ITEM_CODE = /^[a-z_]+\.[a-z0-9_]+$/;

/** GB 32100-2015 check, kept local on purpose: the shared one is written elsewhere. */
const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
function passesGb32100(code: string): boolean {
  if (!/^[0-9ABCDEFGHJKLMNPQRTUWXY]{18}$/.test(code)) return false;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += USCC_ALPHABET.indexOf(code[i]!) * USCC_WEIGHTS[i]!;
  const check = 31 - (sum % 31);
  return USCC_ALPHABET[check === 31 ? 0 : check] === code[17];
}

const EXPECTED = [
  ['metrology', '计量服务', '计量'],
  ['standardization', '标准化服务', '标准化'],
  ['testing', '产品检验检测服务', '检验检测'],
  ['certification', '认证认可服务', '认证认可'],
  ['training', '质量教育和培训服务', '质量教育培训'],
  ['quality_management', '质量管理及意识提升服务', '质量管理'],
  ['ip', '知识产权服务', '知识产权'],
  ['brand', '品牌培育服务', '品牌培育'],
  ['policy', '政策咨询服务', '政策咨询'],
  ['supply_chain', '产业链供应链服务', '产业链供应链'],
  ['other', '其他服务', '其他'],
] as const;

const allItems = CATEGORIES.flatMap((c) => c.items);

describe('service catalogue', () => {
  it('lists the 11 categories in the order of the spec with their exact names and short names', () => {
    expect(CATEGORY_CODES).toEqual(EXPECTED.map(([code]) => code));
    expect(CATEGORIES.map((c) => [c.code, c.name, c.shortName])).toEqual(EXPECTED.map((e) => [...e]));
  });

  it('cites DB46/T 583-2023 clauses 6.1 to 6.11 for the categories, in order', () => {
    expect(CATEGORIES.map((c) => c.clause)).toEqual(CATEGORY_CODES.map((_, i) => `6.${i + 1}`));
  });

  it('gives every category at least one service item and a description', () => {
    for (const c of CATEGORIES) {
      expect(c.items.length, c.code).toBeGreaterThan(0);
      expect(c.description.length, c.code).toBeGreaterThan(0);
    }
  });

  it('offers between 40 and 70 service items in all', () => {
    expect(allItems.length).toBeGreaterThanOrEqual(40);
    expect(allItems.length).toBeLessThanOrEqual(70);
  });

  it('uses item codes that are unique across the catalogue', () => {
    const codes = allItems.map((i) => i.code);
    expect(new Set(codes).size).toBe(codes.length);
  });

  it('uses item codes that match the pattern, stay within 48 characters and start with their category', () => {
    for (const c of CATEGORIES) {
      for (const i of c.items) {
        expect(i.code, i.code).toMatch(ITEM_CODE);
        expect(i.code.length, i.code).toBeLessThanOrEqual(48);
        expect(i.code.startsWith(`${c.code}.`), i.code).toBe(true);
      }
    }
  });

  it('keeps item names to short menu labels of at most 16 characters', () => {
    for (const i of allItems) {
      expect(i.name.length, i.code).toBeGreaterThan(0);
      expect([...i.name].length, i.code).toBeLessThanOrEqual(16);
    }
  });

  it('gives every item a Chinese description and a source clause from one of the three standards', () => {
    for (const i of allItems) {
      expect(i.description, i.code).toMatch(/[\u4e00-\u9fff]/);
      expect(i.source, i.code).toMatch(/^(DB46\/T 583-2023 \d+(\.\d+)*$|DB44\/T|厦门)/);
    }
  });

  it('splits DB46 6.1.1 into four separate metrology items', () => {
    const names = allItems.filter((i) => i.source === 'DB46/T 583-2023 6.1.1').map((i) => i.name);
    expect(names).toEqual(['计量检测体系建设', '计量标准建立', '计量器具检定校准', '注册计量师考核咨询']);
  });

  it('finds every item in ITEM_BY_CODE together with its category', () => {
    expect(ITEM_BY_CODE.size).toBe(allItems.length);
    for (const c of CATEGORIES) {
      for (const i of c.items) expect(ITEM_BY_CODE.get(i.code)).toEqual({ item: i, category: c.code });
    }
    expect(ITEM_BY_CODE.get('metrology.verification_calibration')?.item.name).toBe('计量器具检定校准');
    expect(ITEM_BY_CODE.get('metrology.no_such_item')).toBeUndefined();
  });

  it('maps every category code to its category in CATEGORY_BY_CODE', () => {
    for (const code of CATEGORY_CODES) expect(CATEGORY_BY_CODE[code].code).toBe(code);
  });

  it('labels a category with its Chinese name', () => {
    expect(categoryLabel('metrology')).toBe('计量服务');
    expect(categoryLabel('quality_management')).toBe('质量管理及意识提升服务');
  });

  it('returns from itemsOf the items of the given categories in the order given, each category once', () => {
    const items = itemsOf(['policy', 'metrology', 'policy']);
    expect(items).toEqual([...CATEGORY_BY_CODE.policy.items, ...CATEGORY_BY_CODE.metrology.items]);
  });

  it('returns no items from itemsOf for no categories', () => {
    expect(itemsOf([])).toEqual([]);
  });
});

describe('seed data', () => {
  it('refers only to service items that exist in the catalogue', () => {
    const referenced = [
      ...SEED_STATIONS.flatMap((s) => s.notice.items.map((code) => [s.code, code])),
      ...SEED_INSTITUTIONS.flatMap((i) => i.items.map((code) => [i.key, code])),
      ...SEED_EXPERTS.flatMap((e) => e.items.map((code) => [e.key, code])),
    ];
    const missing = referenced.filter(([, code]) => !ITEM_BY_CODE.has(code!));
    expect(missing).toEqual([]);
  });

  it('gives institutions and experts only items of their own categories', () => {
    const outside = [
      ...SEED_INSTITUTIONS.flatMap((i) =>
        i.items.filter((code) => !i.categories.includes(ITEM_BY_CODE.get(code)!.category)).map((c) => [i.key, c]),
      ),
      ...SEED_EXPERTS.flatMap((e) => e.items.filter((code) => !e.fields.includes(ITEM_BY_CODE.get(code)!.category)).map((c) => [e.key, c])),
    ];
    expect(outside).toEqual([]);
  });

  it('accepts the example code of GB 32100 and rejects it with a changed check character', () => {
    expect(passesGb32100('91350100M000100Y43')).toBe(true);
    expect(passesGb32100('91350100M000100Y44')).toBe(false);
  });

  it('gives every institution and enterprise a credit code that passes the GB 32100 check', () => {
    const codes = [...SEED_INSTITUTIONS, ...SEED_ENTERPRISES].map((x) => [x.key, x.creditCode] as const);
    expect(codes.filter(([, code]) => !passesGb32100(code))).toEqual([]);
    expect(new Set(codes.map(([, code]) => code)).size).toBe(codes.length);
  });

  it('covers every category with at least one institution', () => {
    const covered = new Set<CategoryCode>(SEED_INSTITUTIONS.flatMap((i) => i.categories));
    expect(CATEGORY_CODES.filter((c) => !covered.has(c))).toEqual([]);
  });

  it('admits only experts with a 副高级 or higher title', () => {
    const levels: Record<string, 'senior' | 'associate_senior'> = {
      正高级工程师: 'senior',
      研究员: 'senior',
      教授: 'senior',
      正高级经济师: 'senior',
      高级工程师: 'associate_senior',
      副研究员: 'associate_senior',
      副教授: 'associate_senior',
      高级经济师: 'associate_senior',
    };
    for (const e of SEED_EXPERTS) expect(levels[e.title], `${e.key} ${e.title}`).toBe(e.titleLevel);
  });

  it('records an integrity check and at least one field for every expert', () => {
    for (const e of SEED_EXPERTS) {
      expect(e.fields.length, e.key).toBeGreaterThan(0);
      expect(e.integrity, e.key).toMatch(/无.*不良记录/);
    }
  });

  it('uses unique keys for institutions, experts and enterprises', () => {
    const keys = [...SEED_INSTITUTIONS, ...SEED_EXPERTS, ...SEED_ENTERPRISES].map((x) => x.key);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('seeds one service center, two branches and three posts with unique short codes', () => {
    const kinds = SEED_STATIONS.map((s) => s.kind).sort();
    expect(kinds).toEqual(['branch', 'branch', 'center', 'post', 'post', 'post']);
    for (const s of SEED_STATIONS) expect(s.code).toMatch(/^[A-Za-z0-9]{4,8}$/);
    expect(new Set(SEED_STATIONS.map((s) => s.code)).size).toBe(SEED_STATIONS.length);
  });

  it('places every station in Hainan with a notice, a flow and valid opening hours', () => {
    for (const s of SEED_STATIONS) {
      expect(s.address.startsWith('海南省'), s.code).toBe(true);
      expect(s.lat, s.code).toBeGreaterThan(18.1);
      expect(s.lat, s.code).toBeLessThan(20.2);
      expect(s.lng, s.code).toBeGreaterThan(108.6);
      expect(s.lng, s.code).toBeLessThan(111.1);
      expect(s.notice.items.length, s.code).toBeGreaterThan(0);
      expect(s.notice.flow.length, s.code).toBeGreaterThan(0);
      expect(s.hours.length, s.code).toBeGreaterThan(0);
      for (const h of s.hours) {
        expect(
          h.weekdays.every((d) => Number.isInteger(d) && d >= 1 && d <= 7),
          s.code,
        ).toBe(true);
        expect(h.open, s.code).toMatch(/^([01]\d|2[0-3]):[0-5]\d$/);
        expect(h.close, s.code).toMatch(/^([01]\d|2[0-3]):[0-5]\d$/);
        expect(h.open < h.close, s.code).toBe(true);
      }
    }
  });

  it('uses only fictitious mobile numbers or Hainan landlines', () => {
    const phones = [
      ...SEED_STATIONS.flatMap((s) => [s.phone, s.notice.complaintPhone]),
      ...SEED_INSTITUTIONS.map((i) => i.contactPhone),
      ...SEED_EXPERTS.map((e) => e.contactPhone),
    ];
    expect(phones.filter((p) => !/^(1380000\d{4}|0898-\d{8})$/.test(p))).toEqual([]);
  });

  it('dates qualifications consistently, with one that expired in 2025', () => {
    const date = /^\d{4}-\d{2}-\d{2}$/;
    const quals = SEED_INSTITUTIONS.flatMap((i) => i.qualifications);
    for (const q of quals) {
      expect(q.validFrom, q.number).toMatch(date);
      expect(q.validTo, q.number).toMatch(date);
      expect(q.validFrom < q.validTo, q.number).toBe(true);
    }
    expect(quals.filter((q) => q.validTo.startsWith('2025-'))).toHaveLength(1);
    for (const i of SEED_INSTITUTIONS) expect(i.agreementDate, i.key).toMatch(date);
  });

  it('has one institution under warning', () => {
    expect(SEED_INSTITUTIONS.filter((i) => i.status === 'warned')).toHaveLength(1);
  });

  it('seeds the demo enterprises enterprise and enterprise2 as SMEs in Hainan', () => {
    expect(SEED_ENTERPRISES.map((e) => e.key)).toEqual(['enterprise', 'enterprise2']);
    for (const e of SEED_ENTERPRISES) {
      expect(['micro', 'small', 'medium']).toContain(e.scale);
      expect(e.address.startsWith('海南省'), e.key).toBe(true);
    }
  });
});
