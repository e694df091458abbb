import type { CentinelaPlugin, PluginManifest } from '@centinela/core';
import { manifest } from './manifest';
import { buildRoleTable, createAuthorizer, type RoleTable } from './role-table';
import { registerRbacRoutes } from './routes';

export interface RbacOptions {
  /** Manifests of every loaded plugin; by default read from the plugin context. */
  manifests?: () => readonly PluginManifest[];
}

/**
 * Make the rbac plugin. It builds the role table once, in `setup`, from the core permissions
 * and the manifests of every loaded plugin, and provides it as the `authorizer` service.
 */
export function createRbacPlugin(options: RbacOptions = {}): CentinelaPlugin {
  const tables = new WeakMap<object, RoleTable>();
  return {
    manifest,
    setup(context) {
      const manifests = options.manifests?.() ?? context.manifests;
      const table = buildRoleTable(manifests);
      tables.set(context.services, table);
      context.services.provide('authorizer', createAuthorizer(table));
    },
    routes(app, context) {
      const table = tables.get(context.services);
      if (table === undefined) throw new Error('rbac routes registered before its setup ran.');
      registerRbacRoutes(app, context.services.get('authMfa'), () => table);
    },
  };
}

export const rbacPlugin = createRbacPlugin();
export default rbacPlugin;

export { manifest, USERS_PERMISSION } from './manifest';
export { buildRoleTable, createAuthorizer, type RoleTable } from './role-table';
export { cameraFilter, canSeeCamera } from './camera-scope';
export { RbacErrors } from './errors';
