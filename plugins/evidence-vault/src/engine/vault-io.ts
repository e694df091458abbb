import { EvidenceError } from './errors';
import type { VaultStorage, VaultWriteResult, VaultWriterOptions } from './storage';

/** Writes a small file through a VaultWriter, so it appears complete or not at all. */
export async function writeBytes(
  storage: VaultStorage,
  relativePath: string,
  data: Uint8Array | string,
  options: VaultWriterOptions = {},
): Promise<VaultWriteResult> {
  const writer = storage.createWriter(relativePath, options);
  // An 'error' event without a listener would crash the process; commit() rethrows it.
  writer.on('error', () => undefined);
  try {
    writer.end(typeof data === 'string' ? Buffer.from(data, 'utf8') : data);
    return await writer.commit();
  } catch (error) {
    await writer.abort().catch(() => undefined);
    throw error;
  }
}

/** Reads a whole file; rejects when it is larger than `maxBytes`. */
export async function readBytes(
  storage: VaultStorage,
  relativePath: string,
  maxBytes = 16 * 1024 * 1024,
): Promise<Buffer> {
  const stream = await storage.read(relativePath);
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of stream) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
    total += buffer.length;
    if (total > maxBytes) {
      stream.destroy();
      throw new EvidenceError(
        'CEN_ERR_EVIDENCE_INPUT_INVALID',
        413,
        'Evidence file too large',
        `${relativePath} is larger than ${maxBytes} bytes.`,
      );
    }
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}
