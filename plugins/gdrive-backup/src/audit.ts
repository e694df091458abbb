import type { ActorRef, ServiceRegistry } from '@centinela/core';
import type { Logger } from 'pino';

/** One audit entry, as the audit plugin's `audit` service records it. */
export interface AuditEntry {
  siteId: string;
  actor: ActorRef;
  action: 'backup.run.start' | 'backup.run.finish';
  resource: string;
  details: Record<string, unknown>;
}

interface AuditRecorder {
  record(entry: AuditEntry): Promise<unknown> | unknown;
}

/**
 * Records an audit entry when the `audit` service exists, and otherwise does nothing.
 * The service's type belongs to the audit plugin, which this plugin does not depend on, so it
 * is looked up by name and checked for a `record` function instead of being imported.
 * A failed audit write is logged and never stops a backup.
 */
export async function recordAudit(
  services: ServiceRegistry,
  log: Logger,
  entry: AuditEntry,
): Promise<void> {
  const lookup = services as unknown as { find(name: string): unknown };
  const audit = lookup.find('audit') as Partial<AuditRecorder> | undefined;
  if (typeof audit?.record !== 'function') return;
  try {
    await audit.record(entry);
  } catch (error) {
    log.error(
      { err: error, action: entry.action, resource: entry.resource },
      'audit record failed',
    );
  }
}
