import { readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  EvidenceError,
  FilesystemVaultStorage,
  VaultFileExistsError,
  writeExport,
  type VaultStorage,
  type VaultWriter,
} from '../../src/engine';
import { listFiles, makeTempDir, randomSource, removeDir, run } from './helpers';

let root: string;
let vaultDir: string;
let storage: FilesystemVaultStorage;

beforeEach(async () => {
  root = await makeTempDir('export');
  vaultDir = join(root, 'vault');
  storage = new FilesystemVaultStorage(vaultDir);
});

afterEach(async () => {
  await removeDir(root);
});

describe('writeExport', () => {
  it('writes a checksum sha256sum -c accepts', async () => {
    const { source, data } = randomSource(40, 64 * 1024);
    await writeFile(join(root, 'source.mp4'), data);

    const result = await writeExport({
      storage,
      id: 'e1',
      date: '2024-05-01',
      source,
      extension: 'mp4',
      contentType: 'video/mp4',
    });

    expect(result.fileName).toBe('export_e1.mp4');
    expect(result.relativePath).toBe('exports/2024-05-01/export_e1.mp4');
    expect(result.size).toBe(data.length);
    const sourceSum = run('sha256sum', [join(root, 'source.mp4')]);
    expect(sourceSum.stdout.split(' ')[0]).toBe(result.sha256);

    const dayDir = join(vaultDir, 'exports', '2024-05-01');
    expect(await readFile(join(dayDir, 'export_e1.sha256'), 'utf8')).toBe(
      `${result.sha256}  export_e1.mp4\n`,
    );
    const check = run('sha256sum', ['-c', 'export_e1.sha256'], dayDir);
    expect(check.stdout).toBe('export_e1.mp4: OK\n');
    expect(check.status).toBe(0);
  });

  it('makes sha256sum -c fail after one changed byte', async () => {
    const { source } = randomSource(4, 1000);
    await writeExport({
      storage,
      id: 'e2',
      date: '2024-05-01',
      source,
      extension: 'jpg',
      contentType: 'image/jpeg',
    });
    const path = join(vaultDir, 'exports', '2024-05-01', 'export_e2.jpg');
    const bytes = await readFile(path);
    bytes[1234] = bytes[1234]! ^ 0x01;
    await writeFile(path, bytes);

    const check = run(
      'sha256sum',
      ['-c', 'export_e2.sha256'],
      join(vaultDir, 'exports', '2024-05-01'),
    );
    expect(check.status).toBe(1);
    expect(check.stdout).toContain('export_e2.jpg: FAILED');
  });

  it('accepts a fetch body from a local HTTP server', async () => {
    const { data } = randomSource(16, 64 * 1024);
    const server = createServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'video/mp4', 'content-length': data.length });
      response.end(data);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const response = await fetch(`http://127.0.0.1:${port}/clip.mp4`);
      expect(response.body).not.toBeNull();
      const result = await writeExport({
        storage,
        id: 'web',
        date: '2024-05-01',
        source: response.body!,
        extension: 'mp4',
        contentType: 'video/mp4',
        expectedSize: Number(response.headers.get('content-length')),
      });
      const stored = await readFile(join(vaultDir, result.relativePath));
      expect(stored.equals(data)).toBe(true);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('keeps bytes in flight bounded by back pressure', async () => {
    const chunkSize = 64 * 1024;
    const chunks = 512; // 32 MiB in total
    const observed = observeWriters(storage);
    let produced = 0;
    let maxInFlight = 0;
    const source = new Readable({
      highWaterMark: chunkSize,
      read() {
        const writer = observed.writers[0];
        if (writer !== undefined)
          maxInFlight = Math.max(maxInFlight, produced - writer.bytesWritten);
        if (produced >= chunks * chunkSize) {
          this.push(null);
          return;
        }
        produced += chunkSize;
        this.push(Buffer.alloc(chunkSize, produced % 251));
      },
    });

    const result = await writeExport({
      storage: observed,
      id: 'big',
      date: '2024-05-01',
      source,
      extension: 'mp4',
      contentType: 'video/mp4',
    });
    expect(result.size).toBe(chunks * chunkSize);
    expect(maxInFlight).toBeLessThanOrEqual(1024 * 1024);
  });

  it('keeps nothing when the source fails midway', async () => {
    let sent = 0;
    const source = new Readable({
      read() {
        sent += 1;
        if (sent > 3) this.destroy(new Error('connection reset by Frigate'));
        else this.push(Buffer.alloc(10_000, 1));
      },
    });
    await expect(
      writeExport({
        storage,
        id: 'broken',
        date: '2024-05-01',
        source,
        extension: 'mp4',
        contentType: 'video/mp4',
      }),
    ).rejects.toThrow('connection reset by Frigate');
    // Gives a late file creation, if there were one, the time to show up.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await listFiles(vaultDir)).toEqual([]);
  });

  it('rejects a source shorter than expectedSize', async () => {
    const { source } = randomSource(2, 1000);
    const error = await writeExport({
      storage,
      id: 'short',
      date: '2024-05-01',
      source,
      extension: 'mp4',
      contentType: 'video/mp4',
      expectedSize: 5000,
    }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(EvidenceError);
    expect((error as EvidenceError).code).toBe('CEN_ERR_EVIDENCE_SOURCE_INCOMPLETE');
    expect(await listFiles(vaultDir)).toEqual([]);
  });

  it('never replaces an existing export', async () => {
    const first = randomSource(1, 100);
    await writeExport({
      storage,
      id: 'dup',
      date: '2024-05-01',
      source: first.source,
      extension: 'mp4',
      contentType: 'video/mp4',
    });
    const second = randomSource(1, 100);
    await expect(
      writeExport({
        storage,
        id: 'dup',
        date: '2024-05-01',
        source: second.source,
        extension: 'mp4',
        contentType: 'video/mp4',
      }),
    ).rejects.toBeInstanceOf(VaultFileExistsError);
    const stored = await readFile(join(vaultDir, 'exports', '2024-05-01', 'export_dup.mp4'));
    expect(stored.equals(first.data)).toBe(true);
    expect(await listFiles(join(vaultDir, 'exports', '.partial'))).toEqual([]);
  });

  it.each([
    ['id', { id: '../x' }],
    ['date', { date: '2024-02-30' }],
    ['format', { extension: 'exe' as 'mp4' }],
  ])('rejects an invalid %s', async (field, override) => {
    const { source } = randomSource(1, 10);
    const error = await writeExport({
      storage,
      id: 'ok',
      date: '2024-05-01',
      source,
      extension: 'mp4',
      contentType: 'video/mp4',
      ...override,
    }).catch((caught: unknown) => caught);
    expect((error as EvidenceError).code).toBe('CEN_ERR_EVIDENCE_INPUT_INVALID');
    expect((error as EvidenceError).field).toBe(field);
  });
});

/** Wraps a storage and remembers the writers it creates, to read their progress. */
function observeWriters(inner: VaultStorage): VaultStorage & { writers: VaultWriter[] } {
  const writers: VaultWriter[] = [];
  return {
    writers,
    createWriter(relativePath, options) {
      const writer = inner.createWriter(relativePath, options);
      writers.push(writer);
      return writer;
    },
    read: (relativePath, range) => inner.read(relativePath, range),
    stat: (relativePath) => inner.stat(relativePath),
    exists: (relativePath) => inner.exists(relativePath),
    remove: (relativePath) => inner.remove(relativePath),
    cleanupPartials: (options) => inner.cleanupPartials(options),
  };
}
