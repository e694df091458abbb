import { invalidManifest } from './errors';
import { MANIFEST_VERSION, type EvidenceManifest } from './manifest-types';

type Json = Record<string, unknown>;

/**
 * Parses manifest JSON from an untrusted source and checks the members that verification
 * relies on. Throws CEN_ERR_EVIDENCE_MANIFEST_INVALID naming the first bad field. Unknown
 * members are kept, so the signature check still covers them.
 */
export function parseManifest(text: string | Buffer): EvidenceManifest {
  let value: unknown;
  try {
    value = JSON.parse(text.toString());
  } catch (error) {
    throw invalidManifest(
      'manifest',
      `The manifest is not valid JSON: ${(error as Error).message}`,
    );
  }
  checkManifest(value);
  return value;
}

/** Asserts that a parsed value has the shape of a signed manifest. */
export function checkManifest(value: unknown): asserts value is EvidenceManifest {
  const manifest = object(value, 'manifest');
  if (manifest.manifest_version !== MANIFEST_VERSION) {
    throw invalidManifest(
      'manifest_version',
      `Unsupported manifest_version ${JSON.stringify(manifest.manifest_version)}; this version reads 1.`,
    );
  }
  string(manifest.export_id, 'export_id');
  object(manifest.event, 'event');
  object(manifest.actor, 'actor');
  checkFile(manifest.file);
  signature(manifest.signature, 'signature');

  if (!Array.isArray(manifest.custody)) {
    throw invalidManifest('custody', 'custody is not a list.');
  }
  manifest.custody.forEach(checkCustodyEntry);
}

function checkFile(value: unknown): void {
  const file = object(value, 'file');
  string(file.name, 'file.name');
  string(file.content_type, 'file.content_type');
  if (typeof file.sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(file.sha256)) {
    throw invalidManifest('file.sha256', 'file.sha256 is not 64 lower-case hex characters.');
  }
  if (!Number.isSafeInteger(file.size) || (file.size as number) < 0) {
    throw invalidManifest('file.size', 'file.size is not a non-negative integer.');
  }
}

function checkCustodyEntry(entry: unknown, index: number): void {
  const field = `custody[${index}]`;
  const item = object(entry, field);
  if (!Number.isSafeInteger(item.seq)) {
    throw invalidManifest(`${field}.seq`, `${field}.seq is not an integer.`);
  }
  string(item.action, `${field}.action`);
  string(item.at, `${field}.at`);
  object(item.actor, `${field}.actor`);
  if (item.prev_hash !== null) string(item.prev_hash, `${field}.prev_hash`);
  if (item.signature !== null) signature(item.signature, `${field}.signature`);
}

function object(value: unknown, field: string): Json {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalidManifest(field, `${field} is not an object.`);
  }
  return value as Json;
}

function string(value: unknown, field: string): string {
  if (typeof value !== 'string') throw invalidManifest(field, `${field} is not a string.`);
  return value;
}

function signature(value: unknown, field: string): void {
  const block = object(value, field);
  string(block.algorithm, `${field}.algorithm`);
  string(block.value, `${field}.value`);
  string(block.key_id, `${field}.key_id`);
}
