import type { CentinelaPlugin } from '@centinela/core';
import { headerAuthPlugin } from '../../../../core/test/support/test-plugins';
import type { AuditEntry } from '../../src/audit';

/** The core's test authenticator, which grants every loaded plugin's permissions. */
export const backupHeaderAuthPlugin: CentinelaPlugin = headerAuthPlugin;

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
