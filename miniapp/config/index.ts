import path from 'node:path'
import { defineConfig, type UserConfigExport } from '@tarojs/cli'
import type { IH5Config } from '@tarojs/taro/types/compile'
import devConfig from './dev'
import prodConfig from './prod'
import { resolveApiBaseUrl } from './api-base'
import { PageFilesPlugin } from './pageFiles'

/** Where the workspace package `@qi/shared` lives (plain TS source, symlinked by npm workspaces). */
const sharedSrc = path.resolve(__dirname, '../../shared/src')

const NUTUI = ['@nutui/nutui-react-taro', '@nutui/icons-react-taro']

/** The H5 site's root files (src/assets/icons): favicon, home-screen icons, web app manifest. */
const H5_ROOT_FILES = ['favicon.ico', 'icon.svg', 'apple-touch-icon.png', 'icon-192.png', 'icon-512.png', 'manifest.webmanifest']

/**
 * NutUI is drawn on a 375 px design; our pages on Taro's default 750 px.
 * The argument is a postcss `Input` for CSS (hence the object guard) or a size.
 */
function designWidth(input?: unknown): number {
  if (typeof input === 'object' && input !== null && 'file' in input) {
    const file = String((input as { file?: unknown }).file ?? '').replace(/\\+/g, '/')
    if (file.includes('@nutui')) return 375
  }
  return 750
}

