import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';

import { afterEach, describe, expect, it } from 'vitest';

import type { FrigateEvent, SyntheticScene } from '../src/index';
import { brokerUrl, TopicRecorder, uniquePrefix } from './support/broker';
import { isJpeg, isWebp, probe, quickScene, writeSyntheticClip } from './support/media';
import { fresh, freshJson, startSimulator, temporaryFolder } from './support/simulators';

const recorders: TopicRecorder[] = [];

afterEach(async () => {
  for (const recorder of recorders.splice(0)) await recorder.close();
});

async function listFiles(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => relative(root, join(entry.parentPath, entry.name)));
}

/** Poll the media tree until a recording segment appears; fails after `timeoutMs`. */
async function waitForRecordings(mediaDir: string, timeoutMs: number): Promise<string[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const segments = (await listFiles(mediaDir)).filter((path) => path.startsWith('recordings/'));
    if (segments.length > 0) return segments;
    if (Date.now() > deadline)
      throw new Error(`no recording segment under ${mediaDir} after ${timeoutMs} ms`);
    await delay(100);
  }
}

function twoDigits(value: number): string {
  return String(value).padStart(2, '0');
}

/** Two people, 2.5 s apart, so the motion analysis must report two objects. */
const twoVisitors: SyntheticScene = {
  ...quickScene('patio'),
  durationSeconds: 8,
  actors: [
    {
      label: 'person',
      colour: '0xe07b39',
      width: 24,
      height: 60,
      start: 0.5,
      end: 2.5,
      from: [20, 70],
      to: [200, 70],
      score: 0.8,
    },
    {
      label: 'person',
      colour: '0xf1c40f',
      width: 24,
      height: 60,
      start: 5,
      end: 7,
      from: [280, 60],
      to: [100, 60],
      score: 0.8,
    },
  ],
};

describe('footage with a timeline sidecar', () => {
  it('replays each actor as a tracked object with clip, snapshot and recordings', async () => {
    const clipsDir = await temporaryFolder('clips');
    const mediaDir = await temporaryFolder('media');
    await writeSyntheticClip(quickScene('entrada'), clipsDir);
    const prefix = uniquePrefix('footage');
    const recorder = await TopicRecorder.start(prefix);
    recorders.push(recorder);

    const simulator = await startSimulator({
      clipsDir,
      mediaDir,
      mqttUrl: brokerUrl,
      topicPrefix: prefix,
    });
    const loopStart = Date.now() / 1000;

    expect(simulator.cameras).toEqual(['entrada']);
    const timeline = simulator.timelines.entrada!;
    expect(timeline.source).toBe('sidecar');
    expect(timeline.entries).toHaveLength(1);
    expect(timeline.entries[0]).toMatchObject({
      start: 0.5,
      end: 3.5,
      label: 'person',
      sub_label: 'Ana',
      zones: ['porche'],
    });

    const envelopes = await recorder.waitFor(
      () => {
        const found = recorder.envelopes('events');
        return found.some((envelope) => envelope.type === 'end') ? found : undefined;
      },
      8000,
      'the end message of the replayed person',
    );
    const types = envelopes.map((envelope) => envelope.type);
    expect(types[0]).toBe('new');
    expect(types.at(-1)).toBe('end');
    expect(types.slice(1, -1).every((type) => type === 'update')).toBe(true);
    const end = envelopes.at(-1)!.after as {
      id: string;
      start_time: number;
      end_time: number;
      sub_label: unknown;
      entered_zones: string[];
    };
    expect(end.start_time - loopStart).toBeCloseTo(0.5, 0);
    expect(end.end_time - end.start_time).toBeGreaterThan(2.5);
    expect(end.end_time - end.start_time).toBeLessThan(3.5);
    expect(end.sub_label).toEqual(['Ana', 0.9]);
    expect(end.entered_zones).toEqual(['porche']);

    const events = await freshJson<FrigateEvent[]>(`${simulator.url}/api/events`);
    expect(events.map((event) => event.id)).toEqual([end.id]);
    expect(events[0]).toMatchObject({
      camera: 'entrada',
      label: 'person',
      sub_label: 'Ana',
      zones: ['porche'],
      has_clip: true,
      has_snapshot: true,
    });

    const clip = await probe(`${simulator.url}/api/events/${end.id}/clip.mp4`);
    expect(clip.videoCodec).toBe('h264');
    expect(clip.durationSeconds).toBeGreaterThan(2.5);
    expect(clip.durationSeconds).toBeLessThan(3.6);
    const snapshot = await fresh(`${simulator.url}/api/events/${end.id}/snapshot.jpg`);
    expect(isJpeg(Buffer.from(await snapshot.arrayBuffer()))).toBe(true);
    expect(isJpeg(await readFile(join(mediaDir, 'clips', `entrada-${end.id}.jpg`)))).toBe(true);
    expect(
      isWebp(await readFile(join(mediaDir, 'clips', 'thumbs', 'entrada', `${end.id}.webp`))),
    ).toBe(true);

    // The 6 s clip is one recording segment, written once its last second has played.
    const segments = await waitForRecordings(mediaDir, 6000);
    const started = new Date(Math.floor(loopStart) * 1000);
    const day = `${started.getUTCFullYear()}-${twoDigits(started.getUTCMonth() + 1)}-${twoDigits(started.getUTCDate())}`;
    expect(segments).toHaveLength(1);
    expect(segments[0]).toMatch(
      /^recordings\/\d{4}-\d{2}-\d{2}\/\d{2}\/entrada\/\d{2}\.\d{2}\.mp4$/,
    );
    expect(
      segments[0]!.startsWith(`recordings/${day}/${twoDigits(started.getUTCHours())}/entrada/`),
    ).toBe(true);
    expect((await stat(join(mediaDir, segments[0]!))).size).toBeGreaterThan(0);
    const rows = await freshJson<{ start_time: number; duration: number }[]>(
      `${simulator.url}/api/entrada/recordings?after=${loopStart - 60}&before=${loopStart + 60}`,
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]!.duration).toBeCloseTo(6, 0);
  }, 20_000);
});

