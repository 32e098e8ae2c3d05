import type { Compilation, Compiler } from 'webpack'
import { PAGE_FILES_META } from '../src/pageFilesMeta'

interface HtmlTag {
  tagName: string
  voidTag: boolean
  attributes: Record<string, string | boolean>
  meta: Record<string, unknown>
}
interface HtmlPluginClass {
  getHooks(compilation: Compilation): {
    alterAssetTagGroups: { tapAsync(name: string, fn: (data: { headTags: HtmlTag[] }, cb: (e: Error | null, data: { headTags: HtmlTag[] }) => void) => void): void }
  }
}

/**
 * H5 only. Writes into index.html, as `page=file,file;page=…`, the JS and CSS files the router
 * loads for each page beyond those index.html loads itself: what the app needs to fetch a page's
 * code ahead of the tap, as WeChat does for app.config's preloadRule. Page paths have neither quotes
 * nor `;`, `=` or `,`, and file names are webpack's `js/<name>.<hash>.js`.
 */
export class PageFilesPlugin {
  apply(compiler: Compiler): void {
    compiler.hooks.compilation.tap('PageFilesPlugin', (compilation) => {
      // The html-webpack-plugin instance Taro configured: its hooks belong to its own copy of the module.
      const html = compiler.options.plugins.find((p) => p?.constructor?.name === 'HtmlWebpackPlugin')
      if (!html) throw new Error('PageFilesPlugin: no HtmlWebpackPlugin in the H5 build')
      ;(html.constructor as unknown as HtmlPluginClass).getHooks(compilation).alterAssetTagGroups.tapAsync('PageFilesPlugin', (data, cb) => {
        data.headTags.unshift({
          tagName: 'meta',
          voidTag: true,
          attributes: { name: PAGE_FILES_META, content: pageFiles(compilation) },
          meta: { plugin: 'PageFilesPlugin' },
        })
        cb(null, data)
      })
    })
  }
}

function pageFiles(compilation: Compilation): string {
  const publicPath = String(compilation.outputOptions.publicPath ?? '/')
  const initial = new Set<string>()
  for (const entry of compilation.entrypoints.values()) for (const chunk of entry.chunks) for (const f of chunk.files) initial.add(f)
  const byPage = new Map<string, Set<string>>()
  for (const group of compilation.chunkGroups) {
    if (group.isInitial()) continue
    for (const origin of group.origins) {
      // Taro's H5 entry loads each page as import('./pages/…/index').
      const page = /^\.\/((?:pages|package)[\w/-]+?)(?:\.[jt]sx?)?$/.exec(origin.request ?? '')?.[1]
      if (!page) continue
      const files = byPage.get(page) ?? new Set<string>()
      for (const chunk of group.chunks) for (const f of chunk.files) if (/\.(js|css)$/.test(f) && !initial.has(f)) files.add(f)
      byPage.set(page, files)
    }
  }
  return [...byPage].map(([page, files]) => `${page}=${[...files].map((f) => publicPath + f).join(',')}`).join(';')
}
