import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from 'pino';

const KEY_FILE = 'secret.key';

/**
 * The key that encrypts secrets at rest (TOTP). From `CENTINELA_SECRET_KEY` when set;
 * otherwise made once and kept (mode 0600) in the data folder, so a fresh demo needs no setup.
 */
export function resolveSecretKey(configured: string | undefined, dataDir: string, log: Logger): string {
  if (configured !== undefined) return configured;
  const path = join(dataDir, KEY_FILE);
  if (existsSync(path)) return readFileSync(path, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const key = randomBytes(32).toString('base64');
  writeFileSync(path, `${key}\n`, { mode: 0o600, flag: 'wx' });
  log.warn({ path }, 'CENTINELA_SECRET_KEY is not set; made a new key in the data folder (back it up)');
  return key;
}
