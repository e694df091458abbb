import { spawn, type ChildProcess } from 'node:child_process';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FilesystemVaultStorage } from '../../src/engine';
import { listFiles, makeTempDir, removeDir } from './helpers';

const REPO_ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const FIXTURE = fileURLToPath(new URL('./fixtures/slow-export.ts', import.meta.url));

let root: string;
let child: ChildProcess | undefined;

beforeEach(async () => {
  root = await makeTempDir('crash');
});

afterEach(async () => {
  // The child writes forever; a failed assertion must not leave it running.
  if (child !== undefined && child.exitCode === null && child.signalCode === null)
    child.kill('SIGKILL');
  child = undefined;
  await removeDir(root);
});

describe('process killed during an export', () => {
  it('leaves only a removable temporary file', async () => {
    const vaultDir = join(root, 'vault');
    const writer = spawn(
      process.execPath,
      ['--import', 'tsx', FIXTURE, vaultDir, join(root, 'data')],
      {
        cwd: REPO_ROOT,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    child = writer;
    let stderr = '';
    writer.stderr.on('data', (data: Buffer) => (stderr += data.toString()));
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      writer.on('exit', (_code, signal) => resolve(signal)),
    );

    // Wait until several chunks went into the pipeline, so bytes are on disk mid-write.
    const lines = createInterface({ input: writer.stdout });
    for await (const line of lines) {
      if (line === `progress ${8 * 64 * 1024}`) break;
    }
    expect(stderr).toBe('');
    const partialDir = join(vaultDir, 'exports', '.partial');
    const partials = await listFiles(partialDir);
    expect(partials).toHaveLength(1);
    expect((await stat(join(partialDir, partials[0]!))).size).toBeGreaterThan(0);

    writer.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');

    const visible = (await listFiles(vaultDir)).filter(
      (path) => !path.startsWith('exports/.partial/'),
    );
    expect(visible).toEqual([]);

    const storage = new FilesystemVaultStorage(vaultDir);
    expect(await storage.cleanupPartials()).toEqual([`exports/.partial/${partials[0]}`]);
    expect(await listFiles(vaultDir)).toEqual([]);
  });
});
