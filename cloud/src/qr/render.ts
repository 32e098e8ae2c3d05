// Drawing QR codes: the plain code as SVG or PNG, and the print poster (the
// code with the station's name and code under it) as SVG or PNG. The matrix
// comes from the `qrcode` package; the SVG is ours, so the poster places the
// same modules wherever it needs them. A mini-program code (an image WeChat
// drew) goes into the poster as an embedded PNG. The PNG poster is the SVG
// drawn by resvg with a Chinese font shipped in node_modules: a server (or a
// Vercel function) has no CJK system font to draw the station's name with.
import { createRequire } from 'node:module';
import path from 'node:path';
import { Resvg } from '@resvg/resvg-js';
import QRCode from 'qrcode';

/** Error correction M (15 %): survives a scuffed print, keeps the code small. */
const ERROR_CORRECTION = 'M' as const;
/** The quiet zone around the code, in modules (ISO/IEC 18004 asks for 4). */
const QUIET_ZONE = 4;
/** PNG size in pixels: 600 px prints sharp at 5 cm and more. */
const PNG_WIDTH = 600;

const escapeXml = (s: string) =>
  s.replace(/[<>&'"]/g, (ch) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[ch]!);

/** The dark modules as one path: each run of dark modules in a row is one rectangle. */
function modulesPath(text: string): { path: string; size: number } {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: ERROR_CORRECTION });
  const n = modules.size;
  let path = '';
  for (let y = 0; y < n; y++) {
    let x = 0;
    while (x < n) {
      if (!modules.get(y, x)) {
        x++;
        continue;
      }
      const start = x;
      while (x < n && modules.get(y, x)) x++;
      path += `M${start + QUIET_ZONE} ${y + QUIET_ZONE}h${x - start}v1h${start - x}z`;
    }
  }
  return { path, size: n + 2 * QUIET_ZONE };
}

/** The code alone, scalable, with its quiet zone. */
export function qrSvg(text: string): string {
  const { path, size } = modulesPath(text);
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${size} ${size}" width="${size * 8}" height="${size * 8}" shape-rendering="crispEdges">` +
    `<rect width="${size}" height="${size}" fill="#fff"/><path fill="#000" d="${path}"/></svg>\n`
  );
}

export async function qrPng(text: string): Promise<Buffer> {
  return QRCode.toBuffer(text, { type: 'png', errorCorrectionLevel: ERROR_CORRECTION, margin: QUIET_ZONE, width: PNG_WIDTH });
}

export interface PosterText {
  /** Above the code, e.g. 扫码到站登记 · 在此提交需求. */
  heading: string;
  /** Under the code, large: the station's name (wrapped). */
  title: string;
  /** Under the title, small: e.g. 服务驿站 · 站点码 HKP001. */
  caption: string;
}

/** What the poster shows as the code: QR modules (from text) or an image (a mini-program code). */
export type PosterCode = { text: string } | { png: Uint8Array };

// Poster layout in SVG units; printed 100 mm wide.
const W = 600;
const CODE = 480;
const TITLE_SIZE = 34;
const TITLE_CHARS_PER_LINE = 15;

/** Splits a title into lines of at most `n` characters (CJK text has no spaces to break at). */
function wrap(title: string, n: number): string[] {
  const chars = Array.from(title);
  const lines: string[] = [];
  for (let i = 0; i < chars.length; i += n) lines.push(chars.slice(i, i + n).join(''));
  return lines.length ? lines : [''];
}

/** The print poster: heading, the code, the station's name and its code, on white. */
export function posterSvg(code: PosterCode, text: PosterText): string {
  const codeTop = 90;
  const codeLeft = (W - CODE) / 2;
  let codeSvg: string;
  if ('text' in code) {
    const { path, size } = modulesPath(code.text);
    codeSvg = `<g transform="translate(${codeLeft} ${codeTop}) scale(${CODE / size})"><path fill="#000" d="${path}"/></g>`;
  } else {
    const href = `data:image/png;base64,${Buffer.from(code.png).toString('base64')}`;
    codeSvg = `<image x="${codeLeft}" y="${codeTop}" width="${CODE}" height="${CODE}" href="${href}"/>`;
  }
  const lines = wrap(text.title, TITLE_CHARS_PER_LINE);
  const titleTop = codeTop + CODE + 50;
  const captionTop = titleTop + lines.length * (TITLE_SIZE + 12) + 10;
  const H = captionTop + 50;
  const font = `font-family="'PingFang SC','Noto Sans CJK SC','Source Han Sans SC','Microsoft YaHei',sans-serif"`;
  const titleSvg = lines
    .map(
      (l, i) =>
        `<text x="${W / 2}" y="${titleTop + i * (TITLE_SIZE + 12)}" font-size="${TITLE_SIZE}" font-weight="700" fill="#1c2433" text-anchor="middle" ${font}>${escapeXml(l)}</text>`,
    )
    .join('');
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="100mm" height="${((100 * H) / W).toFixed(1)}mm" shape-rendering="crispEdges">` +
    `<rect width="${W}" height="${H}" fill="#fff"/>` +
    `<text x="${W / 2}" y="58" font-size="30" fill="#1f66d6" text-anchor="middle" ${font}>${escapeXml(text.heading)}</text>` +
    codeSvg +
    titleSvg +
    `<text x="${W / 2}" y="${captionTop}" font-size="24" fill="#5e6a7d" text-anchor="middle" ${font}>${escapeXml(text.caption)}</text>` +
    `</svg>\n`
  );
}

/** Noto Sans (Simplified Chinese, GB 2312) from @embedpdf/fonts-sc; the package exports no file paths. */
const FONT_DIR = path.join(path.dirname(createRequire(import.meta.url).resolve('@embedpdf/fonts-sc')), '..', 'fonts');
const FONT_FAMILY = 'Noto Sans Hans';
/** The poster PNG's width: 1200 px over the poster's 100 mm is about 300 dpi. */
const POSTER_PNG_WIDTH = 1200;

/** The print poster as a PNG, for those who print or share an image. */
export function posterPng(code: PosterCode, text: PosterText): Buffer {
  const resvg = new Resvg(posterSvg(code, text), {
    fitTo: { mode: 'width', value: POSTER_PNG_WIDTH },
    font: {
      fontFiles: ['NotoSansHans-Regular.otf', 'NotoSansHans-Bold.otf'].map((f) => path.join(FONT_DIR, f)),
      loadSystemFonts: false,
      defaultFontFamily: FONT_FAMILY,
      sansSerifFamily: FONT_FAMILY,
    },
    logLevel: 'off',
  });
  return resvg.render().asPng();
}

/** A PNG (e.g. a mini-program code) as a plain SVG, for those who print from SVG. */
export function pngAsSvg(png: Uint8Array, size = 430): string {
  const href = `data:image/png;base64,${Buffer.from(png).toString('base64')}`;
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${size} ${size}" width="${size}" height="${size}"><image width="${size}" height="${size}" href="${href}"/></svg>\n`;
}
