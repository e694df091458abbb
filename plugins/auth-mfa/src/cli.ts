import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Centinela } from '@centinela/core';
import { AUTH_ACTIONS } from './events';
import { rotateSecretKey } from './rotate-secret-key';
import { SessionSchema } from './entities';
import { revokeSession } from './tokens/sessions';

/** Output streams of a command: the CLI passes the process streams, and tests pass their own. */
export interface CommandOutput {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
}

/** Variable that carries the new key when no --new-key-file is given. */
export const NEW_SECRET_KEY_ENV = 'CENTINELA_NEW_SECRET_KEY';
/** The file the server makes in the data folder when CENTINELA_SECRET_KEY is unset. */
const KEY_FILE = 'secret.key';
const KEY_PATTERN = /^[A-Za-z0-9+/]{43}=$/;

const USAGE = `Usage: centinela rotate-secret-key [--new-key-file FILE]
Re-encrypts every TOTP secret under a new key and signs every user out. The new key (base64 of
32 random bytes, for example from "openssl rand -base64 32") comes from FILE or from
${NEW_SECRET_KEY_ENV}; the current key is the one the server starts with. Stop the server first.
`;

function readNewKey(file: string | undefined, io: CommandOutput): string | null {
  let key: string | undefined;
  if (file !== undefined) {
    try {
      key = readFileSync(file, 'utf8').trim();
    } catch (error) {
      io.stderr.write(`Cannot read the new key from ${file}: ${(error as Error).message}\n`);
      return null;
    }
  } else {
    key = process.env[NEW_SECRET_KEY_ENV]?.trim();
  }
  if (key === undefined || key === '') {
    io.stderr.write(`No new key: pass --new-key-file FILE or set ${NEW_SECRET_KEY_ENV}.\n${USAGE}`);
    return null;
  }
  if (!KEY_PATTERN.test(key)) {
    io.stderr.write(
      'The new key is not base64 of 32 bytes (44 characters ending in "="). Make one with: openssl rand -base64 32\n',
    );
    return null;
  }
  return key;
}

/**
 * `centinela rotate-secret-key`: re-encrypt the TOTP secrets from the current key to a new one
 * in one transaction, revoke every session (their CSRF tokens derive from the key), and, when
 * the current key lives in the data folder's secret.key, replace that file. Returns the exit
 * code: 0 done, 1 failed, 2 usage error. The keys are never printed.
 */
export async function rotateSecretKeyCommand(
  args: string[],
  centinela: Centinela,
  io: CommandOutput = process,
): Promise<number> {
  const { values } = parseArgs({
    args,
    allowPositionals: true,
    strict: false,
    options: { 'new-key-file': { type: 'string' }, help: { type: 'boolean' } },
  });
  if (values.help === true) {
    io.stdout.write(USAGE);
    return 0;
  }
  const fileOption = values['new-key-file'];
  const newKey = readNewKey(typeof fileOption === 'string' ? fileOption : undefined, io);
  if (newKey === null) return 2;
  const oldKey = centinela.config.secretKey;
  if (oldKey === undefined) {
    io.stderr.write(
      'The current secret key is unknown; start the command with the same settings as the server.\n',
    );
    return 1;
  }
  if (newKey === oldKey) {
    io.stderr.write(
      'The new key equals the current key; make a new one with: openssl rand -base64 32\n',
    );
    return 2;
  }

  const result = await rotateSecretKey(centinela.database.orm, oldKey, newKey);
  const em = centinela.services.get('authMfa').em();
  const now = new Date();
  const sessions = await em.find(SessionSchema, { revokedAt: null }, { fields: ['id'] });
  for (const session of sessions) await revokeSession(em, session.id, 'secret_key_rotated', now);
  centinela.services.get('authMfa').publish({
    siteId: null,
    actor: { id: null, email: null, address: 'cli', userAgent: 'centinela-cli' },
    action: AUTH_ACTIONS.secretKeyRotated,
    resource: null,
    details: {
      totp_secrets_rotated: result.rotated,
      totp_secrets_unchanged: result.unchanged,
      sessions_revoked: sessions.length,
    },
  });

  io.stdout.write(
    `Re-encrypted ${result.rotated} TOTP secret(s) (${result.unchanged} already under the new key); signed out ${sessions.length} session(s).\n`,
  );
  const keyFile = join(centinela.config.dataDir, KEY_FILE);
  if (existsSync(keyFile) && readFileSync(keyFile, 'utf8').trim() === oldKey) {
    // Write then rename, so a crash never leaves a half-written key file.
    writeFileSync(`${keyFile}.new`, `${newKey}\n`, { mode: 0o600 });
    renameSync(`${keyFile}.new`, keyFile);
    io.stdout.write(`Replaced the key in ${keyFile}.\n`);
  }
  io.stdout.write(
    'If CENTINELA_SECRET_KEY (or the add-on option secret_key) is set, set it to the new key before the next start. Signed media links made with the old key stop working.\n',
  );
  return 0;
}
