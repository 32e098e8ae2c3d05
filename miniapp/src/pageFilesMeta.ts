// The <meta name> of index.html that lists each page's code files: written by the H5 build
// (config/pageFiles.ts), read by the app (preloadRule.h5.ts). And app.config's preloadRule,
// which the H5 app applies itself from here, as soon as its script runs (preloadRule.h5.ts).
// Plain JavaScript: the build's config loads this file as it is.
export const PAGE_FILES_META = 'qi-page-files'

/** app.config's preloadRule: from the home page, the next steps of the journey are fetched ahead of the tap. */
export const PRELOAD_RULE = {
  'pages/home/index': { network: 'all', packages: ['pages/need-form', 'pages/item'] },
}
