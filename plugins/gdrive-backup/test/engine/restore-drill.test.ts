import { randomBytes } from 'node:crypto';
import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { restoreTest, runBackup, type RestoreTestOptions } from '../../src/engine';
import {
  createSandbox,
  flipByteKeepingMtime,
  sha256,
  writeBytes,
  writeSegment,
  type Sandbox,
} from './fixtures';

let sandbox: Sandbox;
let exportsDir: string;
const evidenceClip = randomBytes(1000);

beforeEach(async () => {
  sandbox = await createSandbox();
  exportsDir = join(sandbox.evidenceDir, 'exports', '2024-06-15');
  for (const mmss of ['00.00', '00.10', '00.20'])
    await writeSegment(sandbox.mediaDir, '2024-06-15', '08', 'front', mmss);
  const clipId = `${Date.parse('2024-06-15T08:00:05Z') / 1000}.25-abc123`;
  await writeBytes(join(sandbox.mediaDir, 'clips', `front-${clipId}.jpg`), randomBytes(500));
  await writeBytes(join(exportsDir, 'export_e1.mp4'), evidenceClip);
  await writeManifest(sha256(evidenceClip));

  const backup = await runBackup({
    mediaDir: sandbox.mediaDir,
    evidenceDir: sandbox.evidenceDir,
    remote: 'vault',
    path: 'centinela/home',
    day: '2024-06-15',
    include: { recordings: true, clips: true, evidence: true },
    mode: 'utc-day',
    timezone: 'UTC',
    rclone: sandbox.rclone,
  });
  expect(backup.status).toBe('ok');
});

afterEach(async () => {
  await sandbox.cleanup();
});

/** Writes the export's manifest as the evidence vault does, with `file.name` and `file.sha256`. */
async function writeManifest(fileSha256: string): Promise<void> {
  const manifest = {
    manifest_version: 1,
    export_id: 'e1',
    file: {
      name: 'export_e1.mp4',
      size: evidenceClip.length,
      content_type: 'video/mp4',
      sha256: fileSha256,
    },
    custody: [],
  };
  await writeBytes(join(exportsDir, 'manifest_e1.json'), JSON.stringify(manifest));
}

function options(overrides: Partial<RestoreTestOptions> = {}): RestoreTestOptions {
  return {
    remote: 'vault',
    path: 'centinela/home',
    day: '2024-06-15',
    sampleSize: 10,
    mediaDir: sandbox.mediaDir,
    rclone: sandbox.rclone,
    tempDir: sandbox.root,
    ...overrides,
  };
}

describe('restoreTest', () => {
  it('passes for an intact day', async () => {
    const result = await restoreTest(options());

    expect(result.ok).toBe(true);
    expect(result.candidates).toBe(4);
    expect(result.checked).toBe(4);
    expect(result.mismatches).toEqual([]);
  });

  it('fails when a restored file differs', async () => {
    flipByteKeepingMtime(join(sandbox.mediaDir, 'recordings/2024-06-15/08/front/00.10.mp4'), 10);

    const result = await restoreTest(options());

    expect(result.ok).toBe(false);
    expect(result.mismatches).toHaveLength(1);
    expect(result.mismatches[0]).toMatchObject({
      path: 'recordings/2024-06-15/08/front/00.10.mp4',
      reason: 'hash-mismatch',
    });
  });

  it('restores only the sample size', async () => {
    const result = await restoreTest(options({ sampleSize: 2, random: () => 0 }));

    expect(result.ok).toBe(true);
    expect(result.checked).toBe(2);
  });

  it('compares evidence with its manifest hash', async () => {
    const result = await restoreTest(options({ evidenceManifests: sandbox.evidenceDir }));

    expect(result.ok).toBe(true);
    expect(result.candidates).toBe(5);
    expect(result.checked).toBe(5);
  });

  it('fails when evidence differs from its manifest', async () => {
    const wrong = sha256('something else');
    await writeManifest(wrong);

    const result = await restoreTest(options({ evidenceManifests: sandbox.evidenceDir }));

    expect(result.ok).toBe(false);
    expect(result.mismatches).toEqual([
      {
        path: 'evidence/exports/2024-06-15/export_e1.mp4',
        reason: 'hash-mismatch',
        expected: wrong,
        actual: sha256(evidenceClip),
      },
    ]);
  });

  it('prefers the expectedHash callback', async () => {
    const wrong = sha256('something else');
    const expectedHash = (path: string): string | undefined =>
      path === 'recordings/2024-06-15/08/front/00.00.mp4' ? wrong : undefined;

    const result = await restoreTest(options({ expectedHash }));

    expect(result.ok).toBe(false);
    expect(result.mismatches.map((mismatch) => mismatch.path)).toEqual([
      'recordings/2024-06-15/08/front/00.00.mp4',
    ]);
  });

  it('reports files without a local copy as unverified', async () => {
    await rm(join(sandbox.mediaDir, 'recordings'), { recursive: true });

    const result = await restoreTest(options());

    expect(result.checked).toBe(1);
    expect(result.unverified).toHaveLength(3);
    expect(result.ok).toBe(true);
  });

  it('leaves no temporary files behind', async () => {
    await restoreTest(options());

    const leftovers = (await readdir(sandbox.root)).filter((name) =>
      name.startsWith('centinela-restore-'),
    );
    expect(leftovers).toEqual([]);
  });
});
