import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import { resolveBinaries, type BinaryOptions } from './ffmpeg/binaries';
import { runFfmpeg } from './ffmpeg/run';
import type { RelativeBox, TimelineEntry } from './types';

/** A flat rectangle that moves in a straight line while it is visible. */
export interface SyntheticActor {
  label: string;
  /** ffmpeg colour, for example `0xe07b39` or `orange`. */
  colour: string;
  width: number;
  height: number;
  /** Seconds from the clip start. */
  start: number;
  end: number;
  /** Top-left corner in pixels at `start` and at `end`; both must keep the actor in frame. */
  from: [number, number];
  to: [number, number];
  score: number;
  sub_label?: string;
  /** Score of the recognised name. Default 0.9, as a sidecar entry without one gets. */
  sub_label_score?: number;
  zones?: string[];
}

export interface SyntheticScene {
  name: string;
  width: number;
  height: number;
  fps: number;
  durationSeconds: number;
  background: string;
  /** Fixed rectangles drawn on the background. */
  scenery: { x: number; y: number; width: number; height: number; colour: string }[];
  actors: SyntheticActor[];
}

export const sampleScenes: SyntheticScene[] = [
  {
    name: 'entrada',
    width: 640,
    height: 360,
    fps: 10,
    durationSeconds: 18,
    background: '0x3a4250',
    scenery: [
      { x: 0, y: 290, width: 640, height: 70, colour: '0x55595f' },
      { x: 430, y: 100, width: 90, height: 190, colour: '0x6b4f2a' },
    ],
    actors: [
      {
        label: 'person',
        colour: '0xe07b39',
        width: 44,
        height: 120,
        start: 2,
        end: 8,
        from: [30, 170],
        to: [380, 170],
        score: 0.86,
        zones: ['porche'],
      },
      {
        label: 'person',
        colour: '0x4a90d9',
        width: 44,
        height: 120,
        start: 10.5,
        end: 16,
        from: [590, 175],
        to: [300, 175],
        score: 0.91,
        sub_label: 'Ana',
        zones: ['porche'],
      },
    ],
  },
  {
    name: 'patio',
    width: 640,
    height: 360,
    fps: 10,
    durationSeconds: 20,
    background: '0x3f5a36',
    scenery: [{ x: 0, y: 210, width: 640, height: 120, colour: '0x6e6e6e' }],
    actors: [
      {
        label: 'car',
        colour: '0xc0392b',
        width: 150,
        height: 70,
        start: 2,
        end: 9,
        from: [10, 235],
        to: [480, 235],
        score: 0.88,
        zones: ['cochera'],
      },
      {
        label: 'person',
        colour: '0xf1c40f',
        width: 40,
        height: 110,
        start: 12,
        end: 18,
        from: [560, 95],
        to: [200, 95],
        score: 0.79,
      },
    ],
  },
];

function round4(value: number): number {
  return Math.round(value * 10000) / 10000;
}

/** Where an actor's box is at `seconds`, relative to the frame. */
export function actorBoxAt(
  scene: SyntheticScene,
  actor: SyntheticActor,
  seconds: number,
): RelativeBox {
  const progress = (seconds - actor.start) / (actor.end - actor.start);
  const x = actor.from[0] + (actor.to[0] - actor.from[0]) * progress;
  const y = actor.from[1] + (actor.to[1] - actor.from[1]) * progress;
  return [
    round4(x / scene.width),
    round4(y / scene.height),
    round4(actor.width / scene.width),
    round4(actor.height / scene.height),
  ];
}

/** Seconds between the `path` points of a scene's timeline. */
const pathStepSeconds = 0.5;

/**
 * Build the sidecar timeline that matches a scene: the box of each actor at its midpoint (the
 * snapshot frame) and its path every half second.
 */
export function sceneTimeline(scene: SyntheticScene): TimelineEntry[] {
  return scene.actors.map((actor) => {
    const middle = round4((actor.start + actor.end) / 2);
    const path: { t: number; box: RelativeBox }[] = [];
    for (let t = actor.start; t < actor.end; t += pathStepSeconds) {
      path.push({ t: round4(t), box: actorBoxAt(scene, actor, t) });
    }
    path.push({ t: actor.end, box: actorBoxAt(scene, actor, actor.end) });
    const entry: TimelineEntry = {
      start: actor.start,
      end: actor.end,
      label: actor.label,
      score: actor.score,
      box: actorBoxAt(scene, actor, middle),
      snapshot_time: middle,
      path,
    };
    if (actor.sub_label !== undefined) {
      entry.sub_label = actor.sub_label;
      entry.sub_label_score = actor.sub_label_score ?? 0.9;
    }
    if (actor.zones !== undefined) entry.zones = actor.zones;
    return entry;
  });
}

