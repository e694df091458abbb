/** JSON Schemas of the evidence routes' inputs (also the source of the OpenAPI document). */

export const exportBody = {
  type: 'object',
  required: ['event_id', 'reason', 'format'],
  additionalProperties: false,
  properties: {
    event_id: { type: 'string', format: 'uuid', description: "Centinela's event id." },
    reason: {
      type: 'string',
      minLength: 3,
      maxLength: 500,
      description: 'Why the evidence is exported; an incident or report number helps.',
    },
    format: {
      type: 'string',
      enum: ['mp4', 'jpg'],
      description: 'mp4 for the clip, jpg for the snapshot.',
    },
  },
} as const;

export interface ExportBody {
  event_id: string;
  reason: string;
  format: 'mp4' | 'jpg';
}

export const exportHeaders = {
  type: 'object',
  properties: {
    'idempotency-key': {
      type: 'string',
      description: 'Optional; a retried request with the same key returns the same export.',
    },
  },
} as const;

export const idParams = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'string', format: 'uuid' } },
} as const;

export interface IdParams {
  id: string;
}

export const listQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    site_id: { type: 'string' },
    event_id: { type: 'string', format: 'uuid' },
    camera: { type: 'string', minLength: 1, maxLength: 64, description: "Frigate's camera name." },
    camera_id: { type: 'string', minLength: 1, maxLength: 64 },
    from: {
      type: 'string',
      format: 'date-time',
      description: 'Exports made at or after this time.',
    },
    to: { type: 'string', format: 'date-time', description: 'Exports made before this time.' },
    cursor: { type: 'string', maxLength: 200 },
    limit: { type: 'integer', minimum: 1, maximum: 200, default: 50 },
  },
} as const;

export interface ListQuery {
  event_id?: string;
  camera?: string;
  camera_id?: string;
  from?: string;
  to?: string;
  cursor?: string;
  limit: number;
}
