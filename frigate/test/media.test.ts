import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { FrigateSimulator } from '../src/types';
import { isJpeg, isWebp, makeTestMedia, probe, type TestMedia } from './support/media';
import { fresh, startSimulator, temporaryFolder } from './support/simulators';

let mediaFolder: string;
let media: TestMedia;
let clipSize: number;

beforeAll(async () => {
  // Made once for the file; each test's simulator only links or reads these files.
  mediaFolder = await mkdtemp(join(tmpdir(), 'frigate-test-media-'));
  media = await makeTestMedia(mediaFolder);
  clipSize = (await stat(media.clipPath)).size;
});

afterAll(async () => {
  await rm(mediaFolder, { recursive: true, force: true });
});

async function simulatorWithEvent(
  version = '0.16.4',
): Promise<{ simulator: FrigateSimulator; finished: string; open: string; bare: string }> {
  const mediaDir = await temporaryFolder('media');
  const simulator = await startSimulator({ cameras: ['entrada'], mediaDir, version });
  const files = {
    clipPath: media.clipPath,
    snapshotPath: media.snapshotPath,
    thumbnailPath: media.thumbnailPath,
  };
  const now = Date.now() / 1000;
  const finished = simulator.addEvent(
    { camera: 'entrada', label: 'person', start_time: now - 20, end_time: now - 10 },
    files,
  );
  const open = simulator.addEvent({ camera: 'entrada', label: 'car', start_time: now - 1 }, files);
  const bare = simulator.addEvent({
    camera: 'entrada',
    label: 'dog',
    start_time: now - 40,
    end_time: now - 35,
    has_clip: false,
    has_snapshot: false,
  });
  await simulator.idle();
  return { simulator, finished: finished.id, open: open.id, bare: bare.id };
}

describe('GET /api/events/{id}/clip.mp4', () => {
  it('serves the whole clip with its length and Accept-Ranges', async () => {
    const { simulator, finished } = await simulatorWithEvent();
    const response = await fresh(`${simulator.url}/api/events/${finished}/clip.mp4`);
    const body = Buffer.from(await response.arrayBuffer());

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('video/mp4');
    expect(response.headers.get('accept-ranges')).toBe('bytes');
    expect(response.headers.get('content-length')).toBe(String(clipSize));
    expect(body.equals(await readFile(media.clipPath))).toBe(true);
  });

  it('is playable by ffprobe straight from the URL', async () => {
    const { simulator, finished } = await simulatorWithEvent();
    const info = await probe(`${simulator.url}/api/events/${finished}/clip.mp4`);

    expect(info.videoCodec).toBe('h264');
    expect(info.durationSeconds).toBeCloseTo(3, 0);
  });

  it.each([
    ['bytes=0-99', 0, 99],
    ['bytes=100-', 100, -1],
    ['bytes=-50', -50, -1],
  ])('answers %s with 206 and Content-Range', async (range, first, last) => {
    const { simulator, finished } = await simulatorWithEvent();
    const start = first < 0 ? clipSize + first : first;
    const end = last < 0 ? clipSize - 1 : last;
    const response = await fresh(`${simulator.url}/api/events/${finished}/clip.mp4`, {
      headers: { Range: range },
    });
    const body = Buffer.from(await response.arrayBuffer());

    expect(response.status).toBe(206);
    expect(response.headers.get('content-range')).toBe(`bytes ${start}-${end}/${clipSize}`);
    expect(response.headers.get('content-length')).toBe(String(end - start + 1));
    expect(body.equals((await readFile(media.clipPath)).subarray(start, end + 1))).toBe(true);
  });

  it('answers 416 for a range past the end', async () => {
    const { simulator, finished } = await simulatorWithEvent();
    const response = await fresh(`${simulator.url}/api/events/${finished}/clip.mp4`, {
      headers: { Range: `bytes=${clipSize}-` },
    });

    expect(response.status).toBe(416);
    expect(response.headers.get('content-range')).toBe(`bytes */${clipSize}`);
  });

  it('answers 404 when the event has no clip or does not exist', async () => {
    const { simulator, bare } = await simulatorWithEvent();
    const noClip = await fresh(`${simulator.url}/api/events/${bare}/clip.mp4`);
    const unknown = await fresh(`${simulator.url}/api/events/1717171717.1-zzzzzz/clip.mp4`);

    expect(noClip.status).toBe(404);
    expect(await noClip.json()).toEqual({ success: false, message: 'Clip not available' });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual({ success: false, message: 'Event not found' });
  });
});

