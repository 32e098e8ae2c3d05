// Builds the H5 app once per source state: `MINIAPP_OUT=<dir> npm run build:h5 -w miniapp`
// into a folder of the system temp dir keyed on a hash of everything the build reads
// (miniapp/src, miniapp/config, shared/src, the build's configs and the lockfile).
// Every e2e file of a run (and later runs with unchanged sources) reuses it; when
// several files ask at once, one builds and the others wait on a lock.
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

/** What the H5 build reads: folders (walked) and single files, relative to the repo. */
const BUILD_INPUTS = [
  'miniapp/src',
  'miniapp/config',
  'miniapp/types',
  'miniapp/babel.config.js',
  'miniapp/package.json',
  'miniapp/tsconfig.json',
  'shared/src',
  'package-lock.json',
];

const DONE_MARKER = '.qi-h5-build-ok';
const PREFIX = 'qi-e2e-h5-';
/** Builds of other source states older than this are removed when a new one is made. */
const KEEP_OLD_BUILDS_MS = 24 * 3600_000;
const BUILD_TIMEOUT_MS = 10 * 60_000;

function walk(path: string, out: string[]): void {
  if (!existsSync(path)) return;
  if (statSync(path).isDirectory()) {
    for (const name of readdirSync(path).sort()) walk(join(path, name), out);
  } else {
    out.push(path);
  }
}

/** A short hash of the build's inputs: file paths and contents. */
export function h5SourceHash(): string {
  const hash = createHash('sha256');
  const files: string[] = [];
  for (const input of BUILD_INPUTS) walk(join(repoRoot, input), files);
  for (const file of files) {
    hash.update(relative(repoRoot, file));
    hash.update('\0');
    hash.update(readFileSync(file));
    hash.update('\0');
  }
  return hash.digest('hex').slice(0, 16);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function runBuild(outDir: string, logFile: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('npm', ['run', 'build:h5', '-w', 'miniapp'], {
      cwd: repoRoot,
      env: { ...process.env, MINIAPP_OUT: outDir, NODE_ENV: 'production' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => chunks.push(c));
    child.stderr.on('data', (c: Buffer) => chunks.push(c));
    const timer = setTimeout(() => child.kill('SIGTERM'), BUILD_TIMEOUT_MS);
    child.on('close', (code) => {
      clearTimeout(timer);
      const log = Buffer.concat(chunks).toString('utf8');
      void writeFile(logFile, log).finally(() => {
        if (code === 0 && existsSync(join(outDir, 'index.html'))) resolve();
        else reject(new Error(`H5 build failed (exit ${code}); log: ${logFile}\n${log.slice(-3000)}`));
      });
    });
  });
}

/** Removes builds of earlier source states (a day old or more) so the temp dir does not fill up. */
async function pruneOldBuilds(keep: string): Promise<void> {
  const root = tmpdir();
  for (const name of await readdir(root).catch(() => [] as string[])) {
    const path = join(root, name);
    if (!name.startsWith(PREFIX) || path === keep || path.startsWith(`${keep}.`)) continue;
    const info = await stat(path).catch(() => null);
    if (info && Date.now() - info.mtimeMs > KEEP_OLD_BUILDS_MS && !name.endsWith('.lock')) {
      await rm(path, { recursive: true, force: true }).catch(() => undefined);
    }
  }
}

let inProcess: Promise<string> | null = null;

/**
 * The folder of an H5 build of the current sources, building it if needed.
 * Safe to call from several test files (workers) at once.
 */
export function buildH5(): Promise<string> {
  inProcess ??= buildH5Uncached().catch((e: unknown) => {
    inProcess = null;
    throw e;
  });
  return inProcess;
}

async function buildH5Uncached(): Promise<string> {
  const dir = join(tmpdir(), `${PREFIX}${h5SourceHash()}`);
  const lock = `${dir}.lock`;
  const started = Date.now();
  for (;;) {
    if (existsSync(join(dir, DONE_MARKER))) return dir;
    try {
      await mkdir(lock); // atomic: whoever creates it builds
    } catch {
      // Someone else builds: wait, unless its owner died.
      const owner = Number(await readFile(join(lock, 'pid'), 'utf8').catch(() => ''));
      if (owner && !alive(owner)) await rm(lock, { recursive: true, force: true });
      if (Date.now() - started > BUILD_TIMEOUT_MS) throw new Error(`timed out waiting for the H5 build lock ${lock}`);
      await sleep(500);
      continue;
    }
    try {
      await writeFile(join(lock, 'pid'), String(process.pid));
      if (existsSync(join(dir, DONE_MARKER))) return dir;
      const work = `${dir}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
      console.log(`[e2e] building the H5 app into ${dir} (sources changed or first run)…`);
      const t0 = Date.now();
      try {
        await runBuild(work, `${dir}.build.log`);
        await writeFile(join(work, DONE_MARKER), new Date().toISOString());
        await rm(dir, { recursive: true, force: true });
        await rename(work, dir);
      } finally {
        await rm(work, { recursive: true, force: true });
      }
      console.log(`[e2e] H5 build ready in ${Math.round((Date.now() - t0) / 1000)} s`);
      await pruneOldBuilds(dir);
      return dir;
    } finally {
      await rm(lock, { recursive: true, force: true });
    }
  }
}
