// The mini-program: nothing asked at launch. Its main package holds only the
// first screens' own code (600 KB budget); each page asks for what it shows,
// and the H5 app's launch requests (prefetch.h5.ts) would bring the calendar
// and the shared schemas into it.
export {}
