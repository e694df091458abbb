import { randomBytes } from 'node:crypto';
import mqtt from 'mqtt';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BackupFinishedMessage, DetectionMessage } from '../../src/bus/event-bus';
import { MqttConnection } from '../../src/mqtt/connection';
import { HomeAssistantPublisher } from '../../src/homeassistant/mqtt-publisher';
import { CONFIG_TOPIC, discoveryProblems } from './ha-discovery-schema';

// Everything here goes through the real Mosquitto broker; an observer client sees what Home
// Assistant would see. Topics carry a random run id, so parallel runs do not meet.
const BROKER = process.env.TEST_MQTT_URL ?? 'mqtt://127.0.0.1:1883';
const run = randomBytes(4).toString('hex');
const prefix = `test_${run}/homeassistant`;
const statusTopic = `${prefix}/status`;
const siteId = `site_${run}`;
const availability = `centinela/${siteId}/availability`;

interface Seen {
  topic: string;
  payload: string;
  retain: boolean;
}

function detection(
  kind: DetectionMessage['kind'],
  eventId: string,
  label = 'person',
): DetectionMessage {
  return {
    siteId,
    kind,
    eventId,
    frigateEventId: `1717171717.1-${eventId.slice(0, 6)}`,
    cameraId: 'cam-1',
    camera: 'entrada',
    label,
    subLabel: null,
    score: 0.87,
    startTime: '2026-12-04T14:00:00.000Z',
    endTime: kind === 'end' ? '2026-12-04T14:00:20.000Z' : null,
    hasSnapshot: true,
    hasClip: true,
    zones: [],
  };
}

const backup: BackupFinishedMessage = {
  siteId,
  runId: 'run-1',
  status: 'failed',
  day: '2026-12-03',
  dryRun: false,
  bytes: 0,
  files: 0,
  errors: 2,
  finishedAt: '2026-12-04T03:40:00.000Z',
};

