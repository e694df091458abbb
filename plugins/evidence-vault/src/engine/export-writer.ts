import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as NodeWebReadableStream } from 'node:stream/web';
import { EvidenceError, invalidInput } from './errors';
import { exportDayDir, isValidDate, isValidExportId } from './paths';
import type { VaultStorage } from './storage';
import { writeBytes } from './vault-io';

export type ExportExtension = 'mp4' | 'jpg';

/** A WHATWG stream (fetch/undici response body) or a Node.js readable. */
export type ExportSource =
  ReadableStream<Uint8Array> | NodeWebReadableStream<Uint8Array> | NodeJS.ReadableStream;

export interface WriteExportOptions {
  storage: VaultStorage;
  /** Export id: 1 to 128 letters, digits, "_" or "-". */
  id: string;
  /** Day folder, YYYY-MM-DD. */
  date: string;
  source: ExportSource;
  extension: ExportExtension;
  contentType: string;
  /** When given (e.g. from Content-Length), a source that ends early is rejected. */
  expectedSize?: number;
}

export interface ExportFileResult {
  /** `export_<id>.<ext>` */
  fileName: string;
  /** `exports/YYYY-MM-DD/export_<id>.<ext>` */
  relativePath: string;
  size: number;
  /** Lower-case hex SHA-256 of the exported bytes. */
  sha256: string;
  contentType: string;
  /** `exports/YYYY-MM-DD/export_<id>.sha256`, one line that `sha256sum -c` reads. */
  checksumRelativePath: string;
}

/** Returns the vault paths of one export's media and checksum files. */
export function exportFilePaths(date: string, id: string, extension: ExportExtension) {
  const dir = exportDayDir(date);
  const fileName = `export_${id}.${extension}`;
  return {
    fileName,
    relativePath: `${dir}/${fileName}`,
    checksumRelativePath: `${dir}/export_${id}.sha256`,
  };
}

/**
 * Streams `source` into the vault as `exports/<date>/export_<id>.<ext>`, hashing as it goes,
 * then writes `export_<id>.sha256`. Memory stays flat because the pipeline honours back
 * pressure. The media file appears only once complete and synced (the rename is the commit
 * point). If the checksum file cannot be written, the media file is removed again, so a
 * failed call leaves nothing behind.
 */
export async function writeExport(options: WriteExportOptions): Promise<ExportFileResult> {
  const { storage, id, date, extension, contentType } = options;
  checkOptions(options);
  const paths = exportFilePaths(date, id, extension);

  const writer = storage.createWriter(paths.relativePath, { exclusive: true });
  let written;
  try {
    await pipeline(toNodeReadable(options.source), writer);
    if (options.expectedSize !== undefined && writer.bytesWritten !== options.expectedSize) {
      throw sourceIncomplete(paths.relativePath, options.expectedSize, writer.bytesWritten);
    }
    written = await writer.commit();
  } catch (error) {
    await writer.abort().catch(() => undefined);
    throw error;
  }

  try {
    await writeBytes(storage, paths.checksumRelativePath, `${written.sha256}  ${paths.fileName}\n`);
  } catch (error) {
    await storage.remove(paths.relativePath).catch(() => undefined);
    throw error;
  }
  return {
    fileName: paths.fileName,
    relativePath: paths.relativePath,
    size: written.size,
    sha256: written.sha256,
    contentType,
    checksumRelativePath: paths.checksumRelativePath,
  };
}

function toNodeReadable(source: ExportSource): NodeJS.ReadableStream {
  if ('getReader' in source && typeof source.getReader === 'function') {
    return Readable.fromWeb(source as NodeWebReadableStream<Uint8Array>);
  }
  return source as NodeJS.ReadableStream;
}

function checkOptions(options: WriteExportOptions): void {
  if (!isValidExportId(options.id)) {
    throw invalidInput(
      'id',
      `Invalid export id ${JSON.stringify(options.id)}.`,
      'Use 1 to 128 letters, digits, "_" or "-".',
    );
  }
  if (!isValidDate(options.date)) {
    throw invalidInput(
      'date',
      `Invalid export date ${JSON.stringify(options.date)}.`,
      'Use YYYY-MM-DD.',
    );
  }
  if (options.extension !== 'mp4' && options.extension !== 'jpg') {
    throw invalidInput(
      'format',
      `Unsupported format ${JSON.stringify(options.extension)}.`,
      'Use mp4 or jpg.',
    );
  }
  if (options.contentType.trim().length === 0) {
    throw invalidInput('content_type', 'The content type is empty.', 'Pass e.g. video/mp4.');
  }
}

function sourceIncomplete(relativePath: string, expected: number, actual: number): EvidenceError {
  return new EvidenceError(
    'CEN_ERR_EVIDENCE_SOURCE_INCOMPLETE',
    502,
    'Evidence source ended early',
    `The source of ${relativePath} sent ${actual} bytes, expected ${expected}; nothing was kept.`,
    { fix: 'Check that Frigate still has the recording, then export again.' },
  );
}
