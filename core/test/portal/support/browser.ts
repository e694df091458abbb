import { mkdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  chromium,
  type Browser,
  type BrowserContext,
  type Locator,
  type Page,
} from 'playwright-core';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');
export const SCREENSHOT_DIR = join(repoRoot, 'test-artifacts', 'portal');
const AXE_PATH = join(repoRoot, 'node_modules', 'axe-core', 'axe.min.js');

export const PHONE = { width: 390, height: 844 };
export const DESKTOP = { width: 1280, height: 800 };
/** Below this width the portal shows its phone layout (top bar and bottom navigation). */
const PHONE_MAX_WIDTH = 900;

/** Debian's Chromium, headless, with no background traffic to other hosts. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
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
}

export interface PageOptions {
  viewport?: { width: number; height: number };
  locale?: string;
}

export interface TrackedPage {
  context: BrowserContext;
  page: Page;
  /** Console errors that name the Content Security Policy. */
  cspErrors: string[];
}

export async function openPage(browser: Browser, options: PageOptions = {}): Promise<TrackedPage> {
  const context = await browser.newContext({
    viewport: options.viewport ?? DESKTOP,
    locale: options.locale ?? 'en-GB',
  });
  const page = await context.newPage();
  // Every wait in these tests is for a local server; a long default only delays failures.
  page.setDefaultTimeout(10_000);
  const cspErrors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy/i.test(message.text()))
      cspErrors.push(message.text());
  });
  return { context, page, cspErrors };
}

let axeSource: string | undefined;

export interface Violation {
  id: string;
  impact: string;
  nodes: string[];
}

/**
 * Runs axe-core and returns the serious and critical violations. The script is evaluated
 * through the DevTools protocol, which the page's Content Security Policy does not block.
 */
export async function seriousViolations(page: Page): Promise<Violation[]> {
  axeSource ??= await readFile(AXE_PATH, 'utf8');
  const loaded = await page.evaluate(() => 'axe' in window);
  if (!loaded) await page.evaluate(axeSource);
  return page.evaluate(async () => {
    interface AxeResult {
      violations: {
        id: string;
        impact?: string | null;
        nodes: { target: unknown; failureSummary?: string }[];
      }[];
    }
    const axe = (
      window as unknown as { axe: { run(context: Document, options: object): Promise<AxeResult> } }
    ).axe;
    const results = await axe.run(document, { resultTypes: ['violations'] });
    return results.violations
      .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
      .map((violation) => ({
        id: violation.id,
        impact: violation.impact ?? '',
        nodes: violation.nodes.map(
          (node) => `${JSON.stringify(node.target)} ${node.failureSummary ?? ''}`,
        ),
      }));
  });
}

/** Maximum height of a desktop screenshot; longer pages are cut there so that the images stay readable. */
const MAX_SCREENSHOT_HEIGHT = 2000;

/**
 * Saves a screenshot as test-artifacts/portal/<name>-<width>.png. On a desktop it shows the
 * whole page up to 2000 px. On a phone, and while a dialog is open, it shows the screen as
 * the user sees it. A full-page capture would draw the fixed bottom navigation bar across the
 * middle of the page, and would cover only the first screen with a dialog's backdrop.
 */
export async function screenshot(page: Page, name: string): Promise<void> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  const width = page.viewportSize()?.width ?? 0;
  const path = join(SCREENSHOT_DIR, `${name}-${width}.png`);
  // A modal dialog's backdrop covers only the first screen of a full-page capture.
  if (width < PHONE_MAX_WIDTH || (await hasOpenDialog(page))) {
    await page.screenshot({ path, animations: 'disabled' });
    return;
  }
  // From the top: a scrolled page would move the sticky side bar down the capture.
  const height = await page.evaluate(() => {
    window.scrollTo(0, 0);
    return document.documentElement.scrollHeight;
  });
  await page.screenshot({
    path,
    fullPage: true,
    clip: { x: 0, y: 0, width, height: Math.min(height, MAX_SCREENSHOT_HEIGHT) },
    animations: 'disabled',
  });
}

/** Checks whether a modal `<dialog>` is open anywhere in the page, shadow roots included. */
function hasOpenDialog(page: Page): Promise<boolean> {
  return page.evaluate(() => {
    const search = (root: Document | ShadowRoot): boolean =>
      root.querySelector('dialog[open]') !== null ||
      [...root.querySelectorAll('*')].some(
        (element) => element.shadowRoot !== null && search(element.shadowRoot),
      );
    return search(document);
  });
}

/**
 * Text of an element with the text inside shadow roots, whitespace collapsed. `textContent`
 * and `innerText` stop at a shadow root, and every screen of the portal and card lives in one.
 */
export function deepText(locator: Locator): Promise<string> {
  return locator.evaluate((root) => {
    const parts: string[] = [];
    const walk = (node: Node): void => {
      if (node.nodeType === Node.TEXT_NODE) parts.push(node.textContent ?? '');
      if (node instanceof Element && node.shadowRoot !== null) walk(node.shadowRoot);
      node.childNodes.forEach(walk);
    };
    walk(root);
    return parts.join(' ').replace(/\s+/g, ' ').trim();
  });
}

/**
 * Returns the `data-testid` of the focused element, looked up through shadow roots, or
 * `tag.class` (`button.row`, `select`) when it has none. The skip link returns `skip`.
 */
export function focusPath(page: Page): Promise<string> {
  return page.evaluate(() => {
    let active: Element | null = document.activeElement;
    while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
    if (active === null) return '';
    if (active.classList.contains('skip-link')) return 'skip';
    const testId = active.getAttribute('data-testid');
    if (testId !== null) return testId;
    const tag = active.tagName.toLowerCase();
    return active.classList.length > 0 ? `${tag}.${active.classList[0]}` : tag;
  });
}

/** Signs in through the login form; the code is entered when the MFA step appears. */
export async function signIn(
  page: Page,
  email: string,
  password: string,
  code?: string,
): Promise<void> {
  await page.getByTestId('login-email').fill(email);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
  if (code !== undefined) {
    await page.getByTestId('mfa-code').fill(code);
    await page.getByTestId('mfa-submit').click();
  }
  await page.getByTestId('main-nav').waitFor();
}
