import type { FfmpegBinaries } from '../ffmpeg/binaries';
import { cameraNamePattern } from '../ids';
import type { SimulatorLogger } from '../logger';
import type { CameraInfo } from '../routes/deps';
import type { MotionAnalysisOptions } from '../types';
import { listClipFiles } from './clip-files';
import { prepareCamera, type PreparedCamera } from './prepare';

export interface LoadedCameras {
  prepared: PreparedCamera[];
  cameras: CameraInfo[];
}

/** Size given to cameras that have no footage (the detect size of `frigate.yml`). */
const defaultFrame = { width: 1280, height: 720 };

/**
 * Prepare every clip of `clipsDir` as a camera, then add the named extra cameras. Clips are
 * prepared one after another; each runs at most two ffmpeg processes at a time.
 */
export async function loadCameras(
  clipsDir: string | undefined,
  extraCameras: string[],
  context: {
    binaries: FfmpegBinaries | undefined;
    cacheDir: string;
    analysis: MotionAnalysisOptions;
    logger: SimulatorLogger;
  },
): Promise<LoadedCameras> {
  const prepared: PreparedCamera[] = [];
  if (clipsDir !== undefined) {
    const clips = await listClipFiles(clipsDir);
    if (clips.length === 0)
      context.logger.warn({ clipsDir }, 'no .mp4, .mkv or .avi files; no camera has footage');
    for (const clip of clips) {
      prepared.push(
        await prepareCamera(
          {
            binaries: context.binaries!,
            cacheDir: context.cacheDir,
            analysis: context.analysis,
            logger: context.logger,
          },
          clip,
        ),
      );
    }
  }
  const cameras: CameraInfo[] = prepared.map(({ timeline, posterPath }) => ({
    name: timeline.camera,
    width: timeline.width,
    height: timeline.height,
    fps: timeline.fps,
    posterPath,
    zones: [...new Set(timeline.entries.flatMap((entry) => entry.zones ?? []))],
  }));
  for (const name of extraCameras) {
    if (!cameraNamePattern.test(name))
      throw new Error(`invalid camera name "${name}": use letters, digits, "_" and "-"`);
    if (cameras.some((camera) => camera.name === name)) continue;
    cameras.push({ name, ...defaultFrame, fps: 5, posterPath: undefined, zones: [] });
  }
  return { prepared, cameras };
}
