// 小程序码: wxacode.getUnlimited (POST /wxa/getwxacodeunlimit).
import { NETWORK_ERRCODE, WechatError, ensureWechatOk, parseWechatJson, wechatFetch, withAccessToken, type WechatContext } from './client';

export type EnvVersion = 'release' | 'trial' | 'develop';

export interface UnlimitedQrCodeOptions {
  /** Passed to the page as `query.scene` (decodeURIComponent it there). See isValidScene. */
  scene: string;
  /** e.g. 'pages/station/index': no leading '/', no query. WeChat's default: the home page. */
  page?: string;
  /** WeChat's default true: the page must exist in the released version. */
  checkPath?: boolean;
  /** WeChat's default 'release'. */
  envVersion?: EnvVersion;
  /** Pixels, 280–1280; WeChat's default 430. */
  width?: number;
  autoColor?: boolean;
  lineColor?: { r: number; g: number; b: number };
  isHyaline?: boolean;
}

/** Characters WeChat allows in `scene`, besides digits and letters. */
export const SCENE_SPECIAL_CHARS = "!#$&'()*+,/:;=?@-._~";
export const SCENE_MAX_LENGTH = 32;
const SCENE_PATTERN = /^[0-9A-Za-z!#$&'()*+,/:;=?@\-._~]{1,32}$/;

/**
 * True when `scene` is 1–32 characters from WeChat's set: digits, ASCII
 * letters and !#$&'()*+,/:;=?@-._~ (no '%', no spaces, no Chinese: encode
 * those some other way).
 */
export function isValidScene(scene: string): boolean {
  return typeof scene === 'string' && SCENE_PATTERN.test(scene);
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

function looksLikeImage(contentType: string, body: Uint8Array): boolean {
  if (/^image\//i.test(contentType)) return true;
  if (/json|text/i.test(contentType)) return false;
  return PNG_SIGNATURE.every((b, i) => body[i] === b);
}

/**
 * The mini-program code for `scene`, as the image bytes WeChat returns (PNG).
 * On failure WeChat answers JSON instead of an image: its errcode becomes
 * WechatError (40169 bad scene, 41030 page not found, 45009 rate limit…).
 * Invalid options (scene, page, width) throw RangeError before any request.
 * A refused token (40001/42001) is refreshed and the call retried once.
 */
export async function getUnlimitedQrCode(ctx: WechatContext, options: UnlimitedQrCodeOptions): Promise<Uint8Array> {
  const { scene, page, checkPath, envVersion, width, autoColor, lineColor, isHyaline } = options;
  if (!isValidScene(scene)) {
    throw new RangeError(
      `getUnlimitedQrCode: scene must be 1–${SCENE_MAX_LENGTH} characters of digits, letters and ${SCENE_SPECIAL_CHARS}`,
    );
  }
  if (page !== undefined && (page === '' || page.startsWith('/') || page.includes('?'))) {
    throw new RangeError("getUnlimitedQrCode: page is a path like 'pages/index/index' (no leading '/', no query)");
  }
  if (width !== undefined && !(Number.isInteger(width) && width >= 280 && width <= 1280)) {
    throw new RangeError('getUnlimitedQrCode: width is an integer from 280 to 1280');
  }

  const body: Record<string, unknown> = { scene };
  if (page !== undefined) body.page = page;
  if (checkPath !== undefined) body.check_path = checkPath;
  if (envVersion !== undefined) body.env_version = envVersion;
  if (width !== undefined) body.width = width;
  if (autoColor !== undefined) body.auto_color = autoColor;
  if (lineColor !== undefined) body.line_color = lineColor;
  if (isHyaline !== undefined) body.is_hyaline = isHyaline;

  const api = '/wxa/getwxacodeunlimit';
  return withAccessToken(ctx, async (token) => {
    const res = await wechatFetch(ctx, { method: 'POST', path: api, query: { access_token: token }, json: body });
    if (res.status >= 200 && res.status < 300 && looksLikeImage(res.contentType, res.body)) {
      if (res.body.length === 0) throw new WechatError(NETWORK_ERRCODE, 'empty image', { api });
      return res.body;
    }
    const json = parseWechatJson(api, res);
    ensureWechatOk(api, res.status, json);
    throw new WechatError(NETWORK_ERRCODE, 'reply is neither an image nor an error', { api });
  });
}
