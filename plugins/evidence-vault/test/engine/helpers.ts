import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import {
  exportEvidence,
  loadOrCreateEvidenceKey,
  type EvidenceKeyPair,
  type ExportEvidenceResult,
  type VaultStorage,
} from '../../src/engine';

export async function makeTempDir(prefix: string): Promise<string> {
  return mkdtemp(join(tmpdir(), `centinela-evidence-${prefix}-`));
}

export async function removeDir(path: string): Promise<void> {
  await rm(path, { recursive: true, force: true });
}

/** Lists every file below `root` as sorted relative paths, or none when `root` is missing. */
export async function listFiles(root: string): Promise<string[]> {
  if (!existsSync(root)) return [];
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name).slice(root.length + 1))
    .sort();
}

export interface CommandResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a program from the machine (sha256sum, openssl) and returns its exit status and output. */
export function run(command: string, args: string[], cwd?: string): CommandResult {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8' });
  if (result.error) throw result.error;
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Returns a Node readable of `chunks` chunks of `chunkSize` random bytes, and the whole content. */
export function randomSource(
  chunks: number,
  chunkSize: number,
): { source: Readable; data: Buffer } {
  const data = randomBytes(chunks * chunkSize);
  const parts = Array.from({ length: chunks }, (_, index) =>
    data.subarray(index * chunkSize, (index + 1) * chunkSize),
  );
  return { source: Readable.from(parts), data };
}

export const ACTOR = { id: 'u-1', email: 'admin@example.com', role: 'Admin' };
export const AUDITOR = { id: 'u-2', email: 'auditor@example.com', role: 'SuperAdmin' };

export const EVENT = {
  site: 'home',
  camera: 'front_door',
  label: 'person',
  subLabel: null,
  score: 0.87,
  start: new Date('2024-05-01T16:30:00.250Z'),
  end: new Date('2024-05-01T16:30:45.000Z'),
  timezone: 'America/Mexico_City',
  frigateEventId: '1714581000.25-abc123',
  frigateVersion: '0.14.1-f4f3cfa',
};

export interface ExportFixture {
  key: EvidenceKeyPair;
  data: Buffer;
  result: ExportEvidenceResult;
}

/** Exports `data` (or random bytes) through the whole engine, as the HTTP route does. */
export async function exportSample(
  storage: VaultStorage,
  dataDir: string,
  id: string,
  data: Buffer = randomBytes(200_000),
): Promise<ExportFixture> {
  const key = await loadOrCreateEvidenceKey(dataDir);
  const result = await exportEvidence({
    storage,
    signer: key,
    id,
    date: '2024-05-01',
    source: Readable.from([data]),
    extension: 'mp4',
    contentType: 'video/mp4',
    event: EVENT,
    sourceUrl: `http://user:secret@frigate.local:5000/api/events/${EVENT.frigateEventId}/clip.mp4?token=abc`,
    actor: ACTOR,
    reason: 'Package theft reported to the police',
    exportedAt: new Date('2024-05-02T09:00:00.000Z'),
    address: '192.168.1.20',
    centinelaVersion: '0.1.0',
  });
  return { key, data, result };
}
