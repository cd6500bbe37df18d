import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

/** Debian's chromium; the CI script installs it. CHROMIUM_PATH points elsewhere if needed. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** Screenshots go to a temporary directory of this test run (INBOX_SCREENSHOT_DIR to keep them elsewhere). */
let screenshotDir: string | undefined;

const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export interface Browser {
  context: BrowserContext;
  close(): Promise<void>;
}

/** A headless Chromium with a fresh profile directory, removed on close. */
export async function openBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`the inbox browser tests need Chromium at ${CHROMIUM}: install it (apt-get install -y chromium) or set CHROMIUM_PATH`);
  }
  const userDataDir = mkdtempSync(join(tmpdir(), 'triggerkit-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, { executablePath: CHROMIUM, headless: true, args: FLAGS });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/** Opens /_mock/ui of a server running the demo workspace: the page takes the demo key itself. */
export async function openDemoInbox(page: Page, url: string): Promise<void> {
  await page.goto(`${url}/_mock/ui`);
  await page.locator('#messages-view').waitFor({ state: 'visible' });
}

/** Opens /_mock/ui and enters the key the way a person would. */
export async function openInboxWithKey(page: Page, url: string, key: string): Promise<void> {
  await page.goto(`${url}/_mock/ui`);
  await page.getByLabel('API key').fill(key);
  await page.getByRole('button', { name: 'Open inbox' }).click();
  await page.locator('#messages-view').waitFor({ state: 'visible' });
}

export async function screenshot(page: Page, name: string): Promise<string> {
  screenshotDir ??= process.env.INBOX_SCREENSHOT_DIR ?? mkdtempSync(join(tmpdir(), 'triggerkit-inbox-screenshots-'));
  mkdirSync(screenshotDir, { recursive: true });
  const path = join(screenshotDir, name);
  await page.screenshot({ path, fullPage: true });
  return path;
}
