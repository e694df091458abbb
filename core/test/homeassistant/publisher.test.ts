import { randomBytes } from 'node:crypto';
import mqtt from 'mqtt';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DetectionMessage } from '../../src/bus/event-bus';
import { MqttConnection } from '../../src/mqtt/connection';
import { HomeAssistantPublisher } from '../../src/homeassistant/mqtt-publisher';

const BROKER = process.env.TEST_MQTT_URL ?? 'mqtt://127.0.0.1:1883';
const run = randomBytes(4).toString('hex');
const prefix = `test_${run}/homeassistant`;
const statusTopic = `test_${run}/homeassistant/status`;
const siteId = `site_${run}`;

function detection(kind: DetectionMessage['kind'], eventId: string): DetectionMessage {
  return {
    siteId,
    kind,
    eventId,
    frigateEventId: `1717171717.1-${eventId.slice(0, 6)}`,
    cameraId: 'cam-1',
    camera: 'entrada',
    label: 'person',
    subLabel: null,
    score: 0.87,
    startTime: '2026-12-04T14:00:00.000Z',
    endTime: kind === 'end' ? '2026-12-04T14:00:20.000Z' : null,
    hasSnapshot: true,
    hasClip: true,
    zones: [],
  };
}

describe('home assistant mqtt publisher on the real broker', () => {
  let connection: MqttConnection;
  let publisher: HomeAssistantPublisher;
  let observer: mqtt.MqttClient;
  const seen: Array<{ topic: string; payload: string; retain: boolean }> = [];

  const waitFor = async (predicate: () => boolean, ms = 5000) => {
    const start = Date.now();
    while (!predicate()) {
      if (Date.now() - start > ms) throw new Error('timed out waiting for MQTT messages');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };

  beforeAll(async () => {
    connection = new MqttConnection({
      url: BROKER,
      clientId: `centinela-test-${run}`,
      availabilityTopic: `centinela/${siteId}/availability`,
      log: pino({ level: 'silent' }),
    });
    await connection.waitForConnect(5000);
    publisher = new HomeAssistantPublisher({
      mqtt: connection,
      log: pino({ level: 'silent' }),
      discoveryPrefix: prefix,
      statusTopic,
      republishJitterMs: 50,
    });
    publisher.start();
    observer = await mqtt.connectAsync(BROKER, { clientId: `observer-${run}` });
    observer.on('message', (topic, payload, packet) => seen.push({ topic, payload: payload.toString(), retain: packet.retain }));
    await observer.subscribeAsync([`${prefix}/#`, `centinela/${siteId}/#`]);
  });

  afterAll(async () => {
    publisher.stop();
    // Clear the retained messages this test left on the shared broker.
    const retained = [...new Set(seen.filter((m) => m.payload !== '').map((m) => m.topic))];
    for (const topic of retained) await observer.publishAsync(topic, '', { retain: true });
    await observer.endAsync();
    await connection.close();
  });

  it('publishes retained discovery configs for a camera', async () => {
    await publisher.setCameras(siteId, [{ siteId, name: 'entrada', friendlyName: 'Entrada', labels: ['person'] }]);
    await waitFor(() => seen.filter((m) => m.topic.startsWith(prefix)).length >= 4);
    const configs = seen.filter((m) => m.topic.startsWith(prefix));
    expect(configs.map((m) => m.topic).sort()).toEqual(
      [
        `${prefix}/binary_sensor/centinela_${siteId}_entrada_person/config`,
        `${prefix}/event/centinela_${siteId}_entrada_detection/config`,
        `${prefix}/sensor/centinela_${siteId}_backup/config`,
        `${prefix}/sensor/centinela_${siteId}_entrada_last_detection/config`,
      ].sort(),
    );
  });

  it('keeps the configs retained for a subscriber that arrives later', async () => {
    const late = await mqtt.connectAsync(BROKER, { clientId: `late-${run}` });
    const retained: string[] = [];
    late.on('message', (topic, _payload, packet) => {
      if (packet.retain) retained.push(topic);
    });
    await late.subscribeAsync(`${prefix}/#`);
    await waitFor(() => retained.length >= 4);
    expect(retained.length).toBe(4);
    await late.endAsync();
  });

  it('turns occupancy on and off and publishes detections', async () => {
    seen.length = 0;
    await publisher.onDetection(detection('new', 'aaaaaaaa-1'));
    await publisher.onDetection(detection('update', 'aaaaaaaa-1'));
    await publisher.onDetection(detection('end', 'aaaaaaaa-1'));
    await waitFor(() => seen.some((m) => m.payload === 'OFF'));
    const occupancy = seen.filter((m) => m.topic === `centinela/${siteId}/entrada/person/state`).map((m) => m.payload);
    expect(occupancy).toEqual(['ON', 'OFF']);
    const detections = seen.filter((m) => m.topic === `centinela/${siteId}/entrada/detection`).map((m) => JSON.parse(m.payload));
    expect(detections.map((d) => d.kind)).toEqual(['new', 'end']);
    expect(detections[0]).toMatchObject({ event_type: 'person', camera: 'entrada', score: 0.87 });
  });

  it('republishes discovery when home assistant comes online', async () => {
    seen.length = 0;
    await observer.publishAsync(statusTopic, 'online');
    await waitFor(() => seen.filter((m) => m.topic.startsWith(prefix)).length >= 4);
    expect(seen.some((m) => m.topic === `centinela/${siteId}/availability` && m.payload === 'online')).toBe(true);
  });

  it('deletes the entities of a removed camera', async () => {
    seen.length = 0;
    await publisher.setCameras(siteId, []);
    await waitFor(() => seen.filter((m) => m.payload === '').length >= 3);
    const deleted = seen.filter((m) => m.payload === '').map((m) => m.topic);
    expect(deleted).toContain(`${prefix}/binary_sensor/centinela_${siteId}_entrada_person/config`);
    expect(deleted).not.toContain(`${prefix}/sensor/centinela_${siteId}_backup/config`);
  });
});
