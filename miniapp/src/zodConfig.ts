// The mini-program: nothing to set. WeChat runs no eval at all, zod's probe for
// it fails quietly and zod parses without compiling, so the main package
// carries no part of zod (the H5 build takes zodConfig.h5.ts instead).
export {}
