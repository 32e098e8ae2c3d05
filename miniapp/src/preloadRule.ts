// The mini-program: WeChat applies app.config's preloadRule itself (the H5 app
// takes preloadRule.h5.ts instead).
export {}
