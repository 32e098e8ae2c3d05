// The contract's fixed paths and page paths, apart from its schemas: plain
// constants without zod, so that the mini-program's main package (the tabs,
// which call the API but validate nothing) carries no schema library.
// The station and scan pages are in scan.ts.
export const API_PATHS = {
  authWechat: '/api/auth/wechat',
  authDev: '/api/auth/dev',
  me: '/api/me',
  meEnterprise: '/api/me/enterprise',
  categories: '/api/categories',
  needs: '/api/needs',
  need: '/api/needs/{id}',
  needActions: '/api/needs/{id}/actions',
  needRating: '/api/needs/{id}/rating',
  needMatches: '/api/needs/{id}/matches',
  needByNumber: '/api/needs/by-number/{number}',
  needQrSvg: '/api/needs/{id}/qrcode.svg',
  tasks: '/api/tasks',
  taskActions: '/api/tasks/{id}/actions',
  stations: '/api/stations',
  station: '/api/stations/{id}',
  stationStaff: '/api/stations/{id}/staff',
  specialists: '/api/specialists',
  stationCheckins: '/api/stations/{id}/checkins',
  myStationCheckin: '/api/stations/{id}/checkins/mine',
  stationQrSvg: '/api/stations/{id}/qrcode.svg',
  stationQrPng: '/api/stations/{id}/qrcode.png',
} as const;

/** Fills `{name}` placeholders of a contract path. */
export function apiPath(path: string, params: Record<string, string> = {}): string {
  return path.replace(/\{(\w+)\}/g, (_, k: string) => encodeURIComponent(params[k] ?? ''));
}

export const IDEMPOTENCY_HEADER = 'Idempotency-Key';

export const CALENDAR_PATHS = {
  /** GET (public): every year the calendar counts on, published or provisional. */
  calendar: '/api/calendar',
  /** PUT (managers): publish or correct one year's schedule. */
  year: '/api/calendar/years/{year}',
  /** POST (managers): a holiday-cn JSON file turned into a draft schedule (nothing saved). */
  importHolidayCn: '/api/calendar/import/holiday-cn',
} as const;

export const calendarYearPath = (year: number) => CALENDAR_PATHS.year.replace('{year}', String(year));

export const COMPLAINT_PATHS = {
  complaints: '/api/complaints',
  complaintCounts: '/api/complaints/counts',
  complaint: '/api/complaints/{id}',
  complaintActions: '/api/complaints/{id}/actions',
  complaintFeedback: '/api/complaints/{id}/feedback',
} as const;

export const DIRECTORY_PATHS = {
  institutions: '/api/institutions',
  institution: '/api/institutions/{id}',
  experts: '/api/experts',
  expert: '/api/experts/{id}',
} as const;

export const SETTINGS_PATHS = {
  timeLimits: '/api/settings/time-limits',
} as const;

export const UPLOAD_PATHS = {
  uploads: '/api/uploads',
  upload: '/api/uploads/{id}',
  /** GET (signed in, the file's readers): a short-lived download link of the file, needing no session. */
  uploadLink: '/api/uploads/{id}/link',
  /** GET (no session; `?t=` the link's token): the file, under its own name at the end of the path. */
  file: '/api/files/{id}/{name}',
} as const;

/** The multipart field that carries the file. */
export const UPLOAD_FIELD = 'file';

export const WORKBENCH_PATHS = {
  needCounts: '/api/needs/counts',
  notifications: '/api/notifications',
  notificationRead: '/api/notifications/{id}/read',
  notificationsReadAll: '/api/notifications/read-all',
  subscriptions: '/api/notifications/subscriptions',
  cronTick: '/api/cron/tick',
  enterpriseLookup: '/api/enterprises',
  needTransferTargets: '/api/needs/{id}/transfer-targets',
} as const;

/** The page a binding code's QR opens (the account subpackage's bind page). */
export const BIND_PAGE = 'packageAccount/pages/bind/index';

/** 一次一评: a need's one-time rating link (ratingLinks.ts holds its schemas). */
export const RATING_LINK_PATHS = {
  /** Staff: issue (or issue again, replacing) the need's link. */
  needRatingLink: '/api/needs/{id}/rating-link',
  /** Anyone holding the link: what it rates. */
  ratingLink: '/api/rating-links/{token}',
  /** Anyone holding the link: rate, once (Idempotency-Key). */
  ratingLinkRating: '/api/rating-links/{token}/rating',
  /** The link as a QR code (SVG), for the receipt staff print or show. */
  ratingLinkQrSvg: '/api/rating-links/{token}/qrcode.svg',
} as const;
