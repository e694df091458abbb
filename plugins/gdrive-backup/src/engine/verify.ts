import type { BackupJob } from './plan';
import { runRclone, type RcloneCommandOptions } from './rclone';
import type { RcloneSettings } from './rclone-env';

/**
 * Verification command run after a copy. It is one-way, so files that exist only on the
 * remote are fine. `check` compares hashes, but on a crypt remote it has no common hash and compares sizes
 * only, so a changed byte passes. `cryptcheck` encrypts the local file with the stored
 * file's nonce and compares hashes of the underlying remote, which catches it. `download`
 * reads every remote file back and compares content: thorough, but it downloads everything.
 */
export type VerifyMethod = 'check' | 'cryptcheck' | 'download';

export interface VerifyResult {
  method: VerifyMethod;
  ok: boolean;
  /** Files that differ or are missing on the remote. */
  differences: number;
  matching: number;
  missing: number;
  /** Files compared by size only because source and remote share no hash type. */
  sizeOnly: number;
}

/** `auto` picks cryptcheck for crypt remotes and check for every other type. */
export function chooseVerifyMethod(
  requested: VerifyMethod | 'auto',
  remoteType: string,
): VerifyMethod {
  if (requested !== 'auto') return requested;
  return remoteType === 'crypt' ? 'cryptcheck' : 'check';
}

/** Runs a one-way check of a job; `filesFrom` is the list file used for the copy, if any. */
export async function verifyJob(
  job: BackupJob,
  method: VerifyMethod,
  filesFrom: string | null,
  settings: RcloneSettings,
  options: Pick<RcloneCommandOptions, 'signal' | 'onProgress' | 'onLogLine'>,
): Promise<VerifyResult> {
  const args = [
    method === 'cryptcheck' ? 'cryptcheck' : 'check',
    job.source,
    job.destination,
    '--one-way',
  ];
  if (method === 'download') args.push('--download');
  if (filesFrom) args.push('--files-from-raw', filesFrom);
  for (const pattern of job.exclude) args.push('--exclude', pattern);

  const result = await runRclone(args, settings, {
    ...options,
    // rclone exits non-zero when it finds differences; that is a verification result, not a crash.
    acceptFailure: (failed) => (failed.check.differences ?? 0) > 0,
  });
  const differences = result.check.differences ?? 0;
  return {
    method,
    ok: result.exitCode === 0 && differences === 0,
    differences,
    matching: result.check.matching ?? 0,
    missing: result.check.missingOnDestination ?? 0,
    sizeOnly: result.check.hashesNotChecked ?? 0,
  };
}
