import { readdir, readFile } from 'node:fs/promises';
import { join, posix } from 'node:path';

/** Returns the expected sha256 (lower-case hex) of a file by its path relative to the evidence root. */
export type ExpectedHashLookup = (evidencePath: string) => string | undefined;

const MANIFEST_NAME = /^manifest_(.+)\.json$/;
const SHA256 = /^[0-9a-f]{64}$/i;
const NAME_FIELDS = ['path', 'name', 'filename', 'file_name'] as const;

/**
 * Reads every `manifest_<id>.json` below the evidence vault folder and indexes the sha256
 * values it lists. A hash entry is any object with a 64-hex `sha256` member; it belongs to
 * the file named by its `path`, `name`, `filename` or `file_name` member (relative to the
 * manifest's folder), or, without a name, to the files of that folder whose name starts
 * with the manifest id.
 */
export async function loadEvidenceManifests(vaultDir: string): Promise<ExpectedHashLookup> {
  const byPath = new Map<string, string>();
  const byId = new Map<string, string>();

  for (const manifest of await findManifests(vaultDir, '')) {
    const folder = posix.dirname(manifest.path);
    const text = await readFile(join(vaultDir, manifest.path), 'utf8');
    let document: unknown;
    try {
      document = JSON.parse(text);
    } catch {
      continue;
    }
    for (const entry of hashEntries(document)) {
      if (entry.name) byPath.set(posix.join(folder, posix.basename(entry.name)), entry.sha256);
      else byId.set(posix.join(folder, manifest.id), entry.sha256);
    }
  }

  return (evidencePath) => {
    const exact = byPath.get(evidencePath);
    if (exact) return exact;
    const folder = posix.dirname(evidencePath);
    const name = posix.basename(evidencePath);
    for (const [key, sha256] of byId) {
      const id = posix.basename(key);
      if (posix.dirname(key) === folder && name !== `manifest_${id}.json` && name.startsWith(id))
        return sha256;
    }
    return undefined;
  };
}

async function findManifests(
  root: string,
  relative: string,
): Promise<{ path: string; id: string }[]> {
  const found: { path: string; id: string }[] = [];
  const entries = await readdir(join(root, relative), { withFileTypes: true }).catch(() => []);
  for (const entry of entries) {
    const child = relative === '' ? entry.name : `${relative}/${entry.name}`;
    if (entry.isDirectory()) found.push(...(await findManifests(root, child)));
    const match = MANIFEST_NAME.exec(entry.name);
    if (entry.isFile() && match) found.push({ path: child, id: match[1]! });
  }
  return found;
}

function hashEntries(value: unknown): { sha256: string; name?: string }[] {
  if (Array.isArray(value)) return value.flatMap(hashEntries);
  if (typeof value !== 'object' || value === null) return [];
  const record = value as Record<string, unknown>;
  const entries: { sha256: string; name?: string }[] = [];
  if (typeof record.sha256 === 'string' && SHA256.test(record.sha256)) {
    const name = NAME_FIELDS.map((field) => record[field]).find(
      (field) => typeof field === 'string',
    );
    entries.push({
      sha256: record.sha256.toLowerCase(),
      ...(typeof name === 'string' ? { name } : {}),
    });
  }
  for (const child of Object.values(record)) entries.push(...hashEntries(child));
  return entries;
}
