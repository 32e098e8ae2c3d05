// Writes a brotli (.br) and a gzip (.gz) copy beside each text file of a built H5 app
// (JavaScript, CSS, HTML, JSON, SVG) of at least 1 KB, at the best levels, when that is smaller.
// The local and production server send them to clients that accept them (cloud/src/h5Static.ts),
// so nothing is compressed while serving. Run by `npm run build:h5` after Taro's build:
//   node scripts/precompress.mjs [dir]   (default: $MINIAPP_OUT, else dist/h5)
import { readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { brotliCompressSync, constants, gzipSync } from 'node:zlib'

const dir = resolve(process.argv[2] ?? process.env.MINIAPP_OUT ?? 'dist/h5')
const TEXT = /\.(js|mjs|css|html|json|svg|txt)$/i
const MIN_BYTES = 1024

async function walk(d, out = []) {
  for (const e of await readdir(d, { withFileTypes: true })) {
    const p = join(d, e.name)
    if (e.isDirectory()) await walk(p, out)
    else if (e.isFile()) out.push(p)
  }
  return out
}

let raw = 0
let br = 0
let files = 0
for (const file of await walk(dir)) {
  if (/\.(br|gz)$/.test(file)) {
    await rm(file) // from an earlier run over the same folder
    continue
  }
  if (!TEXT.test(file)) continue
  const body = await readFile(file)
  if (body.length < MIN_BYTES) continue
  const packed = {
    br: brotliCompressSync(body, {
      params: { [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY, [constants.BROTLI_PARAM_SIZE_HINT]: body.length },
    }),
    gz: gzipSync(body, { level: 9 }),
  }
  for (const [ext, bytes] of Object.entries(packed)) if (bytes.length < body.length) await writeFile(`${file}.${ext}`, bytes)
  files++
  raw += body.length
  br += Math.min(body.length, packed.br.length)
}
console.log(
  `[precompress] ${dir}: ${files} files, ${(raw / 1024).toFixed(0)} KiB → ${(br / 1024).toFixed(0)} KiB brotli (.br and .gz beside each)`,
)
