import type { Logger } from 'pino';

import type { FrigateSimulator, SimulatorOptions } from '@centinela/frigate-simulator';

export interface DemoFrigate {
  /** Base URL of the simulator's unauthenticated API (Frigate's port 5000). */
  url: string;
  /** Frigate's media tree (`recordings/`, `clips/`), the simulator's `/media/frigate`. */
  mediaDir: string;
  cameras: string[];
  simulator: FrigateSimulator;
  stop(): Promise<void>;
}

export interface DemoFrigateOptions {
  /** Folder of clips, one camera each (`SAMPLE_CLIPS_DIR`). */
  clipsDir: string;
  mediaDir: string;
  mqttUrl: string;
  topicPrefix: string;
  log: Logger;
}

type SimulatorModule = typeof import('@centinela/frigate-simulator');

/**
 * Quiet seconds between two loops of a sample clip. Without a gap a 20 s clip makes about
 * 8,000 events a day per camera, which the demo database and the simulator's event file
 * would have to keep for the whole retention period.
 */
const loopGapSeconds = 40;

/**
 * Start the Frigate simulator on the sample clips, for installs with no FRIGATE_URL. The
 * simulator is loaded on demand so that a production image can leave it out. Rejects with an
 * install hint when ffmpeg is missing, because the simulator cannot read clips without it.
 */
export async function startDemoFrigate(options: DemoFrigateOptions): Promise<DemoFrigate> {
  const module: SimulatorModule = await import('@centinela/frigate-simulator');
  try {
    await module.checkFfmpeg();
  } catch (error) {
    // The cause already says how to install ffmpeg; this adds why the demo needs it.
    throw new Error(
      'FRIGATE_URL is not set, so the demo plays the sample clips through the built-in Frigate ' +
        `simulator. ${(error as Error).message} To use a real Frigate instead, set FRIGATE_URL.`,
      { cause: error },
    );
  }
  const simulatorOptions: SimulatorOptions = {
    clipsDir: options.clipsDir,
    mediaDir: options.mediaDir,
    mqttUrl: options.mqttUrl,
    topicPrefix: options.topicPrefix,
    port: 0,
    loopGapSeconds,
    retention: { recordingsHours: 24, eventsDays: 2 },
    logger: options.log.child({ component: 'frigate-simulator' }),
  };
  const simulator = await module.startFrigateSimulator(simulatorOptions);
  options.log.info(
    { url: simulator.url, cameras: simulator.cameras, clips: options.clipsDir },
    'FRIGATE_URL is not set: the Frigate simulator replays the sample clips',
  );
  return {
    url: simulator.url,
    mediaDir: simulator.mediaDir,
    cameras: simulator.cameras,
    simulator,
    stop: () => simulator.stop(),
  };
}
