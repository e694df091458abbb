import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statfsSync, statSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEvidenceServer, type EvidenceTestServer } from './support/evidence-centinela';
import { makeTestMedia, sha256sum, type TestMedia } from './support/media';

let workDir: string;
let vaultDir: string;
let mounted = false;
let media: TestMedia;
let server: EvidenceTestServer | undefined;

beforeAll(async () => {
  workDir = mkdtempSync(join(tmpdir(), 'centinela-evidence-full-'));
  vaultDir = join(workDir, 'vault');
  mkdirSync(vaultDir);
  // A 1 MiB tmpfs is a real disk that fills up. Mounting needs root or CAP_SYS_ADMIN.
  const mount = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', vaultDir], {
    encoding: 'utf8',
  });
  mounted = mount.status === 0;
  if (!mounted) {
    console.warn(
      `vault-full: tmpfs not mounted (${mount.stderr.trim()}); the full-vault test is skipped`,
    );
    return;
  }
  media = await makeTestMedia(workDir);
  server = await startEvidenceServer({ config: { vault_dir: vaultDir } });
});

afterAll(async () => {
  await server?.destroy();
  if (mounted) spawnSync('umount', [vaultDir]);
  rmSync(workDir, { recursive: true, force: true });
});

/** Files in the vault with their sizes, so a changed or truncated file shows up too. */
function vaultFiles(): string[] {
  return readdirSync(vaultDir, { recursive: true })
    .map(String)
    .filter((name) => statSync(join(vaultDir, name)).isFile())
    .map((name) => `${name} ${statSync(join(vaultDir, name)).size}`)
    .sort();
}

function freeBytes(): number {
  const info = statfsSync(vaultDir);
  return info.bavail * info.bsize;
}

describe('full evidence vault', () => {
  it('answers 507 and keeps everything else intact', async (context) => {
    if (!mounted || server === undefined) return context.skip();
    const active = server;
    const earlierEvent = await active.addEvent({ clip: media.clip });
    const earlier = await active.exportEvent(earlierEvent.id);

    // Other data fills the disk up to 8 KiB, half of what the clip needs.
    const ballast = join(vaultDir, 'other-data.bin');
    await writeFile(ballast, Buffer.alloc(freeBytes() - 8192, 0x5a));
    const before = vaultFiles();
    const free = freeBytes();
    expect(free).toBe(8192);

    const event = await active.addEvent({ clip: media.clip });
    const response = await active.call('Admin', 'POST', '/api/evidence/export', {
      payload: { event_id: event.id, reason: 'Vault disk is full', format: 'mp4' },
    });
    expect(response.statusCode).toBe(507);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.json()).toMatchObject({ code: 'CEN_ERR_EVIDENCE_VAULT_FULL', status: 507 });
    expect(response.json().fix).toContain('Free space');

    expect(vaultFiles()).toEqual(before);
    expect(freeBytes()).toBe(free);
    const list = await active.call('Admin', 'GET', '/api/evidence');
    expect(list.json().items.map((item: { id: string }) => item.id)).toEqual([earlier.id]);
    const check = (await active.call('Admin', 'POST', `/api/evidence/${earlier.id}/verify`)).json();
    expect(check).toMatchObject({
      match: true,
      signature_valid: true,
      custody_valid: true,
      custody_recorded: true,
    });

    // Once there is room again, the same export goes through.
    rmSync(ballast);
    const retried = await active.exportEvent(event.id);
    expect(retried.sha256).toBe(sha256sum(media.clip));
  });
});
