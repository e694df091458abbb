import type { FfmpegBinaries } from '../ffmpeg/binaries';
import { runFfmpeg } from '../ffmpeg/run';
import type { MotionAnalysisOptions, TimelineEntry } from '../types';
import { detectMotion, type GreyFrames } from './motion';

/** Decode a clip to small grey frames at the analysis frame rate. */
export async function decodeGreyFrames(
  binaries: FfmpegBinaries,
  clipPath: string,
  sourceWidth: number,
  sourceHeight: number,
  options: MotionAnalysisOptions,
): Promise<GreyFrames> {
  const width = options.width;
  const height = Math.max(2, Math.round((sourceHeight * width) / sourceWidth / 2) * 2);
  const { stdout } = await runFfmpeg(binaries, [
    '-i',
    clipPath,
    '-an',
    '-vf',
    `fps=${options.fps},scale=${width}:${height},format=gray`,
    '-f',
    'rawvideo',
    'pipe:1',
  ]);
  const frameBytes = width * height;
  const frames: Uint8Array[] = [];
  for (let offset = 0; offset + frameBytes <= stdout.length; offset += frameBytes) {
    frames.push(new Uint8Array(stdout.buffer, stdout.byteOffset + offset, frameBytes));
  }
  return { width, height, fps: options.fps, frames };
}

/** Derive a timeline from the footage alone: each stretch of motion becomes one object. */
export async function analyzeMotion(
  binaries: FfmpegBinaries,
  clipPath: string,
  size: { width: number; height: number },
  options: MotionAnalysisOptions,
  label: string,
  score?: number,
): Promise<TimelineEntry[]> {
  const frames = await decodeGreyFrames(binaries, clipPath, size.width, size.height, options);
  return detectMotion(frames, options, label, score);
}
