import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { obscurePassword, remoteEnv, type RcloneSettings } from '../../src/engine';

/**
 * Temporary folders standing in for Frigate's media folder, the evidence vault and Google
 * Drive. `drive:` is an alias remote on a plain folder; `vault:` is a crypt remote on
 * another folder, defined only through RCLONE_CONFIG_VAULT_* variables as in production.
 */
export interface Sandbox {
  root: string;
  mediaDir: string;
  evidenceDir: string;
  /** Folder behind `drive:`. */
  driveDir: string;
  /** Folder behind `vault:` (contains encrypted names and content). */
  cryptDir: string;
  /** The obscured crypt passwords, to check they never appear in logs. */
  obscured: string[];
  rclone: RcloneSettings;
  cleanup: () => Promise<void>;
}

export async function createSandbox(): Promise<Sandbox> {
  const root = await mkdtemp(join(tmpdir(), 'centinela-engine-test-'));
  const sandbox = {
    root,
    mediaDir: join(root, 'media'),
    evidenceDir: join(root, 'evidence'),
    driveDir: join(root, 'drive'),
    cryptDir: join(root, 'crypt'),
  };
  for (const folder of Object.values(sandbox)) await mkdir(folder, { recursive: true });

  const base: RcloneSettings = { inheritEnv: false };
  const password = await obscurePassword(`pw-${randomBytes(8).toString('hex')}`, base);
  const salt = await obscurePassword(`salt-${randomBytes(8).toString('hex')}`, base);
  const rclone: RcloneSettings = {
    inheritEnv: false,
    env: {
      ...remoteEnv('drive', 'alias', { remote: sandbox.driveDir }),
      ...remoteEnv('vault', 'crypt', { remote: sandbox.cryptDir, password, password2: salt }),
    },
  };
  return {
    ...sandbox,
    obscured: [password, salt],
    rclone,
    cleanup: () => rm(root, { recursive: true, force: true }),
  };
}

/** Writes `recordings/<utcDay>/<hour>/<camera>/<mmss>.mp4` with random content. */
export async function writeSegment(
  mediaDir: string,
  utcDay: string,
  hour: string,
  camera: string,
  mmss: string,
  size = 2048,
): Promise<string> {
  const path = join(mediaDir, 'recordings', utcDay, hour, camera, `${mmss}.mp4`);
  await writeBytes(path, randomBytes(size));
  return path;
}

export async function writeBytes(path: string, content: Buffer | string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, content);
}

/** Sets a file's modification time (like `touch -d`). */
export function setMtime(path: string, date: Date): void {
  utimesSync(path, date, date);
}

/** Flips one bit in place, keeping size and modification time, so `rclone copy` detects no change. */
export function flipByteKeepingMtime(path: string, offset: number): void {
  const before = statSync(path, { bigint: true });
  const bytes = readFileSync(path);
  bytes[offset] = bytes[offset]! ^ 0x01;
  writeFileSync(path, bytes);
  // rclone compares local mtimes to the nanosecond, which utimes (milliseconds) cannot restore.
  const seconds = before.mtimeNs / 1_000_000_000n;
  const nanoseconds = (before.mtimeNs % 1_000_000_000n).toString().padStart(9, '0');
  execFileSync('touch', ['-m', '-d', `@${seconds}.${nanoseconds}`, path]);
}

/** Lists the regular files below a folder, as paths relative to it. */
export async function listFiles(root: string): Promise<string[]> {
  if (!existsSync(root)) return [];
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name).slice(root.length + 1))
    .sort();
}

export function sha256(content: Buffer | string): string {
  return createHash('sha256').update(content).digest('hex');
}
