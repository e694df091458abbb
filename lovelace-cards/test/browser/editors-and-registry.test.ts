import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  fixtureHassStates,
  seriousViolations,
  startCardHarness,
  type CardHarness,
} from './harness';

let harness: CardHarness;

beforeAll(async () => {
  harness = await startCardHarness();
});

afterAll(async () => {
  await harness?.close();
});

interface CardClass {
  getConfigElement(): Promise<HTMLElement>;
  getStubConfig(hass?: unknown): Record<string, unknown>;
}

/** Creates a card's editor through `getConfigElement`, as Home Assistant's editor dialog does. */
async function openEditor(
  page: Page,
  cardTag: string,
  config: Record<string, unknown>,
  language = 'en',
) {
  await page.evaluate(
    async ({ cardTag, config, language, states }) => {
      const card = customElements.get(cardTag) as unknown as CardClass;
      const editor = (await card.getConfigElement()) as HTMLElement & {
        setConfig(config: unknown): void;
        hass: unknown;
        updateComplete: Promise<boolean>;
      };
      editor.id = 'editor';
      editor.hass = window.createHass(states, { language });
      editor.setConfig(config);
      const changes: unknown[] = [];
      (window as unknown as { configChanges: unknown[] }).configChanges = changes;
      // Home Assistant listens above the editor, so the event must leave its shadow root.
      document.addEventListener('config-changed', (event) => {
        const custom = event as CustomEvent<{ config: unknown }>;
        changes.push({
          config: custom.detail.config,
          bubbles: event.bubbles,
          composed: event.composed,
        });
      });
      document.getElementById('root')!.append(editor);
      await editor.updateComplete;
    },
    { cardTag, config, language, states: fixtureHassStates(harness.api.now) },
  );
  return page.locator('#editor');
}

function configChanges(page: Page) {
  return page.evaluate(
    () =>
      (
        window as unknown as {
          configChanges: { config: Record<string, unknown>; bubbles: boolean; composed: boolean }[];
        }
      ).configChanges,
  );
}

