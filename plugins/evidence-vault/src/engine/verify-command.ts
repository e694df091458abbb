import { parseArgs } from 'node:util';
import { EvidenceError } from './errors';
import { verifyEvidence } from './verify-offline';

export const EVIDENCE_VERIFY_USAGE = 'evidence verify FILE MANIFEST [--public-key KEY] [--json]';

/** Exit codes of `centinela evidence verify`. */
export const VERIFY_EXIT = {
  verified: 0,
  failed: 1,
  usage: 2,
  unverified: 3,
} as const;

export interface CommandOutput {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
}

/**
 * Runs `centinela evidence verify` with the arguments after `verify`. Prints the report (or the
 * result as JSON with --json) and returns the exit code: 0 verified, 1 failed, 2 usage or
 * unreadable input, 3 unverified because no public key was available.
 */
export async function runEvidenceVerifyCommand(
  args: string[],
  output: CommandOutput = process,
): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: { 'public-key': { type: 'string' }, json: { type: 'boolean' } },
    });
  } catch (error) {
    output.stderr.write(`${(error as Error).message}\nUsage: centinela ${EVIDENCE_VERIFY_USAGE}\n`);
    return VERIFY_EXIT.usage;
  }
  const [filePath, manifestPath, ...extra] = parsed.positionals;
  if (filePath === undefined || manifestPath === undefined || extra.length > 0) {
    output.stderr.write(`Usage: centinela ${EVIDENCE_VERIFY_USAGE}\n`);
    return VERIFY_EXIT.usage;
  }
  const publicKeyPath = parsed.values['public-key'];
  try {
    const result = await verifyEvidence({
      filePath,
      manifestPath,
      ...(publicKeyPath === undefined ? {} : { publicKeyPath }),
    });
    output.stdout.write(
      parsed.values.json === true ? `${JSON.stringify(result, null, 2)}\n` : result.report,
    );
    return VERIFY_EXIT[result.verdict];
  } catch (error) {
    if (!(error instanceof EvidenceError)) throw error;
    output.stderr.write(`${error.message}${error.fix === undefined ? '' : ` ${error.fix}`}\n`);
    return VERIFY_EXIT.usage;
  }
}
