import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyManifestFile } from '../src/engine';
import { startEvidenceServer, type EvidenceTestServer } from './support/evidence-centinela';
import { makeTestMedia, sha256sum, type TestMedia } from './support/media';

// The embedded PGlite serves one connection, so a query outside an open transaction would
// wait forever. These checks run the locking paths on it.
let workDir: string;
let media: TestMedia;
let server: EvidenceTestServer;

beforeAll(async () => {
  workDir = mkdtempSync(join(tmpdir(), 'centinela-evidence-embedded-'));
  media = await makeTestMedia(workDir);
  server = await startEvidenceServer({ database: 'embedded' });
});

afterAll(async () => {
  await server?.destroy();
  rmSync(workDir, { recursive: true, force: true });
});

describe('evidence on the embedded database', () => {
  it('exports, downloads and verifies concurrently', async () => {
    const event = await server.addEvent({ clip: media.clip });
    const exports = await Promise.all([server.exportEvent(event.id), server.exportEvent(event.id)]);
    expect(exports[0].sha256).toBe(sha256sum(media.clip));
    expect(exports[1].id).not.toBe(exports[0].id);

    const id = exports[0].id;
    const responses = await Promise.all([
      server.call('Admin', 'GET', `/api/evidence/${id}/download`),
      server.call('Admin', 'POST', `/api/evidence/${id}/verify`),
      server.call('Admin', 'GET', `/api/evidence/${id}/download`),
    ]);
    expect(responses.map((response) => response.statusCode)).toEqual([200, 200, 200]);

    const manifest = (await server.call('Admin', 'GET', `/api/evidence/${id}/manifest`)).json();
    expect(manifest.custody).toHaveLength(4);
    const publicKey = (await server.call(null, 'GET', '/api/evidence/public-key')).body;
    expect(verifyManifestFile(manifest, publicKey).custodyValid).toBe(true);
    const item = (await server.call('Admin', 'GET', `/api/evidence/${id}`)).json();
    expect(item.download_count).toBe(2);
  });
});
