import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import type { PreparedCamera } from '../src/footage/prepare';
import { silentLogger } from '../src/logger';
import { CameraReplay } from '../src/replay/camera-replay';
import type { RecordingIndex } from '../src/replay/recordings';
import type { ObjectTracker } from '../src/tracking/object-tracker';

const images = {
  snapshot: 's.jpg',
  thumbnailWebp: 't.webp',
  thumbnailJpg: 't.jpg',
  mqttSnapshot: 'm.jpg',
  reviewWebp: 'r.webp',
};

const prepared: PreparedCamera = {
  timeline: {
    camera: 'entrada',
    clipPath: '/clips/entrada.mp4',
    durationSeconds: 6,
    width: 320,
    height: 180,
    fps: 10,
    source: 'sidecar',
    entries: [{ start: 0.5, end: 3.5, label: 'person', score: 0.8, box: [0.1, 0.3, 0.1, 0.3] }],
  },
  sourcePath: '/cache/source.mp4',
  segments: [{ path: '/cache/segment-0000.mp4', start: 0, end: 6, bytes: 1000 }],
  entries: [
    {
      entry: { start: 0.5, end: 3.5, label: 'person', score: 0.8, box: [0.1, 0.3, 0.1, 0.3] },
      clipPath: '/cache/object-0.mp4',
      images,
      snapshotTime: 2,
    },
  ],
  posterPath: '/cache/poster.jpg',
};

/** Tracker and recording index that only record the calls the replay makes. */
function recordingDoubles() {
  const begun: number[] = [];
  const ended: number[] = [];
  const segments: { start: number; end: number }[] = [];
  let open = new Set<string>();
  const tracker = {
    begin: (input: { start_time: number }) => {
      begun.push(input.start_time);
      const id = `event-${begun.length}`;
      open.add(id);
      return { event: { id } };
    },
    update: () => undefined,
    end: (id: string) => {
      ended.push(Date.now() / 1000);
      open = new Set([...open].filter((candidate) => candidate !== id));
    },
    isOpen: (id: string) => open.has(id),
  };
  const recordings = {
    write: async (_camera: string, _path: string, start: number, end: number) => {
      segments.push({ start, end });
    },
  };
  // The replay calls only the methods above; the casts keep the doubles small.
  return {
    tracker: tracker as unknown as ObjectTracker,
    recordings: recordings as unknown as RecordingIndex,
    begun,
    ended,
    segments,
  };
}

describe('CameraReplay', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: 1_000_000 });
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  it('waits loopGapSeconds between two loops', async () => {
    const doubles = recordingDoubles();
    const replay = new CameraReplay({
      prepared,
      tracker: doubles.tracker,
      recordings: doubles.recordings,
      clock: () => Date.now() / 1000,
      loopGapSeconds: 4,
      logger: silentLogger,
    });
    replay.start();

    await vi.advanceTimersByTimeAsync(600);
    expect(doubles.begun).toEqual([1000.5]);
    await vi.advanceTimersByTimeAsync(3000);
    expect(doubles.ended).toEqual([1003.5]);
    await vi.advanceTimersByTimeAsync(2500);
    expect(doubles.segments).toEqual([{ start: 1000, end: 1006 }]);
    // The gap: from 6 s to 10 s nothing happens.
    await vi.advanceTimersByTimeAsync(4000);
    expect(doubles.begun).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(500);
    expect(doubles.begun).toEqual([1000.5, 1010.5]);
    await vi.advanceTimersByTimeAsync(6000);
    expect(doubles.segments).toEqual([
      { start: 1000, end: 1006 },
      { start: 1010, end: 1016 },
    ]);
    replay.stop();
  });

  it('does nothing after stop', async () => {
    const doubles = recordingDoubles();
    const replay = new CameraReplay({
      prepared,
      tracker: doubles.tracker,
      recordings: doubles.recordings,
      clock: () => Date.now() / 1000,
      loopGapSeconds: 0,
      logger: silentLogger,
    });
    replay.start();
    replay.stop();

    await vi.advanceTimersByTimeAsync(20_000);
    expect(doubles.begun).toEqual([]);
    expect(doubles.segments).toEqual([]);
  });
});
