import { Readable } from 'node:stream';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  EvidenceError,
  exportEvidence,
  FilesystemVaultStorage,
  loadOrCreateEvidenceKey,
  readManifestFile,
  replaceManifestFile,
  VaultFileExistsError,
  verifyManifestFile,
  writeBytes,
} from '../../src/engine';
import { ACTOR, EVENT, exportSample, listFiles, makeTempDir, removeDir } from './helpers';

let root: string;
let vaultDir: string;
let storage: FilesystemVaultStorage;

beforeEach(async () => {
  root = await makeTempDir('export-evidence');
  vaultDir = join(root, 'vault');
  storage = new FilesystemVaultStorage(vaultDir);
});

afterEach(async () => {
  await removeDir(root);
});

describe('exportEvidence', () => {
  it('stores a manifest that verifies with the site key', async () => {
    const { key, result } = await exportSample(storage, join(root, 'data'), 'x1');
    const stored = await readManifestFile(storage, '2024-05-01', 'x1');
    expect(stored).toEqual(result.manifest);
    expect(stored.file.sha256).toBe(result.file.sha256);
    expect(verifyManifestFile(stored, key.publicKeyPem).signatureValid).toBe(true);
  });

  it('removes the media files when the manifest cannot be written', async () => {
    await writeBytes(storage, 'exports/2024-05-01/manifest_x2.json', '{}');
    await expect(exportSample(storage, join(root, 'data'), 'x2')).rejects.toBeInstanceOf(
      VaultFileExistsError,
    );
    expect(await listFiles(vaultDir)).toEqual(['exports/2024-05-01/manifest_x2.json']);
  });

  it('rejects bad manifest input before reading the source', async () => {
    const key = await loadOrCreateEvidenceKey(join(root, 'data'));
    let read = false;
    const source = new Readable({
      read() {
        read = true;
        this.push(null);
      },
    });
    const attempt = exportEvidence({
      storage,
      signer: key,
      id: 'x3',
      date: '2024-05-01',
      source,
      extension: 'mp4',
      contentType: 'video/mp4',
      event: { ...EVENT, timezone: 'Not/AZone' },
      sourceUrl: 'http://frigate.local/clip.mp4',
      actor: ACTOR,
      reason: 'Test',
      address: null,
      centinelaVersion: '0.1.0',
    });
    await expect(attempt).rejects.toBeInstanceOf(EvidenceError);
    expect(read).toBe(false);
    expect(await listFiles(vaultDir)).toEqual([]);
  });
});

describe('replaceManifestFile', () => {
  it('rejects a manifest whose signed part changed', async () => {
    const { result } = await exportSample(storage, join(root, 'data'), 'x4');
    const changed = { ...result.manifest, reason: 'Something else' };
    await expect(
      replaceManifestFile({ storage, date: '2024-05-01', manifest: changed }),
    ).rejects.toThrow(/differs from exports\/2024-05-01\/manifest_x4.signed.json/);
    expect((await readManifestFile(storage, '2024-05-01', 'x4')).reason).toBe(
      result.manifest.reason,
    );
  });
});
