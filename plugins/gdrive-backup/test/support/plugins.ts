import {
  CORE_PERMISSIONS,
  ServiceRegistry,
  type CentinelaPlugin,
  type RoleName,
} from '@centinela/core';
import { headerAuthPlugin } from '../../../../core/test/support/test-plugins';
import type { AuditEntry } from '../../src/audit';
import { manifest } from '../../src/manifest';

/**
 * The core's `headerAuthPlugin` (trusts `x-test-role`), with an authorizer that also grants
 * this plugin's permissions, because the core's test authorizer grants only the core's own.
 */
export const backupHeaderAuthPlugin: CentinelaPlugin = {
  manifest: headerAuthPlugin.manifest,
  async setup(context) {
    const inner = new ServiceRegistry();
    await headerAuthPlugin.setup?.({ ...context, services: inner });
    context.services.provide('authenticator', inner.get('authenticator'));
    const grants = [...CORE_PERMISSIONS, ...manifest.permissions];
    context.services.provide('authorizer', {
      can: (principal, permission) =>
        grants.some((grant) => grant.name === permission && grant.roles.includes(principal.role)),
      permissionsOf: (role: RoleName) =>
        grants.filter((grant) => grant.roles.includes(role)).map((grant) => grant.name),
    });
  },
};

/** Creates a stand-in for the audit plugin's `audit` service that keeps the entries in memory. */
export function createAuditPlugin(): { plugin: CentinelaPlugin; entries: AuditEntry[] } {
  const entries: AuditEntry[] = [];
  const plugin: CentinelaPlugin = {
    manifest: {
      name: 'test-audit',
      version: '1.0.0',
      description: 'Keeps audit entries in memory (tests only).',
      dependsOn: [],
      permissions: [],
      mandatory: true,
      configSchema: { type: 'object' },
      entities: [],
      migrations: [],
    },
    setup(context) {
      // The audit service is not declared in CentinelaServices by this package.
      const services = context.services as unknown as {
        provide(name: string, value: unknown): void;
      };
      services.provide('audit', { record: (entry: AuditEntry) => void entries.push(entry) });
    },
  };
  return { plugin, entries };
}
