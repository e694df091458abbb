import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { chromium } from 'playwright-core';
import { bundleToMemory } from '../../../build/options';
import { FakeCentinelaApi } from './fake-api';
import { createMediaFixtures, type MediaFixtures } from './media';

export { fixtureHassStates } from './hass-states';
export * from './page-helpers';
export type { FakeCentinelaApi } from './fake-api';

// Debian's Chromium is the browser; playwright-core must never fetch one of its own.
process.env['PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD'] = '1';

export const ARTIFACTS_DIR = fileURLToPath(
  new URL('../../../../test-artifacts/cards/', import.meta.url),
);

export const PHONE = { width: 390, height: 844 };
export const DESKTOP = { width: 1280, height: 800 };

export interface CardHarness {
  api: FakeCentinelaApi;
  browser: Browser;
  /** Uncaught errors of all pages, which every test file checks stays empty. */
  pageErrors: string[];
  openPage(options?: {
    viewport?: { width: number; height: number };
    locale?: string;
  }): Promise<Page>;
  close(): Promise<void>;
}

/** Builds the bundle, generates media, starts the fake API and launches Chromium. */
export async function startCardHarness(): Promise<CardHarness> {
  const [bundle, media] = await Promise.all([bundleToMemory(), createMediaFixtures()]);
  let api: FakeCentinelaApi | undefined;
  let browser: Browser | undefined;
  try {
    api = await new FakeCentinelaApi(bundle, media).listen();
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-background-networking',
        '--disable-gpu',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });
  } catch (error) {
    await api?.close();
    await media.remove();
    throw error;
  }
  return harness(api, browser, media);
}

function harness(api: FakeCentinelaApi, browser: Browser, media: MediaFixtures): CardHarness {
  const contexts: BrowserContext[] = [];
  const pageErrors: string[] = [];
  return {
    api,
    browser,
    pageErrors,
    async openPage(options = {}) {
      const context = await browser.newContext({
        viewport: options.viewport ?? DESKTOP,
        locale: options.locale ?? 'en-US',
        timezoneId: 'Europe/Madrid',
        reducedMotion: 'reduce',
      });
      contexts.push(context);
      const page = await context.newPage();
      page.on('pageerror', (error) => pageErrors.push(error.message));
      await page.goto(`${api.baseUrl}/`);
      await page.evaluate(() => customElements.whenDefined('centinela-events-card'));
      return page;
    },
    async close() {
      await Promise.allSettled(contexts.map((context) => context.close()));
      await browser.close();
      await api.close();
      await media.remove();
    },
  };
}

/** Saves a screenshot; modal dialogs need `fullPage: false`, as they sit in the viewport. */
export async function screenshot(page: Page, name: string, fullPage = true): Promise<string> {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  const path = `${ARTIFACTS_DIR}${name}.png`;
  await page.screenshot({ path, fullPage });
  return path;
}