describe('card registry and editors', () => {
  it('lists both cards in the card picker with preview', async () => {
    const page = await harness.openPage();
    const entries = await page.evaluate(() => window.customCards);
    expect(entries).toEqual([
      expect.objectContaining({
        type: 'centinela-cameras-card',
        name: 'Centinela cameras',
        preview: true,
      }),
      expect.objectContaining({
        type: 'centinela-events-card',
        name: 'Centinela events',
        preview: true,
      }),
    ]);
  });

  it('defines the elements once when the bundle loads twice', async () => {
    const page = await harness.openPage();
    await page.evaluate(() => {
      (window as unknown as { firstDefinition: unknown }).firstDefinition =
        customElements.get('centinela-events-card');
    });
    // A second resource URL makes the browser evaluate a second copy of the module.
    await page.addScriptTag({ type: 'module', url: '/centinela-cards.js?second-copy' });
    await page.waitForFunction(() =>
      performance.getEntriesByType('resource').some((entry) => entry.name.endsWith('?second-copy')),
    );
    const result = await page.evaluate(() => ({
      same:
        customElements.get('centinela-events-card') ===
        (window as unknown as { firstDefinition: unknown }).firstDefinition,
      entries: (window.customCards ?? []).map((entry) => entry.type),
    }));
    expect(result.same).toBe(true);
    expect(result.entries).toEqual(['centinela-cameras-card', 'centinela-events-card']);
    expect(harness.pageErrors).toEqual([]);
    expect(
      harness.api.requests.some(
        (request) => request.path === '/centinela-cards.js' && 'second-copy' in request.query,
      ),
    ).toBe(true);
  });

  it('returns stub configs that pass validation', async () => {
    const page = await harness.openPage();
    const stubs = await page.evaluate((states) => {
      const hass = window.createHass(states);
      return ['centinela-cameras-card', 'centinela-events-card'].map((tag) => {
        const card = customElements.get(tag) as unknown as CardClass;
        const stub = card.getStubConfig(hass);
        const element = document.createElement(tag) as HTMLElement & {
          setConfig(config: unknown): void;
        };
        element.setConfig({ type: `custom:${tag}`, ...stub });
        return stub;
      });
    }, fixtureHassStates(harness.api.now));
    expect(stubs[0]).toEqual({
      refresh_interval: 10,
      cameras: [{ id: 'entrada', camera_entity: 'camera.entrada' }],
    });
    expect(stubs[1]).toEqual({ time_range: '24h', event_entity: 'event.entrada_detection' });
  });

  it('cameras editor sends config-changed for an edited field', async () => {
    const page = await harness.openPage();
    const config = {
      type: 'custom:centinela-cameras-card',
      url: 'http://nvr.lan:8080',
      cameras: [{ id: 'entrada' }],
    };
    const editor = await openEditor(page, 'centinela-cameras-card', config);
    await editor.getByLabel('Image refresh interval (seconds)').fill('30');
    await editor.getByLabel('Image refresh interval (seconds)').press('Tab');
    await editor.getByLabel('Home Assistant camera entity').fill('camera.entrada');
    await editor.getByLabel('Home Assistant camera entity').press('Tab');
    const changes = await configChanges(page);
    expect(changes).toHaveLength(2);
    expect(changes[0]).toEqual({
      config: { ...config, refresh_interval: 30 },
      bubbles: true,
      composed: true,
    });
    expect(changes[1]!.config['cameras']).toEqual([
      { id: 'entrada', camera_entity: 'camera.entrada' },
    ]);
  });

  it('cameras editor adds a camera and shows the validation error', async () => {
    const page = await harness.openPage();
    const editor = await openEditor(page, 'centinela-cameras-card', {
      type: 'custom:centinela-cameras-card',
    });
    await editor.getByRole('button', { name: 'Add camera' }).click();
    await expect(editor.getByRole('alert').textContent()).resolves.toContain(
      '"cameras[0].id" is missing',
    );
    await editor.getByLabel('Centinela camera ID').fill('patio');
    await editor.getByLabel('Centinela camera ID').press('Tab');
    await expect(editor.getByRole('alert').count()).resolves.toBe(0);
    const changes = await configChanges(page);
    expect(changes.at(-1)!.config['cameras']).toEqual([{ id: 'patio' }]);
  });

  it('events editor sends config-changed for the mode and filters', async () => {
    const page = await harness.openPage();
    const editor = await openEditor(page, 'centinela-events-card', {
      type: 'custom:centinela-events-card',
    });
    await editor.getByLabel('Group').selectOption('reviews');
    await editor.getByLabel('Show the filters').uncheck();
    const changes = await configChanges(page);
    expect(changes.map((change) => change.config)).toEqual([
      { type: 'custom:centinela-events-card', mode: 'reviews' },
      { type: 'custom:centinela-events-card', mode: 'reviews', show_filters: false },
    ]);
  });

  it('labels the editors in Spanish', async () => {
    const page = await harness.openPage();
    const editor = await openEditor(
      page,
      'centinela-events-card',
      { type: 'custom:centinela-events-card' },
      'es',
    );
    await expect(editor.getByLabel('Eventos por página').count()).resolves.toBe(1);
    await expect(editor.getByLabel('URL de Centinela').count()).resolves.toBe(1);
  });

  it('editors have no serious accessibility violations', async () => {
    const page = await harness.openPage();
    await openEditor(page, 'centinela-cameras-card', {
      type: 'custom:centinela-cameras-card',
      cameras: [{ id: 'entrada', camera_entity: 'camera.entrada' }],
    });
    await page.evaluate(async () => {
      const card = customElements.get('centinela-events-card') as unknown as CardClass;
      const editor = await card.getConfigElement();
      (editor as HTMLElement & { setConfig(config: unknown): void }).setConfig({
        type: 'custom:centinela-events-card',
      });
      document.getElementById('root')!.append(editor);
    });
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('raises no page errors', () => {
    expect(harness.pageErrors).toEqual([]);
  });
});
