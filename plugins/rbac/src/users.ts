import type { Principal, RoleName } from '@centinela/core';
import {
  AUTH_ACTIONS,
  createUser,
  isMfaEnabled,
  MfaTotpSchema,
  resetPassword,
  resetTotpOfUser,
  revokeUserSessions,
  toUserView,
  UserSchema,
  type AuthContext,
  type RequestMeta,
  type User,
  type UserView,
} from '@centinela/plugin-auth-mfa';
import type { SqlEntityManager } from '@mikro-orm/knex';
import { decodeCursor, encodeCursor } from './cursor';
import { RbacErrors } from './errors';

// Any fixed number; it serialises changes that could remove the last SuperAdmin.
const SUPERADMIN_LOCK = 0x63656e02;

export interface UserPage {
  items: UserView[];
  next_cursor: string | null;
}

export interface UserFilter {
  cursor?: string;
  limit: number;
  role?: RoleName;
  active?: boolean;
}

/** Users newest first, with keyset pagination on (created_at, id). */
export async function listUsers(auth: AuthContext, filter: UserFilter): Promise<UserPage> {
  const em = auth.em();
  const where: Record<string, unknown> = {};
  if (filter.role !== undefined) where.role = filter.role;
  if (filter.active !== undefined) where.active = filter.active;
  if (filter.cursor !== undefined) {
    const { createdAt, id } = decodeCursor(filter.cursor);
    where.$or = [{ createdAt: { $lt: createdAt } }, { createdAt, id: { $lt: id } }];
  }
  const rows = await em.find(UserSchema, where, {
    orderBy: { createdAt: 'desc', id: 'desc' },
    limit: filter.limit + 1,
  });
  const page = rows.slice(0, filter.limit);
  const enabled = await mfaEnabledSet(
    em,
    page.map((user) => user.id),
  );
  const last = page.at(-1);
  return {
    items: page.map((user) => toUserView(user, enabled.has(user.id))),
    next_cursor: rows.length > filter.limit && last !== undefined ? encodeCursor(last) : null,
  };
}

async function mfaEnabledSet(em: SqlEntityManager, userIds: string[]): Promise<Set<string>> {
  if (userIds.length === 0) return new Set();
  const rows = await em.find(
    MfaTotpSchema,
    { userId: { $in: userIds }, enabledAt: { $ne: null } },
    { fields: ['userId'] },
  );
  return new Set(rows.map((row) => row.userId));
}

export async function getUser(auth: AuthContext, id: string): Promise<UserView> {
  const em = auth.em();
  const user = await em.findOne(UserSchema, { id });
  if (user === null) throw RbacErrors.userNotFound(id);
  return toUserView(user, await isMfaEnabled(em, id));
}

export interface NewUserBody {
  email: string;
  role: RoleName;
  display_name?: string;
  password?: string;
  camera_scope?: string[] | null;
  must_change_password?: boolean;
}

/** Create a user. Without a password, the response carries a one-time password, shown once. */
export async function addUser(
  auth: AuthContext,
  body: NewUserBody,
  actor: Principal,
  meta: RequestMeta,
): Promise<UserView & { one_time_password?: string }> {
  if (body.role === 'SuperAdmin' && body.camera_scope != null) throw scopeOnSuperAdmin();
  const created = await createUser(
    auth.em(),
    {
      email: body.email,
      role: body.role,
      ...(body.display_name === undefined ? {} : { displayName: body.display_name }),
      ...(body.password === undefined ? {} : { password: body.password }),
      cameraScope: body.camera_scope ?? null,
      mustChangePassword: body.must_change_password ?? true,
    },
    auth.now(),
  );
  const { user } = created;
  auth.publish({
    siteId: meta.siteId,
    actor: {
      id: actor.userId,
      email: actor.email,
      address: meta.address,
      userAgent: meta.userAgent,
    },
    action: AUTH_ACTIONS.userCreate,
    resource: `user/${user.id}`,
    details: {
      email: user.email,
      role: user.role,
      camera_scope: user.cameraScope,
      one_time_password_issued: created.oneTimePassword !== undefined,
    },
  });
  const view = toUserView(user, false);
  return created.oneTimePassword === undefined
    ? view
    : { ...view, one_time_password: created.oneTimePassword };
}

export interface UserPatch {
  role?: RoleName;
  active?: boolean;
  display_name?: string;
  camera_scope?: string[] | null;
}

type Changes = Record<string, { from: unknown; to: unknown }>;

