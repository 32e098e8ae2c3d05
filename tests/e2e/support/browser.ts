// Debian's Chromium through playwright-core (never a browser download), with
// the flags that work here, a phone-sized touch context, and screenshots saved
// under test-artifacts/<test>/ (not committed).
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { repoRoot } from './h5';

/** CHROMIUM_PATH, else the first of the usual Debian/Ubuntu locations that exists. */
export function chromiumPath(): string | null {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter((p): p is string => Boolean(p));
  return candidates.find((p) => existsSync(p)) ?? null;
}

export const CHROMIUM_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'];

/**
 * Launches Chromium. playwright's `launch` gives every browser a fresh,
 * temporary --user-data-dir of its own (removed on close).
 */
export async function launchChromium(): Promise<Browser> {
  const executablePath = chromiumPath();
  if (!executablePath) throw new Error("Chromium not found (install Debian's chromium, or set CHROMIUM_PATH)");
  return chromium.launch({ executablePath, headless: true, args: CHROMIUM_FLAGS });
}

/** A phone: 390×844 CSS px, touch, mobile viewport, Chinese locale, Shanghai time. */
export const PHONE = {
  viewport: { width: 390, height: 844 },
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true,
  locale: 'zh-CN',
  timezoneId: 'Asia/Shanghai',
} as const;

export async function newPhoneContext(browser: Browser, baseURL: string): Promise<BrowserContext> {
  return browser.newContext({ ...PHONE, baseURL });
}

/**
 * A folder name from a test's name: safe on every file system, still readable
 * (Chinese kept); a long name is cut and given a short hash of the whole, so
 * two tests never share a folder.
 */
export function slug(name: string): string {
  const s =
    name
      .replace(/[\\/:*?"<>|\s]+/g, '-')
      .replace(/-+/g, '-')
      .replace(/^-|-$/g, '') || 'test';
  return s.length <= 100 ? s : `${s.slice(0, 90)}-${createHash('sha256').update(name).digest('hex').slice(0, 8)}`;
}

export const ARTIFACTS_DIR = join(repoRoot, 'test-artifacts');

/** Saves numbered full-page screenshots of one test under test-artifacts/<test>/. */
export class Screenshots {
  private n = 0;
  readonly dir: string;
  constructor(testName: string) {
    this.dir = join(ARTIFACTS_DIR, slug(testName));
  }

  async take(page: Page, name: string): Promise<string> {
    await mkdir(this.dir, { recursive: true });
    const file = join(this.dir, `${String(++this.n).padStart(2, '0')}-${slug(name)}.png`);
    await page.screenshot({ path: file, fullPage: true });
    return file;
  }
}
