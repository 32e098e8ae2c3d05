import Taro from '@tarojs/taro'
import { PAGE_FILES_META, PRELOAD_RULE } from './pageFilesMeta'

// H5: app.config's preloadRule as WeChat applies it. Once the page on screen has its own code,
// the code of the packages its rule names (the home page's: 提交需求, then 服务项目) is fetched,
// one package after another in the rule's order, so a tap there waits for no download. For the
// page the address opens, at once as the app's script runs (its first task), not after the app
// has started: on a slow network the download then begins while the app starts instead of after.
// <link rel="preload">: a script the router asks for while its preload is still under way takes
// that download (a prefetch would be fetched twice); at low priority, after what the page on
// screen still asks for.

type PreloadRule = Record<string, { network: string; packages: string[] }>

let listed: Map<string, string[]> | undefined

/** page → its code files, from index.html (config/pageFiles.ts); read once, it does not change. */
function pageFiles(): Map<string, string[]> {
  if (listed) return listed
  const content = document.querySelector(`meta[name="${PAGE_FILES_META}"]`)?.getAttribute('content') ?? ''
  const map = new Map<string, string[]>()
  for (const entry of content.split(';')) {
    const [page, files] = entry.split('=')
    if (page && files) map.set(page, files.split(','))
  }
  return (listed = map)
}

/** Runs `then` once every one of `files` has come in (resource timing: downloads done, cached ones too). */
function whenLoaded(files: string[], then: () => void): void {
  const pending = new Set(files.map((f) => new URL(f, location.href).href))
  const drop = (entries: PerformanceEntryList) => {
    for (const e of entries) pending.delete(e.name)
  }
  drop(performance.getEntriesByType('resource'))
  if (!pending.size) return then()
  const observer = new PerformanceObserver((list) => {
    drop(list.getEntries())
    if (pending.size) return
    observer.disconnect()
    then()
  })
  observer.observe({ type: 'resource' })
}

/** A preload for `file`, unless the document already asks for it (a script, a stylesheet or an earlier preload). */
function preload(file: string): void {
  if (document.querySelector(`script[src="${file}"], link[href="${file}"]`)) return
  const link = document.createElement('link')
  link.rel = 'preload'
  link.as = file.endsWith('.css') ? 'style' : 'script'
  link.href = file
  link.setAttribute('fetchpriority', 'low')
  document.head.appendChild(link)
}

function applyRule(page: string): void {
  const rule = (PRELOAD_RULE as PreloadRule)[page]
  if (!rule) return
  const connection = (navigator as { connection?: { saveData?: boolean; type?: string } }).connection
  if (connection?.saveData || (rule.network === 'wifi' && connection?.type !== 'wifi')) return
  const files = pageFiles()
  // A package is a subpackage's root (the files of each of its pages) or a page; in the rule's order.
  const packages = rule.packages.map((root) => [
    ...new Set([...files].flatMap(([p, fs]) => (p === root || p.startsWith(`${root}/`) ? fs : []))),
  ])
  whenLoaded(files.get(page) ?? [], () => preloadInTurn(packages))
}

/**
 * Each package's files once the package before it in the rule has its own: on a slow network the
 * packages share the bandwidth otherwise, and the first (提交需求 on the home page) came in last.
 */
function preloadInTurn([first, ...rest]: string[][]): void {
  if (!first) return
  first.forEach(preload)
  whenLoaded(first, () => preloadInTurn(rest))
}

/** The page a hash-router address shows ('' before the router settles: the first page). */
const pageOf = (path: string): string => path.replace(/^[#/]+/, '').split('?')[0]!

// The opened page (no page in the address: the first listed, app.config's first page), now.
applyRule(pageOf(location.hash) || ([...pageFiles().keys()][0] ?? ''))
Taro.eventCenter.on('__afterTaroRouterChange', (e: { toLocation?: { path?: string } }) => applyRule(pageOf(e.toLocation?.path ?? '')))
