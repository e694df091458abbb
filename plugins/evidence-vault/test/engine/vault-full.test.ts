import { spawnSync } from 'node:child_process';
import { mkdir, rmdir, statfs } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  FilesystemVaultStorage,
  VaultFullError,
  writeBytes,
  writeExport,
  type VaultStorage,
} from '../../src/engine';
import { listFiles, makeTempDir, randomSource, removeDir } from './helpers';

let root: string;
let mountDir: string;
let mounted = false;

beforeAll(async () => {
  root = await makeTempDir('full');
  mountDir = join(root, 'small-disk');
  await mkdir(mountDir);
  // A 1 MiB tmpfs is a real full disk. It needs root (or CAP_SYS_ADMIN).
  const mount = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', mountDir]);
  mounted = mount.status === 0;
  if (!mounted) {
    console.warn(
      `vault-full: tmpfs not mounted (${mount.stderr?.toString().trim()}); the real-disk test is skipped`,
    );
  }
});

afterAll(async () => {
  if (mounted) spawnSync('umount', [mountDir]);
  await rmdir(mountDir).catch(() => undefined);
  await removeDir(root);
});

async function freeBytes(path: string): Promise<number> {
  const info = await statfs(path);
  return info.bavail * info.bsize;
}

describe('full vault disk', () => {
  it('raises VaultFullError on a full tmpfs', async (context) => {
    if (!mounted) context.skip();
    const storage = new FilesystemVaultStorage(mountDir);
    const before = await freeBytes(mountDir);
    const { source } = randomSource(32, 64 * 1024);

    const error = await writeExport({
      storage,
      id: 'too-big',
      date: '2024-05-01',
      source,
      extension: 'mp4',
      contentType: 'video/mp4',
    }).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(VaultFullError);
    expect((error as VaultFullError).code).toBe('CEN_ERR_EVIDENCE_VAULT_FULL');
    expect((error as VaultFullError).relativePath).toBe('exports/2024-05-01/export_too-big.mp4');
    expect(await listFiles(mountDir)).toEqual([]);
    expect(await freeBytes(mountDir)).toBe(before);
    // The space is usable again.
    const small = await writeBytes(storage, 'exports/2024-05-01/after.txt', 'still works');
    expect(small.size).toBe(11);
  });

  it('removes media when the checksum write fails', async () => {
    const vaultDir = join(root, 'simulated');
    const inner = new FilesystemVaultStorage(vaultDir);
    // Simulated: the checksum write fails with ENOSPC, as it would on a disk that the media
    // file filled exactly.
    const storage: VaultStorage = {
      ...bind(inner),
      createWriter(relativePath, options) {
        const writer = inner.createWriter(relativePath, options);
        if (relativePath.endsWith('.sha256')) {
          const enospc = Object.assign(new Error('ENOSPC: no space left on device, write'), {
            code: 'ENOSPC',
          });
          writer.destroy(enospc);
        }
        return writer;
      },
    };
    const { source } = randomSource(4, 1000);

    const error = await writeExport({
      storage,
      id: 'no-room-for-sum',
      date: '2024-05-01',
      source,
      extension: 'mp4',
      contentType: 'video/mp4',
    }).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(VaultFullError);
    expect(await listFiles(vaultDir)).toEqual([]);
  });
});

function bind(storage: FilesystemVaultStorage): VaultStorage {
  return {
    createWriter: (relativePath, options) => storage.createWriter(relativePath, options),
    read: (relativePath, range) => storage.read(relativePath, range),
    stat: (relativePath) => storage.stat(relativePath),
    exists: (relativePath) => storage.exists(relativePath),
    remove: (relativePath) => storage.remove(relativePath),
    cleanupPartials: (options) => storage.cleanupPartials(options),
  };
}
