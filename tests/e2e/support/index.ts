// THE browser-test harness: the real H5 build, served by the real server
// (API + Postgres), driven in Debian's Chromium as a phone. Use it like:
//
//   import { describeE2E, shown, tap, useE2E, visible } from './support';
//   const e2e = useE2E();                       // build (cached), server, Chromium
//   describeE2E('服务大厅', () => {
//     it('shows the eleven categories', async () => {
//       const { page, shots } = await e2e.phone({ signedInAs: 'enterprise' });
//       await e2e.open(page, '/pages/home/index');
//       await visible(shown(page).getByText('菜单式服务'));
//       await tap(shown(page).getByText('计量', { exact: true }));
//       await shots.take(page, '计量');           // test-artifacts/<test>/01-计量.png
//       const token = await e2e.api.login('specialist'); // act as staff over HTTP
//     });
//   });
//
// Look inside `shown(page)`: Taro's H5 router keeps earlier pages in the DOM,
// hidden. Tap, don't click (Taro's submit Button fires on touchend). Page
// transitions are switched off; a failed test leaves failure-*.png. Without
// Chromium the tests are skipped with a message, except under CI=true, where
// they fail.
import { PRIVACY_DOCUMENTS, PRIVACY_PATHS, type Persona } from '@qi/shared';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { chromiumPath, launchChromium, newPhoneContext, Screenshots } from './browser';
import { buildH5 } from './h5';
import { startE2EServer, type E2EServer, type HttpApi } from './server';

export { buildH5, h5SourceHash, repoRoot } from './h5';
export { chromiumPath, CHROMIUM_FLAGS, launchChromium, PHONE, Screenshots, slug } from './browser';
export { startE2EServer, type E2EServer, type HttpApi } from './server';

// ---- finding and tapping on Taro's H5 pages ---------------------------------------

/** Taro's H5 router keeps earlier pages in the DOM, hidden: look in the one shown. */
export const shown = (page: Page): Locator => page.locator('.taro_page:visible');

/** Waits until the locator's first match is visible (pages render after their chunk loads). */
export async function visible(locator: Locator, timeout = 20_000): Promise<Locator> {
  await locator.first().waitFor({ state: 'visible', timeout });
  return locator.first();
}

/**
 * Taps where the locator is, as a finger would: whatever is on top there gets
 * the touch. NutUI's buttons and cells cover their own labels, which fails
 * Playwright's "receives events" check; Taro's submit Button fires on touchend,
 * so taps (not clicks) it is.
 */
export async function tap(locator: Locator): Promise<void> {
  const el = await visible(locator);
  await el.scrollIntoViewIfNeeded();
  // A forced tap goes to the coordinates it measured: wait until the element
  // stops moving (a scroll or a re-layout in flight), or the touch lands on
  // whatever has moved under them.
  let before = await el.boundingBox();
  for (let i = 0; i < 40; i++) {
    await el.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
    const now = await el.boundingBox();
    if (now && before && now.x === before.x && now.y === before.y && now.height === before.height) break;
    before = now;
  }
  await el.tap({ force: true });
}

/** Waits until a pop-up (action sheet, popup) has closed and its overlay faded: a tap before would land on the overlay. */
export async function sheetClosed(page: Page): Promise<void> {
  await expect
    .poll(
      () =>
        page
          .locator('.nut-overlay')
          .evaluateAll((els) => els.filter((e) => getComputedStyle(e).display !== 'none' && getComputedStyle(e).opacity !== '0').length),
      { timeout: 10_000 },
    )
    .toBe(0);
}

/** Taps the shown page's element with exactly this text (or matching this pattern). */
export const tapText = (page: Page, text: string | RegExp): Promise<void> =>
  tap(shown(page).getByText(text, { exact: typeof text === 'string' }));

/** Per-test time limit of browser tests (a fresh page loads the app). */
export const E2E_TEST_TIMEOUT_MS = 120_000;
/** beforeAll: may build the H5 app (about 30 s alone, longer beside other tests). */
export const E2E_SETUP_TIMEOUT_MS = 15 * 60_000;

/** Where the mini-program keeps its session token (miniapp/src/api/client.ts, via Taro storage). */
export const TOKEN_STORAGE_KEY = 'qi.token';

const isCI = process.env.CI === 'true';
const missingChromium = chromiumPath() === null;
let warned = false;

/**
 * `describe` for browser tests: runs with the e2e time limit; skipped with a
 * clear message when Chromium is missing, and failing instead under CI=true.
 */
export function describeE2E(name: string, fn: () => void): void {
  if (missingChromium) {
    const why = "Chromium not found at /usr/bin/chromium (or CHROMIUM_PATH): install Debian's chromium and fonts-noto-cjk (.ci/run does)";
    if (isCI) {
      describe(name, () => {
        it('needs Chromium under CI=true', () => {
          throw new Error(`[e2e] ${why}`);
        });
      });
      return;
    }
    if (!warned) console.warn(`[e2e] skipping browser tests: ${why}`);
    warned = true;
    describe.skip(name, fn);
    return;
  }
  // No retry: a journey that fails once is a failure (a flake is found, not retried away).
  describe(name, { timeout: E2E_TEST_TIMEOUT_MS }, fn);
}

