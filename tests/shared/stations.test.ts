// Stations in the domain: scenes and links of QR codes, opening state, the
// service map's distances and filters, and what a manager may enter.
import { describe, expect, it } from 'vitest';
import { chinaCalendar } from '../../shared/src/calendar';
import { formatNeedNumber } from '../../shared/src/numbering';
import {
  CreateStationSchema,
  StationListQuerySchema,
  UpdateStationSchema,
  describeHours,
  distanceKm,
  formatDistance,
  nearbyStations,
  openingState,
  stationCategories,
} from '../../shared/src/stations';
import { decodeScene, encodeScene, needScanUrl, parseScanned, stationPageUrl } from '../../shared/src/scan';
import { SCENE_MAX_LENGTH, isValidScene } from '../../cloud/src/wechat/wxacode';

const OFFICE = [
  { weekdays: [1, 2, 3, 4, 5], open: '08:30', close: '12:00' },
  { weekdays: [1, 2, 3, 4, 5], open: '14:30', close: '17:30' },
];

/** An instant given as Shanghai wall-clock time. */
const shanghai = (local: string) => new Date(`${local}+08:00`);

describe('QR scenes', () => {
  it('round-trips a station code through its scene', () => {
    for (const code of ['HKC001', 'SYB001', 'ABCD', 'Z9Z9Z9Z9Z9Z9Z9Z9']) {
      expect(decodeScene(encodeScene({ kind: 'station', code }))).toEqual({ kind: 'station', code });
    }
  });

  it('round-trips a need number through its scene', () => {
    const number = formatNeedNumber('2026-11-21', 42);
    expect(decodeScene(encodeScene({ kind: 'need', number }))).toEqual({ kind: 'need', number });
  });

  it('keeps every scene within WeChat’s 32 characters of its allowed set', () => {
    const scenes = [
      encodeScene({ kind: 'station', code: 'A'.repeat(16) }),
      encodeScene({ kind: 'need', number: formatNeedNumber('2099-12-31', 99_999) }),
    ];
    for (const scene of scenes) {
      expect(scene.length).toBeLessThanOrEqual(SCENE_MAX_LENGTH);
      expect(isValidScene(scene)).toBe(true);
    }
  });

  it('decodes the scene as WeChat hands it to the page, URI-encoded', () => {
    expect(decodeScene(encodeURIComponent('s=HKP001'))).toEqual({ kind: 'station', code: 'HKP001' });
  });

  it('refuses to encode what is not a station code or a need number', () => {
    expect(() => encodeScene({ kind: 'station', code: '厦门站' })).toThrow(RangeError);
    expect(() => encodeScene({ kind: 'station', code: 'b3c6f7e2-1111-4a4a-8b8b-123456789abc' })).toThrow(RangeError);
    expect(() => encodeScene({ kind: 'need', number: '42' })).toThrow(RangeError);
  });

  it('decodes nothing from a scene that is not ours', () => {
    expect(decodeScene('x=1')).toBeNull();
    expect(decodeScene('n=12345')).toBeNull();
    expect(decodeScene('%E0%A4%A')).toBeNull();
  });
});

describe('links and scanned codes', () => {
  it('puts a station’s page under the public base URL, in the H5 hash route', () => {
    expect(stationPageUrl('https://qi.example.cn/', 'HKC001')).toBe('https://qi.example.cn/#/pages/station/index?code=HKC001');
  });

  it('reads a station from its H5 address', () => {
    expect(parseScanned('https://qi.example.cn/#/pages/station/index?code=HKC001')).toEqual({ kind: 'station', code: 'HKC001' });
  });

  it('reads a need from its receipt’s address', () => {
    const number = formatNeedNumber('2026-11-21', 7);
    expect(parseScanned(needScanUrl('https://qi.example.cn', number))).toEqual({ kind: 'need', number });
  });

  it('reads a station from a mini-program code’s path with its scene', () => {
    expect(parseScanned(`pages/station/index?scene=${encodeURIComponent('s=DZB001')}`)).toEqual({ kind: 'station', code: 'DZB001' });
  });

  it('reads a bare scene', () => {
    expect(parseScanned('s=YPP001')).toEqual({ kind: 'station', code: 'YPP001' });
  });

  it('reads nothing from somebody else’s code', () => {
    expect(parseScanned('https://www.example.com/')).toBeNull();
    expect(parseScanned('https://www.example.com/page?id=3')).toBeNull();
    expect(parseScanned('')).toBeNull();
  });
});

