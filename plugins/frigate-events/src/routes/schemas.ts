/** JSON Schemas of the plugin's routes; a failed check is a 400 problem naming the field. */

const uuid = { type: 'string', format: 'uuid' } as const;
/** Site selection by query (`X-Centinela-Site` works too). */
const siteId = { type: 'string', minLength: 1, maxLength: 40 } as const;
const cursor = {
  type: 'string',
  minLength: 1,
  maxLength: 300,
  pattern: '^[A-Za-z0-9_-]+$',
} as const;
const limit = { type: 'integer', minimum: 1, maximum: 200, default: 50 } as const;

export const idParams = {
  type: 'object',
  required: ['id'],
  additionalProperties: false,
  properties: { id: uuid },
} as const;

export const siteOnlyQuery = {
  type: 'object',
  additionalProperties: false,
  properties: { site_id: siteId },
} as const;

/** Query of media routes: `v` is a cache buster the cards add to refresh a still; it is ignored. */
export const mediaQuery = {
  type: 'object',
  additionalProperties: false,
  properties: { site_id: siteId, v: { type: 'string', maxLength: 64 } },
} as const;

export const eventsQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    site_id: siteId,
    camera_id: uuid,
    label: { type: 'string', minLength: 1, maxLength: 100 },
    from: { type: 'string', format: 'date-time' },
    to: { type: 'string', format: 'date-time' },
    has_clip: { type: 'boolean' },
    cursor,
    limit,
  },
} as const;

export interface EventsQuery {
  site_id?: string;
  camera_id?: string;
  label?: string;
  from?: string;
  to?: string;
  has_clip?: boolean;
  cursor?: string;
  limit: number;
}

export const reviewsQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    site_id: siteId,
    severity: { type: 'string', enum: ['alert', 'detection'] },
    camera_id: uuid,
    cursor,
    limit,
  },
} as const;

export interface ReviewsQuery {
  site_id?: string;
  severity?: 'alert' | 'detection';
  camera_id?: string;
  cursor?: string;
  limit: number;
}

export const createCameraBody = {
  type: 'object',
  required: ['name'],
  additionalProperties: false,
  properties: {
    name: { type: 'string', minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' },
    friendly_name: { type: 'string', minLength: 1, maxLength: 100 },
  },
} as const;

export interface CreateCameraBody {
  name: string;
  friendly_name?: string;
}

export const patchCameraBody = {
  type: 'object',
  minProperties: 1,
  additionalProperties: false,
  properties: {
    friendly_name: { type: 'string', minLength: 1, maxLength: 100 },
    enabled: { type: 'boolean' },
  },
} as const;

export const putCameraBody = {
  ...patchCameraBody,
  required: ['friendly_name', 'enabled'],
} as const;

export interface PatchCameraBody {
  friendly_name?: string;
  enabled?: boolean;
}

export const rangeHeaders = {
  type: 'object',
  properties: { range: { type: 'string', maxLength: 200 } },
} as const;
