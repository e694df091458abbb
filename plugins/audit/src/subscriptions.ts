import type { ActorRef, EventBus } from '@centinela/core';
import type {} from '@centinela/plugin-auth-mfa';
import type { Logger } from 'pino';
import type { AuditService } from './audit-service';
import type { AuditRecordInput } from './entry';

/** Actor of entries no user caused (camera discovery). */
const SYSTEM_ACTOR: ActorRef = { id: null, address: null, userAgent: null };

/**
 * Record what other parts publish on the bus: account and session activity (auth-mfa, rbac),
 * plugin installs, changes and removals, every 403 the guard returns and camera changes.
 * Evidence exports and downloads, and backup runs with the user who started them, are
 * recorded by their plugins through `audit.record`.
 */
export function subscribeToBus(
  bus: EventBus,
  audit: AuditService,
  log: Logger,
): { unsubscribe(): void } {
  const report = (input: AuditRecordInput) => (error: unknown) => {
    log.error(
      { err: error, action: input.action, resource: input.resource },
      'audit entry could not be stored',
    );
  };
  const store = (input: AuditRecordInput): void => {
    audit.record(input).catch(report(input));
  };
  const storeIfChanged = (input: AuditRecordInput): void => {
    audit.recordIfChanged(input).catch(report(input));
  };

  const subscription = bus.on('auth.activity').subscribe((activity) => {
    store({
      siteId: activity.siteId,
      actor: activity.actor,
      action: activity.action,
      resource: activity.resource,
      details: activity.details,
    });
  });
  subscription.add(
    bus.on('plugin.changed').subscribe((change) => {
      store({
        siteId: change.siteId,
        actor: change.actor,
        action: `plugin.${change.action}`,
        resource: `plugin/${change.plugin}`,
        details: change.config === undefined ? {} : { config: change.config },
      });
    }),
  );
  subscription.add(
    bus.on('access.denied').subscribe((denied) => {
      store({
        siteId: denied.siteId,
        actor: { id: denied.actorId, address: denied.address, userAgent: denied.userAgent },
        action: 'access.denied',
        resource: `${denied.method} ${denied.url}`,
        details: { permission: denied.permission },
      });
    }),
  );
  subscription.add(
    bus.on('cameras.changed').subscribe((message) => {
      const cameras = [...message.cameras]
        .sort((a, b) => a.name.localeCompare(b.name))
        .map((camera) => ({
          id: camera.id,
          name: camera.name,
          friendly_name: camera.friendlyName,
          enabled: camera.enabled,
          labels: camera.labels,
        }));
      // The camera list is announced again at every start; only a different list is a change.
      storeIfChanged({
        siteId: message.siteId,
        actor: SYSTEM_ACTOR,
        action: 'cameras.changed',
        resource: `site/${message.siteId}/cameras`,
        details: { cameras },
      });
    }),
  );
  subscription.add(
    bus.all().subscribe((message) => {
      // Published by the frigate-events plugin, which this plugin does not depend on, so the
      // payload is checked here instead of typed through that package.
      if ((message.topic as string) !== 'camera.changed') return;
      const change = cameraChangeOf(message.payload);
      if (change === null) {
        log.warn(
          { topic: 'camera.changed' },
          'camera change without the expected fields; not audited',
        );
        return;
      }
      store(change);
    }),
  );
  return subscription;
}

/** Build the audit entry of a `camera.changed` message (a camera added, changed or removed through the API), or null for a malformed one. */
function cameraChangeOf(payload: unknown): AuditRecordInput | null {
  if (typeof payload !== 'object' || payload === null) return null;
  const { siteId, cameraId, name, action, changes, actor } = payload as Record<string, unknown>;
  if (
    typeof siteId !== 'string' ||
    typeof cameraId !== 'string' ||
    typeof action !== 'string' ||
    !/^[a-z]{1,20}$/.test(action)
  )
    return null;
  const from = (typeof actor === 'object' && actor !== null ? actor : {}) as Record<
    string,
    unknown
  >;
  const text = (value: unknown) => (typeof value === 'string' ? value : null);
  return {
    siteId,
    actor: { id: text(from.id), address: text(from.address), userAgent: text(from.userAgent) },
    action: `camera.${action}`,
    resource: `camera/${cameraId}`,
    details: {
      name: text(name),
      changes:
        typeof changes === 'object' && changes !== null ? (changes as Record<string, unknown>) : {},
    },
  };
}
