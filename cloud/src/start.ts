// `npm start`: builds the H5 app if it is missing, then runs the server. Demo
// mode is on when DEMO_MODE asks for it, or on the embedded database with no
// production secret set (startDemoMode); a real database or real keys without
// DEMO_MODE=1 run it off.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { startDemoMode } from './config';
import { dbConfigFromEnv } from './db';
import { startServer } from './server';
import { stopOnSignals } from './shutdown';

const demo = startDemoMode(process.env, dbConfigFromEnv(process.env).driver ?? 'pglite');
const env: Record<string, string | undefined> = { ...process.env, DEMO_MODE: demo ? '1' : '0' };
if (!existsSync('miniapp/dist/h5/index.html') && env.SKIP_H5_BUILD !== '1') {
  console.log('[start] building the H5 app (first run only)…');
  const r = spawnSync('npm', ['run', 'build:h5', '--workspace', 'miniapp'], { stdio: 'inherit', env });
  if (r.status !== 0) console.warn('[start] H5 build failed: serving the API only');
}
const { stop } = await startServer(env);
stopOnSignals(stop);
