import { ROLE_NAMES, type PluginManifest } from '@centinela/core';
import { AUTH_ENTITIES } from './entities';
import { AUTH_MIGRATIONS } from './migrations';
import { POLICY_PERMISSION } from './routes/policy-routes';

export const manifest: PluginManifest = {
  name: 'auth-mfa',
  version: '0.1.0',
  description:
    'Accounts, login with argon2id passwords and TOTP, sessions, and Home Assistant ingress users.',
  dependsOn: [],
  mandatory: true,
  permissions: [
    {
      name: POLICY_PERMISSION,
      description: 'Read and change the login policy (roles that must use TOTP).',
      roles: ['SuperAdmin'],
    },
  ],
  configSchema: {
    type: 'object',
    additionalProperties: false,
    properties: {
      ingress_role_map: {
        type: 'array',
        default: [],
        maxItems: 100,
        description:
          'Roles of Home Assistant users reaching Centinela through ingress. The first rule that names the user (id or user name) or one of their groups applies; the rules of CENTINELA_INGRESS_ROLE_MAP (the add-on option role_map) come after these.',
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['role'],
          anyOf: [{ required: ['ha_user'] }, { required: ['ha_group'] }],
          properties: {
            ha_user: { type: 'string', minLength: 1, maxLength: 200 },
            ha_group: { type: 'string', minLength: 1, maxLength: 200 },
            role: { type: 'string', enum: [...ROLE_NAMES] },
          },
        },
      },
      ingress_default_role: {
        type: 'string',
        enum: [...ROLE_NAMES, 'none'],
        default: 'ReadOnly',
        description: 'Role of ingress users no rule names; "none" rejects them.',
      },
      ingress_supervisor_address: {
        type: 'string',
        default: '172.30.32.2',
        anyOf: [{ format: 'ipv4' }, { format: 'ipv6' }],
        description:
          'Address of the Home Assistant Supervisor; ingress user headers are trusted only from it (the TCP peer, never X-Forwarded-For).',
      },
    },
  },
  entities: AUTH_ENTITIES,
  migrations: AUTH_MIGRATIONS,
};
