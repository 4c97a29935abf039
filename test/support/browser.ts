import { mkdirSync } from 'node:fs';
import { Browser, chromium, Page } from 'playwright-core';

/** playwright-core brings no browser: the system's Chromium, headless and quiet (no updates, sync or QUIC). */
const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}

/**
 * Runs a browser story; when it fails, every page `pages()` lists is saved to `test-results/<name>-<i>.png` (what
 * the customer or the agent saw) before the error is rethrown.
 */
export async function screenshotsOnFailure(name: string, pages: () => Page[], story: () => Promise<void>): Promise<void> {
  try {
    await story();
  } catch (err) {
    mkdirSync('test-results', { recursive: true });
    for (const [i, page] of pages().entries()) {
      await page.screenshot({ path: `test-results/${name}-${i}.png`, fullPage: true }).catch(() => undefined);
    }
    throw err;
  }
}
