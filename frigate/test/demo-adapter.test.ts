import { afterEach, describe, expect, it } from 'vitest';
import pino from 'pino';

import { startDemoFrigate, type DemoFrigate } from '../../core/src/demo-frigate';
import { brokerUrl, clearRetained, readRetained, uniquePrefix } from './support/broker';
import { quickScene, writeSyntheticClip } from './support/media';
import { freshJson, temporaryFolder } from './support/simulators';

// The core starts the simulator through this adapter when FRIGATE_URL is unset.
const log = pino({ level: 'silent' });
const started: { demo: DemoFrigate; prefix: string }[] = [];
const savedFfmpegPath = process.env.FFMPEG_PATH;

afterEach(async () => {
  if (savedFfmpegPath === undefined) delete process.env.FFMPEG_PATH;
  else process.env.FFMPEG_PATH = savedFfmpegPath;
  for (const { demo, prefix } of started.splice(0)) {
    await demo.stop();
    await clearRetained(prefix);
  }
});

describe('core demo adapter', () => {
  it('starts the simulator on the sample clips with the core broker', async () => {
    const clipsDir = await temporaryFolder('demo-clips');
    const mediaDir = await temporaryFolder('demo-media');
    await writeSyntheticClip(quickScene('entrada'), clipsDir);
    const prefix = uniquePrefix('demo');

    const demo = await startDemoFrigate({
      clipsDir,
      mediaDir,
      mqttUrl: brokerUrl,
      topicPrefix: prefix,
      log,
    });
    started.push({ demo, prefix });

    expect(demo.cameras).toEqual(['entrada']);
    expect(demo.mediaDir).toBe(mediaDir);
    const config = await freshJson<{
      cameras: Record<string, unknown>;
      mqtt: { topic_prefix: string };
    }>(`${demo.url}/api/config`);
    expect(Object.keys(config.cameras)).toEqual(['entrada']);
    expect(config.mqtt.topic_prefix).toBe(prefix);
    expect((await readRetained(`${prefix}/available`))?.toString()).toBe('online');
  });

  it('asks to install ffmpeg when it is missing', async () => {
    const clipsDir = await temporaryFolder('demo-clips');
    process.env.FFMPEG_PATH = '/nonexistent/bin/ffmpeg';

    await expect(
      startDemoFrigate({
        clipsDir,
        mediaDir: clipsDir,
        mqttUrl: brokerUrl,
        topicPrefix: uniquePrefix('demo'),
        log,
      }),
    ).rejects.toThrow(/install them with "sudo apt-get install ffmpeg".* set FRIGATE_URL\.$/);
  });
});
