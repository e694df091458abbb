import { readFile, writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { text } from 'node:stream/consumers';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  FilesystemVaultStorage,
  VaultFileExistsError,
  VaultNotFoundError,
  VaultPathError,
  writeBytes,
} from '../../src/engine';
import { listFiles, makeTempDir, removeDir } from './helpers';

let root: string;
let storage: FilesystemVaultStorage;

beforeEach(async () => {
  root = await makeTempDir('storage');
  storage = new FilesystemVaultStorage(join(root, 'vault'));
});

afterEach(async () => {
  await removeDir(root);
});

describe('FilesystemVaultStorage', () => {
  it('writes, hashes and reads back a file', async () => {
    const result = await writeBytes(storage, 'exports/2024-05-01/a.txt', 'hello world');
    expect(result.size).toBe(11);
    expect(result.sha256).toBe('b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9');
    expect(await storage.exists('exports/2024-05-01/a.txt')).toBe(true);
    expect((await storage.stat('exports/2024-05-01/a.txt')).size).toBe(11);
    expect(await text(await storage.read('exports/2024-05-01/a.txt'))).toBe('hello world');
  });

  it('reads an inclusive byte range', async () => {
    await writeBytes(storage, 'exports/r.txt', '0123456789');
    expect(await text(await storage.read('exports/r.txt', { start: 2, end: 5 }))).toBe('2345');
    expect(await text(await storage.read('exports/r.txt', { start: 7 }))).toBe('789');
  });

  it('keeps nothing visible before commit', async () => {
    const writer = storage.createWriter('exports/pending.bin');
    await new Promise<void>((resolve, reject) =>
      writer.write(Buffer.alloc(1000, 1), (error) => (error ? reject(error) : resolve())),
    );
    expect(await storage.exists('exports/pending.bin')).toBe(false);
    const partials = await listFiles(join(root, 'vault', 'exports', '.partial'));
    expect(partials).toHaveLength(1);
    expect(partials[0]).toMatch(/^\.tmp-[0-9a-f]+$/);
    await writer.commit();
    expect(await storage.exists('exports/pending.bin')).toBe(true);
    expect(await listFiles(join(root, 'vault', 'exports', '.partial'))).toEqual([]);
  });

  it('leaves nothing after an abort midway', async () => {
    const writer = storage.createWriter('exports/aborted.bin');
    await new Promise<void>((resolve, reject) =>
      writer.write(Buffer.alloc(4096, 7), (error) => (error ? reject(error) : resolve())),
    );
    await writer.abort();
    expect(await storage.exists('exports/aborted.bin')).toBe(false);
    expect(await listFiles(join(root, 'vault'))).toEqual([]);
    await expect(writer.commit()).rejects.toThrow(/discarded/);
  });

  it('removes leftover temporary files on cleanup', async () => {
    const partialDir = join(root, 'vault', 'exports', '.partial');
    await mkdir(partialDir, { recursive: true });
    await writeFile(join(partialDir, '.tmp-leftover'), 'half a clip');
    await writeFile(join(partialDir, 'not-ours.txt'), 'kept');

    const removed = await storage.cleanupPartials();
    expect(removed).toEqual(['exports/.partial/.tmp-leftover']);
    expect(await listFiles(partialDir)).toEqual(['not-ours.txt']);
    expect(await storage.cleanupPartials()).toEqual([]);
  });

  it('keeps temporary files younger than minAgeMs', async () => {
    const writer = storage.createWriter('exports/live.bin');
    await new Promise<void>((resolve, reject) =>
      writer.write(Buffer.alloc(10), (error) => (error ? reject(error) : resolve())),
    );
    expect(await storage.cleanupPartials({ minAgeMs: 60 * 60 * 1000 })).toEqual([]);
    const result = await writer.commit();
    expect(result.size).toBe(10);
  });

  it('rejects an exclusive write over an existing file', async () => {
    await writeBytes(storage, 'exports/once.txt', 'first');
    await expect(writeBytes(storage, 'exports/once.txt', 'second')).rejects.toBeInstanceOf(
      VaultFileExistsError,
    );
    expect(await readFile(join(root, 'vault', 'exports', 'once.txt'), 'utf8')).toBe('first');
    expect(await listFiles(join(root, 'vault', 'exports', '.partial'))).toEqual([]);
  });

  it('replaces a file when exclusive is false', async () => {
    await writeBytes(storage, 'exports/m.json', 'v1');
    await writeBytes(storage, 'exports/m.json', 'v2', { exclusive: false });
    expect(await readFile(join(root, 'vault', 'exports', 'm.json'), 'utf8')).toBe('v2');
  });

  it('reports missing files as VaultNotFoundError', async () => {
    await expect(storage.read('exports/missing.mp4')).rejects.toBeInstanceOf(VaultNotFoundError);
    await expect(storage.stat('exports/missing.mp4')).rejects.toBeInstanceOf(VaultNotFoundError);
    await mkdir(join(root, 'vault', 'exports', 'folder'), { recursive: true });
    await expect(storage.stat('exports/folder')).rejects.toBeInstanceOf(VaultNotFoundError);
    expect(await storage.remove('exports/missing.mp4')).toBe(false);
  });

  it.each([
    ['../outside.txt'],
    ['exports/../../outside.txt'],
    ['exports/./a.txt'],
    ['/etc/passwd'],
    ['exports//a.txt'],
    ['exports/a.txt/'],
    ['exports\\..\\a.txt'],
    ['exports/.partial/.tmp-x'],
    ['exports/a\u0000.txt'],
    [''],
  ])('rejects the path %j', async (path) => {
    expect(() => storage.createWriter(path)).toThrow(VaultPathError);
    await expect(storage.read(path)).rejects.toBeInstanceOf(VaultPathError);
    await expect(storage.stat(path)).rejects.toBeInstanceOf(VaultPathError);
    await expect(storage.exists(path)).rejects.toBeInstanceOf(VaultPathError);
    await expect(storage.remove(path)).rejects.toBeInstanceOf(VaultPathError);
  });

  it('writes nothing outside the root for a rejected path', async () => {
    expect(() => storage.createWriter('../escape.txt')).toThrow(VaultPathError);
    expect(await listFiles(root)).toEqual([]);
  });
});
