import type { Compilation, Compiler } from 'webpack'
import { PAGE_FILES_META } from '../src/pageFilesMeta'

interface HtmlTag {
  tagName: string
  voidTag: boolean
  attributes: Record<string, string | boolean>
  innerHTML?: string
  meta: Record<string, unknown>
}

/**
 * Inline, right after the list: the code of the page the address opens (an address without a page:
 * the first in the list, app.config's first page), preloaded beside the app's own scripts instead
 * of after them. The same text in every build, so the CSP's hash of it (cloud/vercel.json) holds.
 */
export const PRELOAD_OPENED_PAGE = `!function(){var m=document.querySelector('meta[name="${PAGE_FILES_META}"]');if(!m)return;var l=m.content.split(';'),h=location.hash.replace(/^[#\\/]+/,'').split('?')[0];for(var i=0;i<l.length;i++){var e=l[i].split('=');if(e[0]===h||(!h&&i===0)){e[1].split(',').forEach(function(f){var k=document.createElement('link');k.rel='preload';k.as=/\\.css$/.test(f)?'style':'script';k.href=f;document.head.appendChild(k)});return}}}()`

interface HtmlPluginClass {
  getHooks(compilation: Compilation): {
    alterAssetTagGroups: {
      tapAsync(
        name: string,
        fn: (data: { headTags: HtmlTag[] }, cb: (e: Error | null, data: { headTags: HtmlTag[] }) => void) => void,
      ): void
    }
  }
}

/**
 * H5 only. Writes into index.html, as `page=file,file;page=…` in the order of app.config's pages,
 * the JS and CSS files the router loads for each page beyond those index.html loads itself: what
 * the app needs to fetch a page's code ahead of the router, the opened page's at once
 * (PRELOAD_OPENED_PAGE) and those a page's preloadRule names once it shows (src/preloadRule.h5.ts).
 * Page paths have neither quotes nor `;`, `=` or `,`; file names are webpack's `js/<name>.<hash>.js`.
 */
export class PageFilesPlugin {
  apply(compiler: Compiler): void {
    compiler.hooks.compilation.tap('PageFilesPlugin', (compilation) => {
      // The html-webpack-plugin instance Taro configured: its hooks belong to its own copy of the module.
      const html = compiler.options.plugins.find((p) => p?.constructor?.name === 'HtmlWebpackPlugin')
      // None in the watch build's dependency prebundling (a compiler of its own, writing no index.html).
      if (!html) return
      ;(html.constructor as unknown as HtmlPluginClass)
        .getHooks(compilation)
        .alterAssetTagGroups.tapAsync('PageFilesPlugin', (data, cb) => {
          data.headTags.unshift(
            {
              tagName: 'meta',
              voidTag: true,
              attributes: { name: PAGE_FILES_META, content: pageFiles(compilation) },
              meta: { plugin: 'PageFilesPlugin' },
            },
            { tagName: 'script', voidTag: false, attributes: {}, innerHTML: PRELOAD_OPENED_PAGE, meta: { plugin: 'PageFilesPlugin' } },
          )
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
