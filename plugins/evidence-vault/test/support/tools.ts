import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../../../../', import.meta.url));

export interface CommandResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a program (sha256sum, openssl, node) and returns its exit status and output. */
export function run(command: string, args: string[], cwd = REPO_ROOT): CommandResult {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8' });
  if (result.error) throw result.error;
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** `openssl pkeyutl -verify` of signed manifest bytes, the command docs/evidence.md shows. */
export function opensslVerify(
  publicKey: string,
  signedJson: string,
  signature: string,
): CommandResult {
  return run('openssl', [
    'pkeyutl',
    '-verify',
    '-pubin',
    '-inkey',
    publicKey,
    '-rawin',
    '-in',
    signedJson,
    '-sigfile',
    signature,
  ]);
}

/** `centinela evidence verify FILE MANIFEST --public-key KEY`, run from the sources with tsx. */
export function cliVerify(file: string, manifest: string, publicKey: string): CommandResult {
  return run(process.execPath, [
    '--import',
    'tsx',
    'core/src/cli/main.ts',
    'evidence',
    'verify',
    file,
    manifest,
    '--public-key',
    publicKey,
  ]);
}
