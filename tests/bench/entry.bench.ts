// The serverless entry's cold start: a fresh bare `node` that imports the built
// Vercel function (cloud/api/index.js → cloud/dist/vercel, as `npm run build:vercel`
// writes it) against a fresh bare `node` that imports nothing, alternated,
// ENTRY_BENCH_RUNS times each (default 15). Prints the medians, the difference
// (the target: at most 150 ms) and what a cold start loads (the target: at most
// 1 MB; tests/cloud/vercel-function.test.ts asserts that size).
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, bench, describe } from 'vitest';
import { CLOUD_DIR, REPO_ROOT, vercelBundleFigures } from '../../cloud/scripts/build';

const RUNS = Number(process.env.ENTRY_BENCH_RUNS ?? 15);
const ENTRY = pathToFileURL(join(CLOUD_DIR, 'api/index.js')).href;
/** What Vercel gives the function: no loader, no NODE_OPTIONS; a pooled Vercel Postgres URL (nothing connects before a query; this host never resolves). */
const ENV = {
  PATH: process.env.PATH ?? '',
  POSTGRES_URL: 'postgres://bench:bench@ep-bench-pooler.invalid/none',
  SESSION_SECRET: 'bench-session-secret-of-at-least-32-chars',
  DATA_KEY: Buffer.alloc(32, 7).toString('base64'),
};

/** A fresh node runs `script`, then says how long it has lived and how much CPU it used (ms). */
function run(script: string): { wall: number; cpu: number } {
  const report = `const u = process.cpuUsage(); console.log(JSON.stringify({ wall: performance.now(), cpu: (u.user + u.system) / 1000 }));`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', `${script}\n${report}`], { env: ENV, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`node exited ${r.status}:\n${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as { wall: number; cpu: number };
}

const ENTRY_IMPORT = `await import(${JSON.stringify(ENTRY)});`;
const bare = () => run('');
const coldImport = () => run(ENTRY_IMPORT);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

beforeAll(() => {
  const built = spawnSync('npm', ['run', 'build:vercel'], { cwd: REPO_ROOT, encoding: 'utf8', env: { ...process.env, VERCEL: '' } });
  if (built.status !== 0) throw new Error(`npm run build:vercel failed:\n${built.stdout}\n${built.stderr}`);
  const figures = vercelBundleFigures(JSON.parse(readFileSync(join(CLOUD_DIR, 'dist/vercel/meta.json'), 'utf8')));
  coldImport(); // the file system cache warm for both, as on a function host
  const b: { wall: number; cpu: number }[] = [];
  const c: { wall: number; cpu: number }[] = [];
  for (let i = 0; i < RUNS; i++) {
    b.push(bare());
    c.push(coldImport());
  }
  const kb = (n: number) => `${(n / 1000).toFixed(0)} KB`;
  const line = (what: 'wall' | 'cpu') => {
    const [mb, mc] = [median(b.map((x) => x[what])), median(c.map((x) => x[what]))];
    return `${what === 'wall' ? 'time alive' : 'CPU time'}: bare node ${mb.toFixed(0)} ms, importing the function ${mc.toFixed(0)} ms, +${(mc - mb).toFixed(0)} ms`;
  };
  console.log(
    `serverless entry: a cold start loads ${kb(figures.coldStartBytes)} of JavaScript (target ≤ 1 000 KB; all chunks ${kb(figures.totalBytes)})\n` +
      `  cold import, median of ${RUNS} fresh processes each (target: ≤ 150 ms more than bare node)\n` +
      `  ${line('wall')}\n  ${line('cpu')} (what a loaded machine's scheduling does not blur)`,
  );
}, 300_000);

describe('serverless entry', () => {
  bench('bare node (a process that imports nothing)', () => void bare(), { iterations: 5, time: 0 });
  bench('node importing the built Vercel function', () => void coldImport(), { iterations: 5, time: 0 });
});
