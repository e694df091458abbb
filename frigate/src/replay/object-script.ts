import type { PreparedEntry } from '../footage/prepare';
import type { LiveState } from '../store/event-store';
import type { EventPatch, RelativeBox, TimelineEntry } from '../types';

/** One `update` of a replayed object, `at` seconds after the object appeared. */
export interface ScriptedUpdate {
  at: number;
  patch: EventPatch;
  live: Partial<LiveState>;
}

function round4(value: number): number {
  return Math.round(value * 10000) / 10000;
}

/** Box at clip second `t`: the analysed path where there is one, else the timeline box. */
export function boxAt(entry: TimelineEntry, t: number): RelativeBox {
  const path = entry.path;
  if (path === undefined || path.length === 0) return entry.box;
  let best = path[0]!;
  for (const point of path) if (Math.abs(point.t - t) < Math.abs(best.t - t)) best = point;
  return best.box;
}

/** Frigate's `path_data` point: bottom centre of the box, relative, with its time. */
function pathPoint(box: RelativeBox, epochSeconds: number): [[number, number], number] {
  return [
    [round4(box[0] + box[2] / 2), round4(box[1] + box[3])],
    Math.round(epochSeconds * 1e6) / 1e6,
  ];
}

/**
 * The updates Frigate would send for a timeline entry: the first good snapshot shortly
 * after the start, each zone entered in turn, the sub label halfway, and the best snapshot.
 * `startEpoch` is the object's wall-clock start, for path and snapshot times.
 */
export function scriptUpdates(prepared: PreparedEntry, startEpoch: number): ScriptedUpdate[] {
  const { entry } = prepared;
  const length = entry.end - entry.start;
  const updates: ScriptedUpdate[] = [];
  const zones = entry.zones ?? [];
  const entered: string[] = [];
  const firstAt = Math.min(1, length / 4);
  const snapshotAt = Math.min(
    Math.max(prepared.snapshotTime - entry.start, firstAt),
    length * 0.95,
  );
  const moments = new Set<number>([firstAt, snapshotAt]);
  zones.forEach((_, index) => moments.add(round4((length * (index + 1)) / (zones.length + 1))));
  if (entry.sub_label !== undefined) moments.add(round4(length / 2));
  const path: [[number, number], number][] = [];
  let positionChanges = 0;
  for (const at of [...moments].sort((a, b) => a - b)) {
    if (at >= length) continue;
    const box = boxAt(entry, entry.start + at);
    const epoch = startEpoch + at;
    path.push(pathPoint(box, epoch));
    positionChanges += 1;
    const ramp = Math.min(1, 0.85 + (0.15 * at) / Math.max(length, 0.001));
    const score = round4(entry.score * ramp);
    // The REST row keeps the box and score of the snapshot frame; live values move on.
    const snapshotMoment = at === firstAt || at === snapshotAt;
    const patch: EventPatch = {
      has_snapshot: true,
      data: snapshotMoment
        ? { box, score, top_score: entry.score, path_data: [...path] }
        : { top_score: entry.score, path_data: [...path] },
    };
    const live: Partial<LiveState> = { box, score, positionChanges };
    const zoneIndex = zones.findIndex(
      (_, index) => Math.abs(round4((length * (index + 1)) / (zones.length + 1)) - at) < 1e-6,
    );
    if (zoneIndex >= 0) {
      entered.push(zones[zoneIndex]!);
      patch.zones = [...entered];
      patch.current_zones = [zones[zoneIndex]!];
    }
    if (entry.sub_label !== undefined && at >= round4(length / 2)) {
      patch.sub_label = entry.sub_label;
      patch.data!.sub_label_score = entry.sub_label_score ?? 0.9;
    }
    if (snapshotMoment) live.snapshot = { frameTime: epoch, box, score };
    updates.push({ at, patch, live });
  }
  return updates;
}
