// Reading QR codes back in tests: a PNG through pngjs, an SVG through a small
// rasteriser of the shapes our SVGs (and most QR SVGs) are made of — <rect>,
// <path> of straight lines (M L H V Z, absolute and relative), filled or
// stroked, inside nested <g transform="translate() scale() matrix()"> — then
// jsQR on the pixels. <text> and <image> are not drawn.
import jsQR from 'jsqr';
import { PNG } from 'pngjs';

/** The text of the QR code in a PNG, or null when none is found. */
export function decodePng(png: Uint8Array): string | null {
  const img = PNG.sync.read(Buffer.from(png));
  return jsQR(new Uint8ClampedArray(img.data.buffer, img.data.byteOffset, img.data.length), img.width, img.height)?.data ?? null;
}

/** The text of the QR code drawn by an SVG, or null when none is found. */
export function decodeSvg(svg: string, pixelsPerUnit?: number): string | null {
  const { width, height, data } = rasteriseSvg(svg, pixelsPerUnit);
  return jsQR(data, width, height)?.data ?? null;
}

type Matrix = [number, number, number, number, number, number]; // a b c d e f
const IDENTITY: Matrix = [1, 0, 0, 1, 0, 0];

const multiply = (m: Matrix, n: Matrix): Matrix => [
  m[0] * n[0] + m[2] * n[1],
  m[1] * n[0] + m[3] * n[1],
  m[0] * n[2] + m[2] * n[3],
  m[1] * n[2] + m[3] * n[3],
  m[0] * n[4] + m[2] * n[5] + m[4],
  m[1] * n[4] + m[3] * n[5] + m[5],
];

const apply = (m: Matrix, x: number, y: number): [number, number] => [m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]];

function parseTransform(t: string | undefined): Matrix {
  let m = IDENTITY;
  for (const [, fn, args] of (t ?? '').matchAll(/(\w+)\s*\(([^)]*)\)/g)) {
    const n = args!.split(/[\s,]+/).filter(Boolean).map(Number);
    if (fn === 'translate') m = multiply(m, [1, 0, 0, 1, n[0] ?? 0, n[1] ?? 0]);
    else if (fn === 'scale') m = multiply(m, [n[0]!, 0, 0, n[1] ?? n[0]!, 0, 0]);
    else if (fn === 'matrix') m = multiply(m, n as Matrix);
    else throw new Error(`transform ${fn}() is not supported by the test rasteriser`);
  }
  return m;
}

function attrs(tag: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [, k, v] of tag.matchAll(/([\w:-]+)\s*=\s*"([^"]*)"/g)) out[k!] = v!;
  return out;
}

/** Dark (true), light (false), or not painted (null). */
function paint(colour: string | undefined): boolean | null {
  if (!colour || colour === 'none' || colour === 'transparent') return null;
  if (colour === 'white') return false;
  if (colour === 'black') return true;
  let hex = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(colour)?.[1];
  if (!hex) throw new Error(`colour ${colour} is not supported by the test rasteriser`);
  if (hex.length === 3) hex = [...hex].map((c) => c + c).join('');
  const [r, g, b] = [0, 2, 4].map((i) => parseInt(hex!.slice(i, i + 2), 16));
  return 0.299 * r! + 0.587 * g! + 0.114 * b! < 128;
}

type Polygon = [number, number][];

/** Subpaths of a path made of straight lines, in user units. */
function pathPolygons(d: string): { polygons: Polygon[]; segments: [number, number, number, number][] } {
  const tokens = d.match(/[MmLlHhVvZz]|-?\d*\.?\d+(?:e[-+]?\d+)?/g) ?? [];
  const polygons: Polygon[] = [];
  const segments: [number, number, number, number][] = [];
  let x = 0;
  let y = 0;
  let cmd = '';
  let current: Polygon = [];
  let i = 0;
  const num = () => Number(tokens[i++]);
  const lineTo = (nx: number, ny: number) => {
    segments.push([x, y, nx, ny]);
    x = nx;
    y = ny;
    current.push([x, y]);
  };
  while (i < tokens.length) {
    if (/[A-Za-z]/.test(tokens[i]!)) cmd = tokens[i++]!;
    switch (cmd) {
      case 'M':
      case 'm': {
        const nx = num() + (cmd === 'm' ? x : 0);
        const ny = num() + (cmd === 'm' ? y : 0);
        if (current.length > 1) polygons.push(current);
        x = nx;
        y = ny;
        current = [[x, y]];
        cmd = cmd === 'm' ? 'l' : 'L';
        break;
      }
      case 'L':
        lineTo(num(), num());
        break;
      case 'l':
        lineTo(x + num(), y + num());
        break;
      case 'H':
        lineTo(num(), y);
        break;
      case 'h':
        lineTo(x + num(), y);
        break;
      case 'V':
        lineTo(x, num());
        break;
      case 'v':
        lineTo(x, y + num());
        break;
      case 'Z':
      case 'z': {
        const [sx, sy] = current[0] ?? [x, y];
        if (current.length > 1) {
          segments.push([x, y, sx, sy]);
          polygons.push(current);
        }
        x = sx;
        y = sy;
        current = [[x, y]];
        break;
      }
      default:
        throw new Error(`path command ${cmd} is not supported by the test rasteriser`);
    }
  }
  if (current.length > 1) polygons.push(current);
  return { polygons, segments };
}

