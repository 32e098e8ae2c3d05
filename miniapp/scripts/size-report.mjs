// Build report of the mini-program's budgets (not a test):
//   weapp: the main package (everything outside the subpackages) must stay ≤ 600 KB (tests/build/weapp.test.ts);
//   H5: the JavaScript the entry page loads first (the scripts of index.html), raw and gzip.
// Usage: node miniapp/scripts/size-report.mjs [weappDir] [h5Dir]
//        (defaults: miniapp/dist/weapp and miniapp/dist/h5; run `npm run build` first)
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'

const here = fileURLToPath(new URL('..', import.meta.url))
const weappDir = resolve(process.argv[2] ?? join(here, 'dist/weapp'))
const h5Dir = resolve(process.argv[3] ?? join(here, 'dist/h5'))
const MAIN_PACKAGE_BUDGET = 600 * 1024

const kb = (n) => `${(n / 1024).toFixed(1)} KB`

function files(dir) {
  const out = []
  for (const name of readdirSync(dir)) {
    const p = join(dir, name)
    if (statSync(p).isDirectory()) out.push(...files(p))
    else out.push(p)
  }
  return out
}

let failed = false

if (existsSync(join(weappDir, 'app.json'))) {
  const app = JSON.parse(readFileSync(join(weappDir, 'app.json'), 'utf8'))
  const roots = (app.subPackages ?? app.subpackages ?? []).map((s) => s.root.replace(/\/$/, ''))
  const sizes = { main: 0 }
  for (const f of files(weappDir)) {
    if (f.endsWith('.map')) continue
    const rel = relative(weappDir, f)
    const root = roots.find((r) => rel === r || rel.startsWith(`${r}/`))
    sizes[root ?? 'main'] = (sizes[root ?? 'main'] ?? 0) + statSync(f).size
  }
  const ok = sizes.main <= MAIN_PACKAGE_BUDGET
  failed ||= !ok
  console.log(`weapp main package: ${sizes.main} bytes (${kb(sizes.main)}) — budget ${kb(MAIN_PACKAGE_BUDGET)}: ${ok ? 'OK' : 'OVER'}`)
  for (const r of roots) console.log(`weapp subpackage ${r}: ${sizes[r] ?? 0} bytes (${kb(sizes[r] ?? 0)})`)
} else {
  console.log(`weapp: no build at ${weappDir}`)
}

if (existsSync(join(h5Dir, 'index.html'))) {
  const html = readFileSync(join(h5Dir, 'index.html'), 'utf8')
  const scripts = [...html.matchAll(/<script[^>]+src="([^"]+\.js)"/g)].map((m) => m[1].replace(/^\//, ''))
  let raw = 0
  let gz = 0
  for (const s of scripts) {
    const buf = readFileSync(join(h5Dir, s))
    raw += buf.length
    gz += gzipSync(buf, { level: 9 }).length
    console.log(`  ${s}: ${buf.length} bytes raw, ${gzipSync(buf, { level: 9 }).length} gzip`)
  }
  console.log(`H5 entry JavaScript (${scripts.length} files): ${raw} bytes raw (${kb(raw)}), ${gz} bytes gzip (${kb(gz)})`)
} else {
  console.log(`H5: no build at ${h5Dir}`)
}

process.exitCode = failed ? 1 : 0
