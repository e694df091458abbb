import type { CurrentUser, Role } from './api/types';

/** What the portal shows or hides; the API enforces the same rules on every request. */
export type Capability =
  | 'evidence:read'
  | 'evidence:export'
  | 'audit:read'
  | 'backups:read'
  | 'backups:run'
  | 'users:manage'
  | 'plugins:manage';

/**
 * Default holders of each capability (the roles table of the design). A permission listed
 * in `GET /api/auth/me` grants the capability too, so a server that grants extra
 * permissions is followed.
 */
const ROLE_DEFAULTS: Record<Capability, readonly Role[]> = {
  'evidence:read': ['SuperAdmin', 'Admin'],
  'evidence:export': ['SuperAdmin', 'Admin'],
  'audit:read': ['SuperAdmin'],
  'backups:read': ['SuperAdmin', 'Admin'],
  'backups:run': ['SuperAdmin'],
  'users:manage': ['SuperAdmin'],
  'plugins:manage': ['SuperAdmin'],
};

export function can(user: CurrentUser | undefined, capability: Capability): boolean {
  if (user === undefined) return false;
  if (user.permissions.includes(capability)) return true;
  return ROLE_DEFAULTS[capability].includes(user.role);
}
