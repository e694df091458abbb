import { describe, expect, it } from 'vitest';

import { clampEntries, parseSidecar } from '../src/footage/sidecar';
import { formatTimeline, sampleScenes, sceneTimeline } from '../src/synthetic-clips';

const file = '/clips/entrada.timeline.json';

describe('parseSidecar', () => {
  it('reads an array of entries with defaults', () => {
    const sidecar = parseSidecar(
      [{ start: 1, end: 4, box: [0.1, 0.2, 0.1, 0.3], sub_label: 'Ana' }],
      file,
    );

    expect(sidecar.entries).toEqual([
      {
        start: 1,
        end: 4,
        label: 'person',
        score: 0.8,
        box: [0.1, 0.2, 0.1, 0.3],
        sub_label: 'Ana',
        sub_label_score: 0.9,
      },
    ]);
  });

  it('applies the top-level label and score to the events of an object', () => {
    const sidecar = parseSidecar(
      {
        label: 'car',
        score: 0.7,
        events: [{ start: 0, end: 2, box: [0, 0, 0.5, 0.5], zones: ['cochera'] }],
      },
      file,
    );

    expect(sidecar.entries?.[0]).toMatchObject({ label: 'car', score: 0.7, zones: ['cochera'] });
  });

  it('keeps only label and score when there are no events', () => {
    expect(parseSidecar({ label: 'dog', score: 0.6 }, file)).toEqual({ label: 'dog', score: 0.6 });
  });

  it('reads a path of boxes over time', () => {
    const sidecar = parseSidecar(
      [
        {
          start: 1,
          end: 3,
          box: [0.1, 0.1, 0.1, 0.1],
          path: [
            { t: 1, box: [0.1, 0.1, 0.1, 0.1] },
            { t: 3, box: [0.5, 0.1, 0.1, 0.1] },
          ],
        },
      ],
      file,
    );

    expect(sidecar.entries?.[0]?.path).toEqual([
      { t: 1, box: [0.1, 0.1, 0.1, 0.1] },
      { t: 3, box: [0.5, 0.1, 0.1, 0.1] },
    ]);
  });

  it.each([
    [{ events: 'x' }, 'events must be an array'],
    [[{ start: -1, end: 2, box: [0, 0, 1, 1] }], 'events[0].start must be'],
    [[{ start: 3, end: 2, box: [0, 0, 1, 1] }], 'events[0].end must be'],
    [[{ start: 0, end: 2, box: [0, 0, 1.5, 1] }], 'events[0].box must be [x, y, width, height]'],
    [
      [{ start: 0, end: 2, box: [0, 0, 1, 1], score: 2 }],
      'events[0].score must be a number from 0 to 1',
    ],
    [
      [{ start: 0, end: 2, box: [0, 0, 1, 1], zones: 'porche' }],
      'events[0].zones must be an array',
    ],
    [
      [{ start: 0, end: 2, box: [0, 0, 1, 1], snapshot_time: 5 }],
      'events[0].snapshot_time must be',
    ],
    [
      [{ start: 0, end: 2, box: [0, 0, 1, 1], path: [{ t: 3, box: [0, 0, 1, 1] }] }],
      'events[0].path[0].t must be',
    ],
    [
      [
        {
          start: 0,
          end: 2,
          box: [0, 0, 1, 1],
          path: [
            { t: 1, box: [0, 0, 1, 1] },
            { t: 0.5, box: [0, 0, 1, 1] },
          ],
        },
      ],
      'events[0].path[1].t must be',
    ],
    ['text', 'the top level must be an array or an object'],
  ])('rejects %j', (json, message) => {
    expect(() => parseSidecar(json, file)).toThrow(`invalid timeline ${file}: ${message}`);
  });
});

describe('clampEntries', () => {
  it('drops entries after the clip, cuts the last one and sorts by start', () => {
    const box: [number, number, number, number] = [0, 0, 0.1, 0.1];
    const entries = clampEntries(
      [
        { start: 8, end: 12, label: 'car', score: 0.8, box, snapshot_time: 11 },
        { start: 2, end: 4, label: 'person', score: 0.8, box },
        { start: 10, end: 11, label: 'dog', score: 0.8, box },
      ],
      10,
    );

    expect(
      entries.map((entry) => [entry.label, entry.start, entry.end, entry.snapshot_time]),
    ).toEqual([
      ['person', 2, 4, undefined],
      ['car', 8, 10, 10],
    ]);
  });
});

describe('sceneTimeline', () => {
  it('describes every actor of the sample scenes with a path', () => {
    for (const scene of sampleScenes) {
      const timeline = sceneTimeline(scene);

      expect(timeline).toHaveLength(scene.actors.length);
      timeline.forEach((entry, index) => {
        const actor = scene.actors[index]!;
        expect(entry.start).toBe(actor.start);
        expect(entry.end).toBe(actor.end);
        expect(entry.snapshot_time).toBe((actor.start + actor.end) / 2);
        expect(entry.path?.[0]?.t).toBe(actor.start);
        expect(entry.path?.at(-1)?.t).toBe(actor.end);
        expect(entry.path?.[0]?.box[0]).toBeCloseTo(actor.from[0] / scene.width, 3);
        expect(entry.path?.at(-1)?.box[0]).toBeCloseTo(actor.to[0] / scene.width, 3);
      });
      // The sidecar file that writeSyntheticClip writes must read back through the parser.
      expect(parseSidecar(JSON.parse(formatTimeline(timeline)), file).entries).toEqual(timeline);
    }
  });
});
