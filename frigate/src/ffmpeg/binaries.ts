import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';

export interface FfmpegBinaries {
  ffmpeg: string;
  ffprobe: string;
}

export interface BinaryOptions {
  ffmpegPath?: string;
  ffprobePath?: string;
}

/** Pick the binaries from the options, then `FFMPEG_PATH` / `FFPROBE_PATH`, then PATH. */
export function resolveBinaries(options: BinaryOptions = {}): FfmpegBinaries {
  const ffmpeg = options.ffmpegPath ?? process.env.FFMPEG_PATH ?? 'ffmpeg';
  let ffprobe = options.ffprobePath ?? process.env.FFPROBE_PATH;
  if (ffprobe === undefined)
    ffprobe = ffmpeg.includes('/') ? join(dirname(ffmpeg), 'ffprobe') : 'ffprobe';
  return { ffmpeg, ffprobe };
}

function runVersion(binary: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, ['-version'], { stdio: 'ignore' });
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code === 0) resolve();
      else reject(new Error(`${binary} -version exited with code ${code}`));
    });
  });
}

/** Binaries that ran once in this process; checking costs a process start of ~250 ms each. */
const verified = new Set<string>();

async function verifyOne(name: 'ffmpeg' | 'ffprobe', binary: string): Promise<void> {
  if (verified.has(binary)) return;
  try {
    await runVersion(binary);
    verified.add(binary);
  } catch (error) {
    const variable = name === 'ffmpeg' ? 'FFMPEG_PATH' : 'FFPROBE_PATH';
    throw new Error(
      `${name} not found or not runnable at "${binary}" (${(error as Error).message}). ` +
        `The Frigate simulator needs ffmpeg and ffprobe to read the clips: install them with ` +
        `"sudo apt-get install ffmpeg" (Debian, Ubuntu), or set ${variable} to the binary.`,
      { cause: error },
    );
  }
}

/**
 * Check that both binaries run. The error names the binary that failed and how to install it,
 * because the simulator cannot read footage without them. Successes are remembered for the
 * life of the process.
 */
export async function verifyBinaries(binaries: FfmpegBinaries): Promise<void> {
  await Promise.all([verifyOne('ffmpeg', binaries.ffmpeg), verifyOne('ffprobe', binaries.ffprobe)]);
}

/** Reject with an install hint when ffmpeg or ffprobe cannot run; see `verifyBinaries`. */
export async function checkFfmpeg(options: BinaryOptions = {}): Promise<void> {
  await verifyBinaries(resolveBinaries(options));
}
