import type { Messenger } from '../mqtt/messenger';
import type { EventStore } from '../store/event-store';

/**
 * Publishes Frigate's non-retained count topics when they change: `<camera>/<label>`,
 * `<camera>/all`, their `/active` variants, `<zone>/<label>`, `<zone>/all`, and
 * `<camera>/motion` ON while the camera has a live object.
 */
export class ObjectCounts {
  private readonly last = new Map<string, string>();

  constructor(
    private readonly store: EventStore,
    private readonly messenger: Messenger,
  ) {}

  private countsFor(camera: string): Map<string, string> {
    const counts = new Map<string, number>();
    const add = (topic: string, amount: number) =>
      counts.set(topic, (counts.get(topic) ?? 0) + amount);
    for (const key of this.last.keys())
      if (key.startsWith(`${camera}/`) || key.startsWith(`zone:${camera}:`)) counts.set(key, 0);
    const open = this.store.open().filter((tracked) => tracked.event.camera === camera);
    for (const { event, live } of open) {
      const active = live.stationary ? 0 : 1;
      add(`${camera}/${event.label}`, 1);
      add(`${camera}/all`, 1);
      add(`${camera}/${event.label}/active`, active);
      add(`${camera}/all/active`, active);
      for (const zone of live.currentZones) {
        add(`zone:${camera}:${zone}/${event.label}`, 1);
        add(`zone:${camera}:${zone}/all`, 1);
      }
    }
    const payloads = new Map<string, string>();
    for (const [key, value] of counts) payloads.set(key, String(value));
    payloads.set(`${camera}/motion`, open.length > 0 ? 'ON' : 'OFF');
    return payloads;
  }

  /** Queue the changed counts of one camera. */
  refresh(camera: string): void {
    const changed: [string, string][] = [];
    for (const [key, value] of this.countsFor(camera)) {
      if (this.last.get(key) === value) continue;
      if (!this.last.has(key) && (value === '0' || value === 'OFF')) continue;
      this.last.set(key, value);
      changed.push([key.replace(/^zone:[^:]+:/, ''), value]);
    }
    if (changed.length === 0) return;
    void this.messenger.enqueue(async () => {
      for (const [topic, value] of changed) await this.messenger.publish(topic, value);
    });
  }

  /** Forget published values (after a restart Frigate starts counting from scratch). */
  reset(): void {
    this.last.clear();
  }
}
