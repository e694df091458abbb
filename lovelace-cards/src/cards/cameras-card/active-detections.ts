import type { EventMessageData } from '../../api/types';

/**
 * Detections in progress per camera, from live `events:<site>` messages: an event counts
 * from `new` (or an `update` with `in_progress`) until `end` or `in_progress: false`.
 */
export class ActiveDetections {
  private readonly byCamera = new Map<string, Map<string, string>>();

  /** Applies one message; returns true when the set of active detections changed. */
  apply(data: EventMessageData): boolean {
    const { event, kind } = data;
    const events = this.byCamera.get(event.camera_id) ?? new Map<string, string>();
    const active = kind !== 'end' && event.in_progress;
    const had = events.has(event.id);
    if (active) {
      events.set(event.id, event.label);
      this.byCamera.set(event.camera_id, events);
      return !had;
    }
    if (!had) return false;
    events.delete(event.id);
    if (events.size === 0) this.byCamera.delete(event.camera_id);
    return true;
  }

  labels(cameraId: string): string[] {
    return [...new Set(this.byCamera.get(cameraId)?.values() ?? [])];
  }

  clear(): void {
    this.byCamera.clear();
  }
}
