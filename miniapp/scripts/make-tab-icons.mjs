#!/usr/bin/env node
// Draws the tab bar icons (81×81 RGBA PNG, as WeChat recommends) with Node
// alone: shapes as signed distance functions, 4×4 supersampling for smooth
// edges, PNG encoded with zlib. Colours come from src/theme.scss.
//
//   node miniapp/scripts/make-tab-icons.mjs   (or: npm run icons -w miniapp)
//
// Writes src/assets/tabbar/{home,needs,me}{,-active}.png.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { deflateSync } from 'node:zlib'

const here = dirname(fileURLToPath(import.meta.url))
const theme = readFileSync(resolve(here, '../src/theme.scss'), 'utf8')
const outDir = resolve(here, '../src/assets/tabbar')

const SIZE = 81
const SAMPLES = 4

function themeColor(name) {
  const m = new RegExp(`\\$${name}:\\s*(#[0-9a-fA-F]{6})\\s*;`).exec(theme)
  if (!m) throw new Error(`theme.scss has no $${name}: #rrggbb`)
  const hex = m[1].slice(1)
  return [0, 2, 4].map((i) => Number.parseInt(hex.slice(i, i + 2), 16))
}

// --- shapes: signed distance (negative inside), coordinates in 0..1 -------

const roundRect = (cx, cy, hw, hh, r) => (x, y) => {
  const qx = Math.abs(x - cx) - (hw - r)
  const qy = Math.abs(y - cy) - (hh - r)
  const outside = Math.hypot(Math.max(qx, 0), Math.max(qy, 0))
  return outside + Math.min(Math.max(qx, qy), 0) - r
}
const circle = (cx, cy, r) => (x, y) => Math.hypot(x - cx, y - cy) - r
const stroke = (shape, width) => (x, y) => Math.abs(shape(x, y)) - width / 2
const union =
  (...shapes) =>
  (x, y) =>
    Math.min(...shapes.map((s) => s(x, y)))
const intersect =
  (...shapes) =>
  (x, y) =>
    Math.max(...shapes.map((s) => s(x, y)))
const halfPlaneAbove = (yMax) => (_x, y) => y - yMax

// 服务大厅: a 2×2 grid of tiles (the service menu).
const home = union(
  roundRect(0.31, 0.31, 0.15, 0.15, 0.05),
  roundRect(0.69, 0.31, 0.15, 0.15, 0.05),
  roundRect(0.31, 0.69, 0.15, 0.15, 0.05),
  circle(0.69, 0.69, 0.155),
)

// 我的需求: a form with lines.
const needs = union(
  stroke(roundRect(0.5, 0.5, 0.29, 0.38, 0.07), 0.075),
  roundRect(0.5, 0.34, 0.15, 0.035, 0.035),
  roundRect(0.5, 0.5, 0.15, 0.035, 0.035),
  roundRect(0.44, 0.66, 0.09, 0.035, 0.035),
)

// 我的: a person.
const me = union(
  circle(0.5, 0.33, 0.17),
  intersect((x, y) => Math.hypot((x - 0.5) / 0.33, (y - 0.92) / 0.32) - 1, halfPlaneAbove(0.88)),
)

// --- raster and PNG ---------------------------------------------------------

function render(shape, [r, g, b]) {
  const rowBytes = SIZE * 4 + 1
  const raw = Buffer.alloc(rowBytes * SIZE)
  for (let py = 0; py < SIZE; py++) {
    raw[py * rowBytes] = 0 // filter: none
    for (let px = 0; px < SIZE; px++) {
      let covered = 0
      for (let sy = 0; sy < SAMPLES; sy++) {
        for (let sx = 0; sx < SAMPLES; sx++) {
          const x = (px + (sx + 0.5) / SAMPLES) / SIZE
          const y = (py + (sy + 0.5) / SAMPLES) / SIZE
          if (shape(x, y) <= 0) covered++
        }
      }
      const o = py * rowBytes + 1 + px * 4
      raw[o] = r
      raw[o + 1] = g
      raw[o + 2] = b
      raw[o + 3] = Math.round((covered / (SAMPLES * SAMPLES)) * 255)
    }
  }
  return png(SIZE, SIZE, raw)
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
  return c >>> 0
})

function crc32(buf) {
  let c = 0xffffffff
  for (const byte of buf) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8)
  return (c ^ 0xffffffff) >>> 0
}

function chunk(type, data) {
  const len = Buffer.alloc(4)
  len.writeUInt32BE(data.length)
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data])
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(body))
  return Buffer.concat([len, body, crc])
}

function png(width, height, raw) {
  const ihdr = Buffer.alloc(13)
  ihdr.writeUInt32BE(width, 0)
  ihdr.writeUInt32BE(height, 4)
  ihdr[8] = 8 // bit depth
  ihdr[9] = 6 // colour type: RGBA
  ihdr[10] = 0 // compression
  ihdr[11] = 0 // filter
  ihdr[12] = 0 // interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ])
}

const normal = themeColor('color-text-secondary')
const active = themeColor('color-primary')
mkdirSync(outDir, { recursive: true })
for (const [name, shape] of Object.entries({ home, needs, me })) {
  for (const [suffix, color] of [
    ['', normal],
    ['-active', active],
  ]) {
    const file = resolve(outDir, `${name}${suffix}.png`)
    const data = render(shape, color)
    writeFileSync(file, data)
    console.log(`${file.slice(resolve(here, '..').length + 1)}  ${data.length} B`)
  }
}