function filterGraph(scene: SyntheticScene): string {
  const steps: string[] = [];
  let current = '0:v';
  scene.scenery.forEach((block, index) => {
    const next = `scenery${index}`;
    steps.push(
      `[${current}]drawbox=x=${block.x}:y=${block.y}:w=${block.width}:h=${block.height}:color=${block.colour}:t=fill[${next}]`,
    );
    current = next;
  });
  scene.actors.forEach((actor, index) => {
    const next = `actor${index}`;
    const span = actor.end - actor.start;
    const x = `${actor.from[0]}+(${actor.to[0] - actor.from[0]})*(t-${actor.start})/${span}`;
    const y = `${actor.from[1]}+(${actor.to[1] - actor.from[1]})*(t-${actor.start})/${span}`;
    steps.push(
      `[${current}][${index + 1}:v]overlay=x='${x}':y='${y}':eval=frame:enable='between(t,${actor.start},${actor.end})'[${next}]`,
    );
    current = next;
  });
  steps.push(`[${current}]format=yuv420p[out]`);
  return steps.join(';');
}

/**
 * JSON of a timeline for people to read: indented, with each box, zone list and path point on
 * one line instead of one value per line.
 */
export function formatTimeline(entries: TimelineEntry[]): string {
  const indented = JSON.stringify(entries, null, 2);
  const flatBoxes = indented.replace(
    /\[\s+(-?[\d.]+(?:,\s+-?[\d.]+)*)\s+\]/g,
    (_match, numbers: string) => {
      return `[${numbers.split(/,\s+/).join(', ')}]`;
    },
  );
  const flatLists = flatBoxes.replace(
    /\[\s+("[^"]*"(?:,\s+"[^"]*")*)\s+\]/g,
    (_match, names: string) => {
      return `[${names.split(/,\s+/).join(', ')}]`;
    },
  );
  const flatPoints = flatLists.replace(
    /\{\s+("t": -?[\d.]+),\s+("box": \[[^\]]*\])\s+\}/g,
    '{ $1, $2 }',
  );
  return `${flatPoints}\n`;
}

export interface WriteClipOptions extends BinaryOptions {
  /** Also write `<name>.timeline.json`. Default true. */
  sidecar?: boolean;
}

/**
 * Render a scene with ffmpeg's lavfi sources as an H.264 MP4 (keyframe every 2 s) and, unless
 * `sidecar` is false, its timeline sidecar. Returns the clip's path.
 */
export async function writeSyntheticClip(
  scene: SyntheticScene,
  folder: string,
  options: WriteClipOptions = {},
): Promise<string> {
  const binaries = resolveBinaries(options);
  const size = `${scene.width}x${scene.height}`;
  const inputs = [
    '-f',
    'lavfi',
    '-i',
    `color=c=${scene.background}:s=${size}:r=${scene.fps}:d=${scene.durationSeconds}`,
  ];
  for (const actor of scene.actors) {
    inputs.push(
      '-f',
      'lavfi',
      '-i',
      `color=c=${actor.colour}:s=${actor.width}x${actor.height}:r=${scene.fps}:d=${scene.durationSeconds}`,
    );
  }
  const clipPath = join(folder, `${scene.name}.mp4`);
  await runFfmpeg(binaries, [
    ...inputs,
    '-filter_complex',
    filterGraph(scene),
    '-map',
    '[out]',
    '-t',
    String(scene.durationSeconds),
    '-c:v',
    'libx264',
    '-preset',
    'veryfast',
    '-crf',
    '26',
    '-g',
    String(scene.fps * 2),
    '-movflags',
    '+faststart',
    clipPath,
  ]);
  if (options.sidecar !== false) {
    await writeFile(
      join(folder, `${scene.name}.timeline.json`),
      formatTimeline(sceneTimeline(scene)),
    );
  }
  return clipPath;
}
