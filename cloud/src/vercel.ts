// The Vercel function (Node runtime). Every /api/* request is rewritten to
// api/index.js (see vercel.json), which re-exports this module as bundled by
// `npm run build:vercel` (cloud/scripts/build.ts): plain JavaScript that Node
// loads as it is. The same Hono app as the local server handles the request.
import { handle } from '@hono/node-server/vercel';
import { createApp } from './app';
import { DEMO_MODE_WARNING, loadConfig } from './config';
import { createDb, dbConfigFromEnv } from './db';
import { createDeps } from './deps';

// Built once per function instance and reused across invocations.
const dbConfig = dbConfigFromEnv();
if (dbConfig.driver === 'pglite') {
  // A function's file system is read-only and per instance: the embedded database is no database here.
  throw new Error('no database for the Vercel function: set POSTGRES_URL (Vercel Postgres) or DATABASE_URL');
}
const db = await createDb(dbConfig);
const config = loadConfig();
// Shown in the function's log at every cold start, as the local server shows it.
if (config.demoMode) console.warn(DEMO_MODE_WARNING);
const app = createApp(createDeps(db, config));

export default handle(app);
