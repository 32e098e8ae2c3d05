// A phone on a slow network: the H5 app from a cold open (empty cache, signed in) to a
// submitted need, in Chromium, on Lighthouse's mobile profile — Slow 4G (150 ms round trip,
// 1.6 Mbps down, 750 kbps up, through CDP Network.emulateNetworkConditions) and the CPU
// slowed 4× (Emulation.setCPUThrottlingRate) — against the production server build
// (npm run build:server; node cloud/dist/server.js) serving the production H5 build.
// Prints the time until the home page's service menu is visible, the time until the need's
// receipt shows, and the bytes that crossed the network (as sent: compressed), for a cold open
// and for a second open with the browser's cache (hashed files are immutable). Target: the
// submitted need within 3 s of the cold open. COLDOPEN_RUNS runs each (default 3), medians.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, bench, describe } from 'vitest';
import { PRIVACY_DOCUMENTS, PRIVACY_PATHS } from '@qi/shared';
import { REPO_ROOT } from '../../cloud/scripts/build';
import { RELAXED_RATE_LIMITS } from '../support/api';
import { jsonClient } from '../support/json-client';
import { createTestDb, testDatabaseUrl } from '../support/db';
import { buildH5, chromiumPath, launchChromium, PHONE, TOKEN_STORAGE_KEY } from '../e2e/support';

const RUNS = Number(process.env.COLDOPEN_RUNS ?? 3);
/** COLDOPEN_TRACE=1: also print every request of each run (start and end, from the cold open, and its size). */
const TRACE = process.env.COLDOPEN_TRACE === '1';
/** Lighthouse's mobile profile ("Slow 4G", moto g power class CPU). */
export const SLOW_4G = { latency: 150, downloadThroughput: (1.6e6 / 8) | 0, uploadThroughput: (750e3 / 8) | 0 };
export const CPU_SLOWDOWN = 4;

let server: ChildProcess | undefined;
let base = '';
let cleanup: (() => Promise<void>) | undefined;
let browser: Browser | undefined;
let token = '';

async function startProductionServer(h5: string): Promise<void> {
  const built = spawnSync('npm', ['run', 'build:server'], { cwd: REPO_ROOT, encoding: 'utf8' });
  if (built.status !== 0) throw new Error(`npm run build:server failed:\n${built.stdout}\n${built.stderr}`);
  const port = 20000 + Math.floor(Math.random() * 20000);
  base = `http://127.0.0.1:${port}`;
  // Demo mode: the seeded personas and the dev sign-in, on the same build as production.
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    DEMO_MODE: '1',
    ...RELAXED_RATE_LIMITS,
    H5_DIR: h5,
    PORT: String(port),
    HOST: '127.0.0.1',
  };
  if (testDatabaseUrl()) {
    const fresh = await createTestDb();
    env.DATABASE_URL = fresh.url!;
    cleanup = fresh.drop;
  } else {
    const dir = await mkdtemp(join(tmpdir(), 'qi-coldopen-'));
    env.DATA_DIR = join(dir, 'data');
    cleanup = () => rm(dir, { recursive: true, force: true });
  }
  server = spawn(process.execPath, ['cloud/dist/server.js'], { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  await new Promise<void>((resolve, reject) => {
    let out = '';
    server!.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      if (out.includes('[server] listening')) resolve();
    });
    server!.stderr!.on('data', (c: Buffer) => (out += c.toString()));
    server!.on('exit', (code) => reject(new Error(`the production server exited (${code}):\n${out}`)));
  });
  const api = jsonClient((path, init) => fetch(`${base}${path}`, init));
  token = await api.login('enterprise');
  // A returning user: agreed to the privacy documents before (the first submission asks, once).
  const consent = await api.request('POST', PRIVACY_PATHS.consent, {
    token,
    body: { privacyVersion: PRIVACY_DOCUMENTS.privacy.version, termsVersion: PRIVACY_DOCUMENTS.terms.version, channel: 'h5' },
  });
  if (consent.status !== 200) throw new Error(`consent failed: ${consent.status}`);
}

interface Run {
  menuMs: number;
  submittedMs: number;
  bytes: number;
  requests: number;
}