export interface Phone {
  context: BrowserContext;
  page: Page;
  /** Screenshots of the current test, in test-artifacts/<test name>/. */
  shots: Screenshots;
  /**
   * Content-Security-Policy violations seen so far on the phone's pages (the
   * console's "Refused to …" errors and `securitypolicyviolation` events). Any
   * at the end of a test fail it: the app must run under the policy it is served with.
   */
  cspViolations: string[];
}

export interface E2E {
  readonly baseUrl: string;
  readonly server: E2EServer;
  /** The API over HTTP (login as a persona, act as staff). */
  readonly api: HttpApi;
  readonly browser: Browser;
  /** A fresh phone (own cookies and storage) with a page; closed after the test. */
  phone(options?: { signedInAs?: Persona; token?: string; testName?: string }): Promise<Phone>;
  /** Opens a page of the app by its Taro path (hash router): open(page, '/pages/needs/index?x=1'). */
  open(page: Page, path: string): Promise<void>;
}

/**
 * Registers the hooks of one test file: build the H5 app (cached), start the
 * server on a fresh database (`env`, read then, adds to its settings), launch
 * Chromium; close everything afterwards.
 */
export function useE2E(settings: { env?: () => Record<string, string> } = {}): E2E {
  let server: E2EServer | undefined;
  let browser: Browser | undefined;
  const open: Phone[] = [];

  beforeAll(async () => {
    if (missingChromium) return;
    const h5 = await buildH5();
    server = await startE2EServer(h5, settings.env?.());
    browser = await launchChromium();
  }, E2E_SETUP_TIMEOUT_MS);

  afterEach(async (context) => {
    const phones = open.splice(0);
    // A failed test leaves a picture of where each of its pages stood.
    if (context.task.result?.state === 'fail') {
      for (const [i, phone] of phones.entries()) {
        for (const [j, page] of phone.context.pages().entries()) {
          await phone.shots.take(page, `failure-${i + 1}-${j + 1}`).catch(() => undefined);
        }
      }
    }
    for (const phone of phones) await phone.context.close().catch(() => undefined);
    const violations = phones.flatMap((p) => p.cspViolations);
    if (violations.length > 0 && context.task.result?.state !== 'fail') {
      throw new Error(`[e2e] Content-Security-Policy violations:\n${violations.join('\n')}`);
    }
  });

  afterAll(async () => {
    await browser?.close().catch(() => undefined);
    await server?.stop();
  }, 60_000);

  const need = <T>(v: T | undefined, what: string): T => {
    if (!v) throw new Error(`[e2e] ${what} is not ready: call useE2E() at the top of the file and use it inside tests`);
    return v;
  };

  const e2e: E2E = {
    get baseUrl() {
      return need(server, 'the server').baseUrl;
    },
    get server() {
      return need(server, 'the server');
    },
    get api() {
      return need(server, 'the server').api;
    },
    get browser() {
      return need(browser, 'Chromium');
    },
    async phone(options = {}) {
      const context = await newPhoneContext(e2e.browser, e2e.baseUrl);
      if (options.signedInAs || options.token) {
        // A persona's session, or one the test signed in itself (a fresh WeChat account).
        const token = options.token ?? (await e2e.api.login(options.signedInAs!));
        // Agreed to the privacy documents, as the first submission asks (tests/miniapp/privacy.test.tsx asks).
        const consent = await e2e.api.request('POST', PRIVACY_PATHS.consent, {
          token,
          body: { privacyVersion: PRIVACY_DOCUMENTS.privacy.version, termsVersion: PRIVACY_DOCUMENTS.terms.version, channel: 'h5' },
        });
        if (consent.status !== 200) throw new Error(`consent failed: ${consent.status}`);
        // Taro's H5 storage keeps { data } as JSON in localStorage.
        await context.addInitScript(
          ([key, value]) => {
            if (!window.localStorage.getItem(key)) window.localStorage.setItem(key, value);
          },
          [TOKEN_STORAGE_KEY, JSON.stringify({ data: token })] as const,
        );
      }
      // Page transitions slide for ~300 ms: a tap during one lands on whatever moves
      // under it. Tests check behaviour, not motion, so transitions are switched off.
      await context.addInitScript(() => {
        const style = document.createElement('style');
        style.textContent = '*, *::before, *::after { transition: none !important; animation: none !important; }';
        const add = () => document.head.appendChild(style);
        if (document.head) add();
        else document.addEventListener('DOMContentLoaded', add, { once: true });
      });
      const cspViolations: string[] = [];
      context.on('console', (msg) => {
        if (/Content Security Policy/i.test(msg.text())) cspViolations.push(`console: ${msg.text()}`);
      });
      await context.exposeFunction('__qiCspViolation', (what: string) => void cspViolations.push(`event: ${what}`));
      await context.addInitScript(() => {
        document.addEventListener('securitypolicyviolation', (e) => {
          const report = (window as unknown as { __qiCspViolation?: (what: string) => void }).__qiCspViolation;
          report?.(`${e.effectiveDirective} blocked ${e.blockedURI || 'inline'} at ${e.sourceFile}:${e.lineNumber}`);
        });
      });
      const page = await context.newPage();
      page.on('pageerror', (err) => console.error(`[e2e] page error: ${err.message}`));
      const testName = options.testName ?? expect.getState().currentTestName ?? 'e2e';
      const phone: Phone = { context, page, shots: new Screenshots(testName), cspViolations };
      open.push(phone);
      return phone;
    },
    async open(page, path) {
      await page.goto(`/#${path.startsWith('/') ? path : `/${path}`}`);
    },
  };
  return e2e;
}
