import type { Logger } from 'pino';
import type { BackupFinishedMessage, DetectionMessage } from '../bus/event-bus';
import type { MqttConnection } from '../mqtt/connection';
import {
  availabilityTopic,
  backupStateTopic,
  cameraDiscovery,
  detectionTopic,
  lastDetectionTopic,
  occupancyTopic,
  siteDiscovery,
  type DiscoveryCamera,
  type DiscoveryMessage,
} from './discovery';
import type { EntityLanguage } from './discovery-names';

export interface PublisherOptions {
  mqtt: MqttConnection;
  log: Logger;
  /** Home Assistant's discovery prefix (the MQTT integration's setting). */
  discoveryPrefix: string;
  /** Topic where Home Assistant announces itself (`online` / `offline`). */
  statusTopic: string;
  /** Upper bound of the random delay before republishing after Home Assistant comes online. */
  republishJitterMs: number;
  /** Language of entity names; default es. */
  language?: EntityLanguage;
  /** Topic of the MQTT connection's last will (see DiscoveryOptions). */
  instanceAvailabilityTopic?: string;
  /** Builds links that open one event's media for a limited time; null when not configured. */
  mediaLinks?: (message: DetectionMessage) => { snapshot_url?: string; clip_url?: string };
}

/**
 * Publishes what Home Assistant automations need: discovery configs (retained), availability,
 * per-label occupancy and the last detection (retained), each detection on
 * `centinela/<site>/<camera>/detection`, and the backup result. Configs, then the retained
 * states, are published again on every connect and when Home Assistant announces `online`, so
 * a broker without persistence still ends up with every entity and its state.
 */
export class HomeAssistantPublisher {
  private readonly cameras = new Map<string, DiscoveryCamera[]>();
  private readonly published = new Set<string>();
  /** Last payload of each retained state topic, republished after the configs. */
  private readonly states = new Map<string, string>();
  private readonly open = new Map<string, Set<string>>();
  private readonly unsubscribe: Array<() => void> = [];
  private republishTimer: NodeJS.Timeout | undefined;

  constructor(private readonly options: PublisherOptions) {}

  start(): void {
    const { mqtt } = this.options;
    this.unsubscribe.push(
      mqtt.subscribe(
        this.options.statusTopic,
        (_topic, payload) => {
          if (payload.toString() === 'online') this.scheduleRepublish();
        },
        0,
      ),
    );
    this.unsubscribe.push(mqtt.onConnect(() => void this.publishAll()));
    if (mqtt.connected) void this.publishAll();
  }

  stop(): void {
    clearTimeout(this.republishTimer);
    for (const off of this.unsubscribe.splice(0)) off();
  }

  /** Replace the camera list of a site; entities of removed cameras are deleted from HA. */
  async setCameras(siteId: string, cameras: DiscoveryCamera[]): Promise<void> {
    const remaining = new Set(cameras.map((camera) => camera.name));
    const removed = (this.cameras.get(siteId) ?? []).filter(
      (camera) => !remaining.has(camera.name),
    );
    this.cameras.set(siteId, cameras);
    const wanted = new Set(this.discoveryMessages().map((m) => m.topic));
    for (const topic of [...this.published]) {
      if (!wanted.has(topic)) {
        await this.options.mqtt.publish(topic, '', { retain: true });
        this.published.delete(topic);
      }
    }
    for (const camera of removed) await this.clearCameraStates(camera);
    await this.publishDiscovery();
  }

