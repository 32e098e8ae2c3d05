// The local Node server: migrates (and in demo mode seeds) the database, then
// serves the API and the built H5 app on one port.
import { once } from 'node:events';
import { existsSync, readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { addCalendarDays, toShanghaiDate } from '@qi/shared';
import { createApp, notFound } from './app';
import { compressResponses } from './compression';
import { DEMO_MODE_WARNING, loadConfig } from './config';
import { createDb, dbConfigFromEnv, migrate } from './db';
import { seed } from './db/seed';
import { createDeps } from './deps';
import { h5Static } from './h5Static';
import { gracefulStop, shutdownTimeoutMs, stopOnSignals } from './shutdown';
import { inlineScriptHashes, pageSecurityHeaders } from './securityHeaders';
import { calendarYears, loadCalendar } from './services/calendar';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

export async function startServer(env: Record<string, string | undefined> = process.env) {
  const config = loadConfig(env);
  const shutdownTimeout = shutdownTimeoutMs(env);
  const dbConfig = dbConfigFromEnv(env);
  const db = await createDb(dbConfig);
  const { applied } = await migrate(db);
  const deps = createDeps(db, config);
  if (config.demoMode) await seed(db, deps.pii);

  const h5Dir = resolve(repoRoot, env.H5_DIR ?? 'miniapp/dist/h5');
  const root = new Hono();
  // The API's replies compressed as the client accepts (the H5 files are, below, by h5Static).
  root.use('/api/*', compressResponses());
  root.route('/', createApp(deps));
  root.notFound(notFound); // the app's own 404 does not apply once it is mounted here
  if (existsSync(h5Dir)) {
    const indexHtml = resolve(h5Dir, 'index.html');
    root.use('/*', pageSecurityHeaders(existsSync(indexHtml) ? inlineScriptHashes(readFileSync(indexHtml, 'utf8')) : []));
    // Compressed, hashed files cached as immutable, index.html revalidated: see h5Static.ts.
    root.use('/*', await h5Static(h5Dir));
  }

  const server = serve({ fetch: root.fetch, port: Number(env.PORT ?? 3000), hostname: env.HOST ?? '0.0.0.0' }) as Server;
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo; // PORT=0 picks a free one
  const where =
    dbConfig.driver === 'pglite'
      ? `embedded PGlite in ${dbConfig.dataDir}`
      : `${dbConfig.driver} (${dbConfig.url?.replace(/:[^:@/]*@/, ':***@')})`;
  console.log(`[server] database: ${where}; migrations applied now: ${applied.length ? applied.join(', ') : 'none'}`);
  if (config.demoMode) console.warn(DEMO_MODE_WARNING);
  console.log(`[server] demo mode: ${config.demoMode ? 'ON (dev login, demo keys, seeded personas)' : 'off'}`);
  console.log(`[server] H5 app: ${existsSync(h5Dir) ? h5Dir : 'not built (run npm run build)'}`);
  const today = toShanghaiDate(deps.now());
  const calendar = await loadCalendar(deps, db);
  const ahead = addCalendarDays(today, 365);
  const provisional = calendar.provisionalYears(today, ahead);
  if (provisional.length) {
    console.warn(
      `[server] holiday schedule provisional for ${provisional.join(', ')}: no State Council notice published yet, deadlines there count the statutory holidays only (no adjusted working days); a manager publishes the year on 我的 → 放假安排`,
    );
  }
  const missing = calendar.missingYears(today, ahead);
  if (missing.length)
    console.warn(`[server] no holiday schedule at all for ${missing.join(', ')}: deadlines there count Monday–Friday only`);
  const published = (await calendarYears(db, today)).filter((y) => y.status === 'published').map((y) => y.year);
  console.log(`[server] holiday schedules published: ${published.join(', ') || 'none'}`);
  console.log(`[server] listening on http://localhost:${port}  (API docs: http://localhost:${port}/api/docs)`);

  const stop = gracefulStop(server, db, shutdownTimeout);
  return { server, port, stop, deps };
}

// Run as the script itself (tsx cloud/src/server.ts, node cloud/dist/server.js), not when bundled
// into another script that starts the server its own way (cloud/dist/start.js, npm start).
if (process.argv[1] && /server\.[jt]s$/.test(process.argv[1]) && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { stop } = await startServer();
  stopOnSignals(stop);
}
