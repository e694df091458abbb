import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../core/test/support/database';
import { startEvidenceServer, type EvidenceTestServer } from './support/evidence-centinela';
import { makeTestMedia } from './support/media';
import { REPO_ROOT } from './support/tools';

const CHILD = fileURLToPath(new URL('./fixtures/export-child.ts', import.meta.url));

let child: ChildProcess | undefined;
let database: TestDatabase | undefined;
let restarted: EvidenceTestServer | undefined;
let workDir: string | undefined;

afterAll(async () => {
  // A failed assertion must not leave the stalled export running.
  if (child !== undefined && child.exitCode === null && child.signalCode === null) {
    child.kill('SIGKILL');
  }
  if (restarted !== undefined) await restarted.destroy();
  else await database?.drop();
  if (workDir !== undefined) rmSync(workDir, { recursive: true, force: true });
});

function filesUnder(root: string): string[] {
  if (!existsSync(root)) return [];
  return readdirSync(root, { recursive: true })
    .map(String)
    .filter((name) => statSync(join(root, name)).isFile());
}

describe('server killed during an export', () => {
  it('leaves no export behind and cleans up at the next start', async () => {
    database = await createTestDatabase();
    workDir = mkdtempSync(join(tmpdir(), 'centinela-evidence-crash-'));
    const dataDir = join(workDir, 'data');
    const mediaDir = join(workDir, 'media');
    mkdirSync(dataDir);
    mkdirSync(mediaDir);
    const media = await makeTestMedia(mediaDir);
    const exporter = spawn(
      process.execPath,
      ['--import', 'tsx', CHILD, dataDir, database.url, database.name, mediaDir, media.clip],
      { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    child = exporter;
    let stderr = '';
    exporter.stderr.on('data', (data: Buffer) => (stderr += data.toString()));
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      exporter.on('exit', (_code, signal) => resolve(signal)),
    );

    // Wait until the simulator sent the first 8 KiB of the clip, after which it stalls.
    let finished = '';
    for await (const line of createInterface({ input: exporter.stdout })) {
      if (line.startsWith('finished')) finished = line;
      if (finished !== '' || Number(line.split(' ')[1]) >= 8192) break;
    }
    expect(finished, stderr).toBe('');
    const partialDir = join(dataDir, 'vault', 'exports', '.partial');
    await vi.waitFor(() => {
      const partials = filesUnder(partialDir);
      expect(partials).toHaveLength(1);
      expect(statSync(join(partialDir, partials[0]!)).size).toBe(8192);
    });

    exporter.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');

    const visible = filesUnder(join(dataDir, 'vault')).filter(
      (name) => !name.startsWith('exports/.partial/'),
    );
    expect(visible).toEqual([]);
    restarted = await startEvidenceServer({ dataDir, testDatabase: database });
    const rows = await restarted.centinela.database.orm.em
      .fork()
      .getConnection()
      .execute('select count(*)::int as n from evidence_exports');
    expect(rows[0].n).toBe(0);
    expect(filesUnder(partialDir)).toEqual([]);
    const list = await restarted.call('Admin', 'GET', '/api/evidence');
    expect(list.json().items).toEqual([]);
  });
});
