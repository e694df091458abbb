import type { PermissionDefinition } from './manifest';

/** Permissions of the core's own routes (sites and the plugin registry). */
export const CORE_PERMISSIONS: PermissionDefinition[] = [
  { name: 'sites:read', description: 'List sites.', roles: ['SuperAdmin', 'Admin', 'ReadOnly'] },
  { name: 'sites:manage', description: 'Create and change sites.', roles: ['SuperAdmin'] },
  { name: 'plugins:manage', description: 'Install, configure and remove plugins per site.', roles: ['SuperAdmin'] },
];