describe('footage without a timeline', () => {
  it('derives one object per stretch of motion', async () => {
    const clipsDir = await temporaryFolder('clips');
    await writeSyntheticClip(twoVisitors, clipsDir, { sidecar: false });

    const simulator = await startSimulator({ clipsDir, replay: false });
    const timeline = simulator.timelines.patio!;

    expect(timeline.source).toBe('motion');
    expect(timeline.entries).toHaveLength(2);
    const [first, second] = timeline.entries;
    expect(first!.start).toBeCloseTo(0.5, 0);
    expect(first!.end).toBeCloseTo(2.5, 0);
    expect(second!.start).toBeCloseTo(5, 0);
    expect(second!.end).toBeCloseTo(7, 0);
    expect(first!.label).toBe('person');
    // The first visitor walks right: its analysed box moves right along the path.
    const path = first!.path!;
    expect(path.length).toBeGreaterThan(5);
    expect(path.at(-1)!.box[0]).toBeGreaterThan(path[0]!.box[0]);
    // The box covers the actor: 24x60 px in a 320x180 frame.
    expect(first!.box[2]).toBeGreaterThan(0.05);
    expect(first!.box[3]).toBeGreaterThan(0.25);
  });

  it('takes label and score from a sidecar without events', async () => {
    const clipsDir = await temporaryFolder('clips');
    await writeSyntheticClip({ ...twoVisitors, name: 'cochera' }, clipsDir, { sidecar: false });
    await writeFile(
      join(clipsDir, 'cochera.timeline.json'),
      JSON.stringify({ label: 'car', score: 0.7 }),
    );

    const simulator = await startSimulator({ clipsDir, replay: false });
    const entries = simulator.timelines.cochera!.entries;

    expect(simulator.timelines.cochera!.source).toBe('motion');
    expect(entries.map((entry) => [entry.label, entry.score])).toEqual([
      ['car', 0.7],
      ['car', 0.7],
    ]);
  });
});

describe('footage errors', () => {
  it('names the file and field of an invalid sidecar', async () => {
    const clipsDir = await temporaryFolder('clips');
    await writeSyntheticClip(quickScene('entrada'), clipsDir, { sidecar: false });
    await writeFile(
      join(clipsDir, 'entrada.timeline.json'),
      JSON.stringify([{ start: 2, end: 1, box: [0, 0, 0.1, 0.1] }]),
    );

    await expect(startSimulator({ clipsDir })).rejects.toThrow(
      /entrada\.timeline\.json: events\[0\]\.end must be/,
    );
  });

  it('reports a missing clips folder', async () => {
    const missing = join(await temporaryFolder('clips'), 'nothing-here');

    await expect(startSimulator({ clipsDir: missing })).rejects.toThrow(
      `clips folder ${missing} not found`,
    );
  });

  it('says how to install ffmpeg when it is missing', async () => {
    const clipsDir = await temporaryFolder('clips');

    await expect(startSimulator({ clipsDir, ffmpegPath: '/nonexistent/ffmpeg' })).rejects.toThrow(
      'sudo apt-get install ffmpeg',
    );
  });

  it('uses each clip file name as the camera name', async () => {
    const clipsDir = await temporaryFolder('clips');
    await writeSyntheticClip(
      { ...quickScene('front door'), durationSeconds: 2, actors: [] },
      clipsDir,
      { sidecar: false },
    );
    await writeFile(join(clipsDir, 'notes.txt'), 'not a clip');

    const simulator = await startSimulator({ clipsDir, replay: false });
    expect(simulator.cameras).toEqual(['front_door']);
    expect(simulator.timelines.front_door!.entries).toEqual([]);
  });
});