/**
 * Change a user's role, state, name or camera scope. Demoting or disabling the last active
 * SuperAdmin is rejected. An advisory lock makes two such changes run one after the other,
 * so two SuperAdmins cannot demote each other at the same moment. Disabling revokes every
 * session of the user. A role or scope change applies at the next request, because the
 * authenticator reads the user on every request.
 */
export async function updateUser(
  auth: AuthContext,
  id: string,
  patch: UserPatch,
  actor: Principal,
  meta: RequestMeta,
): Promise<UserView> {
  const { user, changes } = await auth.em().transactional(async (em: SqlEntityManager) => {
    await em.execute('select pg_advisory_xact_lock(?)', [SUPERADMIN_LOCK]);
    const target = await em.findOne(UserSchema, { id });
    if (target === null) throw RbacErrors.userNotFound(id);
    const losesSuperAdmin =
      target.role === 'SuperAdmin' &&
      target.active &&
      ((patch.role !== undefined && patch.role !== 'SuperAdmin') || patch.active === false);
    if (
      losesSuperAdmin &&
      (await em.count(UserSchema, { role: 'SuperAdmin', active: true, id: { $ne: id } })) === 0
    ) {
      throw RbacErrors.lastSuperAdmin({ fix: 'Make another user SuperAdmin first.' });
    }
    const applied = applyPatch(target, patch);
    if (Object.keys(applied).length > 0) {
      target.updatedAt = auth.now();
      await em.flush();
    }
    if (applied.active?.to === false)
      await revokeUserSessions(em, target.id, 'user_disabled', auth.now());
    return { user: target, changes: applied };
  });
  if (Object.keys(changes).length > 0) {
    auth.publish({
      siteId: meta.siteId,
      actor: {
        id: actor.userId,
        email: actor.email,
        address: meta.address,
        userAgent: meta.userAgent,
      },
      action: AUTH_ACTIONS.userUpdate,
      resource: `user/${user.id}`,
      details: { email: user.email, changes },
    });
  }
  return toUserView(user, await isMfaEnabled(auth.em(), user.id));
}

function scopeOnSuperAdmin() {
  return RbacErrors.scopeOnSuperAdmin({
    field: 'body/camera_scope',
    fix: 'Send camera_scope null, or give the user the Admin or ReadOnly role.',
  });
}

/**
 * Apply a patch to a loaded user and return what changed. A user promoted to SuperAdmin loses
 * a camera scope, since SuperAdmins manage cameras and users and could lift it themselves.
 */
function applyPatch(user: User, patch: UserPatch): Changes {
  const role = patch.role ?? user.role;
  let scope = user.cameraScope;
  if (patch.camera_scope !== undefined) scope = patch.camera_scope;
  else if (role === 'SuperAdmin') scope = null;
  if (role === 'SuperAdmin' && scope !== null) throw scopeOnSuperAdmin();
  const changes: Changes = {};
  if (patch.role !== undefined && patch.role !== user.role) {
    changes.role = { from: user.role, to: patch.role };
    user.role = patch.role;
  }
  if (patch.active !== undefined && patch.active !== user.active) {
    changes.active = { from: user.active, to: patch.active };
    user.active = patch.active;
  }
  if (patch.display_name !== undefined && patch.display_name !== user.displayName) {
    changes.display_name = { from: user.displayName, to: patch.display_name };
    user.displayName = patch.display_name;
  }
  const uniqueScope = scope === null ? null : [...new Set(scope)];
  if (JSON.stringify(uniqueScope) !== JSON.stringify(user.cameraScope)) {
    changes.camera_scope = { from: user.cameraScope, to: uniqueScope };
    user.cameraScope = uniqueScope;
  }
  return changes;
}

/** Reset a user's password to a one-time password (shown once) and sign the user out everywhere. */
export async function resetUserPassword(
  auth: AuthContext,
  id: string,
  actor: Principal,
  meta: RequestMeta,
): Promise<string> {
  const user = await auth.em().findOne(UserSchema, { id }, { fields: ['id'] });
  if (user === null) throw RbacErrors.userNotFound(id);
  return resetPassword(auth, id, { id: actor.userId, email: actor.email }, meta);
}

/** Turn TOTP off for a user who lost the authenticator; the SuperAdmin confirms with their own password. */
export async function resetUserMfa(
  auth: AuthContext,
  id: string,
  actor: Principal,
  currentPassword: string,
  meta: RequestMeta,
): Promise<void> {
  const em = auth.em();
  const target = await em.findOne(UserSchema, { id });
  if (target === null) throw RbacErrors.userNotFound(id);
  const administrator = await em.findOneOrFail(UserSchema, { id: actor.userId });
  await resetTotpOfUser(auth, administrator, currentPassword, target, meta);
}
