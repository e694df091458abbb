import { ROLE_NAMES, type RoleName } from '@centinela/core';
import type { SqlEntityManager } from '@mikro-orm/knex';
import { AuthPolicySchema } from './entities';

export interface LoginPolicy {
  mfaRequiredRoles: RoleName[];
  updatedAt: Date;
  updatedBy: string | null;
}

export async function readPolicy(em: SqlEntityManager): Promise<LoginPolicy> {
  const row = await em.findOne(AuthPolicySchema, { id: 1 });
  return {
    mfaRequiredRoles: (row?.mfaRequiredRoles ?? []).filter((role): role is RoleName =>
      ROLE_NAMES.includes(role),
    ),
    updatedAt: row?.updatedAt ?? new Date(0),
    updatedBy: row?.updatedBy ?? null,
  };
}

export async function writePolicy(
  em: SqlEntityManager,
  roles: RoleName[],
  actorId: string | null,
  now: Date,
): Promise<LoginPolicy> {
  const unique = ROLE_NAMES.filter((role) => roles.includes(role));
  await em.nativeUpdate(
    AuthPolicySchema,
    { id: 1 },
    { mfaRequiredRoles: unique, updatedAt: now, updatedBy: actorId },
  );
  return { mfaRequiredRoles: unique, updatedAt: now, updatedBy: actorId };
}

/** Whether a user must enrol TOTP before anything but the enrollment routes. */
export function mustEnrollMfa(
  policy: Pick<LoginPolicy, 'mfaRequiredRoles'>,
  role: RoleName,
  mfaEnabled: boolean,
): boolean {
  return !mfaEnabled && policy.mfaRequiredRoles.includes(role);
}
