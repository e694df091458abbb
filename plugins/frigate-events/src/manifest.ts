import type { PluginManifest } from '@centinela/core';
import { FRIGATE_ENTITIES } from './db/entities';
import { FRIGATE_MIGRATIONS } from './db/migrations';

export const PLUGIN_NAME = 'frigate-events';

export const manifest: PluginManifest = {
  name: PLUGIN_NAME,
  version: '0.1.0',
  description:
    'Stores Frigate detections from MQTT and the REST API, lists cameras, events and reviews, and proxies their media.',
  dependsOn: [],
  mandatory: false,
  defaultEnabled: true,
  permissions: [
    {
      name: 'cameras:read',
      description: 'List cameras and their latest still.',
      roles: ['SuperAdmin', 'Admin', 'ReadOnly'],
    },
    {
      name: 'cameras:manage',
      description: 'Add, rename, disable and remove cameras.',
      roles: ['SuperAdmin'],
    },
    {
      name: 'events:read',
      description: 'List events and reviews, and view their snapshots, clips and thumbnails.',
      roles: ['SuperAdmin', 'Admin', 'ReadOnly'],
    },
    {
      name: 'events:sync',
      description: 'Run a backfill from Frigate now.',
      roles: ['SuperAdmin', 'Admin'],
    },
  ],
  configSchema: {
    type: 'object',
    additionalProperties: false,
    properties: {
      poll_interval_seconds: {
        type: 'integer',
        minimum: 5,
        maximum: 3600,
        default: 30,
        description: 'Seconds between two backfills from the Frigate REST API.',
      },
      backfill_page_size: {
        type: 'integer',
        minimum: 1,
        maximum: 1000,
        default: 100,
        description: 'Events requested per page from GET /api/events during a backfill.',
      },
      frigate_url: {
        type: 'string',
        pattern: '^https?://[^\\s/?#]+(/[^\\s?#]*)?$',
        description:
          "Frigate's base URL for this site; defaults to the site's URL, then FRIGATE_URL.",
      },
      mqtt_prefix: {
        type: 'string',
        pattern: '^[^#+\\s/]+(/[^#+\\s/]+)*$',
        maxLength: 100,
        description:
          "Frigate's MQTT topic prefix (mqtt.topic_prefix); defaults to FRIGATE_MQTT_PREFIX, then 'frigate'.",
      },
      retry_media_seconds: {
        type: 'integer',
        minimum: 0,
        maximum: 600,
        default: 30,
        description:
          'Seconds after an event ends during which a missing clip or snapshot returns 409 and Retry-After instead of 404.',
      },
      request_timeout_seconds: {
        type: 'integer',
        minimum: 1,
        maximum: 120,
        default: 10,
        description:
          'Seconds Frigate has to send response headers (three times as long for clips, which ffmpeg assembles on request).',
      },
      initial_backfill_hours: {
        type: 'integer',
        minimum: 0,
        maximum: 8760,
        default: 24,
        description: 'Hours of Frigate history read at the first backfill of a site.',
      },
    },
  },
  entities: FRIGATE_ENTITIES,
  migrations: FRIGATE_MIGRATIONS,
};
