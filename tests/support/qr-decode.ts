// Reading QR codes back in tests: a PNG through pngjs, then jsQR on the
// pixels; an SVG drawn to a PNG by resvg first (no fonts: only the code
// matters here).
import { Resvg } from '@resvg/resvg-js';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';

/** The text of the QR code in a PNG, or null when none is found. */
export function decodePng(png: Uint8Array): string | null {
  const img = PNG.sync.read(Buffer.from(png));
  return jsQR(new Uint8ClampedArray(img.data.buffer, img.data.byteOffset, img.data.length), img.width, img.height)?.data ?? null;
}

/** The text of the QR code drawn by an SVG, or null when none is found. */
export function decodeSvg(svg: string, width = 800): string | null {
  const png = new Resvg(svg, { fitTo: { mode: 'width', value: width }, font: { loadSystemFonts: false }, logLevel: 'off' })
    .render()
    .asPng();
  return decodePng(png);
}
