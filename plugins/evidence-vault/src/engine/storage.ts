import type { Readable, Writable } from 'node:stream';

/** Result of a committed write. */
export interface VaultWriteResult {
  relativePath: string;
  /** Bytes written. */
  size: number;
  /** Lower-case hex SHA-256 of the bytes written. */
  sha256: string;
}

export interface VaultWriterOptions {
  /**
   * When true (the default), `commit()` fails with VaultFileExistsError if a file already
   * exists at the final path. When false, the commit replaces it atomically.
   */
  exclusive?: boolean;
}

/**
 * A writable stream into the vault that hashes SHA-256 as it writes. Nothing is visible at the
 * final path until `commit()` succeeds. Any stream error or `abort()` discards the bytes.
 */
export interface VaultWriter extends Writable {
  readonly relativePath: string;
  /** Bytes accepted by the storage so far. */
  readonly bytesWritten: number;
  /** Ends the stream if needed, makes the bytes durable and moves them to the final path. */
  commit(): Promise<VaultWriteResult>;
  /** Discards the bytes written so far. Safe to call more than once; rejects after a commit. */
  abort(): Promise<void>;
}

/** Inclusive byte range, as in an HTTP Range header. */
export interface ByteRange {
  start: number;
  /** Last byte, inclusive; the end of the file when absent. */
  end?: number;
}

export interface VaultFileStat {
  size: number;
  modifiedAt: Date;
}

export interface CleanupPartialsOptions {
  /** Only remove temporary files last modified at least this many milliseconds ago. */
  minAgeMs?: number;
}

/**
 * Storage of the evidence vault. Paths are relative to the vault root, use "/" and are checked
 * by `parseRelativePath`, so no call can reach outside the root. The interface keeps to
 * operations an S3-compatible object store also offers (a multipart upload is the writer).
 */
export interface VaultStorage {
  createWriter(relativePath: string, options?: VaultWriterOptions): VaultWriter;
  /** Opens a file for reading; rejects with VaultNotFoundError when it does not exist. */
  read(relativePath: string, range?: ByteRange): Promise<Readable>;
  /** Rejects with VaultNotFoundError when the file does not exist. */
  stat(relativePath: string): Promise<VaultFileStat>;
  exists(relativePath: string): Promise<boolean>;
  /** Deletes a file. Returns false when there was nothing to delete. */
  remove(relativePath: string): Promise<boolean>;
  /**
   * Removes temporary files left by writes that never committed or aborted (a crash or a
   * kill). Returns the vault-relative paths removed. Call it at start, before any writer is
   * open, or pass `minAgeMs` so writes still under way are left alone.
   */
  cleanupPartials(options?: CleanupPartialsOptions): Promise<string[]>;
}
