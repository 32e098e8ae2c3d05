// The <meta name> of index.html that lists each page's code files: written by the H5 build
// (config/pageFiles.ts), read by the app (preloadRule.h5.ts). Plain JavaScript: the build's
// config loads this file as it is.
export const PAGE_FILES_META = 'qi-page-files'
