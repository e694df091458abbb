import type { Subscription } from 'rxjs';
import type { Logger } from 'pino';
import type { DetectionMessage, EventBus } from '../bus/event-bus';
import type { AppConfig } from '../config/load';
import type { MqttConnection } from '../mqtt/connection';
import { HomeAssistantBridge } from './ha-bridge';
import { HomeAssistantPublisher } from './mqtt-publisher';
import type { MediaLinkSigner } from './signed-links';
import { HomeAssistantUserGroups } from './user-groups';

/** Inside the add-on, Core's WebSocket API is reached through the Supervisor's proxy. */
const SUPERVISOR_WEBSOCKET = 'ws://supervisor/core/websocket';

export interface HomeAssistantIntegration {
  publisher: HomeAssistantPublisher;
  bridge: HomeAssistantBridge | undefined;
  /** Groups of Home Assistant users for the ingress role map; undefined without a bridge. */
  userGroups: HomeAssistantUserGroups | undefined;
  stop(): void;
}

/** Where the bridge connects: the Supervisor proxy in the add-on, else HOME_ASSISTANT_URL. */
export function bridgeTarget(config: AppConfig): { url: string; token: string } | undefined {
  if (config.homeAssistantUrl !== undefined && config.homeAssistantToken !== undefined) {
    const url = new URL(config.homeAssistantUrl);
    url.protocol = url.protocol.replace('http', 'ws');
    if (!url.pathname.endsWith('/websocket'))
      url.pathname = `${url.pathname.replace(/\/$/, '')}/api/websocket`;
    return { url: url.toString(), token: config.homeAssistantToken };
  }
  if (config.supervisorToken !== undefined)
    return { url: SUPERVISOR_WEBSOCKET, token: config.supervisorToken };
  return undefined;
}

/** Read the connection's last-will topic, which discovery adds to other sites' availability. */
function instanceAvailability(mqtt: MqttConnection): { instanceAvailabilityTopic?: string } {
  const topic = mqtt.client.options.will?.topic;
  return typeof topic === 'string' ? { instanceAvailabilityTopic: topic } : {};
}

/**
 * Connect the event bus to Home Assistant: MQTT discovery, occupancy, detections and backup
 * state through the broker, and `centinela_detection` / `centinela_backup` bus events through
 * the WebSocket API when a token is available.
 */
export function startHomeAssistantIntegration(options: {
  config: AppConfig;
  bus: EventBus;
  mqtt: MqttConnection;
  log: Logger;
  signer: MediaLinkSigner;
}): HomeAssistantIntegration {
  const { config, bus, mqtt } = options;
  const log = options.log.child({ component: 'home-assistant' });
  const mediaLinks = (message: DetectionMessage) => {
    if (config.publicUrl === undefined) return {};
    const expiresAt = Math.floor(Date.now() / 1000) + config.mediaLinkMinutes * 60;
    const link = (kind: 'snapshot' | 'clip') =>
      // site_id lets the core's site guard pick the token's site before the route checks it.
      `${config.publicUrl}/api/media/${options.signer.sign({ siteId: message.siteId, eventId: message.eventId, kind, expiresAt })}?site_id=${encodeURIComponent(message.siteId)}`;
    return {
      ...(message.hasSnapshot ? { snapshot_url: link('snapshot') } : {}),
      ...(message.hasClip ? { clip_url: link('clip') } : {}),
    };
  };
  const publisher = new HomeAssistantPublisher({
    mqtt,
    log,
    discoveryPrefix: config.haDiscoveryPrefix,
    statusTopic: `${config.haDiscoveryPrefix}/status`,
    republishJitterMs: 5000,
    language: config.language,
    ...instanceAvailability(mqtt),
    mediaLinks,
  });
  publisher.start();

  const target = bridgeTarget(config);
  const bridge = target === undefined ? undefined : new HomeAssistantBridge({ ...target, log });
  bridge?.start();
  const userGroups =
    bridge === undefined
      ? undefined
      : new HomeAssistantUserGroups({ command: (message) => bridge.command(message), log });

  const subscriptions: Subscription[] = [
    bus.on('cameras.changed').subscribe((message) => {
      const cameras = message.cameras
        .filter((camera) => camera.enabled)
        .map((camera) => ({
          siteId: message.siteId,
          name: camera.name,
          friendlyName: camera.friendlyName,
          labels: camera.labels,
        }));
      publisher
        .setCameras(message.siteId, cameras)
        .catch((error: unknown) => log.warn({ err: error }, 'discovery update failed'));
    }),
    bus.on('detection').subscribe((message) => {
      publisher
        .onDetection(message)
        .catch((error: unknown) => log.warn({ err: error }, 'detection publish failed'));
      if (message.kind === 'new' || message.kind === 'end') {
        bridge?.fireEvent('centinela_detection', {
          kind: message.kind,
          site: message.siteId,
          camera: message.camera,
          label: message.label,
          sub_label: message.subLabel,
          score: message.score,
          event_id: message.eventId,
          start_time: message.startTime,
          end_time: message.endTime,
          ...mediaLinks(message),
        });
      }
    }),
    bus.on('backup.finished').subscribe((message) => {
      publisher
        .onBackup(message)
        .catch((error: unknown) => log.warn({ err: error }, 'backup state publish failed'));
      bridge?.fireEvent('centinela_backup', {
        site: message.siteId,
        status: message.status,
        day: message.day,
        dry_run: message.dryRun,
        bytes: message.bytes,
        files: message.files,
        errors: message.errors,
        finished_at: message.finishedAt,
      });
    }),
  ];

  return {
    publisher,
    bridge,
    userGroups,
    stop() {
      for (const subscription of subscriptions) subscription.unsubscribe();
      publisher.stop();
      bridge?.stop();
    },
  };
}
