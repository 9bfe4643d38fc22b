import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';

export const REPO = resolve(__dirname, '../../../..');
export const WEB = join(REPO, 'apps/hub-web');
export const DIST = join(WEB, 'dist');

const newest = (dir: string): number => {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
};

/**
 * Builds apps/hub-web/dist when it is missing or older than the sources. Vite 8 is ESM-only and
 * Jest runs CommonJS, so the build runs in a child process (the same `vite build` the build script runs).
 */
export function ensureBuilt(): void {
  const index = join(DIST, 'index.html');
  const sourcesAt = Math.max(newest(join(WEB, 'src')), statSync(join(WEB, 'index.html')).mtimeMs, statSync(join(WEB, 'vite.config.ts')).mtimeMs);
  if (existsSync(index) && statSync(index).mtimeMs >= sourcesAt) return;
  execFileSync(process.execPath, [join(REPO, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'], {
    cwd: WEB,
    stdio: 'inherit',
    env: { ...process.env, VITE_CONFIG_NATIVE_IGNORE_WARNING: 'true' },
  });
}

/**
 * Debian's chromium, headless, with nothing phoning home. Playwright gives every launch a fresh
 * temporary profile itself (it refuses an explicit --user-data-dir outside launchPersistentContext).
 */
export async function launchChromium(): Promise<{ browser: Browser; close: () => Promise<void> }> {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  return {
    browser,
    close: async () => {
      await browser.close().catch(() => undefined);
    },
  };
}

/** A grid worker's phone: 360 × 740 CSS px, touch, Chinese, standing at `[lng, lat]` with location allowed. */
export function workerPhone(browser: Browser, [longitude, latitude]: [number, number]): Promise<BrowserContext> {
  return browser.newContext({
    viewport: { width: 360, height: 740 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: 'zh-CN',
    geolocation: { longitude, latitude },
    permissions: ['geolocation'],
  });
}
