import {
  AUTHENTICATED,
  CORE_PERMISSIONS,
  ROLE_NAMES,
  type Authorizer,
  type PermissionDefinition,
  type Principal,
  type RoleName,
} from '@centinela/core';

/** Role name to the permissions it holds. */
export type RoleTable = ReadonlyMap<RoleName, ReadonlySet<string>>;

/**
 * Build the role table from the core's permissions and every loaded plugin's manifest. A
 * permission defined by several plugins is held by the union of the roles they name.
 */
export function buildRoleTable(
  manifests: ReadonlyArray<{ permissions: PermissionDefinition[] }>,
): RoleTable {
  const table = new Map<RoleName, Set<string>>(ROLE_NAMES.map((role) => [role, new Set<string>()]));
  const definitions = [
    ...CORE_PERMISSIONS,
    ...manifests.flatMap((manifest) => manifest.permissions),
  ];
  for (const definition of definitions) {
    for (const role of definition.roles) table.get(role)?.add(definition.name);
  }
  return table;
}

/**
 * The `authorizer` service. `authenticated` is granted to every principal; any other
 * permission must be in the principal's role, so an unknown permission is always refused.
 */
export function createAuthorizer(table: RoleTable): Authorizer {
  return {
    can(principal: Principal, permission: string): boolean {
      if (permission === AUTHENTICATED) return true;
      return table.get(principal.role)?.has(permission) === true;
    },
    permissionsOf(role: RoleName): string[] {
      return [...(table.get(role) ?? [])].sort();
    },
  };
}
