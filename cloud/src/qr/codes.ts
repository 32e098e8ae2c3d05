// The codes the product prints and shows: a station's code (an H5 address
// under PUBLIC_BASE_URL, or a mini-program code from wxacode.getUnlimited),
// its poster, and the code on a need's receipt that staff scan at the window.
// Every image comes from the cache; WeChat is asked once per scene.
import { encodeScene, needScanUrl, STATION_KIND_LABELS, STATION_PAGE, stationPageUrl, type QrTarget, type Station } from '@qi/shared';
import type { Deps } from '../deps';
import { ApiError, fail } from '../errors';
import { WechatError } from '../wechat';
import { createQrCache, type CachedImage } from './cache';
import type { PosterCode, PosterText } from './render';

// The drawing code (qrcode, and resvg's native addon) loads at the first drawing, not with the app:
// most requests draw nothing, and a serverless instance's cold start pays for what it imports.
const render = () => import('./render');

export type QrFormat = 'svg' | 'png';

export interface StationCodeOptions {
  format: QrFormat;
  target: QrTarget;
  poster: boolean;
}

export interface QrCodes {
  /** `origin`: where the request came in, the H5 base when PUBLIC_BASE_URL is not set. */
  station(station: Station, options: StationCodeOptions, origin: string): Promise<CachedImage>;
  /** The receipt code of a need: the H5 address that opens it, as SVG. */
  need(number: string, origin: string): Promise<CachedImage>;
}

const SVG = 'image/svg+xml; charset=utf-8';
const PNG = 'image/png';

async function drawPoster(code: PosterCode, text: PosterText, format: QrFormat): Promise<{ contentType: string; body: Buffer | string }> {
  const { posterPng, posterSvg } = await render();
  return format === 'png' ? { contentType: PNG, body: posterPng(code, text) } : { contentType: SVG, body: posterSvg(code, text) };
}

export function createQrCodes(deps: Deps): QrCodes {
  const cache = createQrCache(deps.db);
  const wechat = deps.wechat;
  const baseOf = (origin: string) => deps.config.publicBaseUrl ?? origin;

  // The code opens the same mini-program version as message cards do. Only the
  // released version has its pages checked (a trial's pages are not published).
  const envVersion = ({ formal: 'release', trial: 'trial', developer: 'develop' } as const)[deps.config.wechatMiniprogramState];

  /** The mini-program code for a scene, fetched from WeChat once. */
  function wxacode(scene: string): Promise<CachedImage> {
    return cache.get({ kind: 'wxacode', scene, page: STATION_PAGE, envVersion }, async () => {
      if (!wechat) {
        fail('rule_violation', '未配置微信小程序（WECHAT_APP_ID、WECHAT_APP_SECRET），无法生成小程序码；可改用 H5 二维码（target=h5）');
      }
      try {
        const png = await wechat!.getUnlimitedQrCode({
          scene,
          page: STATION_PAGE,
          width: 430,
          envVersion,
          checkPath: envVersion === 'release',
        });
        return { contentType: PNG, body: Buffer.from(png) };
      } catch (e) {
        if (e instanceof WechatError) {
          throw new ApiError(
            'upstream_unavailable',
            e.isNetworkError ? '暂时无法连接微信服务器，请稍后重试' : `微信小程序码生成失败（${e.errcode}）`,
          );
        }
        throw e;
      }
    });
  }

  return {
    async station(station, { format, target, poster }, origin) {
      const text = {
        heading: '微信扫码 · 到站登记 · 在此提交需求',
        title: station.name,
        caption: `${STATION_KIND_LABELS[station.kind]} · 站点码 ${station.code}`,
      };
      if (target === 'weapp') {
        const scene = encodeScene({ kind: 'station', code: station.code });
        const png = await wxacode(scene);
        if (format === 'png' && !poster) return png;
        return cache.get({ kind: `wxacode-${format}`, scene, poster, ...(poster ? text : {}) }, async () => {
          if (poster) return drawPoster({ png: png.body }, text, format);
          return { contentType: SVG, body: (await render()).pngAsSvg(png.body) };
        });
      }
      const url = stationPageUrl(baseOf(origin), station.code);
      return cache.get({ kind: 'station', format, url, poster, ...(poster ? text : {}) }, async () => {
        if (poster) return drawPoster({ text: url }, text, format);
        const { qrPng, qrSvg } = await render();
        if (format === 'png') return { contentType: PNG, body: await qrPng(url) };
        return { contentType: SVG, body: qrSvg(url) };
      });
    },

    need(number, origin) {
      const url = needScanUrl(baseOf(origin), number);
      return cache.get({ kind: 'need', format: 'svg', url }, async () => ({ contentType: SVG, body: (await render()).qrSvg(url) }));
    },
  };
}
