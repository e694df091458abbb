import { spawn } from 'node:child_process';
import type { Readable } from 'node:stream';

import type { FfmpegBinaries } from './binaries';

const maxParallelProcesses = 2;
let running = 0;
const waiting: (() => void)[] = [];

/** Limit concurrent ffmpeg processes, so preparing many clips does not starve the host. */
async function withSlot<T>(task: () => Promise<T>): Promise<T> {
  if (running >= maxParallelProcesses) await new Promise<void>((resolve) => waiting.push(resolve));
  running += 1;
  try {
    return await task();
  } finally {
    running -= 1;
    waiting.shift()?.();
  }
}

export interface RunResult {
  stdout: Buffer;
  stderr: string;
}

/** Run a binary to completion, rejecting with the tail of stderr on a non-zero exit. */
export function runTool(binary: string, args: string[]): Promise<RunResult> {
  return withSlot(
    () =>
      new Promise<RunResult>((resolve, reject) => {
        const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
        const stdout: Buffer[] = [];
        let stderr = '';
        child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
        child.stderr.on('data', (chunk: Buffer) => {
          stderr = (stderr + chunk.toString()).slice(-8000);
        });
        child.once('error', reject);
        child.once('close', (code) => {
          if (code === 0) {
            resolve({ stdout: Buffer.concat(stdout), stderr });
            return;
          }
          const tail = stderr.trim().split('\n').slice(-5).join('\n');
          reject(new Error(`${binary} ${args.join(' ')} failed with code ${code}: ${tail}`));
        });
      }),
  );
}

export function runFfmpeg(binaries: FfmpegBinaries, args: string[]): Promise<RunResult> {
  return runTool(binaries.ffmpeg, [
    '-hide_banner',
    '-nostdin',
    '-loglevel',
    'error',
    '-y',
    ...args,
  ]);
}

/**
 * Start ffmpeg writing to stdout and hand back the stream, for responses that are produced
 * while they are sent. Killing the process when the reader goes away is the caller's job.
 */
export function spawnFfmpegStream(
  binaries: FfmpegBinaries,
  args: string[],
): { stdout: Readable; kill: () => void } {
  const child = spawn(
    binaries.ffmpeg,
    ['-hide_banner', '-nostdin', '-loglevel', 'error', ...args],
    {
      stdio: ['ignore', 'pipe', 'ignore'],
    },
  );
  child.once('error', () => undefined);
  return { stdout: child.stdout, kill: () => child.kill('SIGKILL') };
}

export interface ProbeResult {
  durationSeconds: number;
  width: number;
  height: number;
  videoCodec: string;
  /** Frames per second of the video stream (`r_frame_rate`). */
  fps: number;
}

interface ProbeJson {
  format?: { duration?: string };
  streams?: {
    codec_type?: string;
    codec_name?: string;
    width?: number;
    height?: number;
    duration?: string;
    r_frame_rate?: string;
  }[];
}

function parseRate(rate: string | undefined): number {
  const [numerator, denominator] = (rate ?? '').split('/').map(Number);
  if (!numerator || !denominator) return 0;
  return Math.round((numerator / denominator) * 100) / 100;
}

export async function probeVideo(binaries: FfmpegBinaries, path: string): Promise<ProbeResult> {
  const { stdout } = await runTool(binaries.ffprobe, [
    '-v',
    'error',
    '-show_entries',
    'format=duration:stream=codec_type,codec_name,width,height,duration,r_frame_rate',
    '-of',
    'json',
    path,
  ]);
  const parsed = JSON.parse(stdout.toString()) as ProbeJson;
  const video = parsed.streams?.find((stream) => stream.codec_type === 'video');
  if (video === undefined || video.width === undefined || video.height === undefined) {
    throw new Error(`${path} has no video stream`);
  }
  const duration = Number(parsed.format?.duration ?? video.duration);
  if (!Number.isFinite(duration) || duration <= 0) throw new Error(`${path} has no duration`);
  return {
    durationSeconds: duration,
    width: video.width,
    height: video.height,
    videoCodec: video.codec_name ?? 'unknown',
    fps: parseRate(video.r_frame_rate),
  };
}