describe('opening state', () => {
  it('is open during office hours on a working day', () => {
    const s = openingState(OFFICE, shanghai('2026-03-04T09:00:00'), chinaCalendar);
    expect(s).toEqual({ open: true, label: '营业中', detail: '今日 08:30–12:00、14:30–17:30' });
  });

  it('is closed over the lunch break', () => {
    expect(openingState(OFFICE, shanghai('2026-03-04T13:00:00'), chinaCalendar).open).toBe(false);
  });

  it('closes at the closing minute', () => {
    expect(openingState(OFFICE, shanghai('2026-03-04T17:29:00')).open).toBe(true);
    expect(openingState(OFFICE, shanghai('2026-03-04T17:30:00')).open).toBe(false);
  });

  it('is closed on a Sunday with no hours that day', () => {
    expect(openingState(OFFICE, shanghai('2026-03-08T10:00:00'))).toEqual({ open: false, label: '休息中', detail: '今日不营业' });
  });

  it('is closed on a statutory holiday that falls on a weekday', () => {
    const s = openingState(OFFICE, shanghai('2026-10-01T10:00:00'), chinaCalendar);
    expect(s.open).toBe(false);
    expect(s.detail).toContain('国庆');
  });

  it('keeps working-day hours on an adjusted working weekend (调休上班)', () => {
    // Sunday 20 September 2026 is worked before the National Day holiday.
    expect(chinaCalendar.isWorkingDay('2026-09-20')).toBe(true);
    expect(openingState(OFFICE, shanghai('2026-09-20T10:00:00'), chinaCalendar).open).toBe(true);
    expect(openingState(OFFICE, shanghai('2026-09-20T10:00:00')).open).toBe(false);
  });

  it('describes the hours for the notice', () => {
    expect(describeHours(OFFICE)).toEqual(['周一至周五 08:30–12:00、14:30–17:30']);
    expect(describeHours([{ weekdays: [6, 7], open: '09:00', close: '12:00' }])).toEqual(['周六、周日 09:00–12:00']);
  });
});

describe('the service map', () => {
  const haikou = { lat: 20.0213, lng: 110.3548 };
  const sanya = { lat: 18.2702, lng: 109.5291 };
  const stations = [
    { code: 'SYB001', location: sanya, notice: { items: ['testing.product_testing'] } },
    { code: 'HKC001', location: haikou, notice: { items: ['metrology.verification_calibration', 'testing.product_testing'] } },
  ];

  it('measures Haikou to Sanya at about 210 km', () => {
    expect(distanceKm(haikou, sanya)).toBeGreaterThan(200);
    expect(distanceKm(haikou, sanya)).toBeLessThan(220);
  });

  it('sorts stations nearest first from where the phone is', () => {
    const near = nearbyStations(stations, { from: { lat: 20.03, lng: 110.33 } });
    expect(near.map((s) => s.code)).toEqual(['HKC001', 'SYB001']);
    expect(near[0]!.distanceKm).toBeLessThan(5);
  });

  it('keeps only the stations serving a category', () => {
    expect(nearbyStations(stations, { category: 'metrology' }).map((s) => s.code)).toEqual(['HKC001']);
  });

  it('derives the categories a station serves from the items on its notice', () => {
    expect(stationCategories(stations[1]!)).toEqual(['metrology', 'testing']);
  });

  it('shows short distances in metres and longer ones in kilometres', () => {
    expect(formatDistance(0.84)).toBe('840 米');
    expect(formatDistance(3.24)).toBe('3.2 公里');
    expect(formatDistance(212.4)).toBe('212 公里');
  });

  it('takes both coordinates or neither in a list query', () => {
    expect(StationListQuerySchema.safeParse({ lat: '20.0' }).success).toBe(false);
    expect(StationListQuerySchema.parse({ lat: '20.0', lng: '110.3', category: 'ip' })).toEqual({ lat: 20, lng: 110.3, category: 'ip' });
  });
});

describe('station input', () => {
  const valid = {
    code: 'hkp009',
    kind: 'post',
    name: '海口江东新区质量服务驿站',
    address: '海南省海口市美兰区江东大道1号',
    location: { lat: 20.05, lng: 110.42 },
    phone: '0898-66100099',
    hours: OFFICE,
    notice: { items: ['testing.product_testing'], flow: ['到站登记'], complaintPhone: '0898-66100010' },
  };

  it('accepts a complete station and upper-cases its code', () => {
    const r = CreateStationSchema.parse(valid);
    expect(r.code).toBe('HKP009');
    expect(r.notice.intro).toBe('');
  });

  it('refuses a code that cannot go into a scene, in Chinese', () => {
    const r = CreateStationSchema.safeParse({ ...valid, code: '江东-1' });
    expect(r.success).toBe(false);
    expect(r.error!.issues[0]!.message).toContain('站点码');
  });

  it('refuses hours that close before they open', () => {
    const r = CreateStationSchema.safeParse({ ...valid, hours: [{ weekdays: [1], open: '17:00', close: '09:00' }] });
    expect(r.success).toBe(false);
    expect(r.error!.issues[0]!.message).toBe('关门时间应晚于开门时间');
  });

  it('refuses a service item not in the catalogue', () => {
    expect(CreateStationSchema.safeParse({ ...valid, notice: { ...valid.notice, items: ['testing.nope'] } }).success).toBe(false);
  });

  it('does not let an edit change the code printed on the QR code', () => {
    const { code: _code, ...rest } = valid;
    expect(UpdateStationSchema.safeParse({ ...rest, version: 1, code: 'NEW001' }).success).toBe(false);
    expect(UpdateStationSchema.safeParse({ ...rest, version: 1 }).success).toBe(true);
  });
});
