// The mini-program as WeChat would take it for review: one production weapp
// build (into a temp folder), then the offline code-quality check of the
// miniprogram-ci package (`checkCodeQuality`: minified JS/WXML/WXSS, lazy code
// loading, package and image sizes, files the main package carries only for
// subpackages — all read from the files, no call to WeChat's servers) and our
// own budget: the main package (everything outside the subpackages) ≤ 600 KB.
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../e2e/support/h5';

const MAIN_PACKAGE_BUDGET = 600 * 1024;
const BUILD_TIMEOUT_MS = 10 * 60_000;

interface CheckItem {
  name: string;
  success: boolean;
  text?: string;
}
interface MiniprogramCi {
  Project: new (options: { appid: string; type: 'miniProgram'; projectPath: string; privateKey: string }) => unknown;
  checkCodeQuality(project: unknown): Promise<CheckItem[]>;
}

let workDir = '';
let weappDir = '';
let buildLog = '';

function buildWeapp(outDir: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('npx', ['taro', 'build', '--type', 'weapp'], {
      cwd: join(repoRoot, 'miniapp'),
      // A production build needs a registered https:// API domain (config/api-base.ts); any will do here.
      env: { ...process.env, NODE_ENV: 'production', TARO_APP_API_BASE_URL: 'https://qi.example.cn', MINIAPP_OUT: outDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => chunks.push(c));
    child.stderr.on('data', (c: Buffer) => chunks.push(c));
    const timer = setTimeout(() => child.kill('SIGTERM'), BUILD_TIMEOUT_MS);
    child.on('close', (code) => {
      clearTimeout(timer);
      buildLog = Buffer.concat(chunks).toString('utf8');
      if (code === 0) resolve();
      else reject(new Error(`weapp build failed (exit ${code}):\n${buildLog.slice(-4000)}`));
    });
  });
}

/** Bytes of every file outside the subpackages' roots (source maps aside), as WeChat counts the main package. */
async function mainPackageBytes(dir: string): Promise<{ total: number; files: [string, number][] }> {
  const { readdir, stat } = await import('node:fs/promises');
  const app = JSON.parse(await readFile(join(dir, 'app.json'), 'utf8')) as { subPackages?: { root: string }[] };
  const roots = (app.subPackages ?? []).map((s) => s.root.replace(/\/$/, ''));
  const files: [string, number][] = [];
  const walk = async (rel: string): Promise<void> => {
    for (const name of await readdir(join(dir, rel))) {
      const r = rel ? `${rel}/${name}` : name;
      if (roots.some((root) => r === root || r.startsWith(`${root}/`))) continue;
      const s = await stat(join(dir, r));
      if (s.isDirectory()) await walk(r);
      else if (!r.endsWith('.map')) files.push([r, s.size]);
    }
  };
  await walk('');
  return { total: files.reduce((n, [, size]) => n + size, 0), files: files.sort((a, b) => b[1] - a[1]) };
}

beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'qi-weapp-'));
  weappDir = join(workDir, 'weapp');
  await buildWeapp(weappDir);
  // The developer tools' project file of the repository, pointed at this build.
  const config = JSON.parse(await readFile(join(repoRoot, 'project.config.json'), 'utf8')) as Record<string, unknown>;
  await writeFile(join(workDir, 'project.config.json'), JSON.stringify({ ...config, miniprogramRoot: 'weapp/' }, null, 2));
}, BUILD_TIMEOUT_MS + 60_000);

afterAll(async () => {
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

describe('the production weapp build', () => {
  it("passes every item of miniprogram-ci's offline code-quality check", async () => {
    const ci = createRequire(import.meta.url)('miniprogram-ci') as MiniprogramCi;
    // No upload or preview: the key is never used, but the Project needs one.
    const project = new ci.Project({ appid: 'touristappid', type: 'miniProgram', projectPath: workDir, privateKey: 'offline-check' });
    const items = await ci.checkCodeQuality(project);
    expect(items.map((i) => i.name)).toEqual(
      expect.arrayContaining([
        'PACKAGE_SIZE_LIMIT',
        'JS_COMPRESS_OPEN',
        'WXML_COMPRESS_OPEN',
        'WXSS_COMPRESS_OPEN',
        'LAZYCODE_LOADING_OPEN',
      ]),
    );
    expect(items.filter((i) => !i.success).map((i) => `${i.name}: ${i.text ?? ''}`)).toEqual([]);
  });

  it('keeps the main package within 600 KB', async () => {
    const { total, files } = await mainPackageBytes(weappDir);
    const biggest = files.slice(0, 8).map(([f, n]) => `${f} ${(n / 1024).toFixed(1)} KB`);
    expect(total, `main package ${(total / 1024).toFixed(1)} KB; biggest: ${biggest.join(', ')}`).toBeLessThanOrEqual(MAIN_PACKAGE_BUDGET);
  });

  it('declares lazy code loading and the privacy check in app.json', async () => {
    const app = JSON.parse(await readFile(join(weappDir, 'app.json'), 'utf8')) as Record<string, unknown>;
    expect(app.lazyCodeLoading).toBe('requiredComponents');
    expect(app.__usePrivacyCheck__).toBe(true);
  });
});
