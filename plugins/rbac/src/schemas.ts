import { ROLE_NAMES } from '@centinela/core';

const role = { type: 'string', enum: [...ROLE_NAMES] } as const;
const cameraScope = {
  type: ['array', 'null'],
  maxItems: 500,
  uniqueItems: true,
  items: { type: 'string', minLength: 1, maxLength: 100 },
  description: 'Camera ids the user may see; null for every camera.',
} as const;

export const userParams = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'string', format: 'uuid' } },
} as const;

export const listQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    cursor: { type: 'string', maxLength: 200 },
    limit: { type: 'integer', minimum: 1, maximum: 200, default: 50 },
    role,
    active: { type: 'boolean' },
    site_id: { type: 'string' },
  },
} as const;

export const createBody = {
  type: 'object',
  required: ['email', 'role'],
  additionalProperties: false,
  properties: {
    email: { type: 'string', minLength: 3, maxLength: 254 },
    role,
    display_name: { type: 'string', minLength: 1, maxLength: 200 },
    password: {
      type: 'string',
      minLength: 1,
      maxLength: 1024,
      description: 'Omit to get a one-time password.',
    },
    camera_scope: cameraScope,
    must_change_password: { type: 'boolean', default: true },
  },
} as const;

export const patchBody = {
  type: 'object',
  additionalProperties: false,
  minProperties: 1,
  properties: {
    role,
    active: { type: 'boolean' },
    display_name: { type: 'string', minLength: 1, maxLength: 200 },
    camera_scope: cameraScope,
  },
} as const;
