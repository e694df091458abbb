import { randomBytes } from 'node:crypto';
import { open, readdir, stat, unlink } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { invalidInput, isNodeError, VaultNotFoundError } from './errors';
import { FilesystemVaultWriter } from './file-writer';
import { PARTIAL_DIR, PARTIAL_PREFIX, resolveInside } from './paths';
import type {
  ByteRange,
  CleanupPartialsOptions,
  VaultFileStat,
  VaultStorage,
  VaultWriter,
  VaultWriterOptions,
} from './storage';

/** VaultStorage on a local folder. Temporary files live in `<root>/exports/.partial/`. */
export class FilesystemVaultStorage implements VaultStorage {
  readonly rootDir: string;
  private readonly partialDir: string;

  constructor(rootDir: string) {
    this.rootDir = resolve(rootDir);
    this.partialDir = join(this.rootDir, ...PARTIAL_DIR.split('/'));
  }

  createWriter(relativePath: string, options: VaultWriterOptions = {}): VaultWriter {
    const finalPath = resolveInside(this.rootDir, relativePath);
    const tempPath = join(this.partialDir, `${PARTIAL_PREFIX}${randomBytes(12).toString('hex')}`);
    return new FilesystemVaultWriter({
      relativePath,
      tempPath,
      finalPath,
      exclusive: options.exclusive ?? true,
    });
  }

  async read(relativePath: string, range?: ByteRange): Promise<Readable> {
    const path = resolveInside(this.rootDir, relativePath);
    if (range !== undefined) checkRange(range);
    await this.stat(relativePath);
    let handle;
    try {
      handle = await open(path, 'r');
    } catch (error) {
      if (isNodeError(error, 'ENOENT')) throw new VaultNotFoundError(relativePath);
      throw error;
    }
    if (range === undefined) return handle.createReadStream();
    return handle.createReadStream(
      range.end === undefined ? { start: range.start } : { start: range.start, end: range.end },
    );
  }

  async stat(relativePath: string): Promise<VaultFileStat> {
    const path = resolveInside(this.rootDir, relativePath);
    try {
      const info = await stat(path);
      if (!info.isFile()) throw new VaultNotFoundError(relativePath);
      return { size: info.size, modifiedAt: info.mtime };
    } catch (error) {
      if (isNodeError(error, 'ENOENT', 'ENOTDIR')) throw new VaultNotFoundError(relativePath);
      throw error;
    }
  }

  async exists(relativePath: string): Promise<boolean> {
    try {
      await this.stat(relativePath);
      return true;
    } catch (error) {
      if (error instanceof VaultNotFoundError) return false;
      throw error;
    }
  }

  async remove(relativePath: string): Promise<boolean> {
    const path = resolveInside(this.rootDir, relativePath);
    try {
      await unlink(path);
      return true;
    } catch (error) {
      if (isNodeError(error, 'ENOENT')) return false;
      throw error;
    }
  }

  async cleanupPartials(options: CleanupPartialsOptions = {}): Promise<string[]> {
    let names: string[];
    try {
      names = await readdir(this.partialDir);
    } catch (error) {
      if (isNodeError(error, 'ENOENT')) return [];
      throw error;
    }
    const cutoff = Date.now() - (options.minAgeMs ?? 0);
    const removed: string[] = [];
    for (const name of names.filter((entry) => entry.startsWith(PARTIAL_PREFIX)).sort()) {
      const path = join(this.partialDir, name);
      try {
        const info = await stat(path);
        if (!info.isFile() || info.mtimeMs > cutoff) continue;
        await unlink(path);
        removed.push(`${PARTIAL_DIR}/${name}`);
      } catch (error) {
        // Another process removed it between readdir and unlink.
        if (!isNodeError(error, 'ENOENT')) throw error;
      }
    }
    return removed;
  }
}

function checkRange(range: ByteRange): void {
  if (!Number.isSafeInteger(range.start) || range.start < 0) {
    throw invalidInput(
      'range.start',
      `Invalid range start ${range.start}.`,
      'Use an integer >= 0.',
    );
  }
  if (range.end !== undefined && (!Number.isSafeInteger(range.end) || range.end < range.start)) {
    throw invalidInput(
      'range.end',
      `Invalid range end ${range.end} for start ${range.start}.`,
      'Use an integer >= start; the end byte is inclusive.',
    );
  }
}
