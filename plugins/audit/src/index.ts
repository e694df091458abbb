import type { CentinelaPlugin } from '@centinela/core';
import { AUDIT_TOPIC, AuditService } from './audit-service';
import { AUDIT_PERMISSION, manifest } from './manifest';
import { registerAuditRoutes } from './routes';
import { subscribeToBus } from './subscriptions';

declare module '@centinela/core' {
  interface CentinelaServices {
    /** Appends to the audit log: `services.get('audit').record({ siteId, actor, action, resource, details })`. */
    audit: AuditService;
  }
}

export interface AuditOptions {
  clock?: () => Date;
}

/** Make the audit plugin; the default export uses the system clock. */
export function createAuditPlugin(options: AuditOptions = {}): CentinelaPlugin {
  const clock = options.clock ?? (() => new Date());
  // Services of running instances, so that shutdown waits for their pending appends.
  const running = new Set<AuditService>();
  return {
    manifest,
    setup(context) {
      const audit = new AuditService({
        orm: context.orm,
        hub: context.hub,
        services: context.services,
        log: context.log,
        clock,
      });
      context.services.provide('audit', audit);
      context.hub.registerTopic(AUDIT_TOPIC, AUDIT_PERMISSION);
      subscribeToBus(context.bus, audit, context.log);
      running.add(audit);
      context.bus.all().subscribe({ complete: () => running.delete(audit) });
    },
    routes(app, context) {
      registerAuditRoutes(app, context.orm);
    },
    async close() {
      await Promise.all([...running].map((audit) => audit.flush()));
    },
  };
}

export const auditPlugin = createAuditPlugin();
export default auditPlugin;

export { AuditService, AUDIT_TOPIC } from './audit-service';
export { AUDIT_PERMISSION, manifest } from './manifest';
export { verifyAuditChain, type AuditChainReport, type BrokenEntry } from './verify';
export { runAuditVerifyCommand, type CommandOutput } from './cli';
export { canonicalJson, hashEntry } from './canonical';
export type { AuditEntry, AuditRecordInput } from './entry';