// https://taro-docs.jd.com/docs/next/config#defineconfig-辅助函数
export default defineConfig<'webpack5'>(async (merge) => {
  const env = process.env.TARO_ENV ?? 'weapp'
  /** Build-time API base for weapp (https:// in a production build); H5 talks to its own origin (see src/api/client.ts). */
  const apiBaseUrl = resolveApiBaseUrl({ ...process.env, TARO_ENV: env })
  // Each target into its own folder: dist/weapp and dist/h5.
  // MINIAPP_OUT lets parallel builds (e.g. a test run) write elsewhere.
  const outputRoot = process.env.MINIAPP_OUT ?? `dist/${env}`
  const baseConfig: UserConfigExport<'webpack5'> = {
    projectName: 'qi-one-stop',
    date: '2025-1-1',
    designWidth,
    deviceRatio: {
      375: 2,
      640: 2.34 / 2,
      750: 1,
      828: 1.81 / 2,
    },
    sourceRoot: 'src',
    outputRoot,
    plugins: ['@tarojs/plugin-html'],
    defineConstants: {
      API_BASE_URL: JSON.stringify(apiBaseUrl),
    },
    // H5 only: the favicon and home-screen icons at the site's root (a browser asks for /favicon.ico).
    // File by file: copy-webpack-plugin takes an output folder with a dot in its name for a file.
    copy: {
      patterns: env === 'h5' ? H5_ROOT_FILES.map((f) => ({ from: `src/assets/icons/${f}`, to: `${outputRoot}/${f}` })) : [],
      options: {},
    },
    // H5 renders with Preact (React's API through preact/compat, ~35 KiB less to download and
    // run before the first page: npm run bench, coldopen); weapp keeps React's mini-program renderer.
    framework: env === 'h5' ? 'preact' : 'react',
    compiler: {
      type: 'webpack5',
      prebundle: {
        // Excluding NutUI keeps per-component imports (otherwise a watch build
        // pre-bundles the whole library); the shared TS source must go through
        // our own loaders.
        exclude: [...NUTUI, '@qi/shared'],
      },
    },
    cache: { enable: false },
    mini: {
      compile: { include: [sharedSrc] },
      // Modules only subpackages use go into those subpackages (their sub-vendors / sub-common
      // chunks, copied into each that needs one), not into the main package's vendors/common.
      optimizeMainPackage: { enable: true },
      // WXML without the whitespace between tags (JS and WXSS are minified by the production build).
      minifyXML: { collapseWhitespace: true },
      // Per-component NutUI CSS reaches shared chunks in different orders; the
      // rules do not depend on that order.
      miniCssExtractPluginOption: { ignoreOrder: true },
      postcss: {
        pxtransform: { enable: true, config: {} },
        cssModules: { enable: false, config: { namingPattern: 'module', generateScopedName: '[name]__[local]___[hash:base64:5]' } },
      },
      webpackChain(chain) {
        sharedRules(chain)
      },
    },
    h5: {
      publicPath: '/',
      staticDirectory: 'static',
      // Taro's components as plain HTML rather than web components: a slow phone gets from a cold
      // open to a submitted need ~0.5–0.7 s sooner (npm run bench, coldopen). Button and Textarea
      // are our own plain HTML: src/h5Components.ts.
      useHtmlComponents: true,
      // `dev:h5` is a watch build with no dev server to hot-reload from (Preact's would need Prefresh).
      devServer: { hot: false },
      router: { mode: 'hash' },
      compile: { include: [sharedSrc] },
      output: {
        filename: 'js/[name].[contenthash:8].js',
        chunkFilename: 'js/[name].[contenthash:8].js',
      },
      miniCssExtractPluginOption: {
        ignoreOrder: true,
        filename: 'css/[name].[contenthash:8].css',
        chunkFilename: 'css/[name].[contenthash:8].css',
      },
      htmlPluginOption: {
        title: '质量基础设施一站式服务',
      },
      postcss: {
        autoprefixer: { enable: true, config: {} },
        cssModules: { enable: false, config: { namingPattern: 'module', generateScopedName: '[name]__[local]___[hash:base64:5]' } },
      },
      webpackChain(chain) {
        sharedRules(chain)
        chain.resolve.alias.set('@tarojs/components$', path.resolve(__dirname, '../src/h5Components.ts'))
        // Only re-exports: the entry's one import from it (PullDownRefresh) and each page's links
        // straight to the component's own module, not to every component and its dependencies.
        chain.module
          .rule('qi-h5-components')
          .test(/[\\/]src[\\/]h5Components\.ts$/)
          .set('sideEffects', false)
        // Each page's code files, for app.config's preloadRule on H5 (src/preloadRule.h5.ts).
        chain.plugin('qi-page-files').use(PageFilesPlugin)
        // Taro splits only initial chunks on H5, so every lazily loaded page
        // would carry its own copy of NutUI and the catalogue: share them —
        // in a few chunks of some size, not Taro's minSize 0 (a page then
        // loaded 20–30 files of 1–5 KB, each a round trip on a slow network).
        const splitChunks = chain.optimization.get('splitChunks') as Record<string, unknown> | false | undefined
        if (splitChunks) chain.optimization.splitChunks({ ...splitChunks, chunks: 'all', minSize: 30_000, maxAsyncRequests: 6 })
        // The pages stay chunks of their own, loaded by the router: a page module added to
        // the entry (tried for the first screens, to save their round trips) is a second
        // copy beside the router's, and the one shown lost its URL's query (申请此服务's item).
        // The entry (Preact, Taro's H5 runtime, the app's shell) is ~400 KiB raw with its CSS (~110 KiB
        // brotli): webpack's default 244 KiB hint always fires. Warn past our own budget.
        chain.performance.maxEntrypointSize(420 * 1024).maxAssetSize(300 * 1024)
      },
    },
  }
  if (process.env.NODE_ENV === 'development') {
    return merge({}, baseConfig, devConfig)
  }
  return merge({}, baseConfig, prodConfig)
})

type Chain = Parameters<NonNullable<IH5Config['webpackChain']>>[0]

/**
 * `@qi/shared` re-exports everything (zod schemas included) from one index.
 * Marking its modules free of side effects lets webpack drop the ones a page
 * does not use, so importing `CATEGORIES` does not pull zod into the bundle.
 */
function sharedRules(chain: Chain): void {
  const rule = chain.module
    .rule('qi-shared')
    .test(/\.[cm]?[jt]sx?$/)
    .include.add(sharedSrc)
    .end()
  // webpack-chain 6 predates these webpack 5 options: set them raw.
  rule.set('sideEffects', false)
  // labels.ts only gathers labels, most of them re-exported from shared: free of side effects, a page
  // that takes one label links straight to the module defining it, and the main package does not
  // carry the modules (and schemas) behind the labels only staff pages use.
  chain.module
    .rule('qi-labels')
    .test(/[\\/]src[\\/]labels\.ts$/)
    .set('sideEffects', false)
  // Should shared ever write `./catalog.js` for `./catalog.ts` (NodeNext style),
  // resolve it; scoped to requests made from shared's own files.
  rule.resolve.set('extensionAlias', { '.js': ['.ts', '.js'] })
}
