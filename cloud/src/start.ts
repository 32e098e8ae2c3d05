// `npm start`: builds the H5 app if it is missing, then runs the server in
// demo mode on the embedded database (unless the environment says otherwise).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { startServer } from './server';
import { stopOnSignals } from './shutdown';

const env: Record<string, string | undefined> = { ...process.env, DEMO_MODE: process.env.DEMO_MODE ?? '1' };
if (!existsSync('miniapp/dist/h5/index.html') && env.SKIP_H5_BUILD !== '1') {
  console.log('[start] building the H5 app (first run only)…');
  const r = spawnSync('npm', ['run', 'build:h5', '--workspace', 'miniapp'], { stdio: 'inherit', env });
  if (r.status !== 0) console.warn('[start] H5 build failed: serving the API only');
}
const { stop } = await startServer(env);
stopOnSignals(stop);
