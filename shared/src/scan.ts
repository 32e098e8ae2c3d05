// Station codes, QR scenes and the links that lead to a station or a need
// (printed codes, scanned text). No zod: the scan button of the home page
// (main package) reads scanned codes with these.
import { NEED_NUMBER_PATTERN } from './numbering';

// ---- station codes, scenes and links ----------------------------------------------------------

/**
 * A station's short code, printed under its QR code and carried in the
 * mini-program code's scene: 4–16 upper-case letters and digits (e.g. HKC001).
 */
export const STATION_CODE_PATTERN = /^[A-Z0-9]{4,16}$/;

/** The page a station's code opens (weapp page path; on H5 the hash route). */
export const STATION_PAGE = 'pages/station/index';
/** The page that resolves a scanned need code (and any other scanned code). */
export const SCAN_PAGE = 'pages/scan/index';

/** What a scanned code leads to. */
export type ScanTarget = { kind: 'station'; code: string } | { kind: 'need'; number: string };

const SCENE_PREFIX = { station: 's', need: 'n' } as const;

/**
 * The `scene` of a mini-program code (wxacode.getUnlimited): `s=HKC001` for a
 * station, `n=QS-20261121-00042` for a need (past a day's 99 999th `n=QS-20261121-F100000`).
 * At most 31 characters (a 16-digit sequence), all from
 * WeChat's set (letters, digits, '=', '-'), so well within its 32.
 */
export function encodeScene(target: ScanTarget): string {
  if (target.kind === 'station') {
    if (!STATION_CODE_PATTERN.test(target.code)) throw new RangeError(`not a station code: ${target.code}`);
    return `${SCENE_PREFIX.station}=${target.code}`;
  }
  if (!NEED_NUMBER_PATTERN.test(target.number)) throw new RangeError(`not a need number: ${target.number}`);
  return `${SCENE_PREFIX.need}=${target.number}`;
}

/**
 * The target of a scene as the page receives it (`query.scene`, URI-encoded
 * by WeChat: `s%3DHKC001`), or null for anything else. A bare station code is
 * read as a station.
 */
export function decodeScene(scene: string): ScanTarget | null {
  let s = scene.trim();
  try {
    s = decodeURIComponent(s);
  } catch {
    return null;
  }
  const m = /^([sn])=(.+)$/.exec(s);
  if (!m) return STATION_CODE_PATTERN.test(s.toUpperCase()) ? { kind: 'station', code: s.toUpperCase() } : null;
  const value = m[2]!;
  if (m[1] === SCENE_PREFIX.station) {
    const code = value.toUpperCase();
    return STATION_CODE_PATTERN.test(code) ? { kind: 'station', code } : null;
  }
  return NEED_NUMBER_PATTERN.test(value) ? { kind: 'need', number: value } : null;
}

const trimBase = (baseUrl: string) => baseUrl.replace(/\/+$/, '');

/** The H5 address of a station's page: `${base}/#/pages/station/index?code=HKC001`. */
export function stationPageUrl(baseUrl: string, code: string): string {
  return `${trimBase(baseUrl)}/#/${STATION_PAGE}?code=${encodeURIComponent(code)}`;
}

/** The H5 address a need's receipt code carries: `${base}/#/pages/scan/index?need=QS-…`. */
export function needScanUrl(baseUrl: string, number: string): string {
  return `${trimBase(baseUrl)}/#/${SCAN_PAGE}?need=${encodeURIComponent(number)}`;
}

/** The query string of a URL or page path, wherever it sits (H5 hash routes put it after '#'). */
function queryOf(text: string): URLSearchParams | null {
  const q = text.lastIndexOf('?');
  return q < 0 ? null : new URLSearchParams(text.slice(q + 1).split('#')[0]);
}

/**
 * What a scanned code leads to, from whatever the scanner returns: an H5
 * address (`…#/pages/station/index?code=HKC001`, `…#/pages/scan/index?need=QS-…`),
 * a mini-program path with its scene (`pages/station/index?scene=s%3DHKC001`),
 * or a bare scene. Null when the code is not one of ours.
 */
export function parseScanned(text: string): ScanTarget | null {
  const t = text.trim();
  if (!t) return null;
  const query = queryOf(t);
  if (query) {
    const scene = query.get('scene');
    if (scene) return decodeScene(scene);
    const code = query.get('code')?.toUpperCase();
    if (code && t.includes(STATION_PAGE) && STATION_CODE_PATTERN.test(code)) return { kind: 'station', code };
    const need = query.get('need');
    if (need && NEED_NUMBER_PATTERN.test(need)) return { kind: 'need', number: need };
    return null;
  }
  return /^[a-z]+:\/\//i.test(t) ? null : decodeScene(t);
}

// ---- one-time rating links (一次一评) ----------------------------------------------------------

/** The H5 page the link opens (main package, no sign-in). */
export const RATING_LINK_PAGE = 'pages/rate-link/index';

/** 32 random bytes, base64url: 43 characters. */
export const RATING_LINK_TOKEN_LENGTH = 43;
export const RATING_LINK_TOKEN_PATTERN = new RegExp(`^[A-Za-z0-9_-]{${RATING_LINK_TOKEN_LENGTH}}$`);

/** The address the link and its QR code carry. */
export function ratingLinkUrl(baseUrl: string, token: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/#/${RATING_LINK_PAGE}?t=${encodeURIComponent(token)}`;
}

/** The token of a link, from its address or as typed (null: none). */
export function ratingLinkToken(text: string): string | null {
  const q = text.lastIndexOf('?');
  const t = q < 0 ? text.trim() : new URLSearchParams(text.slice(q + 1)).get('t');
  return t && RATING_LINK_TOKEN_PATTERN.test(t) ? t : null;
}