/** A throttled phone; `context` given: the same browser profile again (its cache). */
async function throttledPage(
  context: BrowserContext,
): Promise<{ page: Page; bytes: () => number; requests: () => number; trace: string[]; start: () => void }> {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', { offline: false, ...SLOW_4G });
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });
  let bytes = 0;
  let requests = 0;
  let t0 = performance.now();
  const since = () => ((performance.now() - t0) / 1000).toFixed(2);
  // data: URLs (NutUI's icons) never reach the network: neither counted nor traced.
  const sent = new Map<string, string>();
  const trace: string[] = [];
  cdp.on('Network.requestWillBeSent', (e: { requestId: string; request: { url: string; method: string } }) => {
    if (!e.request.url.startsWith('data:')) sent.set(e.requestId, `${since()} s → ${e.request.method} ${e.request.url.replace(base, '')}`);
  });
  cdp.on('Network.loadingFinished', (e: { requestId: string; encodedDataLength: number }) => {
    const what = sent.get(e.requestId);
    if (what === undefined) return;
    bytes += e.encodedDataLength;
    requests++;
    if (TRACE) trace.push(`${what} … ${since()} s, ${(e.encodedDataLength / 1024).toFixed(1)} KiB`);
  });
  return { page, bytes: () => bytes, requests: () => requests, trace, start: () => (t0 = performance.now()) };
}

const shown = (page: Page) => page.locator('.taro_page:visible');

async function openAndSubmit(context: BrowserContext): Promise<Run> {
  const { page, bytes, requests, trace, start } = await throttledPage(context);
  const t0 = performance.now();
  start();
  await page.goto(`${base}/#/pages/home/index`);
  await shown(page).getByText('菜单式服务').first().waitFor({ state: 'visible', timeout: 60_000 });
  const menuMs = performance.now() - t0;
  await shown(page).getByText('提交需求', { exact: true }).first().tap({ force: true });
  const title = shown(page).locator('[data-field="title"] input');
  await title.waitFor({ state: 'visible', timeout: 60_000 });
  await title.fill('出口东盟检测咨询');
  // The form slides in: the chip is tapped once it stands still (Playwright's own checks), as a finger
  // would; a forced tap lands where the chip was a moment before, now and then beside it.
  await shown(page).locator('[data-field="categories"] .nut-checkbox', { hasText: '检验检测' }).tap();
  await shown(page).locator('[data-field="description"] textarea').fill('我司椰子汁准备出口东盟，需要了解检测项目和标准要求。');
  await shown(page).locator('[data-field="contactPhone"] input').fill('13876543210');
  await shown(page).getByText('提交需求', { exact: true }).last().tap({ force: true });
  await shown(page).locator('[data-receipt]').first().waitFor({ state: 'visible', timeout: 60_000 });
  const submittedMs = performance.now() - t0;
  await page.close();
  if (TRACE) console.log(`menu ${(menuMs / 1000).toFixed(2)} s, submitted ${(submittedMs / 1000).toFixed(2)} s:\n  ${trace.join('\n  ')}`);
  return { menuMs, submittedMs, bytes: bytes(), requests: requests() };
}

async function newPhone(): Promise<BrowserContext> {
  const context = await browser!.newContext({ ...PHONE });
  await context.addInitScript(
    ([key, value]) => {
      if (!window.localStorage.getItem(key)) window.localStorage.setItem(key, value);
    },
    [TOKEN_STORAGE_KEY, JSON.stringify({ data: token })] as const,
  );
  return context;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function report(what: string, runs: Run[]): string {
  return (
    `${what}: service menu visible ${(median(runs.map((r) => r.menuMs)) / 1000).toFixed(2)} s, ` +
    `need submitted ${(median(runs.map((r) => r.submittedMs)) / 1000).toFixed(2)} s (target ≤ 3 s), ` +
    `${(median(runs.map((r) => r.bytes)) / 1024).toFixed(0)} KiB over the network in ${median(runs.map((r) => r.requests))} requests`
  );
}

beforeAll(async () => {
  if (!chromiumPath()) throw new Error("the cold-open bench needs Chromium (Debian's chromium, or CHROMIUM_PATH)");
  const h5 = await buildH5();
  await startProductionServer(h5);
  browser = await launchChromium();
  const cold: Run[] = [];
  const warm: Run[] = [];
  for (let i = 0; i < RUNS; i++) {
    const context = await newPhone();
    cold.push(await openAndSubmit(context));
    warm.push(await openAndSubmit(context));
    await context.close();
  }
  console.log(
    `cold open on Slow 4G (${SLOW_4G.latency} ms, 1.6 Mbps down, 750 kbps up) with the CPU ${CPU_SLOWDOWN}× slower, median of ${RUNS}:\n` +
      `  ${report('first visit (empty cache)', cold)}\n  ${report('second visit (cached)', warm)}`,
  );
}, 20 * 60_000);

afterAll(async () => {
  await browser?.close().catch(() => undefined);
  if (server && server.exitCode === null) {
    const exited = new Promise((r) => server!.once('exit', r));
    server.kill('SIGTERM');
    await exited;
  }
  await cleanup?.();
}, 60_000);

describe('cold open on a slow phone', () => {
  bench(
    'first visit to a submitted need (Slow 4G, CPU 4×)',
    async () => {
      const context = await newPhone();
      await openAndSubmit(context);
      await context.close();
    },
    { iterations: 1, time: 0 },
  );
});
