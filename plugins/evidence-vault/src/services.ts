import type { ServiceRegistry } from '@centinela/core';

/**
 * Looks up a service by name without its declared type. The `frigate` and `audit` services
 * are declared on CentinelaServices by their own packages. This plugin does not import those
 * packages, so it reads them through an untyped view and checks their shape at run time.
 */
export function findUntypedService(services: ServiceRegistry, name: string): unknown {
  return (services as unknown as { find(name: string): unknown }).find(name);
}

/** The actor of an action, as the audit service records it. */
export interface AuditActor {
  id: string | null;
  email: string | null;
  address: string | null;
  userAgent: string | null;
}

export interface AuditEntry {
  siteId: string;
  actor: AuditActor;
  action: 'evidence.export' | 'evidence.download' | 'evidence.verify';
  resource: string;
  details: Record<string, unknown>;
}

interface AuditRecorder {
  record(entry: AuditEntry): Promise<unknown> | unknown;
}

function isAuditRecorder(value: unknown): value is AuditRecorder {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { record?: unknown }).record === 'function'
  );
}

/**
 * Records an entry in the audit log when the audit plugin is loaded. Returns false when there
 * is no audit service, so callers can log that the action went unrecorded.
 */
export async function recordAudit(services: ServiceRegistry, entry: AuditEntry): Promise<boolean> {
  const audit = findUntypedService(services, 'audit');
  if (!isAuditRecorder(audit)) return false;
  await audit.record(entry);
  return true;
}
