import type { Principal } from '@centinela/core';
import type { AuthContext } from '../context';
import type { User } from '../entities';

/** `GET /api/auth/me` and the `user` of a login answer. */
export interface MeView {
  id: string;
  email: string;
  display_name: string;
  role: User['role'];
  permissions: string[];
  mfa_enabled: boolean;
  mfa_enrollment_required: boolean;
  must_change_password: boolean;
  camera_scope: string[] | null;
  via: Principal['via'] | 'password';
}

export function meView(
  context: AuthContext,
  user: User,
  mfaEnabled: boolean,
  mfaEnrollmentRequired: boolean,
  via: MeView['via'],
): MeView {
  return {
    id: user.id,
    email: user.email,
    display_name: user.displayName,
    role: user.role,
    permissions: context.permissionsOf(user.role),
    mfa_enabled: mfaEnabled,
    mfa_enrollment_required: mfaEnrollmentRequired,
    must_change_password: user.mustChangePassword,
    camera_scope: user.cameraScope,
    via,
  };
}
