import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestCentinela } from '../../../core/test/support/centinela';
import { restoreTestCommand, type CommandOutput } from '../src/cli';
import {
  createFolders,
  DAY,
  installBackup,
  postRun,
  startBackupCentinela,
  waitForRun,
  writeSegment,
  type BackupFolders,
} from './support/backup-site';

let folders: BackupFolders;
let centinela: TestCentinela;

beforeAll(async () => {
  folders = await createFolders();
  for (const mmss of ['00.00', '00.10', '00.20']) {
    await writeSegment(folders.mediaDir, DAY, '08', 'front', mmss);
  }
  centinela = await startBackupCentinela({ folders });
  await installBackup(centinela, folders);
  const run = await waitForRun(centinela, (await postRun(centinela)).id);
  expect(run.status).toBe('ok');
});

afterAll(async () => {
  await centinela?.destroy();
  await folders?.cleanup();
});

function capture(): CommandOutput & { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return {
    stdout: { write: (text: string) => (out += text) },
    stderr: { write: (text: string) => (err += text) },
    out: () => out,
    err: () => err,
  };
}

describe('restoreTestCommand', () => {
  it('exits 0 when the restored sample matches', async () => {
    const output = capture();

    const code = await restoreTestCommand(['--day', DAY, '--sample', '2'], centinela, output);

    expect(code).toBe(0);
    expect(output.out()).toContain('Checked: 2, mismatches: 0');
    expect(output.out()).toContain('Result: OK');
  });

  it('exits 1 and names a file that differs on the remote', async () => {
    const remoteFile = join(
      folders.remoteDir,
      'centinela',
      'recordings',
      DAY,
      '08',
      'front',
      '00.10.mp4',
    );
    await writeFile(remoteFile, 'tampered');
    const output = capture();

    const code = await restoreTestCommand(['--day', DAY, '--sample', '10'], centinela, output);

    expect(code).toBe(1);
    expect(output.out()).toContain(`MISMATCH recordings/${DAY}/08/front/00.10.mp4`);
    expect(output.out()).toContain('Checked: 3, mismatches: 1');
  });

  it('exits 1 when nothing was backed up that day', async () => {
    const output = capture();

    const code = await restoreTestCommand(['--day', '2020-01-01'], centinela, output);

    expect(code).toBe(1);
    expect(output.out()).toContain('no file could be compared');
  });

  it('exits 2 on a malformed day', async () => {
    const output = capture();

    const code = await restoreTestCommand(['--day', '15/06/2024'], centinela, output);

    expect(code).toBe(2);
    expect(output.err()).toContain('YYYY-MM-DD');
  });

  it('exits 2 on an unknown option', async () => {
    const output = capture();

    const code = await restoreTestCommand(['--day', DAY, '--verbose'], centinela, output);

    expect(code).toBe(2);
    expect(output.err()).toContain('Usage: centinela backup restore-test');
  });
});
