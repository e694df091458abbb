import { ROLE_NAMES } from '@centinela/core';

const password = { type: 'string', minLength: 1, maxLength: 1024 } as const;

export const loginBody = {
  type: 'object',
  required: ['email', 'password'],
  additionalProperties: false,
  properties: {
    email: { type: 'string', minLength: 3, maxLength: 254 },
    password,
    code: {
      type: 'string',
      maxLength: 20,
      description: 'TOTP code or recovery code, once TOTP is on.',
    },
  },
} as const;

export const refreshBody = {
  type: 'object',
  additionalProperties: false,
  properties: { refresh_token: { type: 'string', minLength: 20, maxLength: 200 } },
} as const;

export const passwordChangeBody = {
  type: 'object',
  required: ['current_password', 'new_password'],
  additionalProperties: false,
  properties: { current_password: password, new_password: password },
} as const;

export const currentPasswordBody = {
  type: 'object',
  required: ['current_password'],
  additionalProperties: false,
  properties: { current_password: password },
} as const;

export const totpVerifyBody = {
  type: 'object',
  required: ['code'],
  additionalProperties: false,
  properties: { code: { type: 'string', minLength: 6, maxLength: 10 } },
} as const;

export const policyBody = {
  type: 'object',
  required: ['mfa_required_roles'],
  additionalProperties: false,
  properties: {
    mfa_required_roles: {
      type: 'array',
      uniqueItems: true,
      maxItems: ROLE_NAMES.length,
      items: { type: 'string', enum: [...ROLE_NAMES] },
    },
  },
} as const;