export function rasteriseSvg(svg: string, pixelsPerUnit?: number): { width: number; height: number; data: Uint8ClampedArray } {
  const root = /<svg\b[^>]*>/.exec(svg);
  if (!root) throw new Error('not an SVG');
  const vb = (attrs(root[0]).viewBox ?? '').split(/[\s,]+/).map(Number);
  if (vb.length !== 4) throw new Error('the test rasteriser needs a viewBox');
  const [vx, vy, vw, vh] = vb as [number, number, number, number];
  // Enough pixels per unit that a module is several pixels wide.
  const scale = pixelsPerUnit ?? Math.max(1, 800 / Math.max(vw, vh));
  const width = Math.ceil(vw * scale);
  const height = Math.ceil(vh * scale);
  const dark = new Uint8Array(width * height); // 0 light, 1 dark
  const base: Matrix = [scale, 0, 0, scale, -vx * scale, -vy * scale];

  /** Fills polygons (even-odd) by scanlines through pixel centres. */
  function fill(polygons: Polygon[], m: Matrix, value: boolean) {
    const edges: [number, number, number, number][] = [];
    for (const poly of polygons) {
      const pts = poly.map(([px, py]) => apply(m, px, py));
      for (let k = 0; k < pts.length; k++) {
        const [x1, y1] = pts[k]!;
        const [x2, y2] = pts[(k + 1) % pts.length]!;
        if (y1 !== y2) edges.push([x1, y1, x2, y2]);
      }
    }
    for (let py = 0; py < height; py++) {
      const cy = py + 0.5;
      const xs: number[] = [];
      for (const [x1, y1, x2, y2] of edges) {
        if ((cy >= y1 && cy < y2) || (cy >= y2 && cy < y1)) xs.push(x1 + ((cy - y1) * (x2 - x1)) / (y2 - y1));
      }
      xs.sort((a, b) => a - b);
      for (let k = 0; k + 1 < xs.length; k += 2) {
        const from = Math.max(0, Math.ceil(xs[k]! - 0.5));
        const to = Math.min(width - 1, Math.ceil(xs[k + 1]! - 0.5) - 1);
        for (let px = from; px <= to; px++) dark[py * width + px] = value ? 1 : 0;
      }
    }
  }

  const stack: Matrix[] = [base];
  for (const [tag] of svg.slice(root.index + root[0].length).matchAll(/<\/?[a-zA-Z][^>]*>/g)) {
    const name = /^<\/?([a-zA-Z]+)/.exec(tag)![1]!;
    const closing = tag.startsWith('</');
    const selfClosing = tag.endsWith('/>');
    const a = attrs(tag);
    const m = stack[stack.length - 1]!;
    if (name === 'g' || name === 'svg') {
      if (closing) stack.pop();
      else if (!selfClosing) stack.push(multiply(m, parseTransform(a.transform)));
      continue;
    }
    if (closing) continue;
    const own = multiply(m, parseTransform(a.transform));
    if (name === 'rect') {
      const x = Number(a.x ?? 0);
      const y = Number(a.y ?? 0);
      const w = Number(a.width);
      const h = Number(a.height);
      const f = paint(a.fill ?? '#000');
      if (f !== null) fill([[[x, y], [x + w, y], [x + w, y + h], [x, y + h]]], own, f);
    } else if (name === 'path') {
      const { polygons, segments } = pathPolygons(a.d ?? '');
      const f = paint(a.fill ?? (a.stroke ? 'none' : '#000'));
      if (f !== null) fill(polygons, own, f);
      const s = paint(a.stroke);
      if (s !== null) {
        // Strokes of horizontal and vertical lines (what QR SVGs use) as rectangles.
        const half = Number(a['stroke-width'] ?? 1) / 2;
        const rects: Polygon[] = segments.map(([x1, y1, x2, y2]) => {
          const [l, r] = [Math.min(x1, x2), Math.max(x1, x2)];
          const [t, b] = [Math.min(y1, y2), Math.max(y1, y2)];
          if (y1 === y2) return [[l, t - half], [r, t - half], [r, b + half], [l, b + half]];
          if (x1 === x2) return [[l - half, t], [r + half, t], [r + half, b], [l - half, b]];
          throw new Error('the test rasteriser strokes only horizontal and vertical lines');
        });
        for (const rect of rects) fill([rect], own, s);
      }
    }
    // <text>, <image>, <title>…: not drawn.
  }

  const data = new Uint8ClampedArray(width * height * 4);
  for (let k = 0; k < width * height; k++) {
    const v = dark[k] ? 0 : 255;
    data[k * 4] = v;
    data[k * 4 + 1] = v;
    data[k * 4 + 2] = v;
    data[k * 4 + 3] = 255;
  }
  return { width, height, data };
}
