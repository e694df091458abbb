import { CENTINELA_VERSION } from '../version';
import { entityNames, labelName, type EntityLanguage } from './discovery-names';

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

export interface DiscoveryOptions {
  /** Home Assistant's discovery prefix (the MQTT integration's setting). */
  prefix?: string;
  language?: EntityLanguage;
  /**
   * Topic of the MQTT connection's last will. Entities of a site whose own availability topic
   * differs from it follow both topics, so they go unavailable when Centinela's connection drops.
   */
  instanceAvailabilityTopic?: string;
}

const ORIGIN = {
  name: 'Centinela',
  sw_version: CENTINELA_VERSION,
  support_url: 'https://github.com/centinela-nvr/centinela',
};

/** Values of the backup sensor, from BackupFinishedMessage.status. */
export const BACKUP_STATUSES = ['ok', 'partial', 'failed'] as const;

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

function siteDevice(siteId: string, language: EntityLanguage): Record<string, unknown> {
  const names = entityNames(language);
  return {
    identifiers: [`centinela_${slug(siteId)}`],
    name: `${names.site} ${siteId}`,
    manufacturer: 'Centinela',
    model: names.siteModel,
    sw_version: CENTINELA_VERSION,
  };
}

function cameraDevice(camera: DiscoveryCamera, language: EntityLanguage): Record<string, unknown> {
  return {
    identifiers: [`centinela_${slug(camera.siteId)}_${slug(camera.name)}`],
    name: camera.friendlyName,
    manufacturer: 'Centinela',
    model: entityNames(language).cameraModel,
    via_device: `centinela_${slug(camera.siteId)}`,
  };
}

/** Availability keys of a site's entities (see DiscoveryOptions.instanceAvailabilityTopic). */
function availabilityKeys(
  siteId: string,
  instanceTopic: string | undefined,
): Record<string, unknown> {
  const siteAvailability = availabilityTopic(siteId);
  if (instanceTopic === undefined || instanceTopic === siteAvailability) {
    return {
      availability_topic: siteAvailability,
      payload_available: 'online',
      payload_not_available: 'offline',
    };
  }
  return {
    availability: [instanceTopic, siteAvailability].map((topic) => ({
      topic,
      payload_available: 'online',
      payload_not_available: 'offline',
    })),
    availability_mode: 'all',
  };
}

/**
 * Discovery configs for one camera: an occupancy binary_sensor per label, a last-detection
 * timestamp sensor and an event entity, all grouped under one device per camera. Payloads use
 * `default_entity_id` (Home Assistant ignores the retired `object_id` since 2026.4). Entity ids
 * come from Frigate's camera and label keys, so they stay the same in every language.
 */
export function cameraDiscovery(
  camera: DiscoveryCamera,
  options: DiscoveryOptions = {},
): DiscoveryMessage[] {
  const prefix = options.prefix ?? 'homeassistant';
  const language = options.language ?? 'es';
  const names = entityNames(language);
  const base = `centinela_${slug(camera.siteId)}_${slug(camera.name)}`;
  const cameraSlug = slug(camera.name);
  const common = {
    ...availabilityKeys(camera.siteId, options.instanceAvailabilityTopic),
    device: cameraDevice(camera, language),
    origin: ORIGIN,
  };

  const messages: DiscoveryMessage[] = camera.labels.map((label) => ({
    topic: `${prefix}/binary_sensor/${base}_${slug(label)}/config`,
    payload: {
      name: labelName(label, language),
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
      name: names.lastDetection,
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
      name: names.detection,
      unique_id: `${base}_detection`,
      default_entity_id: `event.${cameraSlug}_detection`,
      device_class: 'motion',
      state_topic: detectionTopic(camera.siteId, camera.name),
      event_types: camera.labels,
      // The topic carries the start and the end of each detection. Home Assistant ignores a
      // payload that renders empty, so the event entity fires once, when a detection starts.
      value_template: "{% if value_json.kind == 'new' %}{{ value }}{% endif %}",
      ...common,
    },
  });
  return messages;
}

/** Discovery config for a site's backup status sensor. */
export function siteDiscovery(siteId: string, options: DiscoveryOptions = {}): DiscoveryMessage[] {
  const prefix = options.prefix ?? 'homeassistant';
  const language = options.language ?? 'es';
  const base = `centinela_${slug(siteId)}`;
  return [
    {
      topic: `${prefix}/sensor/${base}_backup/config`,
      payload: {
        name: entityNames(language).backup,
        unique_id: `${base}_backup`,
        default_entity_id: `sensor.centinela_${slug(siteId)}_backup`,
        state_topic: backupStateTopic(siteId),
        device_class: 'enum',
        options: [...BACKUP_STATUSES],
        value_template: '{{ value_json.status }}',
        json_attributes_topic: backupStateTopic(siteId),
        icon: 'mdi:cloud-upload',
        ...availabilityKeys(siteId, options.instanceAvailabilityTopic),
        device: siteDevice(siteId, language),
        origin: ORIGIN,
      },
    },
  ];
}
