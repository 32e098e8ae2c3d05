// Offline stations (服务中心、分中心、驿站): what a manager may enter for one,
// the QR scenes and links that lead to a station or a need, whether a station
// is open at an instant, and distances for the service map. Pure: no I/O, no
// clock (callers pass the instant).
import { z } from 'zod';
import { dayOfWeek, toShanghaiDate, type WorkCalendar } from './calendar';
import { CATEGORY_CODES, ITEM_BY_CODE, type CategoryCode } from './catalog';
import { STATION_CODE_PATTERN } from './scan';
import {
  CategoryCodeSchema,
  IdSchema,
  NeedStateSchema,
  PhoneSchema,
  plainText,
  requiredText as text,
  StationKindSchema,
  TimestampSchema,
  VersionSchema,
} from './schemas';

// ---- opening hours ----------------------------------------------------------------------------

const TIME = /^([01]\d|2[0-3]):[0-5]\d$|^24:00$/;
const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

export interface OpeningHours {
  /** 1 = Monday … 7 = Sunday. */
  weekdays: number[];
  open: string;
  close: string;
}

export interface OpeningState {
  open: boolean;
  /** 营业中 / 休息中 */
  label: string;
  /** Today's hours, or why it is closed today: 今日 08:30–12:00、14:30–17:30 · 今日不营业 · 国庆节休息. */
  detail: string;
}

export const WEEKDAY_LABELS = ['周一', '周二', '周三', '周四', '周五', '周六', '周日'] as const;

/**
 * Whether a station is open at `at` (Asia/Shanghai). With a calendar, a
 * statutory holiday closes it and an adjusted working weekend (调休上班)
 * keeps the hours of an ordinary working day.
 */
export function openingState(hours: readonly OpeningHours[], at: Date, calendar?: WorkCalendar): OpeningState {
  const day = toShanghaiDate(at);
  const minute = Math.floor(((at.getTime() + 8 * 3_600_000) % 86_400_000) / 60_000);
  let weekday = dayOfWeek(day) || 7;
  const holiday = calendar?.holidayName(day) ?? null;
  if (holiday) return { open: false, label: '休息中', detail: `${holiday}休息` };
  if (calendar && weekday >= 6 && calendar.isWorkingDay(day)) {
    weekday = [1, 2, 3, 4, 5].find((d) => hours.some((h) => h.weekdays.includes(d))) ?? weekday;
  }
  const today = hours.filter((h) => h.weekdays.includes(weekday)).sort((a, b) => a.open.localeCompare(b.open));
  const open = today.some((h) => minute >= minutesOf(h.open) && minute < minutesOf(h.close));
  const detail = today.length ? `今日 ${today.map((h) => `${h.open}–${h.close}`).join('、')}` : '今日不营业';
  return { open, label: open ? '营业中' : '休息中', detail };
}

/** The hours as lines for the notice: 周一至周五 08:30–12:00、14:30–17:30. */
export function describeHours(hours: readonly OpeningHours[]): string[] {
  const byDays = new Map<string, OpeningHours[]>();
  for (const h of hours) {
    const key = [...h.weekdays].sort((a, b) => a - b).join(',');
    byDays.set(key, [...(byDays.get(key) ?? []), h]);
  }
  return [...byDays.entries()].map(([key, hs]) => {
    const days = key.split(',').map(Number);
    const consecutive = days.length > 2 && days.every((d, i) => i === 0 || d === days[i - 1]! + 1);
    const label = consecutive
      ? `${WEEKDAY_LABELS[days[0]! - 1]}至${WEEKDAY_LABELS[days[days.length - 1]! - 1]}`
      : days.map((d) => WEEKDAY_LABELS[d - 1]).join('、');
    const spans = [...hs].sort((a, b) => a.open.localeCompare(b.open)).map((h) => `${h.open}–${h.close}`);
    return `${label} ${spans.join('、')}`;
  });
}

// ---- the service map --------------------------------------------------------------------------

export interface LatLng {
  lat: number;
  lng: number;
}

