// Vercel serverless entry (Node runtime): every /api/* request is rewritten
// here (see vercel.json) and handled by the same Hono app as the local server.
import { handle } from '@hono/node-server/vercel';
import { createApp } from '../src/app';
import { loadConfig } from '../src/config';
import { createDb, dbConfigFromEnv } from '../src/db';
import { createDeps } from '../src/deps';

// Built once per function instance and reused across invocations.
const db = await createDb(dbConfigFromEnv());
const app = createApp(createDeps(db, loadConfig()));

export default handle(app);
