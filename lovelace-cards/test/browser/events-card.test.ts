import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { fixtureEvent } from './harness/api-fixtures';
import {
  fixtureHassStates,
  mountCard,
  startCardHarness,
  waitFor,
  type CardHarness,
  type TestCard,
} from './harness';

const TAG = 'centinela-events-card';

let harness: CardHarness;

beforeAll(async () => {
  harness = await startCardHarness();
});

afterAll(async () => {
  await harness?.close();
});

afterEach(() => {
  harness.api.role = 'Admin';
});

/** Mounts the card as the portal does: same origin, cookies, no `hass`. */
async function mountPortalCard(page: Page, id: string, extra: Record<string, unknown> = {}) {
  await mountCard(page, {
    tag: TAG,
    id,
    config: { type: `custom:${TAG}`, limit: 5, max_height: 240, ...extra },
  });
  const card = page.locator(`#${id}`);
  await card.locator('centinela-event-list-item').first().waitFor();
  return card;
}

function rows(card: ReturnType<Page['locator']>) {
  return card.locator('.list > li > centinela-event-list-item');
}

describe('events card', () => {
  it('lists the newest events with lazy thumbnails', async () => {
    const page = await harness.openPage();
    const before = harness.api.requestsTo('/api/events').length;
    const card = await mountPortalCard(page, 'newest');
    await expect(rows(card).count()).resolves.toBe(5);
    const first = rows(card).first();
    await expect(first.locator('.title').textContent()).resolves.toBe('Person');
    await expect(first.locator('.meta').first().textContent()).resolves.toContain('Entrada');
    await expect(first.locator('.badge.progress').textContent()).resolves.toBe('In progress');
    const thumbnail = first.locator('img.thumb');
    await expect(thumbnail.getAttribute('loading')).resolves.toBe('lazy');
    await expect(thumbnail.getAttribute('src')).resolves.toBe('/api/events/evt-0000/thumbnail');
    const request = harness.api.requestsTo('/api/events')[before]!;
    expect(request.query['limit']).toBe('5');
    expect(request.query['from']).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(request.query['cursor']).toBeUndefined();
  });

  it('loads the next page when the list scrolls to the end', async () => {
    const page = await harness.openPage();
    const card = await mountPortalCard(page, 'scrolling');
    await expect(rows(card).count()).resolves.toBe(5);
    const before = harness.api.requestsTo('/api/events').length;
    await card
      .locator('.scroller')
      .evaluate((scroller) => scroller.scrollTo(0, scroller.scrollHeight));
    await waitFor(
      () => rows(card).count(),
      (count) => count >= 10,
      'the second page',
    );
    const next = harness.api.requestsTo('/api/events').slice(before);
    expect(next.length).toBeGreaterThanOrEqual(1);
    expect(next[0]!.query['cursor']).toBeTruthy();
    const ids = await rows(card).evaluateAll((items) =>
      items.map((item) => (item as HTMLElement & { event: { id: string } }).event.id),
    );
    expect(ids.slice(0, 10)).toEqual(harness.api.events.slice(0, 10).map((event) => event.id));
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('keeps the sub label in the clip dialog', async () => {
    const page = await harness.openPage();
    const card = await mountPortalCard(page, 'sub-label');
    await rows(card).filter({ hasText: 'Ana' }).first().locator('button').click();
    const title = card.locator('centinela-clip-dialog dialog[open] h2');
    await title.waitFor();
    await expect(title.textContent()).resolves.toContain('Ana');
  });

  it('plays and seeks the clip from a tap', async () => {
    const page = await harness.openPage();
    const card = await mountPortalCard(page, 'clip');
    const clipRequests = () =>
      harness.api.requests.filter((request) => request.path === '/api/events/evt-0001/clip');
    expect(clipRequests()).toHaveLength(0);
    await rows(card).nth(1).locator('button').click();
    const video = card.locator('centinela-clip-dialog dialog[open] video');
    await video.waitFor();
    await expect(video.getAttribute('src')).resolves.toBe('/api/events/evt-0001/clip');
    await video.evaluate((element: HTMLVideoElement) => element.play());
    const playing = await waitFor(
      () => video.evaluate((element: HTMLVideoElement) => element.currentTime),
      (time) => time > 0,
      'playback to start',
    );
    await card
      .locator('centinela-clip-dialog')
      .getByRole('button', { name: 'Forward 5 s' })
      .click();
    const seeked = await waitFor(
      () => video.evaluate((element: HTMLVideoElement) => element.currentTime),
      (time) => time >= playing + 4,
      'the forward seek',
    );
    expect(seeked).toBeGreaterThan(playing);
    expect(clipRequests().length).toBeGreaterThan(0);
    await card.locator('centinela-clip-dialog').getByRole('button', { name: 'Back 5 s' }).click();
    const back = await video.evaluate((element: HTMLVideoElement) => element.currentTime);
    expect(back).toBeLessThan(seeked);
  });

  it('hides the export button from a ReadOnly user', async () => {
    harness.api.role = 'ReadOnly';
    const page = await harness.openPage();
    const before = harness.api.requestsTo('/api/auth/me').length;
    const card = await mountPortalCard(page, 'readonly');
    await waitFor(
      async () => harness.api.requestsTo('/api/auth/me').length,
      (count) => count > before,
      'GET /api/auth/me',
    );
    await rows(card).first().locator('button').click();
    const dialog = card.locator('centinela-clip-dialog dialog[open]');
    await dialog.waitFor();
    await expect(dialog.getByRole('button', { name: 'Close' }).count()).resolves.toBe(2);
    await expect(dialog.getByRole('button', { name: 'Export evidence' }).count()).resolves.toBe(0);
  });

  it('exports evidence with the reason for an Admin', async () => {
    const page = await harness.openPage();
    await page
      .context()
      .addCookies([{ name: 'centinela_csrf', value: 'csrf-7f3a', url: harness.api.baseUrl }]);
    const card = await mountPortalCard(page, 'admin');
    await rows(card).first().locator('button').click();
    const exportButton = card
      .locator('centinela-clip-dialog')
      .getByRole('button', { name: 'Export evidence' });
    await exportButton.click();
    const dialog = card.locator('centinela-export-dialog dialog[open]');
    await dialog.waitFor();
    const reason = dialog.getByLabel('Reason for the export');
    await reason.fill('ab');
    await dialog.getByRole('button', { name: 'Export', exact: true }).click();
    await expect(dialog.getByRole('alert').textContent()).resolves.toContain(
      'at least 3 characters',
    );
    expect(harness.api.requestsTo('/api/evidence/export')).toHaveLength(0);
    await reason.fill('Police report 2026-118, front door break-in');
    await dialog.getByRole('button', { name: 'Export', exact: true }).click();
    await dialog.getByText('Export ready: evt-0000.mp4').waitFor();
    const [request] = harness.api.requestsTo('/api/evidence/export');
    expect(request!.method).toBe('POST');
    expect(request!.body).toEqual({
      event_id: 'evt-0000',
      reason: 'Police report 2026-118, front door break-in',
      format: 'mp4',
    });
    expect(request!.headers['x-csrf-token']).toBe('csrf-7f3a');
    expect(request!.headers['idempotency-key']).toMatch(/^[0-9a-f-]{36}$/);
    await expect(dialog.getByRole('link', { name: 'Download' }).getAttribute('href')).resolves.toBe(
      '/api/evidence/evd-0001/download',
    );
  });

  it('adds a pushed event live', async () => {
    const page = await harness.openPage();
    const card = await mountPortalCard(page, 'push');
    await waitFor(
      async () => harness.api.subscribers.length,
      (count) => count > 0,
      'a WebSocket subscriber',
    );
    await card.locator('.live-dot[data-on]').waitFor();
    const event = fixtureEvent({
      id: 'evt-live-0001',
      cameraId: 'patio',
      label: 'dog',
      start: new Date(),
      inProgress: true,
      hasClip: true,
      severity: 'detection',
    });
    harness.api.push('events:casa', { kind: 'new', event });
    const first = rows(card).first();
    await waitFor(
      () => first.locator('.title').textContent(),
      (text) => text === 'Dog',
      'the pushed event',
    );
    await expect(first.locator('.meta').first().textContent()).resolves.toContain('Patio');
    await expect(rows(card).count()).resolves.toBe(6);
    harness.api.push('events:casa', {
      kind: 'end',
      event: { ...event, in_progress: false, end_time: new Date().toISOString() },
    });
    await first.locator('.badge.progress').waitFor({ state: 'detached' });
  });

  it('groups by review item with a severity filter', async () => {
    const page = await harness.openPage();
    const card = await mountPortalCard(page, 'reviews');
    await card.getByLabel('Group').selectOption('reviews');
    await card.locator('.review-row').first().waitFor();
    await card.getByLabel('Severity').selectOption('alert');
    const alerts = harness.api.reviews.filter((review) => review.severity === 'alert');
    await waitFor(
      () => card.locator('.review-row').count(),
      (count) => count === Math.min(5, alerts.length),
      'alert review items',
    );
    const last = harness.api.requestsTo('/api/reviews').at(-1)!;
    expect(last.query['severity']).toBe('alert');
    const severities = await card.locator('.review-row .badge').allTextContents();
    expect(severities.every((text) => text.trim() === 'Alert')).toBe(true);
    await card.locator('.review-row').first().click();
    const nested = card.locator('.review-events centinela-event-list-item');
    await nested.first().waitFor();
    await expect(nested.count()).resolves.toBe(alerts[0]!.event_ids.length);
    await expect(card.locator('.review-row').first().getAttribute('aria-expanded')).resolves.toBe(
      'true',
    );
  });

  it('filters events by camera', async () => {
    const page = await harness.openPage();
    const card = await mountPortalCard(page, 'filtered');
    await card.getByLabel('Camera').selectOption('patio');
    await waitFor(
      () =>
        rows(card).evaluateAll((items) =>
          items.map(
            (item) => (item as HTMLElement & { event: { camera_id: string } }).event.camera_id,
          ),
        ),
      (cameras) => cameras.length > 0 && cameras.every((camera) => camera === 'patio'),
      'only Patio events',
    );
    expect(harness.api.requestsTo('/api/events').at(-1)!.query['camera_id']).toBe('patio');
  });

  it('renders Spanish text for a Spanish Home Assistant locale', async () => {
    const page = await harness.openPage();
    await mountCard(page, {
      tag: TAG,
      id: 'spanish',
      config: { type: `custom:${TAG}`, url: harness.api.baseUrl, limit: 5 },
      states: fixtureHassStates(harness.api.now),
      language: 'es',
    });
    const card = page.locator('#spanish');
    await rows(card).first().waitFor();
    await expect(card.locator('.header h2').textContent()).resolves.toBe('Eventos');
    await expect(card.getByLabel('Cámara').count()).resolves.toBe(1);
    const range = await card.getByLabel('Periodo').locator('option:checked').textContent();
    expect(range?.trim()).toBe('Últimas 24 horas');
    await expect(rows(card).first().locator('.title').textContent()).resolves.toBe('Persona');
    await expect(rows(card).first().locator('.badge.progress').textContent()).resolves.toBe(
      'En curso',
    );
  });

  it('reports card size and grid options', async () => {
    const page = await harness.openPage();
    await mountPortalCard(page, 'sizes');
    const sizes = await page.evaluate(() => {
      const card = document.getElementById('sizes') as TestCard;
      return { size: card.getCardSize(), grid: card.getGridOptions() };
    });
    expect(sizes.size).toBe(1 + 1 + Math.ceil(240 / 50));
    expect(sizes.grid).toEqual({
      columns: 12,
      rows: 'auto',
      min_columns: 6,
      max_columns: 12,
      min_rows: 4,
    });
  });

  it('reloads on an event entity change while offline', async () => {
    harness.api.rejectWebSockets = true;
    try {
      const page = await harness.openPage();
      await mountCard(page, {
        tag: TAG,
        id: 'offline',
        config: {
          type: `custom:${TAG}`,
          url: harness.api.baseUrl,
          limit: 5,
          event_entity: 'event.entrada_detection',
        },
        states: fixtureHassStates(harness.api.now),
      });
      const card = page.locator('#offline');
      await rows(card).first().waitFor();
      await card.locator('.live-dot:not([data-on])').waitFor();
      const before = harness.api.requestsTo('/api/events').length;
      await page.evaluate(() => {
        const element = document.getElementById('offline') as TestCard;
        element.hass = window.withState(element.hass!, 'light.salon', { state: 'on' });
      });
      await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 100)));
      expect(harness.api.requestsTo('/api/events')).toHaveLength(before);
      await page.evaluate(() => {
        const element = document.getElementById('offline') as TestCard;
        const now = new Date().toISOString().replace('Z', '+00:00');
        element.hass = window.withState(element.hass!, 'event.entrada_detection', { state: now });
      });
      await waitFor(
        async () => harness.api.requestsTo('/api/events').length,
        (count) => count > before,
        'a reload after the event entity changed',
      );
    } finally {
      harness.api.rejectWebSockets = false;
    }
  });

  it('raises no page errors', () => {
    expect(harness.pageErrors).toEqual([]);
  });
});
