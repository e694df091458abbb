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

export interface PublisherOptions {
  mqtt: MqttConnection;
  log: Logger;
  /** Home Assistant's discovery prefix (the MQTT integration's setting). */
  discoveryPrefix: string;
  /** Topic where Home Assistant announces itself (`online` / `offline`). */
  statusTopic: string;
  /** Upper bound of the random delay before republishing after Home Assistant comes online. */
  republishJitterMs: number;
  /** Builds links that open one event's media for a limited time; null when not configured. */
  mediaLinks?: (message: DetectionMessage) => { snapshot_url?: string; clip_url?: string };
}

/**
 * Publishes what Home Assistant automations need: discovery configs (retained), availability,
 * per-label occupancy and the last detection (retained), each detection on
 * `centinela/<site>/<camera>/detection`, and the backup result. Configs are published again
 * when Home Assistant announces `online`, so a broker without persistence still ends up with
 * every entity.
 */
export class HomeAssistantPublisher {
  private readonly cameras = new Map<string, DiscoveryCamera[]>();
  private readonly published = new Set<string>();
  private readonly open = new Map<string, Set<string>>();
  private readonly unsubscribe: Array<() => void> = [];
  private republishTimer: NodeJS.Timeout | undefined;

  constructor(private readonly options: PublisherOptions) {}

  start(): void {
    const { mqtt } = this.options;
    this.unsubscribe.push(
      mqtt.subscribe(this.options.statusTopic, (_topic, payload) => {
        if (payload.toString() === 'online') this.scheduleRepublish();
      }, 0),
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
    this.cameras.set(siteId, cameras);
    const wanted = new Set(this.discoveryMessages().map((m) => m.topic));
    for (const topic of [...this.published]) {
      if (!wanted.has(topic)) {
        await this.options.mqtt.publish(topic, '', { retain: true });
        this.published.delete(topic);
      }
    }
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
      await mqtt.publish(detectionTopic(message.siteId, message.camera), JSON.stringify(body), { retain: false });
    }
    if (message.kind === 'new') {
      await mqtt.publish(lastDetectionTopic(message.siteId, message.camera), JSON.stringify(body), { retain: true });
    }
    if (wasOccupied !== openEvents.size > 0) {
      await mqtt.publish(occupancyTopic(message.siteId, message.camera, message.label), openEvents.size > 0 ? 'ON' : 'OFF', {
        retain: true,
      });
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
    await this.options.mqtt.publish(backupStateTopic(message.siteId), JSON.stringify(body), { retain: true });
  }

  private discoveryMessages(): DiscoveryMessage[] {
    const prefix = this.options.discoveryPrefix;
    return [...this.cameras].flatMap(([siteId, cameras]) => [
      ...siteDiscovery(siteId, prefix),
      ...cameras.flatMap((camera) => cameraDiscovery(camera, prefix)),
    ]);
  }

  private async publishDiscovery(): Promise<void> {
    for (const message of this.discoveryMessages()) {
      await this.options.mqtt.publish(message.topic, JSON.stringify(message.payload), { retain: true });
      this.published.add(message.topic);
    }
  }

  private async publishAll(): Promise<void> {
    try {
      for (const siteId of this.cameras.keys()) {
        await this.options.mqtt.publish(availabilityTopic(siteId), 'online', { retain: true });
      }
      await this.publishDiscovery();
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
