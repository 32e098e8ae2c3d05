// The local Node server: migrates (and in demo mode seeds) the database, then
// serves the API and the built H5 app on one port.
import { existsSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from '@hono/node-server';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import { addCalendarDays, chinaCalendar, toShanghaiDate } from '@qi/shared';
import { createApp, notFound } from './app';
import { DEMO_MODE_WARNING, loadConfig } from './config';
import { createDb, dbConfigFromEnv, migrate } from './db';
import { seed } from './db/seed';
import { createDeps } from './deps';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

export async function startServer(env: Record<string, string | undefined> = process.env) {
  const config = loadConfig(env);
  const dbConfig = dbConfigFromEnv(env);
  const db = await createDb(dbConfig);
  const { applied } = await migrate(db);
  const deps = createDeps(db, config);
  if (config.demoMode) await seed(db, deps.pii);

  const h5Dir = resolve(repoRoot, env.H5_DIR ?? 'miniapp/dist/h5');
  const root = new Hono();
  root.route('/', createApp(deps));
  root.notFound(notFound); // the app's own 404 does not apply once it is mounted here
  if (existsSync(h5Dir)) {
    // serveStatic takes a path relative to the working directory.
    const rel = relative(process.cwd(), h5Dir) || '.';
    root.use('/*', serveStatic({ root: rel }));
    root.get('/', serveStatic({ path: `${rel}/index.html` }));
  }

  const port = Number(env.PORT ?? 3000);
  const server = serve({ fetch: root.fetch, port, hostname: env.HOST ?? '0.0.0.0' });
  const where = dbConfig.driver === 'pglite' ? `embedded PGlite in ${dbConfig.dataDir}` : `${dbConfig.driver} (${dbConfig.url?.replace(/:[^:@/]*@/, ':***@')})`;
  console.log(`[server] database: ${where}; migrations applied now: ${applied.length ? applied.join(', ') : 'none'}`);
  if (config.demoMode) console.warn(DEMO_MODE_WARNING);
  console.log(`[server] demo mode: ${config.demoMode ? 'ON (dev login, demo keys, seeded personas)' : 'off'}`);
  console.log(`[server] H5 app: ${existsSync(h5Dir) ? h5Dir : 'not built (run npm run build)'}`);
  const today = toShanghaiDate(new Date());
  const missing = chinaCalendar.missingYears(today, addCalendarDays(today, 365));
  if (missing.length) {
    console.warn(`[server] no holiday schedule for ${missing.join(', ')}: deadlines there count Monday–Friday only; add the year to shared/src/calendar.ts`);
  }
  console.log(`[server] listening on http://localhost:${port}  (API docs: http://localhost:${port}/api/docs)`);

  const stop = async () => {
    server.close();
    await db.close();
  };
  return { server, stop, deps };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { stop } = await startServer();
  for (const sig of ['SIGINT', 'SIGTERM'] as const) {
    process.on(sig, () => {
      void stop().finally(() => process.exit(0));
    });
  }
}
