import { parseArgs } from 'node:util';
import type { Centinela } from '@centinela/core';
import { verifyAuditChain } from './verify';

/** Output streams of a command: the CLI passes the process streams, and tests pass their own. */
export interface CommandOutput {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
}

const USAGE = `Usage: centinela audit verify [--json]
Walks the whole audit log, recomputes every hash and checks every link. Exit code 0 when the
chain is intact, 1 when an entry was changed, removed or inserted (the first one is named).
`;

/**
 * `centinela audit verify`: the same check as GET /api/audit/verify, for operators and cron
 * jobs. `args` are the options, with or without the leading `audit verify` words. Returns the
 * exit code: 0 intact, 1 broken, 2 usage error.
 */
export async function runAuditVerifyCommand(
  args: string[],
  centinela: Centinela,
  io: CommandOutput = process,
): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    strict: false,
    options: { json: { type: 'boolean' }, help: { type: 'boolean' } },
  });
  if (values.help === true) {
    io.stdout.write(USAGE);
    return 0;
  }
  const rest = positionals.filter(
    (word, index) => !(index === 0 && word === 'audit') && !(index <= 1 && word === 'verify'),
  );
  if (rest.length > 0) {
    io.stderr.write(`Unexpected argument "${rest[0]}".\n${USAGE}`);
    return 2;
  }
  // Entries published just before the command (by the same process) must be in the chain it checks.
  await centinela.services.find('audit')?.flush();
  const report = await verifyAuditChain(centinela.database.orm);
  if (values.json === true) {
    io.stdout.write(
      `${JSON.stringify({ valid: report.valid, checked: report.checked, first_broken: report.firstBroken, head_hash: report.headHash })}\n`,
    );
  } else if (report.valid) {
    io.stdout.write(
      `Audit log intact: ${report.checked} entries checked; newest hash ${report.headHash ?? '(empty log)'}.\n`,
    );
  } else {
    const broken = report.firstBroken;
    const reason =
      broken?.reason === 'hash_mismatch'
        ? 'its content no longer matches its hash (it was changed)'
        : 'it does not link to the entry before it (an entry was removed or inserted)';
    io.stdout.write(
      `Audit log BROKEN at entry ${broken?.id} of ${broken?.at}: ${reason}. ${report.checked} entries checked.\n`,
    );
  }
  return report.valid ? 0 : 1;
}
