import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  fixtureHassStates,
  mountCard,
  startCardHarness,
  waitFor,
  type CardHarness,
  type TestCard,
} from './harness';

const TAG = 'centinela-cameras-card';

let harness: CardHarness;

beforeAll(async () => {
  harness = await startCardHarness();
});

afterAll(async () => {
  await harness?.close();
});

function cameraConfig(extra: Record<string, unknown> = {}) {
  return {
    type: `custom:${TAG}`,
    url: harness.api.baseUrl,
    refresh_interval: 30,
    cameras: [
      {
        id: 'entrada',
        camera_entity: 'camera.entrada',
        occupancy_entity: 'binary_sensor.entrada_person_occupancy',
      },
      { id: 'patio', name: 'Patio trasero' },
    ],
    ...extra,
  };
}

async function mountCameras(
  page: Page,
  id: string,
  extra: Record<string, unknown> = {},
  language = 'en',
) {
  await mountCard(page, {
    tag: TAG,
    id,
    config: cameraConfig(extra),
    states: fixtureHassStates(harness.api.now),
    language,
  });
  const card = page.locator(`#${id}`);
  await card.locator('.tile').first().waitFor();
  return card;
}

describe('cameras card', () => {
  it('shows and throws the error for an invalid config', async () => {
    const page = await harness.openPage();
    const thrown = await page.evaluate(async (tag) => {
      const card = document.createElement(tag) as TestCard;
      document.getElementById('root')!.append(card);
      let message = '';
      try {
        card.setConfig({ type: 'custom:centinela-cameras-card', refresh_interval: 'often' });
      } catch (error) {
        message = (error as Error).message;
      }
      await card.updateComplete;
      return message;
    }, TAG);
    expect(thrown).toContain('"refresh_interval" must be a whole number from 2 to 3600 seconds');
    const card = page.locator('centinela-cameras-card');
    await expect(card.getByRole('alert').textContent()).resolves.toContain(
      'Invalid card configuration',
    );
    await expect(card.getByRole('alert').textContent()).resolves.toContain('"refresh_interval"');
  });

  it('renders tiles with status and detections in English', async () => {
    const page = await harness.openPage();
    const card = await mountCameras(page, 'english');
    const entrada = card.locator('.tile[data-camera="entrada"]');
    await expect(
      card.getByRole('button', { name: /^Live view: .*Entrada Online/ }).count(),
    ).resolves.toBe(1);
    await expect(entrada.textContent()).resolves.toContain('Online');
    await expect(entrada.textContent()).resolves.toContain('Detections today: 7');
    await expect(entrada.locator('.badge.active').textContent()).resolves.toContain(
      'Active: Person',
    );
    const patio = card.locator('.tile[data-camera="patio"]');
    await expect(patio.textContent()).resolves.toContain('Patio trasero');
    await expect(card.locator('.header h2').textContent()).resolves.toBe('Cameras');
  });

  it('renders Spanish text for a Spanish Home Assistant locale', async () => {
    const page = await harness.openPage();
    const card = await mountCameras(page, 'spanish', {}, 'es');
    await expect(card.locator('.header h2').textContent()).resolves.toBe('Cámaras');
    const entrada = card.locator('.tile[data-camera="entrada"]');
    await expect(
      card.getByRole('button', { name: /^Vista en directo: .*Entrada En línea/ }).count(),
    ).resolves.toBe(1);
    await expect(entrada.textContent()).resolves.toContain('En línea');
    await expect(entrada.textContent()).resolves.toContain('Detecciones hoy: 7');
    await expect(entrada.locator('.badge.active').textContent()).resolves.toContain(
      'Activa: Persona',
    );
  });

  it('reports card size and grid options', async () => {
    const page = await harness.openPage();
    await mountCameras(page, 'sizes');
    const sizes = await page.evaluate(() => {
      const card = document.getElementById('sizes') as TestCard;
      return { size: card.getCardSize(), grid: card.getGridOptions() };
    });
    expect(sizes.size).toBe(5);
    expect(sizes.grid).toEqual({
      columns: 12,
      rows: 'auto',
      min_columns: 6,
      max_columns: 12,
      min_rows: 3,
    });
    for (const key of ['columns', 'min_columns', 'max_columns'] as const) {
      expect(Number(sizes.grid[key]) % 3).toBe(0);
    }
  });

  it('marks a camera active from its occupancy entity', async () => {
    harness.api.cameras = harness.api.cameras.map((camera) => ({ ...camera, active_labels: [] }));
    try {
      const page = await harness.openPage();
      const card = await mountCameras(page, 'occupancy');
      const badge = card.locator('.tile[data-camera="entrada"] .badge.active');
      await expect(badge.count()).resolves.toBe(0);
      await page.evaluate(() => {
        const element = document.getElementById('occupancy') as TestCard;
        element.hass = window.withState(element.hass!, 'binary_sensor.entrada_person_occupancy', {
          state: 'on',
        });
      });
      await badge.waitFor();
      await expect(badge.textContent()).resolves.toContain('Active');
    } finally {
      harness.api.cameras = harness.api.cameras.map((camera) =>
        camera.id === 'entrada' ? { ...camera, active_labels: ['person'] } : camera,
      );
    }
  });

  it('marks a camera active from a live event', async () => {
    const page = await harness.openPage();
    const card = await mountCameras(page, 'live');
    await waitFor(
      async () => harness.api.subscribers.length,
      (count) => count > 0,
      'a WebSocket subscriber',
    );
    const event = {
      ...harness.api.events[1]!,
      id: 'evt-live-patio',
      camera_id: 'patio',
      camera: 'patio',
      label: 'car',
      in_progress: true,
      end_time: null,
    };
    harness.api.push('events:casa', { kind: 'new', event });
    const badge = card.locator('.tile[data-camera="patio"] .badge.active');
    await badge.waitFor();
    await expect(badge.textContent()).resolves.toContain('Active: Car');
    await expect(card.locator('.tile[data-camera="patio"]').textContent()).resolves.toContain(
      'Detections today: 4',
    );
    harness.api.push('events:casa', {
      kind: 'end',
      event: { ...event, in_progress: false, end_time: new Date().toISOString() },
    });
    await badge.waitFor({ state: 'detached' });
  });

  it('loads no still while the card is off screen', async () => {
    const page = await harness.openPage();
    const before = harness.api.requests.length;
    await mountCard(page, {
      tag: TAG,
      id: 'below',
      config: cameraConfig(),
      states: fixtureHassStates(harness.api.now),
      wrapperStyle: 'margin-top: 3000px',
    });
    const card = page.locator('#below');
    await card.locator('.tile').first().waitFor();
    const stills = () =>
      harness.api.requests.slice(before).filter((request) => request.path.endsWith('/latest.jpg'));
    await expect(card.locator('.tile img').count()).resolves.toBe(0);
    expect(stills()).toHaveLength(0);
    await card.scrollIntoViewIfNeeded();
    await card.locator('.tile[data-camera="entrada"] img').waitFor();
    await waitFor(
      async () => stills().length,
      (count) => count >= 2,
      'still requests after scrolling',
    );
    expect(stills().map((request) => request.path)).toContain('/api/cameras/entrada/latest.jpg');
  });

  it('re-renders only when a watched entity changes', async () => {
    const page = await harness.openPage();
    await mountCameras(page, 'renders');
    const counts = await page.evaluate(async () => {
      const card = document.getElementById('renders') as TestCard;
      const render = card.render.bind(card);
      window.renderCount = 0;
      card.render = () => {
        window.renderCount = (window.renderCount ?? 0) + 1;
        return render();
      };
      card.hass = window.withState(card.hass!, 'light.salon', { state: 'on' });
      card.hass = window.withState(card.hass, 'sensor.entrada_last_detection', {
        state: new Date().toISOString(),
      });
      await card.updateComplete;
      const unrelated = window.renderCount;
      card.hass = window.withState(card.hass, 'binary_sensor.entrada_person_occupancy', {
        state: 'on',
      });
      await card.updateComplete;
      const watched = window.renderCount;
      card.hass = window.withState(card.hass, 'camera.entrada', {
        attributes: { access_token: 'rotated' },
      });
      await card.updateComplete;
      return { unrelated, watched, rotated: window.renderCount };
    });
    expect(counts.unrelated).toBe(0);
    expect(counts.watched).toBe(1);
    expect(counts.rotated).toBe(2);
  });

  it('opens the camera proxy live view on tap', async () => {
    const page = await harness.openPage();
    const card = await mountCameras(page, 'proxy');
    await card.locator('.tile[data-camera="entrada"]').click();
    const frame = card.locator('centinela-live-view-dialog dialog[open] img.frame');
    await frame.waitFor();
    const src = await frame.getAttribute('src');
    const token = fixtureHassStates(harness.api.now)['camera.entrada']!.attributes[
      'access_token'
    ] as string;
    expect(src).toContain(`${harness.api.baseUrl}/api/camera_proxy/camera.entrada?token=${token}`);
    await waitFor(
      async () => frame.evaluate((image: HTMLImageElement) => image.naturalWidth),
      (width) => width > 0,
      'the camera proxy image',
    );
    const hassUrlCalls = await page.evaluate(() =>
      window.hassCalls.filter((call) => call.kind === 'hassUrl'),
    );
    expect(hassUrlCalls.length).toBeGreaterThan(0);
    await expect(card.getByRole('heading', { name: 'Entrada: live view' }).count()).resolves.toBe(
      1,
    );
  });

  it('shows Home Assistant camera stream element when defined', async () => {
    const page = await harness.openPage();
    await page.evaluate(() => {
      customElements.define(
        'ha-camera-stream',
        class extends HTMLElement {
          stateObj: { entity_id: string } | undefined;
          connectedCallback() {
            this.textContent = `stream of ${this.stateObj?.entity_id ?? 'nothing'}`;
          }
        },
      );
    });
    const card = await mountCameras(page, 'stream');
    await card.locator('.tile[data-camera="entrada"]').click();
    const stream = card.locator('ha-camera-stream');
    await stream.waitFor();
    await expect(stream.textContent()).resolves.toBe('stream of camera.entrada');
  });

  it('shows a refreshing snapshot for a camera without entity', async () => {
    const page = await harness.openPage();
    const card = await mountCameras(page, 'snapshot');
    await card.locator('.tile[data-camera="patio"]').click();
    const frame = card.locator('centinela-live-view-dialog dialog[open] img.frame');
    await frame.waitFor();
    await expect(frame.getAttribute('src')).resolves.toMatch(
      /\/api\/cameras\/patio\/latest\.jpg\?v=\d+$/,
    );
    await expect(
      card.locator('centinela-live-view-dialog .notice').textContent(),
    ).resolves.toContain('every 30 s');
  });

  it('asks for the URL inside Home Assistant when none is set', async () => {
    const page = await harness.openPage();
    const before = harness.api.requestsTo('/api/cameras').length;
    await mountCard(page, {
      tag: TAG,
      id: 'unset',
      config: { type: `custom:${TAG}` },
      states: fixtureHassStates(harness.api.now),
    });
    const status = page.locator('#unset').getByRole('status');
    await expect(status.textContent()).resolves.toContain('Set the Centinela URL');
    expect(harness.api.requestsTo('/api/cameras')).toHaveLength(before);
  });

  it('opens an ingress session before loading through an ingress path', async () => {
    const page = await harness.openPage();
    await mountCard(page, {
      tag: TAG,
      id: 'ingress',
      config: { type: `custom:${TAG}`, url: '/api/hassio_ingress/Xk2v9', cameras: ['entrada'] },
      states: fixtureHassStates(harness.api.now),
    });
    await page.locator('#ingress .tile[data-camera="entrada"] img').waitFor();
    const calls = await page.evaluate(() =>
      window.hassCalls.filter((call) => call.kind === 'callWS'),
    );
    expect(calls.map((call) => call['message'])).toContainEqual({
      type: 'supervisor/api',
      endpoint: '/ingress/session',
      method: 'post',
    });
    const cookies = await page
      .context()
      .cookies(`${harness.api.baseUrl}/api/hassio_ingress/Xk2v9/api/cameras`);
    expect(cookies).toContainEqual(
      expect.objectContaining({
        name: 'ingress_session',
        value: 'ingress-session-1',
        path: '/api/hassio_ingress/',
      }),
    );
    const request = harness.api.requestsTo('/api/hassio_ingress/Xk2v9/api/cameras').at(-1);
    expect(request?.headers.cookie).toContain('ingress_session=ingress-session-1');
  });

  it('shows the load error and retries', async () => {
    harness.api.failingPaths.add('/api/cameras');
    try {
      const page = await harness.openPage();
      await mountCard(page, {
        tag: TAG,
        id: 'failing',
        config: cameraConfig(),
        states: fixtureHassStates(harness.api.now),
      });
      const alert = page.locator('#failing').getByRole('alert');
      await alert.waitFor();
      await expect(alert.textContent()).resolves.toContain('Could not load data from Centinela');
      await expect(alert.textContent()).resolves.toContain('The database is not reachable.');
      harness.api.failingPaths.delete('/api/cameras');
      await alert.getByRole('button', { name: 'Retry' }).click();
      await page.locator('#failing .tile[data-camera="entrada"]').waitFor();
    } finally {
      harness.api.failingPaths.clear();
    }
  });

  it('raises no page errors', () => {
    expect(harness.pageErrors).toEqual([]);
  });
});
