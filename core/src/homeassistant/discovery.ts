import { CENTINELA_VERSION } from '../version';

/** A camera as Home Assistant discovery sees it. */
export interface DiscoveryCamera {
  siteId: string;
  /** Frigate's camera key (`[A-Za-z0-9_-]+`). */
  name: string;
  friendlyName: string;
  /** Labels Frigate tracks on this camera; one occupancy sensor each. */
  labels: string[];
}

export interface DiscoveryMessage {
  topic: string;
  payload: Record<string, unknown>;
}

const ORIGIN = { name: 'Centinela', sw_version: CENTINELA_VERSION };

/** Lower-case `[a-z0-9_]` form for entity ids and discovery topic segments. */
export function slug(value: string): string {
  const cleaned = value
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  return cleaned === '' ? 'x' : cleaned;
}

export function siteTopic(siteId: string): string {
  return `centinela/${siteId}`;
}

export function availabilityTopic(siteId: string): string {
  return `${siteTopic(siteId)}/availability`;
}

export function detectionTopic(siteId: string, camera: string): string {
  return `${siteTopic(siteId)}/${camera}/detection`;
}

export function occupancyTopic(siteId: string, camera: string, label: string): string {
  return `${siteTopic(siteId)}/${camera}/${label}/state`;
}

export function lastDetectionTopic(siteId: string, camera: string): string {
  return `${siteTopic(siteId)}/${camera}/last_detection`;
}

export function backupStateTopic(siteId: string): string {
  return `${siteTopic(siteId)}/backup/state`;
}

function siteDevice(siteId: string): Record<string, unknown> {
  return {
    identifiers: [`centinela_${slug(siteId)}`],
    name: `Centinela ${siteId}`,
    manufacturer: 'Centinela',
    model: 'Centinela site',
    sw_version: CENTINELA_VERSION,
  };
}

function cameraDevice(camera: DiscoveryCamera): Record<string, unknown> {
  return {
    identifiers: [`centinela_${slug(camera.siteId)}_${slug(camera.name)}`],
    name: camera.friendlyName,
    manufacturer: 'Centinela',
    model: 'Frigate camera',
    via_device: `centinela_${slug(camera.siteId)}`,
  };
}

/**
 * Discovery configs for one camera: an occupancy binary_sensor per label, a last-detection
 * timestamp sensor and an event entity, all grouped under one device per camera. Payloads use
 * `default_entity_id` (Home Assistant ignores the retired `object_id` since 2026.4).
 */
export function cameraDiscovery(camera: DiscoveryCamera, prefix = 'homeassistant'): DiscoveryMessage[] {
  const base = `centinela_${slug(camera.siteId)}_${slug(camera.name)}`;
  const cameraSlug = slug(camera.name);
  const common = {
    availability_topic: availabilityTopic(camera.siteId),
    payload_available: 'online',
    payload_not_available: 'offline',
    device: cameraDevice(camera),
    origin: ORIGIN,
  };
  const messages: DiscoveryMessage[] = camera.labels.map((label) => ({
    topic: `${prefix}/binary_sensor/${base}_${slug(label)}/config`,
    payload: {
      name: `${label} occupancy`,
      unique_id: `${base}_${slug(label)}_occupancy`,
      default_entity_id: `binary_sensor.${cameraSlug}_${slug(label)}_occupancy`,
      device_class: 'occupancy',
      state_topic: occupancyTopic(camera.siteId, camera.name, label),
      payload_on: 'ON',
      payload_off: 'OFF',
      ...common,
    },
  }));
  messages.push({
    topic: `${prefix}/sensor/${base}_last_detection/config`,
    payload: {
      name: 'Last detection',
      unique_id: `${base}_last_detection`,
      default_entity_id: `sensor.${cameraSlug}_last_detection`,
      device_class: 'timestamp',
      state_topic: lastDetectionTopic(camera.siteId, camera.name),
      value_template: '{{ value_json.start_time }}',
      json_attributes_topic: lastDetectionTopic(camera.siteId, camera.name),
      ...common,
    },
  });
  messages.push({
    topic: `${prefix}/event/${base}_detection/config`,
    payload: {
      name: 'Detection',
      unique_id: `${base}_detection`,
      default_entity_id: `event.${cameraSlug}_detection`,
      state_topic: detectionTopic(camera.siteId, camera.name),
      event_types: camera.labels,
      ...common,
    },
  });
  return messages;
}

/** Discovery config for a site's backup status sensor. */
export function siteDiscovery(siteId: string, prefix = 'homeassistant'): DiscoveryMessage[] {
  const base = `centinela_${slug(siteId)}`;
  return [
    {
      topic: `${prefix}/sensor/${base}_backup/config`,
      payload: {
        name: 'Backup',
        unique_id: `${base}_backup`,
        default_entity_id: `sensor.centinela_${slug(siteId)}_backup`,
        state_topic: backupStateTopic(siteId),
        value_template: '{{ value_json.status }}',
        json_attributes_topic: backupStateTopic(siteId),
        icon: 'mdi:cloud-upload',
        availability_topic: availabilityTopic(siteId),
        payload_available: 'online',
        payload_not_available: 'offline',
        device: siteDevice(siteId),
        origin: ORIGIN,
      },
    },
  ];
}