describe('GET /api/events/{id}/snapshot.jpg', () => {
  it('serves the stored JPEG of a finished event, cacheable for a year', async () => {
    const { simulator, finished } = await simulatorWithEvent();
    const response = await fresh(`${simulator.url}/api/events/${finished}/snapshot.jpg`);
    const body = Buffer.from(await response.arrayBuffer());

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/jpeg');
    expect(response.headers.get('cache-control')).toBe('private, max-age=31536000');
    expect(isJpeg(body)).toBe(true);
  });

  it('renders a live frame of an event in progress, not cacheable', async () => {
    const { simulator, open } = await simulatorWithEvent();
    const response = await fresh(`${simulator.url}/api/events/${open}/snapshot.jpg`);

    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(isJpeg(Buffer.from(await response.arrayBuffer()))).toBe(true);
  });

  it('answers 404 for a finished event without snapshot', async () => {
    const { simulator, bare } = await simulatorWithEvent();
    const response = await fresh(`${simulator.url}/api/events/${bare}/snapshot.jpg`);

    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ success: false, message: 'Snapshot not available' });
  });

  it('offers a download name with download=1', async () => {
    const { simulator, finished } = await simulatorWithEvent();
    const response = await fresh(`${simulator.url}/api/events/${finished}/snapshot.jpg?download=1`);

    expect(response.headers.get('content-disposition')).toBe(
      `attachment; filename=snapshot-${finished}.jpg`,
    );
  });
});

describe('GET /api/events/{id}/thumbnail.jpg', () => {
  it('returns the stored WebP bytes under image/jpeg in 0.16 mode', async () => {
    const { simulator, finished } = await simulatorWithEvent();
    const response = await fresh(`${simulator.url}/api/events/${finished}/thumbnail.jpg`);
    const body = Buffer.from(await response.arrayBuffer());

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/jpeg');
    expect(response.headers.get('cache-control')).toBe('private, max-age=2592000');
    expect(isWebp(body)).toBe(true);
  });

  it('re-encodes to JPEG in 0.17 mode', async () => {
    const { simulator, finished } = await simulatorWithEvent('0.17.2');
    const response = await fresh(`${simulator.url}/api/events/${finished}/thumbnail.jpg`);

    expect(response.status).toBe(200);
    expect(isJpeg(Buffer.from(await response.arrayBuffer()))).toBe(true);
  });

  it('is not cacheable while the event is in progress', async () => {
    const { simulator, open } = await simulatorWithEvent();
    const response = await fresh(`${simulator.url}/api/events/${open}/thumbnail.webp`);

    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(isWebp(Buffer.from(await response.arrayBuffer()))).toBe(true);
  });

  it('answers 404 for an unknown event', async () => {
    const { simulator } = await simulatorWithEvent();
    const response = await fresh(`${simulator.url}/api/events/1717171717.1-zzzzzz/thumbnail.jpg`);

    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ success: false, message: 'Event not found' });
  });
});

describe('media tree', () => {
  it('writes snapshot and thumbnail where Frigate keeps them', async () => {
    const { simulator, finished } = await simulatorWithEvent();

    expect(
      isJpeg(await readFile(join(simulator.mediaDir, 'clips', `entrada-${finished}.jpg`))),
    ).toBe(true);
    expect(
      isWebp(
        await readFile(join(simulator.mediaDir, 'clips', 'thumbs', 'entrada', `${finished}.webp`)),
      ),
    ).toBe(true);
    const served = await fresh(`${simulator.url}/clips/entrada-${finished}.jpg`);
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toBe('image/jpeg');
  });

  it('refuses paths outside the media folder', async () => {
    const { simulator } = await simulatorWithEvent();
    const response = await fresh(`${simulator.url}/clips/..%2F..%2Fetc%2Fpasswd`);

    expect(response.status).toBe(404);
  });
});