  async onDetection(message: DetectionMessage): Promise<void> {
    const { mqtt } = this.options;
    const key = `${message.siteId}/${message.camera}/${message.label}`;
    const openEvents = this.open.get(key) ?? new Set<string>();
    const wasOccupied = openEvents.size > 0;
    if (message.kind === 'end') openEvents.delete(message.eventId);
    else openEvents.add(message.eventId);
    this.open.set(key, openEvents);

    const body = {
      event_type: message.label,
      kind: message.kind,
      event_id: message.eventId,
      frigate_event_id: message.frigateEventId,
      site: message.siteId,
      camera: message.camera,
      label: message.label,
      sub_label: message.subLabel,
      score: message.score,
      zones: message.zones,
      start_time: message.startTime,
      end_time: message.endTime,
      has_snapshot: message.hasSnapshot,
      has_clip: message.hasClip,
      ...(this.options.mediaLinks?.(message) ?? {}),
    };
    if (message.kind !== 'update') {
      await mqtt.publish(detectionTopic(message.siteId, message.camera), JSON.stringify(body), {
        retain: false,
      });
    }
    if (message.kind === 'new') {
      await this.publishState(
        lastDetectionTopic(message.siteId, message.camera),
        JSON.stringify(body),
      );
    }
    if (wasOccupied !== openEvents.size > 0) {
      await this.publishState(
        occupancyTopic(message.siteId, message.camera, message.label),
        openEvents.size > 0 ? 'ON' : 'OFF',
      );
    }
  }

  async onBackup(message: BackupFinishedMessage): Promise<void> {
    const body = {
      status: message.status,
      day: message.day,
      dry_run: message.dryRun,
      bytes: message.bytes,
      files: message.files,
      errors: message.errors,
      finished_at: message.finishedAt,
      run_id: message.runId,
    };
    await this.publishState(backupStateTopic(message.siteId), JSON.stringify(body));
  }

  private async publishState(topic: string, payload: string): Promise<void> {
    this.states.set(topic, payload);
    await this.options.mqtt.publish(topic, payload, { retain: true });
  }

  /** Delete the retained states of a removed camera, so a re-added camera starts clean. */
  private async clearCameraStates(camera: DiscoveryCamera): Promise<void> {
    const topics = [
      lastDetectionTopic(camera.siteId, camera.name),
      ...camera.labels.map((label) => occupancyTopic(camera.siteId, camera.name, label)),
    ];
    for (const topic of topics) {
      if (!this.states.delete(topic)) continue;
      await this.options.mqtt.publish(topic, '', { retain: true });
    }
    for (const key of [...this.open.keys()]) {
      if (key.startsWith(`${camera.siteId}/${camera.name}/`)) this.open.delete(key);
    }
  }

  private discoveryMessages(): DiscoveryMessage[] {
    const options = {
      prefix: this.options.discoveryPrefix,
      language: this.options.language ?? 'es',
      ...(this.options.instanceAvailabilityTopic === undefined
        ? {}
        : { instanceAvailabilityTopic: this.options.instanceAvailabilityTopic }),
    };
    return [...this.cameras].flatMap(([siteId, cameras]) => [
      ...siteDiscovery(siteId, options),
      ...cameras.flatMap((camera) => cameraDiscovery(camera, options)),
    ]);
  }

  private async publishDiscovery(): Promise<void> {
    for (const message of this.discoveryMessages()) {
      await this.options.mqtt.publish(message.topic, JSON.stringify(message.payload), {
        retain: true,
      });
      this.published.add(message.topic);
    }
  }

  private async publishAll(): Promise<void> {
    try {
      for (const siteId of this.cameras.keys()) {
        await this.options.mqtt.publish(availabilityTopic(siteId), 'online', { retain: true });
      }
      await this.publishDiscovery();
      for (const [topic, payload] of this.states) {
        await this.options.mqtt.publish(topic, payload, { retain: true });
      }
    } catch (error) {
      this.options.log.warn({ err: error }, 'home assistant discovery publish failed');
    }
  }

  private scheduleRepublish(): void {
    clearTimeout(this.republishTimer);
    const delay = Math.floor(Math.random() * this.options.republishJitterMs);
    this.republishTimer = setTimeout(() => void this.publishAll(), delay);
    this.republishTimer.unref();
  }
}
