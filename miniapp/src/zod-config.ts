import { config as configureZod } from 'zod'

// The shared schemas validate forms here too. zod compiles object parsers with
// `new Function` when it may; the H5 app's Content-Security-Policy forbids eval
// (a mini-program does too), and zod's probe alone is reported as a violation.
// A module of its own, imported first by app.ts: it must run before any module
// that builds a schema (@qi/shared, through the api and the hooks app.ts loads).
configureZod({ jitless: true })
