import { createHash } from 'node:crypto';
import { link, mkdir, open, rename, stat, unlink, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { EvidenceError, isNodeError, toVaultError, VaultFileExistsError } from './errors';
import type { VaultWriter, VaultWriteResult } from './storage';

type Phase = 'open' | 'committing' | 'committed' | 'discarded';

export interface FileWriterTarget {
  relativePath: string;
  /** Temporary file on the same file system as `finalPath`. */
  tempPath: string;
  finalPath: string;
  exclusive: boolean;
}

/**
 * VaultWriter on a local file system. Bytes go to a temporary file, and `commit()` fsyncs it,
 * moves it to the final path and fsyncs the folder, so the final name only ever appears for a
 * complete, durable file.
 */
export class FilesystemVaultWriter extends Writable implements VaultWriter {
  readonly relativePath: string;
  private readonly target: FileWriterTarget;
  private readonly hash = createHash('sha256');
  private handle: FileHandle | undefined;
  private opening: Promise<void> | undefined;
  private written = 0;
  private phase: Phase = 'open';
  private discarding: Promise<void> | undefined;

  constructor(target: FileWriterTarget) {
    super({ highWaterMark: 64 * 1024 });
    this.target = target;
    this.relativePath = target.relativePath;
  }

  get bytesWritten(): number {
    return this.written;
  }

  override _construct(callback: (error?: Error | null) => void): void {
    // An abort() before this runs leaves nothing to open.
    if (this.phase !== 'open') {
      callback();
      return;
    }
    this.opening = this.openTemporaryFile();
    this.opening.then(
      () => callback(),
      (error: unknown) => callback(toVaultError(error, this.relativePath) as Error),
    );
  }

  private async openTemporaryFile(): Promise<void> {
    await mkdir(dirname(this.target.tempPath), { recursive: true });
    this.handle = await open(this.target.tempPath, 'wx', 0o644);
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error) => void) {
    this.writeChunk(chunk).then(
      () => callback(),
      (error: unknown) => callback(toVaultError(error, this.relativePath) as Error),
    );
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    // autoDestroy also runs after 'finish'; then the bytes wait for commit() or abort().
    const finishedCleanly = error === null && this.writableFinished;
    if (this.phase === 'committing' || this.phase === 'committed' || finishedCleanly) {
      callback(error);
      return;
    }
    this.discard().then(
      () => callback(error),
      (discardError: unknown) => callback(error ?? (discardError as Error)),
    );
  }

  async commit(): Promise<VaultWriteResult> {
    this.assertOpen('commit');
    if (!this.writableFinished) {
      if (!this.writableEnded) this.end();
      try {
        await finished(this);
      } catch (error) {
        throw toVaultError(error, this.relativePath);
      }
    }
    this.assertOpen('commit');
    this.phase = 'committing';
    let moved = false;
    try {
      const handle = this.takeHandle();
      try {
        await handle.sync();
      } finally {
        await handle.close();
      }
      await mkdir(dirname(this.target.finalPath), { recursive: true });
      await this.moveIntoPlace();
      moved = true;
      await syncDirectory(dirname(this.target.finalPath));
    } catch (error) {
      await this.discardFailedCommit(moved);
      throw toVaultError(error, this.relativePath);
    }
    this.phase = 'committed';
    return { relativePath: this.relativePath, size: this.written, sha256: this.hash.digest('hex') };
  }

  async abort(): Promise<void> {
    if (this.phase === 'committing' || this.phase === 'committed') {
      throw stateError(this.relativePath, 'abort', this.phase);
    }
    await this.discard();
    if (!this.destroyed) this.destroy();
  }

  private async writeChunk(chunk: Buffer): Promise<void> {
    const handle = this.handle;
    if (handle === undefined) throw stateError(this.relativePath, 'write', this.phase);
    let offset = 0;
    while (offset < chunk.length) {
      const { bytesWritten } = await handle.write(chunk, offset, chunk.length - offset);
      offset += bytesWritten;
    }
    this.hash.update(chunk);
    this.written += chunk.length;
  }

  private async moveIntoPlace(): Promise<void> {
    const { tempPath, finalPath } = this.target;
    if (!this.target.exclusive) {
      await rename(tempPath, finalPath);
      return;
    }
    try {
      // link() fails with EEXIST instead of replacing, which rename() would do silently.
      await link(tempPath, finalPath);
    } catch (error) {
      if (isNodeError(error, 'EEXIST')) throw new VaultFileExistsError(this.relativePath);
      if (!isNodeError(error, 'EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EMLINK')) throw error;
      // NOTE: file systems without hard links get a check-then-rename, which two concurrent
      // writers of the same path could both pass.
      if (await pathExists(finalPath)) throw new VaultFileExistsError(this.relativePath);
      await rename(tempPath, finalPath);
      return;
    }
    // The final file is complete at this point; a leftover temporary name is removed by
    // cleanupPartials() later.
    await unlink(tempPath).catch(() => undefined);
  }

  private takeHandle(): FileHandle {
    const handle = this.handle;
    if (handle === undefined) throw stateError(this.relativePath, 'commit', this.phase);
    this.handle = undefined;
    return handle;
  }

  private assertOpen(operation: string): void {
    if (this.phase !== 'open') throw stateError(this.relativePath, operation, this.phase);
    if (this.errored !== null) throw toVaultError(this.errored, this.relativePath);
  }

  private discard(): Promise<void> {
    this.discarding ??= this.removeTemporaryFile();
    return this.discarding;
  }

  private async removeTemporaryFile(): Promise<void> {
    this.phase = 'discarded';
    // An open still under way would otherwise create the file after it was deleted.
    await this.opening?.catch(() => undefined);
    const handle = this.handle;
    this.handle = undefined;
    // A close error does not matter here because the file is deleted next.
    if (handle !== undefined) await handle.close().catch(() => undefined);
    await unlinkIfPresent(this.target.tempPath);
  }

  private async discardFailedCommit(moved: boolean): Promise<void> {
    this.phase = 'discarded';
    if (moved) await unlinkIfPresent(this.target.finalPath).catch(() => undefined);
    await unlinkIfPresent(this.target.tempPath).catch(() => undefined);
  }
}

function stateError(relativePath: string, operation: string, phase: Phase): EvidenceError {
  return new EvidenceError(
    'CEN_ERR_EVIDENCE_WRITE_STATE',
    500,
    'Evidence write in the wrong state',
    `Cannot ${operation} the write of ${relativePath}: it is ${phase}.`,
  );
}

async function unlinkIfPresent(path: string): Promise<void> {
  try {
    await unlink(path);
  } catch (error) {
    if (!isNodeError(error, 'ENOENT')) throw error;
  }
}

async function pathExists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch (error) {
    if (isNodeError(error, 'ENOENT')) return false;
    throw error;
  }
}

/** Makes a rename or link in `directory` durable (POSIX needs an fsync of the folder). */
export async function syncDirectory(directory: string): Promise<void> {
  const handle = await open(directory, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
