import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DESKTOP,
  PHONE,
  fixtureHassStates,
  mountCard,
  screenshot,
  seriousViolations,
  startCardHarness,
  waitFor,
  type CardHarness,
} from './harness';

let harness: CardHarness;

beforeAll(async () => {
  harness = await startCardHarness();
});

afterAll(async () => {
  await harness?.close();
});

/** Both cards side by side (desktop) or stacked (phone), inside a stub Home Assistant. */
async function openDashboard(
  viewport: { width: number; height: number },
  language: string,
): Promise<Page> {
  const page = await harness.openPage({ viewport });
  await page.evaluate(() => document.getElementById('root')!.classList.add('two'));
  const states = fixtureHassStates(harness.api.now);
  await mountCard(page, {
    tag: 'centinela-cameras-card',
    id: 'cameras',
    config: {
      type: 'custom:centinela-cameras-card',
      url: harness.api.baseUrl,
      cameras: [
        {
          id: 'entrada',
          camera_entity: 'camera.entrada',
          occupancy_entity: 'binary_sensor.entrada_person_occupancy',
        },
        { id: 'patio' },
        { id: 'garaje' },
      ],
    },
    states,
    language,
  });
  await mountCard(page, {
    tag: 'centinela-events-card',
    id: 'events',
    config: {
      type: 'custom:centinela-events-card',
      url: harness.api.baseUrl,
      limit: 10,
      max_height: 420,
    },
    states,
    language,
  });
  await page.locator('#events centinela-event-list-item').first().waitFor();
  await page.locator('#cameras .tile[data-camera="entrada"] img').waitFor();
  await waitForImages(page);
  return page;
}

/** Waits until every image in the cards has loaded, so that screenshots are complete. */
async function waitForImages(page: Page): Promise<void> {
  await waitFor(
    () =>
      page.evaluate(() => {
        const images: HTMLImageElement[] = [];
        const collect = (root: Document | ShadowRoot) => {
          root.querySelectorAll('img').forEach((image) => images.push(image));
          root.querySelectorAll('*').forEach((element) => {
            if (element.shadowRoot !== null) collect(element.shadowRoot);
          });
        };
        collect(document);
        return images
          .filter(
            (image) => image.loading !== 'lazy' || image.getBoundingClientRect().top < innerHeight,
          )
          .every((image) => image.complete);
      }),
    (done) => done,
    'images to load',
  );
}

describe('card screens', () => {
  it('dashboard at desktop width in English passes axe', async () => {
    const page = await openDashboard(DESKTOP, 'en');
    await screenshot(page, 'dashboard-desktop-en');
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('dashboard at phone width in Spanish passes axe', async () => {
    const page = await openDashboard(PHONE, 'es');
    await screenshot(page, 'dashboard-phone-es');
    expect(await seriousViolations(page)).toEqual([]);
  });

  for (const [name, viewport] of [
    ['desktop', DESKTOP],
    ['phone', PHONE],
  ] as const) {
    it(`clip dialog at ${name} width passes axe`, async () => {
      const page = await openDashboard(viewport, 'en');
      await page.locator('#events centinela-event-list-item button').first().click();
      const video = page.locator('#events centinela-clip-dialog dialog[open] video');
      await video.waitFor();
      await waitFor(
        () => video.evaluate((element: HTMLVideoElement) => element.readyState),
        (state) => state >= 2,
        'the first video frame',
      );
      await screenshot(page, `clip-dialog-${name}`, false);
      expect(await seriousViolations(page)).toEqual([]);
    });
  }

  it('export dialog with a short reason passes axe', async () => {
    const page = await openDashboard(PHONE, 'en');
    await page.locator('#events centinela-event-list-item button').first().click();
    await page
      .locator('#events centinela-clip-dialog')
      .getByRole('button', { name: 'Export evidence' })
      .click();
    const dialog = page.locator('#events centinela-export-dialog dialog[open]');
    await dialog.getByLabel('Reason for the export').fill('ok');
    await dialog.getByRole('button', { name: 'Export', exact: true }).click();
    await dialog.getByRole('alert').waitFor();
    await screenshot(page, 'export-dialog-phone', false);
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('live view and review mode pass axe', async () => {
    const page = await openDashboard(DESKTOP, 'en');
    await page.locator('#events').getByLabel('Group').selectOption('reviews');
    await page.locator('#events .review-row').first().click();
    await page.locator('#events .review-events centinela-event-list-item').first().waitFor();
    await waitForImages(page);
    await screenshot(page, 'reviews-desktop');
    expect(await seriousViolations(page)).toEqual([]);
    await page.locator('#cameras .tile[data-camera="entrada"]').click();
    await page.locator('#cameras centinela-live-view-dialog dialog[open] img.frame').waitFor();
    await waitForImages(page);
    await screenshot(page, 'live-view-desktop', false);
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('config error and not configured states pass axe', async () => {
    const page = await harness.openPage({ viewport: PHONE });
    await page.evaluate(() => {
      const card = document.createElement('centinela-events-card') as HTMLElement & {
        setConfig(config: unknown): void;
      };
      document.getElementById('root')!.append(card);
      try {
        card.setConfig({ type: 'custom:centinela-events-card', time_range: 'forever' });
      } catch {
        // The card shows the same message that setConfig throws.
      }
    });
    await mountCard(page, {
      tag: 'centinela-cameras-card',
      id: 'unset',
      config: { type: 'custom:centinela-cameras-card' },
      states: fixtureHassStates(harness.api.now),
    });
    await page.locator('centinela-events-card').getByRole('alert').waitFor();
    await screenshot(page, 'states-phone');
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('raises no page errors', () => {
    expect(harness.pageErrors).toEqual([]);
  });
});
