import type { Logger } from 'pino';

export interface DemoFrigate {
  url: string;
  mediaDir: string;
  cameras: string[];
  stop(): Promise<void>;
}

export interface DemoFrigateOptions {
  clipsDir: string;
  mediaDir: string;
  mqttUrl: string;
  topicPrefix: string;
  log: Logger;
}

interface SimulatorModule {
  startFrigateSimulator(options: {
    clipsDir: string;
    mediaDir: string;
    mqttUrl: string;
    topicPrefix: string;
    port: number;
  }): Promise<{ url: string; cameras: string[]; stop(): Promise<void> }>;
}

/**
 * Start the Frigate simulator on the sample clips, for installs with no FRIGATE_URL. It is
 * loaded on demand so that a production image can leave the simulator out.
 */
export async function startDemoFrigate(options: DemoFrigateOptions): Promise<DemoFrigate> {
  const module = (await import('@centinela/frigate-simulator')) as unknown as SimulatorModule;
  const simulator = await module.startFrigateSimulator({
    clipsDir: options.clipsDir,
    mediaDir: options.mediaDir,
    mqttUrl: options.mqttUrl,
    topicPrefix: options.topicPrefix,
    port: 0,
  });
  options.log.info(
    { url: simulator.url, cameras: simulator.cameras, clips: options.clipsDir },
    'FRIGATE_URL is not set: the Frigate simulator replays the sample clips',
  );
  return { url: simulator.url, mediaDir: options.mediaDir, cameras: simulator.cameras, stop: () => simulator.stop() };
}
