// H5: the shared schemas validate forms here too. zod compiles object parsers
// with `new Function` when it may; the H5 app's Content-Security-Policy forbids
// eval, and zod's probe alone is reported as a violation: parse without it.
import { config } from 'zod/v4/core'

config({ jitless: true })
