import { randomBytes } from 'node:crypto';
import mqtt from 'mqtt';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventBus, type DetectionMessage } from '../../src/bus/event-bus';
import { loadConfig, type AppConfig } from '../../src/config/load';
import {
  bridgeTarget,
  startHomeAssistantIntegration,
  type HomeAssistantIntegration,
} from '../../src/homeassistant/integration';
import { MediaLinkSigner } from '../../src/homeassistant/signed-links';
import { MqttConnection } from '../../src/mqtt/connection';
import { FakeHomeAssistant } from './fake-home-assistant';

const BROKER = process.env.TEST_MQTT_URL ?? 'mqtt://127.0.0.1:1883';
const NO_OPTIONS = '/nonexistent/options.json';
const run = randomBytes(4).toString('hex');
const siteId = `site_${run}`;
const prefix = `test_${run}/homeassistant`;

function configWith(env: Record<string, string>): AppConfig {
  return loadConfig({ env, optionsFile: NO_OPTIONS });
}

async function waitFor(predicate: () => boolean, ms = 5000): Promise<void> {
  const start = Date.now();
  while (!predicate()) {
    if (Date.now() - start > ms) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function detection(
  kind: DetectionMessage['kind'],
  overrides: Partial<DetectionMessage> = {},
): DetectionMessage {
  return {
    siteId,
    kind,
    eventId: '7d3c6f1e-1c1a-4a57-9e2a-3f0e0f3c2b11',
    frigateEventId: '1717171717.1-abc123',
    cameraId: 'cam-1',
    camera: 'entrada',
    label: 'person',
    subLabel: null,
    score: 0.91,
    startTime: '2026-12-04T23:10:00.000Z',
    endTime: kind === 'end' ? '2026-12-04T23:10:30.000Z' : null,
    hasSnapshot: true,
    hasClip: true,
    zones: ['porch'],
    ...overrides,
  };
}

describe('bridge target', () => {
  it('turns an http url into the websocket api', () => {
    const config = configWith({
      HOME_ASSISTANT_URL: 'http://homeassistant.local:8123/',
      HOME_ASSISTANT_TOKEN: 'llt',
    });
    expect(bridgeTarget(config)).toEqual({
      url: 'ws://homeassistant.local:8123/api/websocket',
      token: 'llt',
    });
  });

  it('keeps tls for https', () => {
    const config = configWith({
      HOME_ASSISTANT_URL: 'https://ha.example.com',
      HOME_ASSISTANT_TOKEN: 'llt',
    });
    expect(bridgeTarget(config)?.url).toBe('wss://ha.example.com/api/websocket');
  });

  it('uses the supervisor proxy inside the add-on', () => {
    const config = configWith({ SUPERVISOR_TOKEN: 'sup' });
    expect(bridgeTarget(config)).toEqual({ url: 'ws://supervisor/core/websocket', token: 'sup' });
  });

  it('prefers an explicit home assistant url', () => {
    const config = configWith({
      SUPERVISOR_TOKEN: 'sup',
      HOME_ASSISTANT_URL: 'http://ha:8123',
      HOME_ASSISTANT_TOKEN: 'llt',
    });
    expect(bridgeTarget(config)?.token).toBe('llt');
  });

  it('needs a token', () => {
    expect(bridgeTarget(configWith({ HOME_ASSISTANT_URL: 'http://ha:8123' }))).toBeUndefined();
  });
});

describe('home assistant integration', () => {
  const secretKey = randomBytes(32).toString('base64');
  const signer = new MediaLinkSigner(secretKey);
  const bus = new EventBus();
  const seen: Array<{ topic: string; payload: string }> = [];
  let ha: FakeHomeAssistant;
  let connection: MqttConnection;
  let observer: mqtt.MqttClient;
  let integration: HomeAssistantIntegration;
  let config: AppConfig;

  beforeAll(async () => {
    ha = await FakeHomeAssistant.start('long-lived-token');
    config = configWith({
      HOME_ASSISTANT_URL: ha.url.replace('ws://', 'http://').replace('/api/websocket', ''),
      HOME_ASSISTANT_TOKEN: 'long-lived-token',
      CENTINELA_PUBLIC_URL: 'https://centinela.example.com/',
      CENTINELA_MEDIA_LINK_MINUTES: '30',
      CENTINELA_LANGUAGE: 'en',
      HA_DISCOVERY_PREFIX: prefix,
      CENTINELA_SECRET_KEY: secretKey,
    });
    connection = new MqttConnection({
      url: BROKER,
      clientId: `centinela-integration-${run}`,
      availabilityTopic: `centinela/${siteId}/availability`,
      log: pino({ level: 'silent' }),
    });
    await connection.waitForConnect(5000);
    observer = await mqtt.connectAsync(BROKER, { clientId: `observer-integration-${run}` });
    observer.on('message', (topic, payload) => seen.push({ topic, payload: payload.toString() }));
    await observer.subscribeAsync([`${prefix}/#`, `centinela/${siteId}/#`]);
    integration = startHomeAssistantIntegration({
      config,
      bus,
      mqtt: connection,
      log: pino({ level: 'silent' }),
      signer,
    });
    await waitFor(() => integration.bridge?.connected === true);
  });

  afterAll(async () => {
    integration.stop();
    await connection.close();
    const retained = [
      ...new Set([
        ...seen.filter((m) => m.payload !== '').map((m) => m.topic),
        `centinela/${siteId}/availability`,
      ]),
    ];
    for (const topic of retained) await observer.publishAsync(topic, '', { retain: true });
    await observer.endAsync();
    await ha.close();
  });

  it('publishes discovery for enabled cameras', async () => {
    bus.publish('cameras.changed', {
      siteId,
      cameras: [
        {
          id: 'cam-1',
          name: 'entrada',
          friendlyName: 'Entrada',
          labels: ['person'],
          enabled: true,
        },
        { id: 'cam-2', name: 'patio', friendlyName: 'Patio', labels: ['person'], enabled: false },
      ],
    });
    await waitFor(() => seen.filter((m) => m.topic.startsWith(`${prefix}/`)).length >= 4);
    const topics = seen.filter((m) => m.topic.startsWith(`${prefix}/`)).map((m) => m.topic);
    expect(topics.some((topic) => topic.includes('_patio_'))).toBe(false);
    const occupancy = seen.find((m) => m.topic.includes('/binary_sensor/'))!;
    expect(JSON.parse(occupancy.payload).name).toBe('Person');
  });

  it('sends signed expiring media links with a detection', async () => {
    const before = Math.floor(Date.now() / 1000);
    bus.publish('detection', detection('new'));
    await waitFor(() => seen.some((m) => m.topic === `centinela/${siteId}/entrada/detection`));
    const body = JSON.parse(
      seen.find((m) => m.topic === `centinela/${siteId}/entrada/detection`)!.payload,
    );

    const snapshot = new URL(body.snapshot_url);
    expect(`${snapshot.origin}${snapshot.pathname.replace(/[^/]+$/, '')}`).toBe(
      'https://centinela.example.com/api/media/',
    );
    expect(snapshot.searchParams.get('site_id')).toBe(siteId);
    const claims = signer.verify(snapshot.pathname.split('/').pop()!);
    expect(claims).toMatchObject({
      siteId,
      eventId: '7d3c6f1e-1c1a-4a57-9e2a-3f0e0f3c2b11',
      kind: 'snapshot',
    });
    expect(claims!.expiresAt).toBeGreaterThanOrEqual(before + 30 * 60);
    expect(claims!.expiresAt).toBeLessThanOrEqual(Math.floor(Date.now() / 1000) + 30 * 60);
    expect(signer.verify(new URL(body.clip_url).pathname.split('/').pop()!)?.kind).toBe('clip');
    // After the expiry the link stops working.
    expect(signer.verify(snapshot.pathname.split('/').pop()!, claims!.expiresAt + 1)).toBeNull();
  });

  it('fires centinela_detection with the same links', async () => {
    await waitFor(() => ha.fired.some((event) => event.event_type === 'centinela_detection'));
    const event = ha.fired.find((fired) => fired.event_type === 'centinela_detection')!;
    expect(event.event_data).toMatchObject({
      kind: 'new',
      site: siteId,
      camera: 'entrada',
      label: 'person',
      score: 0.91,
      start_time: '2026-12-04T23:10:00.000Z',
    });
    expect(String(event.event_data.snapshot_url)).toMatch(
      /^https:\/\/centinela\.example\.com\/api\/media\/[\w-]+\.[\w-]+\?site_id=[\w-]+$/,
    );
  });

  it('fires on start and end only', async () => {
    ha.fired.length = 0;
    bus.publish('detection', detection('update'));
    bus.publish('detection', detection('end'));
    await waitFor(() => ha.fired.length >= 1);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(ha.fired.map((event) => event.event_data.kind)).toEqual(['end']);
  });

  it('leaves out links to media that does not exist', async () => {
    ha.fired.length = 0;
    bus.publish(
      'detection',
      detection('new', { eventId: 'no-media', hasSnapshot: false, hasClip: false }),
    );
    await waitFor(() => ha.fired.length >= 1);
    expect(ha.fired[0]!.event_data).not.toHaveProperty('snapshot_url');
    expect(ha.fired[0]!.event_data).not.toHaveProperty('clip_url');
  });

  it('reports a failed backup both ways', async () => {
    bus.publish('backup.finished', {
      siteId,
      runId: 'run-7',
      status: 'failed',
      day: '2026-12-03',
      dryRun: false,
      bytes: 1024,
      files: 3,
      errors: 1,
      finishedAt: '2026-12-04T03:41:00.000Z',
    });
    await waitFor(() => ha.fired.some((event) => event.event_type === 'centinela_backup'));
    const event = ha.fired.find((fired) => fired.event_type === 'centinela_backup')!;
    expect(event.event_data).toMatchObject({
      site: siteId,
      status: 'failed',
      dry_run: false,
      errors: 1,
    });
    await waitFor(() => seen.some((m) => m.topic === `centinela/${siteId}/backup/state`));
    const state = JSON.parse(
      seen.find((m) => m.topic === `centinela/${siteId}/backup/state`)!.payload,
    );
    expect(state).toMatchObject({ status: 'failed', run_id: 'run-7' });
  });

  it('offers user groups through the bridge', async () => {
    ha.users = [{ id: 'u1', name: 'Ana', group_ids: ['system-users'] }];
    expect(await integration.userGroups?.groupsOf('u1')).toEqual(['system-users']);
  });
});

describe('home assistant integration without a public url', () => {
  it('sends no media links', async () => {
    const bus = new EventBus();
    const connection = new MqttConnection({
      url: BROKER,
      clientId: `centinela-nolinks-${run}`,
      availabilityTopic: `centinela/${siteId}_nolinks/availability`,
      log: pino({ level: 'silent' }),
    });
    await connection.waitForConnect(5000);
    const observer = await mqtt.connectAsync(BROKER, { clientId: `observer-nolinks-${run}` });
    const bodies: Array<Record<string, unknown>> = [];
    observer.on('message', (_topic, payload) =>
      bodies.push(JSON.parse(payload.toString()) as Record<string, unknown>),
    );
    await observer.subscribeAsync(`centinela/${siteId}_nolinks/entrada/detection`);
    const integration = startHomeAssistantIntegration({
      config: configWith({ HA_DISCOVERY_PREFIX: `${prefix}_nolinks` }),
      bus,
      mqtt: connection,
      log: pino({ level: 'silent' }),
      signer: new MediaLinkSigner(randomBytes(32).toString('base64')),
    });
    try {
      expect(integration.bridge).toBeUndefined();
      expect(integration.userGroups).toBeUndefined();
      bus.publish('detection', detection('new', { siteId: `${siteId}_nolinks` }));
      await waitFor(() => bodies.length === 1);
      expect(bodies[0]).not.toHaveProperty('snapshot_url');
      expect(bodies[0]).toMatchObject({ event_type: 'person', kind: 'new' });
    } finally {
      integration.stop();
      await connection.close();
      for (const topic of ['entrada/last_detection', 'entrada/person/state', 'availability']) {
        await observer.publishAsync(`centinela/${siteId}_nolinks/${topic}`, '', { retain: true });
      }
      await observer.endAsync();
    }
  });
});
