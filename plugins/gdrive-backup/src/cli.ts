import { parseArgs } from 'node:util';
import type { Centinela } from '@centinela/core';
import { BackupEngineError, type RestoreTestResult } from './engine';
import { isDay } from './engine/day';
import { PLUGIN_NAME } from './manifest';

export interface CommandOutput {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
}

const USAGE = 'Usage: centinela backup restore-test --day YYYY-MM-DD [--sample N] [--site SITE]\n';
const DEFAULT_SAMPLE = 10;
const MAX_SAMPLE = 10_000;

/**
 * `centinela backup restore-test --day D [--sample N] [--site S]`: restores a random sample
 * of a backed-up day from the site's remote and compares sha256 hashes with the local files
 * and the evidence manifests. `args` are the words after `restore-test`. Returns the exit
 * code: 0 when every sampled file matched, 1 on a mismatch, when nothing could be compared,
 * or when the restore failed, 2 for a usage error.
 */
export async function restoreTestCommand(
  args: string[],
  centinela: Pick<Centinela, 'services' | 'sites'>,
  output: CommandOutput = { stdout: process.stdout, stderr: process.stderr },
): Promise<number> {
  let values: { day?: string; sample?: string; site?: string };
  try {
    ({ values } = parseArgs({
      args,
      options: { day: { type: 'string' }, sample: { type: 'string' }, site: { type: 'string' } },
    }));
  } catch (error) {
    output.stderr.write(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  const sample = values.sample === undefined ? DEFAULT_SAMPLE : Number(values.sample);
  if (values.day === undefined || !isDay(values.day)) {
    output.stderr.write(`--day must be a date written as YYYY-MM-DD.\n${USAGE}`);
    return 2;
  }
  if (!Number.isInteger(sample) || sample < 1 || sample > MAX_SAMPLE) {
    output.stderr.write(`--sample must be a whole number from 1 to ${MAX_SAMPLE}.\n${USAGE}`);
    return 2;
  }

  const service = centinela.services.find('backups');
  if (service === undefined) {
    output.stderr.write(`The ${PLUGIN_NAME} plugin is not loaded.\n`);
    return 1;
  }
  const siteId = values.site ?? centinela.sites.defaultSiteId;
  if (centinela.sites.get(siteId) === undefined) {
    output.stderr.write(`No site named "${siteId}".\n`);
    return 2;
  }
  if (!centinela.sites.isEnabled(siteId, PLUGIN_NAME)) {
    output.stderr.write(`The ${PLUGIN_NAME} plugin is not installed on site ${siteId}.\n`);
    return 1;
  }

  const settings = service.settingsFor(siteId);
  output.stdout.write(
    `Restore drill of ${values.day} on site ${siteId} from ${settings.remote}:${settings.path}, sample of ${sample}.\n`,
  );
  try {
    const result = await service.restoreTest(siteId, { day: values.day, sampleSize: sample });
    printResult(result, output);
    return result.ok ? 0 : 1;
  } catch (error) {
    if (!(error instanceof BackupEngineError)) throw error;
    output.stderr.write(`${error.code}: ${error.message}\n`);
    if (error.fix !== undefined) output.stderr.write(`Fix: ${error.fix}\n`);
    return 1;
  }
}

function printResult(result: RestoreTestResult, output: CommandOutput): void {
  const { stdout } = output;
  stdout.write(`Files on the remote for this day: ${result.candidates}\n`);
  stdout.write(
    `Checked: ${result.checked}, mismatches: ${result.mismatches.length}, unverified: ${result.unverified.length}\n`,
  );
  for (const mismatch of result.mismatches) {
    const detail =
      mismatch.reason === 'hash-mismatch'
        ? `sha256 ${mismatch.actual} instead of ${mismatch.expected}`
        : 'the file was not restored';
    stdout.write(`MISMATCH ${mismatch.path}: ${detail}\n`);
  }
  for (const file of result.unverified) stdout.write(`UNVERIFIED ${file.path}: ${file.reason}\n`);
  if (result.ok) stdout.write('Result: OK, every checked file matches.\n');
  else if (result.checked === 0) stdout.write('Result: FAILED, no file could be compared.\n');
  else stdout.write('Result: FAILED, restored files differ from the originals.\n');
}
