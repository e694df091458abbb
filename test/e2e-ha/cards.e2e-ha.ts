// Renders the Centinela cards in a real Home Assistant dashboard. Runs only in
// .github/workflows/e2e-home-assistant.yml, which installs hass-taste-test, Playwright and
// Python; the file name keeps it out of the default vitest run.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const BUNDLE = fileURLToPath(
  new URL('../../lovelace-cards/dist/centinela-cards.js', import.meta.url),
);

// Tag names from lovelace-cards/src/cards/*/const.ts. A config with only `type` is valid for
// both cards, which then render their "not configured" state.
const CARDS = [
  { tag: 'centinela-cameras-card', config: { type: 'custom:centinela-cameras-card' } },
  { tag: 'centinela-events-card', config: { type: 'custom:centinela-events-card' } },
] as const;

const CONFIGURATION_YAML = `
input_boolean:
  centinela_test:
    name: Centinela test
`;

// Only the parts of hass-taste-test 0.2.7 and Playwright this file calls.
interface PlaywrightPageHandle {
  evaluate<R, A>(fn: (arg: A) => R, arg: A): Promise<R>;
  waitForFunction<A>(
    fn: (arg: A) => boolean,
    arg: A,
    options?: { timeout?: number },
  ): Promise<unknown>;
}
interface Dashboard {
  page: { playwright: PlaywrightPageHandle };
}
interface HomeAssistantInstance {
  addResource(file: string, type: 'module'): Promise<void>;
  Dashboard(cards: object[]): Promise<Dashboard>;
  close(): Promise<void>;
}
interface HassTasteTestModule {
  HomeAssistant: {
    create(config: string, options: { browser: unknown }): Promise<HomeAssistantInstance>;
  };
  PlaywrightBrowser: new (name: 'chromium', options?: { headless?: boolean }) => unknown;
}

interface RenderedCard {
  defined: boolean;
  found: boolean;
  text: string;
  errorCards: number;
}

/**
 * Browser-side code, kept as a string because the test runner's transform can add helper
 * calls to functions that do not exist in the page. It finds the first element with the tag
 * anywhere in the page, through every open shadow root, and reports what it rendered and how
 * many Home Assistant error cards the page shows.
 */
const INSPECT_CARD = `(tag) => {
  const roots = [document];
  let match = null;
  let errorCards = 0;
  while (roots.length > 0) {
    const root = roots.shift();
    for (const element of root.querySelectorAll('*')) {
      if (element.localName === tag && match === null) match = element;
      if (element.localName === 'hui-error-card') errorCards += 1;
      if (element.shadowRoot) roots.push(element.shadowRoot);
    }
  }
  const text = (match && (match.shadowRoot || match).textContent) || '';
  return {
    defined: customElements.get(tag) !== undefined,
    found: match !== null,
    text: text.replace(/\\s+/g, ' ').trim(),
    errorCards,
  };
}`;

async function inspectCard(page: PlaywrightPageHandle, tag: string): Promise<RenderedCard> {
  return page.evaluate(
    ({ source, name }: { source: string; name: string }) =>
      (new Function(`return ${source}`)() as (tag: string) => RenderedCard)(name),
    { source: INSPECT_CARD, name: tag },
  );
}

describe('Centinela cards in Home Assistant', () => {
  let hass: HomeAssistantInstance;

  beforeAll(async () => {
    expect(existsSync(BUNDLE), `${BUNDLE} is missing; build lovelace-cards first`).toBe(true);
    // A variable specifier keeps TypeScript from resolving the package, which is installed
    // only in the end-to-end workflow.
    const moduleName = 'hass-taste-test';
    const { HomeAssistant, PlaywrightBrowser } = (await import(moduleName)) as HassTasteTestModule;
    hass = await HomeAssistant.create(CONFIGURATION_YAML, {
      browser: new PlaywrightBrowser('chromium', { headless: true }),
    });
    await hass.addResource(BUNDLE, 'module');
  });

  afterAll(async () => {
    await hass?.close();
  });

  for (const card of CARDS) {
    it(`renders ${card.tag}`, async () => {
      const dashboard = await hass.Dashboard([card.config]);
      const page = dashboard.page.playwright;

      // Wait until the card has rendered text or Home Assistant has shown an error card.
      await page.waitForFunction(
        ({ source, name }: { source: string; name: string }) => {
          const inspect = new Function(`return ${source}`)() as (tag: string) => RenderedCard;
          const state = inspect(name);
          return state.text.length > 0 || state.errorCards > 0;
        },
        { source: INSPECT_CARD, name: card.tag },
        { timeout: 60_000 },
      );
      const rendered = await inspectCard(page, card.tag);

      expect(rendered.defined).toBe(true);
      expect(rendered.found).toBe(true);
      expect(rendered.errorCards).toBe(0);
      expect(rendered.text).not.toBe('');
      expect(rendered.text).not.toMatch(/Custom element doesn't exist|Configuration error/i);
    });
  }
});
