import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { assertDay, isDay } from './day';
import { BackupOptionError, RcloneExitError } from './errors';
import { loadEvidenceManifests, type ExpectedHashLookup } from './evidence-manifests';
import { runRclone } from './rclone';
import type { RcloneSettings } from './rclone-env';
import { normalizeRemoteName, normalizeRemotePath, remoteSpec } from './remotes';

export interface RestoreTestOptions {
  remote: string;
  path: string;
  /** The backed-up day folder to test, YYYY-MM-DD. */
  day: string;
  /** Number of files restored and compared. */
  sampleSize: number;
  /** Frigate's media folder; recordings and clips are compared with the files there. */
  mediaDir: string;
  /** Evidence vault folder holding `manifest_<id>.json` files; evidence is sampled too when set. */
  evidenceManifests?: string;
  /**
   * Expected sha256 (hex) of a file by its path under `<path>`, such as
   * `evidence/2024-06-15/clip.mp4`. A returned value wins over the local file and the manifests.
   */
  expectedHash?: (remotePath: string) => string | undefined;
  rclone?: RcloneSettings;
  signal?: AbortSignal;
  /** Random source in [0, 1) for the sample. Default Math.random. */
  random?: () => number;
  /** Parent folder of the temporary restore folder. Default the OS temp folder. */
  tempDir?: string;
}

export interface RestoreMismatch {
  /** Path under `<path>` on the remote. */
  path: string;
  reason: 'hash-mismatch' | 'not-restored';
  expected?: string;
  actual?: string;
}

export interface RestoreTestResult {
  /** True when at least one file was compared and none differed. */
  ok: boolean;
  /** Files restored and compared. */
  checked: number;
  mismatches: RestoreMismatch[];
  /** Sampled files that could not be compared, for example because Frigate already deleted the local copy. */
  unverified: { path: string; reason: string }[];
  /** Remote files the sample was drawn from. */
  candidates: number;
}

/** A remote file and where its expected content comes from. */
interface Candidate {
  remotePath: string;
  localPath: string | null;
  expected: string | undefined;
}

/**
 * Restores a random sample of one day's backed-up files into a temporary folder and
 * compares each with its sha256 from `expectedHash`, the evidence manifests, or the local
 * source file. The temporary folder is removed afterwards.
 */
