import { defineError } from '@centinela/core';

/** Errors of the rbac plugin; docs/errors-auth.md lists them. */
export const RbacErrors = {
  userNotFound: defineError(
    'CEN_ERR_RBAC_USER_NOT_FOUND',
    404,
    'User not found',
    (id: string) => `No user with id ${id}.`,
  ),
  lastSuperAdmin: defineError(
    'CEN_ERR_RBAC_LAST_SUPERADMIN',
    409,
    'Last SuperAdmin',
    () => 'This is the last active SuperAdmin; it cannot be demoted or disabled.',
  ),
  cursorInvalid: defineError(
    'CEN_ERR_RBAC_CURSOR_INVALID',
    400,
    'Invalid cursor',
    () => 'The cursor is not one this API returned.',
  ),
  scopeOnSuperAdmin: defineError(
    'CEN_ERR_RBAC_SCOPE_SUPERADMIN',
    400,
    'Camera scope on a SuperAdmin',
    () => 'A SuperAdmin always sees every camera, so its camera_scope must be null.',
  ),
};