/** Great-circle distance in kilometres (haversine, mean Earth radius). */
export function distanceKm(a: LatLng, b: LatLng): number {
  const rad = (d: number) => (d * Math.PI) / 180;
  const dLat = rad(b.lat - a.lat);
  const dLng = rad(b.lng - a.lng);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(dLng / 2) ** 2;
  return 2 * 6371.0088 * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** 850 米 · 3.2 公里 · 128 公里 */
export function formatDistance(km: number): string {
  if (km < 1) return `${Math.max(10, Math.round((km * 1000) / 10) * 10)} 米`;
  return km < 100 ? `${km.toFixed(1)} 公里` : `${Math.round(km)} 公里`;
}

/** The categories a station serves: those of the service items on its notice, in catalogue order. */
export function stationCategories(station: { notice: { items: readonly string[] } }): CategoryCode[] {
  const served = new Set(station.notice.items.map((code) => ITEM_BY_CODE.get(code)?.category));
  return CATEGORY_CODES.filter((c) => served.has(c));
}

/**
 * Stations serving `category` (all when absent), nearest first from `from`
 * (in the given order when absent), each with its distance.
 */
export function nearbyStations<T extends { location: LatLng; notice: { items: readonly string[] } }>(
  stations: readonly T[],
  options: { from?: LatLng | null; category?: CategoryCode | null } = {},
): (T & { distanceKm: number | null })[] {
  const { from, category } = options;
  return stations
    .filter((s) => !category || stationCategories(s).includes(category))
    .map((s) => ({ ...s, distanceKm: from ? distanceKm(from, s.location) : null }))
    .sort((a, b) => (a.distanceKm ?? 0) - (b.distanceKm ?? 0));
}

// ---- requests ---------------------------------------------------------------------------------

export const StationCodeSchema = z
  .string({ error: '请填写站点码' })
  .trim()
  .transform((v) => v.toUpperCase())
  .refine((v) => STATION_CODE_PATTERN.test(v), { error: '站点码为 4–16 位字母或数字（如 HKC001）' });

/** A station in a path: its id (uuid) or its code (如 HKC001). */
export const StationRefSchema = plainText('站点').min(1).max(64).meta({ description: '站点编号（uuid）或站点码（如 HKC001）' });

export const OpeningHoursInputSchema = z
  .strictObject({
    weekdays: z
      .array(z.int().min(1, { error: '星期应为 1（周一）到 7（周日）' }).max(7, { error: '星期应为 1（周一）到 7（周日）' }))
      .min(1, { error: '请至少选择一天' })
      .max(7)
      .refine((ds) => new Set(ds).size === ds.length, { error: '星期有重复' }),
    open: z.string().regex(TIME, { error: '开门时间应为 HH:MM' }),
    close: z.string().regex(TIME, { error: '关门时间应为 HH:MM' }),
  })
  .refine((h) => minutesOf(h.open) < minutesOf(h.close), { error: '关门时间应晚于开门时间', path: ['close'] });

export const StationNoticeInputSchema = z.strictObject({
  intro: plainText('站点简介', { multiline: true }).max(500, { error: '站点简介不能超过 500 个字' }).default(''),
  items: z
    .array(z.string().refine((v) => ITEM_BY_CODE.has(v), { error: '服务项目不在目录中' }))
    .max(80, { error: '服务事项最多 80 项' })
    .refine((xs) => new Set(xs).size === xs.length, { error: '服务事项有重复' })
    .default([]),
  flow: z
    .array(text('服务流程的一步', 1, 200))
    .max(20, { error: '服务流程最多 20 步' })
    .default([]),
  complaintPhone: PhoneSchema,
});

const stationFields = {
  kind: z.enum(StationKindSchema.options, { error: '请选择站点类型' }),
  name: text('站点名称', 2, 60),
  region: plainText('所在地区').max(50, { error: '所在地区不能超过 50 个字' }).default(''),
  address: text('地址', 2, 200),
  location: z.strictObject({
    lat: z.number({ error: '请填写纬度' }).min(-90, { error: '纬度应在 -90 到 90 之间' }).max(90, { error: '纬度应在 -90 到 90 之间' }),
    lng: z
      .number({ error: '请填写经度' })
      .min(-180, { error: '经度应在 -180 到 180 之间' })
      .max(180, { error: '经度应在 -180 到 180 之间' }),
  }),
  phone: PhoneSchema,
  hours: z.array(OpeningHoursInputSchema).max(14, { error: '开放时间最多 14 段' }),
  notice: StationNoticeInputSchema,
};

/** A manager creates a station. The code is printed on its QR code, so it never changes afterwards. */
export const CreateStationSchema = z.strictObject({ code: StationCodeSchema, ...stationFields }).meta({ id: 'CreateStation' });
export type CreateStationInput = z.infer<typeof CreateStationSchema>;

/** A manager edits a station (everything but its code), at the version read. */
export const UpdateStationSchema = z.strictObject({ ...stationFields, version: VersionSchema }).meta({ id: 'UpdateStation' });
export type UpdateStationInput = z.infer<typeof UpdateStationSchema>;

/** The specialists working at a station (their queue), replacing the current list. */
export const StationStaffInputSchema = z
  .strictObject({
    staff: z
      .array(z.strictObject({ userId: IdSchema, title: text('岗位', 1, 20).default('服务专员') }))
      .max(50, { error: '一个站点最多 50 名服务专员' })
      .refine((xs) => new Set(xs.map((x) => x.userId)).size === xs.length, { error: '同一名服务专员重复了' }),
  })
  .meta({ id: 'StationStaffInput' });
export type StationStaffInput = z.infer<typeof StationStaffInputSchema>;

const coordinate = (min: number, max: number) => z.coerce.number().min(min).max(max);

export const StationListQuerySchema = z
  .object({
    category: CategoryCodeSchema.optional(),
    lat: coordinate(-90, 90).optional(),
    lng: coordinate(-180, 180).optional(),
  })
  .refine((q) => (q.lat === undefined) === (q.lng === undefined), { error: '经纬度须同时提供', path: ['lat'] });
export type StationListQuery = z.infer<typeof StationListQuerySchema>;

export const QR_TARGETS = ['h5', 'weapp'] as const;
export type QrTarget = (typeof QR_TARGETS)[number];

export const QrCodeQuerySchema = z.object({
  /** h5: a code with the station page's address; weapp: a mini-program code (wxacode.getUnlimited). */
  target: z.enum(QR_TARGETS, { error: 'target 应为 h5 或 weapp' }).default('h5'),
  /** 1: the print poster, the station's name and code under the code (SVG only). */
  poster: z
    .enum(['0', '1'], { error: 'poster 应为 0 或 1' })
    .default('0')
    .transform((v) => v === '1'),
});

// ---- responses --------------------------------------------------------------------------------

export const StationStaffMemberSchema = z
  .object({ userId: IdSchema, name: z.string(), title: z.string() })
  .meta({ id: 'StationStaffMember' });
export type StationStaffMember = z.infer<typeof StationStaffMemberSchema>;

/** A specialist a manager can assign, with the stations where it works now. */
export const SpecialistSchema = z
  .object({ id: IdSchema, name: z.string(), stations: z.array(z.object({ id: IdSchema, name: z.string() })) })
  .meta({ id: 'Specialist' });
export type Specialist = z.infer<typeof SpecialistSchema>;

/** A check-in as the station's staff see it: who arrived, for which enterprise, why. */
export const StationCheckinSchema = z
  .object({
    id: IdSchema,
    stationId: IdSchema,
    at: TimestampSchema,
    purpose: z.string().nullable(),
    visitor: z.object({ id: IdSchema, name: z.string() }),
    enterprise: z.object({ id: IdSchema, name: z.string() }).nullable(),
  })
  .meta({ id: 'StationCheckin' });
export type StationCheckin = z.infer<typeof StationCheckinSchema>;

export const StationCheckinQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

/** A need found from its receipt code: enough to open it. */
export const NeedRefSchema = z
  .object({ id: IdSchema, number: z.string(), title: z.string(), state: NeedStateSchema })
  .meta({ id: 'NeedRef' });
export type NeedRef = z.infer<typeof NeedRefSchema>;