async function waitFor(predicate: () => boolean, ms = 5000): Promise<void> {
  const start = Date.now();
  while (!predicate()) {
    if (Date.now() - start > ms) throw new Error('timed out waiting for MQTT messages');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Collect the JSON config of each discovery topic; the newest message of a topic wins. */
function configs(seen: Seen[]): Map<string, Record<string, unknown>> {
  const result = new Map<string, Record<string, unknown>>();
  for (const message of seen) {
    if (!message.topic.startsWith(`${prefix}/`) || !CONFIG_TOPIC.test(message.topic)) continue;
    if (message.payload === '') result.delete(message.topic);
    else result.set(message.topic, JSON.parse(message.payload) as Record<string, unknown>);
  }
  return result;
}

describe('home assistant mqtt publisher on the real broker', () => {
  let connection: MqttConnection;
  let publisher: HomeAssistantPublisher;
  let observer: mqtt.MqttClient;
  const seen: Seen[] = [];

  beforeAll(async () => {
    connection = new MqttConnection({
      url: BROKER,
      clientId: `centinela-test-${run}`,
      availabilityTopic: availability,
      log: pino({ level: 'silent' }),
      reconnectPeriodMs: 200,
    });
    await connection.waitForConnect(5000);
    publisher = new HomeAssistantPublisher({
      mqtt: connection,
      log: pino({ level: 'silent' }),
      discoveryPrefix: prefix,
      statusTopic,
      republishJitterMs: 50,
      language: 'en',
      instanceAvailabilityTopic: availability,
    });
    publisher.start();
    observer = await mqtt.connectAsync(BROKER, { clientId: `observer-${run}` });
    observer.on('message', (topic, payload, packet) =>
      seen.push({ topic, payload: payload.toString(), retain: packet.retain }),
    );
    await observer.subscribeAsync([`${prefix}/#`, `centinela/${siteId}/#`]);
  });

  afterAll(async () => {
    publisher.stop();
    await connection.close();
    // Clear the retained messages this test left on the shared broker, the last will included.
    const retained = [
      ...new Set([...seen.filter((m) => m.payload !== '').map((m) => m.topic), availability]),
    ];
    for (const topic of retained) await observer.publishAsync(topic, '', { retain: true });
    await observer.endAsync();
  });

  it('publishes retained configs that pass discovery rules', async () => {
    await publisher.setCameras(siteId, [
      { siteId, name: 'entrada', friendlyName: 'Entrada', labels: ['person', 'car'] },
    ]);
    await waitFor(() => configs(seen).size >= 5);
    const published = configs(seen);
    expect([...published.keys()].sort()).toEqual(
      [
        `${prefix}/binary_sensor/centinela_${siteId}_entrada_car/config`,
        `${prefix}/binary_sensor/centinela_${siteId}_entrada_person/config`,
        `${prefix}/event/centinela_${siteId}_entrada_detection/config`,
        `${prefix}/sensor/centinela_${siteId}_backup/config`,
        `${prefix}/sensor/centinela_${siteId}_entrada_last_detection/config`,
      ].sort(),
    );
    for (const [topic, payload] of published) expect(discoveryProblems(topic, payload)).toEqual([]);
  });

  it('keeps configs for a late subscriber', async () => {
    const late = await retained(`${prefix}/+/+/config`, 5);
    expect(late).toHaveLength(5);
    expect([...configs(late).keys()].sort()).toEqual([...configs(seen).keys()].sort());
  });

  it('sends states the configs can read', async () => {
    seen.length = 0;
    await publisher.onDetection(detection('new', 'aaaaaaaa-1'));
    await publisher.onDetection(detection('update', 'aaaaaaaa-1'));
    await publisher.onDetection(detection('end', 'aaaaaaaa-1'));
    await waitFor(() => seen.some((m) => m.payload === 'OFF'));

    const occupancyConfig = configs(await retained(`${prefix}/+/+/config`, 5)).get(
      `${prefix}/binary_sensor/centinela_${siteId}_entrada_person/config`,
    )!;
    const occupancy = seen.filter((m) => m.topic === occupancyConfig.state_topic);
    expect(occupancy.map((m) => m.payload)).toEqual([
      occupancyConfig.payload_on,
      occupancyConfig.payload_off,
    ]);

    const eventConfig = configs(await retained(`${prefix}/+/+/config`, 5)).get(
      `${prefix}/event/centinela_${siteId}_entrada_detection/config`,
    )!;
    const events = seen
      .filter((m) => m.topic === eventConfig.state_topic)
      .map((m) => JSON.parse(m.payload));
    expect(events.map((event) => event.kind)).toEqual(['new', 'end']);
    for (const event of events) expect(eventConfig.event_types).toContain(event.event_type);
    expect(events[0]).toMatchObject({
      camera: 'entrada',
      label: 'person',
      score: 0.87,
      has_snapshot: true,
    });
    // Detections are not retained: Home Assistant discards replayed retained events anyway.
    expect(await retained(String(eventConfig.state_topic), 0)).toEqual([]);

    const lastConfig = configs(await retained(`${prefix}/+/+/config`, 5)).get(
      `${prefix}/sensor/centinela_${siteId}_entrada_last_detection/config`,
    )!;
    const last = seen.filter((m) => m.topic === lastConfig.state_topic);
    expect(last).toHaveLength(1);
    expect((await retained(String(lastConfig.state_topic), 1))[0]?.payload).toBe(last[0]!.payload);
    // A timestamp sensor needs ISO 8601 with a time zone.
    expect(JSON.parse(last[0]!.payload).start_time).toMatch(
      /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/,
    );
  });

  it('keeps occupancy on while another event is open', async () => {
    seen.length = 0;
    await publisher.onDetection(detection('new', 'bbbbbbbb-1'));
    await publisher.onDetection(detection('new', 'bbbbbbbb-2'));
    await publisher.onDetection(detection('end', 'bbbbbbbb-1'));
    await publisher.onDetection(detection('end', 'bbbbbbbb-2'));
    await waitFor(() => seen.some((m) => m.payload === 'OFF'));
    const occupancy = seen
      .filter((m) => m.topic === `centinela/${siteId}/entrada/person/state`)
      .map((m) => m.payload);
    expect(occupancy).toEqual(['ON', 'OFF']);
  });

  it('publishes the backup result the sensor reads', async () => {
    seen.length = 0;
    await publisher.onBackup(backup);
    await waitFor(() => seen.some((m) => m.topic === `centinela/${siteId}/backup/state`));
    const config = configs(await retained(`${prefix}/+/+/config`, 5)).get(
      `${prefix}/sensor/centinela_${siteId}_backup/config`,
    )!;
    const state = seen.find((m) => m.topic === config.state_topic)!;
    expect((await retained(String(config.state_topic), 1))[0]?.payload).toBe(state.payload);
    const body = JSON.parse(state.payload);
    expect(config.options).toContain(body.status);
    expect(body).toMatchObject({ status: 'failed', errors: 2, dry_run: false, run_id: 'run-1' });
  });

  it('republishes configs and states when home assistant comes online', async () => {
    seen.length = 0;
    await observer.publishAsync(statusTopic, 'online');
    await waitFor(
      () =>
        configs(seen).size >= 5 && seen.some((m) => m.topic === `centinela/${siteId}/backup/state`),
    );
    expect(seen.some((m) => m.topic === availability && m.payload === 'online')).toBe(true);
    const firstState = seen.findIndex(
      (m) => m.topic.startsWith(`centinela/${siteId}/`) && m.topic !== availability,
    );
    const lastConfig = seen.map((m) => m.topic.startsWith(prefix)).lastIndexOf(true);
    expect(firstState).toBeGreaterThan(lastConfig);
    expect(seen.find((m) => m.topic === `centinela/${siteId}/entrada/person/state`)?.payload).toBe(
      'OFF',
    );
  });

  it('ignores other home assistant status payloads', async () => {
    seen.length = 0;
    await observer.publishAsync(statusTopic, 'offline');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(configs(seen).size).toBe(0);
  });

  it('marks entities offline through the last will', async () => {
    seen.length = 0;
    // Cut the TCP connection without DISCONNECT, as a crash or a pulled cable would.
    connection.client.stream.destroy();
    await waitFor(
      () => seen.some((m) => m.topic === availability && m.payload === 'offline'),
      8000,
    );
    // mqtt.js reconnects, and the publisher sends everything again.
    await waitFor(
      () =>
        seen.some((m) => m.topic === availability && m.payload === 'online') &&
        configs(seen).size >= 5,
      8000,
    );
    const availabilityMessages = seen.filter((m) => m.topic === availability).map((m) => m.payload);
    expect(availabilityMessages[0]).toBe('offline');
    expect(availabilityMessages).toContain('online');
  });

  it('deletes entities and states of a removed camera', async () => {
    seen.length = 0;
    await publisher.setCameras(siteId, []);
    await waitFor(() => seen.filter((m) => m.payload === '').length >= 5);
    const deleted = seen.filter((m) => m.payload === '').map((m) => m.topic);
    expect(deleted).toContain(`${prefix}/binary_sensor/centinela_${siteId}_entrada_person/config`);
    expect(deleted).toContain(`centinela/${siteId}/entrada/person/state`);
    expect(deleted).toContain(`centinela/${siteId}/entrada/last_detection`);
    expect(deleted).not.toContain(`${prefix}/sensor/centinela_${siteId}_backup/config`);
  });

  /**
   * Collect the retained messages a new subscriber receives on `filter`. Waits for `count` of
   * them, then a little longer to catch any extra.
   */
  async function retained(filter: string, count: number): Promise<Seen[]> {
    const client = await mqtt.connectAsync(BROKER, {
      clientId: `late-${run}-${randomBytes(2).toString('hex')}`,
    });
    const received: Seen[] = [];
    client.on('message', (topic, payload, packet) => {
      if (packet.retain) received.push({ topic, payload: payload.toString(), retain: true });
    });
    await client.subscribeAsync(filter);
    await waitFor(() => received.length >= count);
    await new Promise((resolve) => setTimeout(resolve, 100));
    await client.endAsync();
    return received;
  }
});