export async function restoreTest(options: RestoreTestOptions): Promise<RestoreTestResult> {
  validate(options);
  const remote = normalizeRemoteName(options.remote);
  const path = normalizeRemotePath(options.path);
  const root = remoteSpec(remote, path);
  const candidates = await listCandidates((folder) => remoteSpec(remote, path, folder), options);
  const sample = pickSample(candidates, options.sampleSize, options.random ?? Math.random);
  const result: RestoreTestResult = {
    ok: false,
    checked: 0,
    mismatches: [],
    unverified: [],
    candidates: candidates.length,
  };

  const workDir = await mkdtemp(join(options.tempDir ?? tmpdir(), 'centinela-restore-'));
  try {
    const listFile = join(workDir, 'files.txt');
    await writeFile(listFile, sample.map((candidate) => `${candidate.remotePath}\n`).join(''));
    const restoreDir = join(workDir, 'restore');
    if (sample.length > 0) {
      await runRclone(['copy', root, restoreDir, '--files-from-raw', listFile], options.rclone, {
        signal: options.signal,
      });
    }

    for (const candidate of sample) {
      await compare(candidate, join(restoreDir, candidate.remotePath), result);
    }
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
  result.ok = result.checked > 0 && result.mismatches.length === 0;
  return result;
}

async function compare(
  candidate: Candidate,
  restoredPath: string,
  result: RestoreTestResult,
): Promise<void> {
  const expected =
    candidate.expected ?? (candidate.localPath ? await sha256File(candidate.localPath) : null);
  if (!expected) {
    result.unverified.push({
      path: candidate.remotePath,
      reason: 'No local copy or recorded hash to compare with.',
    });
    return;
  }
  const actual = await sha256File(restoredPath);
  result.checked += 1;
  if (actual === null) {
    result.mismatches.push({ path: candidate.remotePath, reason: 'not-restored', expected });
  } else if (actual !== expected.toLowerCase()) {
    result.mismatches.push({
      path: candidate.remotePath,
      reason: 'hash-mismatch',
      expected,
      actual,
    });
  }
}

type RemoteFolder = (folder: string) => string;

async function listCandidates(
  root: RemoteFolder,
  options: RestoreTestOptions,
): Promise<Candidate[]> {
  const mediaDir = resolve(options.mediaDir);
  const lookup = options.expectedHash ?? (() => undefined);
  const candidates: Candidate[] = [];

  for (const file of await listRemoteFiles(root, `recordings/${options.day}`, options)) {
    // In local-day mode the day folder contains UTC day folders: `<local day>/<UTC day>/<HH>/...`.
    const firstSegment = file.split('/')[0] ?? '';
    const local = isDay(firstSegment)
      ? join(mediaDir, 'recordings', file)
      : join(mediaDir, 'recordings', options.day, file);
    const remotePath = `recordings/${options.day}/${file}`;
    candidates.push({ remotePath, localPath: local, expected: lookup(remotePath) });
  }
  for (const file of await listRemoteFiles(root, `clips/${options.day}`, options)) {
    const remotePath = `clips/${options.day}/${file}`;
    candidates.push({
      remotePath,
      localPath: join(mediaDir, 'clips', file),
      expected: lookup(remotePath),
    });
  }
  if (options.evidenceManifests !== undefined) {
    const manifests: ExpectedHashLookup = await loadEvidenceManifests(
      resolve(options.evidenceManifests),
    );
    for (const file of await listRemoteFiles(root, 'evidence', options)) {
      const remotePath = `evidence/${file}`;
      const expected = lookup(remotePath) ?? manifests(file);
      // Evidence is compared only with recorded hashes, never with the live vault copy.
      if (expected) candidates.push({ remotePath, localPath: null, expected });
    }
  }
  return candidates;
}

async function listRemoteFiles(
  root: RemoteFolder,
  folder: string,
  options: RestoreTestOptions,
): Promise<string[]> {
  try {
    const result = await runRclone(['lsjson', '-R', '--files-only', root(folder)], options.rclone, {
      signal: options.signal,
    });
    const entries = JSON.parse(result.stdout || '[]') as { Path: string }[];
    return entries.map((entry) => entry.Path).sort();
  } catch (error) {
    if (error instanceof RcloneExitError && error.kind === 'dir-not-found') return [];
    throw error;
  }
}

/** Picks `size` distinct items with a partial Fisher–Yates shuffle. */
function pickSample<T>(items: readonly T[], size: number, random: () => number): T[] {
  const pool = [...items];
  const count = Math.min(size, pool.length);
  for (let index = 0; index < count; index += 1) {
    const swap = index + Math.floor(random() * (pool.length - index));
    [pool[index], pool[swap]] = [pool[swap]!, pool[index]!];
  }
  return pool.slice(0, count);
}

/** Computes the sha256 of a file in hex; returns null when the file does not exist. */
async function sha256File(path: string): Promise<string | null> {
  const info = await stat(path).catch(() => null);
  if (!info?.isFile()) return null;
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

function validate(options: RestoreTestOptions): void {
  assertDay(options.day);
  if (!Number.isInteger(options.sampleSize) || options.sampleSize < 1) {
    throw new BackupOptionError(
      'sampleSize',
      `The sample size must be a whole number of at least 1, got ${options.sampleSize}.`,
    );
  }
  if (!options.mediaDir) {
    throw new BackupOptionError(
      'mediaDir',
      'The Frigate media folder is not set.',
      'Set it to the folder that holds recordings/ and clips/.',
    );
  }
}
