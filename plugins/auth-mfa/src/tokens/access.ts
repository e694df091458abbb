import type { RoleName } from '@centinela/core';
import type { AuthContext } from '../context';
import { tokenHash } from './token-hash';

/** The user behind a valid access token, read fresh from the database on every request. */
export interface TokenUser {
  userId: string;
  email: string;
  role: RoleName;
  mustChangePassword: boolean;
  cameraScope: string[] | null;
  sessionId: string;
  mfaEnabled: boolean;
  /** The login policy requires TOTP for the user's role. */
  mfaRequired: boolean;
}

interface TokenUserRow {
  id: string;
  email: string;
  role: RoleName;
  must_change_password: boolean;
  camera_scope: string[] | string | null;
  session_id: string;
  mfa_enabled: boolean;
  mfa_required: boolean;
}

/**
 * Resolve an access token. The user row is read on every call, never cached, so a role
 * change or a deactivation applies to the user's very next request.
 */
export async function userOfAccessToken(
  context: AuthContext,
  accessToken: string,
): Promise<TokenUser | null> {
  const now = context.now();
  const rows = await context.em().execute<TokenUserRow[]>(
    `select u.id, u.email, u.role, u.must_change_password, u.camera_scope, a.session_id,
            (m.enabled_at is not null) as mfa_enabled,
            exists (select 1 from auth_policy p where p.id = 1 and p.mfa_required_roles @> to_jsonb(u.role::text)) as mfa_required
       from access_tokens a
       join sessions s on s.id = a.session_id
       join users u on u.id = a.user_id
       left join mfa_totp m on m.user_id = u.id
      where a.token_hash = ? and a.expires_at > ? and s.revoked_at is null and s.expires_at > ? and u.active`,
    [tokenHash(accessToken), now, now],
  );
  const row = rows[0];
  if (row === undefined) return null;
  return {
    userId: row.id,
    email: row.email,
    role: row.role,
    mustChangePassword: row.must_change_password,
    cameraScope:
      typeof row.camera_scope === 'string'
        ? (JSON.parse(row.camera_scope) as string[] | null)
        : row.camera_scope,
    sessionId: row.session_id,
    mfaEnabled: row.mfa_enabled === true,
    mfaRequired: row.mfa_required === true,
  };
}
