import { Ajv } from 'ajv';

/**
 * Home Assistant's MQTT discovery rules for the platforms Centinela publishes. They are written
 * from Home Assistant's MQTT documentation (mqtt, binary_sensor.mqtt, sensor.mqtt and
 * event.mqtt pages, 2026). They cover the keys every entity platform shares, each platform's
 * own and required keys, the device and origin blocks, and `default_entity_id` in place of the
 * retired `object_id`. Home Assistant ignores unknown keys, but this schema rejects them, so a
 * misspelt key or a leftover `object_id` fails a test instead of being silently dropped.
 */

const TOPIC = { type: 'string', minLength: 1, pattern: '^[^#+]+$' };

const AVAILABILITY_ENTRY = {
  type: 'object',
  additionalProperties: false,
  required: ['topic'],
  properties: {
    topic: TOPIC,
    payload_available: { type: 'string' },
    payload_not_available: { type: 'string' },
    value_template: { type: 'string' },
  },
};

const DEVICE = {
  type: 'object',
  additionalProperties: false,
  anyOf: [{ required: ['identifiers'] }, { required: ['connections'] }],
  properties: {
    identifiers: {
      anyOf: [
        { type: 'string', minLength: 1 },
        { type: 'array', minItems: 1, items: { type: 'string', minLength: 1 } },
      ],
    },
    connections: {
      type: 'array',
      items: { type: 'array', minItems: 2, maxItems: 2, items: { type: 'string' } },
    },
    name: { type: 'string' },
    manufacturer: { type: 'string' },
    model: { type: 'string' },
    model_id: { type: 'string' },
    sw_version: { type: 'string' },
    hw_version: { type: 'string' },
    serial_number: { type: 'string' },
    suggested_area: { type: 'string' },
    configuration_url: { type: 'string', pattern: '^(https?://|homeassistant://)' },
    via_device: { type: 'string', minLength: 1 },
  },
};

const ORIGIN = {
  type: 'object',
  additionalProperties: false,
  required: ['name'],
  properties: {
    name: { type: 'string', minLength: 1 },
    sw_version: { type: 'string' },
    support_url: { type: 'string', pattern: '^https?://' },
  },
};

/** Keys shared by every entity platform (the MQTT page's "shared options"). */
const SHARED = {
  name: { type: ['string', 'null'] },
  unique_id: { type: 'string', minLength: 1 },
  default_entity_id: { type: 'string' },
  device: DEVICE,
  origin: ORIGIN,
  availability_topic: TOPIC,
  availability: { type: 'array', minItems: 1, items: AVAILABILITY_ENTRY },
  availability_mode: { enum: ['all', 'any', 'latest'] },
  availability_template: { type: 'string' },
  payload_available: { type: 'string' },
  payload_not_available: { type: 'string' },
  entity_category: { enum: ['config', 'diagnostic'] },
  enabled_by_default: { type: 'boolean' },
  icon: { type: 'string', pattern: '^mdi:[a-z0-9-]+$' },
  json_attributes_topic: TOPIC,
  json_attributes_template: { type: 'string' },
  qos: { enum: [0, 1, 2] },
  encoding: { type: 'string' },
  entity_picture: { type: 'string' },
};

// Device classes of Home Assistant's binary_sensor, sensor and event platforms that
// Centinela could use; an unknown class is an error in Home Assistant.
const BINARY_SENSOR_CLASSES = [
  'motion',
  'occupancy',
  'presence',
  'problem',
  'connectivity',
  'running',
  'update',
];
const SENSOR_CLASSES = ['timestamp', 'enum', 'data_size', 'duration'];
const EVENT_CLASSES = ['doorbell', 'button', 'motion'];

const PLATFORMS: Record<string, { required: string[]; properties: Record<string, unknown> }> = {
  binary_sensor: {
    required: ['state_topic'],
    properties: {
      state_topic: TOPIC,
      device_class: { enum: BINARY_SENSOR_CLASSES },
      payload_on: { type: 'string' },
      payload_off: { type: 'string' },
      value_template: { type: 'string' },
      off_delay: { type: 'integer', minimum: 0 },
      expire_after: { type: 'integer', minimum: 0 },
      force_update: { type: 'boolean' },
    },
  },
  sensor: {
    required: ['state_topic'],
    properties: {
      state_topic: TOPIC,
      device_class: { enum: SENSOR_CLASSES },
      state_class: { enum: ['measurement', 'total', 'total_increasing'] },
      unit_of_measurement: { type: 'string' },
      value_template: { type: 'string' },
      expire_after: { type: 'integer', minimum: 0 },
      force_update: { type: 'boolean' },
      options: { type: 'array', minItems: 1, items: { type: 'string' } },
      suggested_display_precision: { type: 'integer', minimum: 0 },
    },
  },
  event: {
    required: ['state_topic', 'event_types'],
    properties: {
      state_topic: TOPIC,
      event_types: {
        type: 'array',
        minItems: 1,
        uniqueItems: true,
        items: { type: 'string', minLength: 1 },
      },
      device_class: { enum: EVENT_CLASSES },
      value_template: { type: 'string' },
    },
  },
};

/** `<prefix>/<component>/[<node_id>/]<object_id>/config`, ids in `[a-zA-Z0-9_-]`. */
export const CONFIG_TOPIC =
  /^(?<prefix>.+)\/(?<component>[a-z_]+)\/(?:[a-zA-Z0-9_-]+\/)?[a-zA-Z0-9_-]+\/config$/;

const ajv = new Ajv({ allErrors: true, strict: false });
const validators = new Map(
  Object.entries(PLATFORMS).map(([platform, { required, properties }]) => [
    platform,
    ajv.compile({
      type: 'object',
      additionalProperties: false,
      // Without a unique_id Home Assistant registers no device and the UI cannot edit the entity.
      required: ['unique_id', 'device', 'origin', ...required],
      properties: { ...SHARED, ...properties },
    }),
  ]),
);

/** Problems of one discovery message against Home Assistant's rules; empty when valid. */
export function discoveryProblems(topic: string, payload: unknown): string[] {
  const match = CONFIG_TOPIC.exec(topic);
  if (match === null) return [`${topic}: not a discovery config topic`];
  const component = match.groups?.component ?? '';
  const validate = validators.get(component);
  if (validate === undefined)
    return [`${topic}: platform ${component} is not one Centinela publishes`];

  const problems: string[] = [];
  if (!validate(payload)) {
    for (const error of validate.errors ?? []) {
      problems.push(
        `${topic}: ${error.instancePath || '(payload)'} ${error.message ?? 'is invalid'} ${JSON.stringify(error.params)}`,
      );
    }
  }
  const config = payload as Record<string, unknown>;
  if (
    typeof config.default_entity_id === 'string' &&
    !new RegExp(`^${component}\\.[a-z0-9_]+$`).test(config.default_entity_id)
  ) {
    problems.push(
      `${topic}: default_entity_id ${config.default_entity_id} is not a ${component} entity id`,
    );
  }
  if ('availability' in config && 'availability_topic' in config) {
    problems.push(`${topic}: availability and availability_topic must not be used together`);
  }
  if ('options' in config && config.device_class !== 'enum') {
    problems.push(`${topic}: options needs device_class enum`);
  }
  return problems;
}
