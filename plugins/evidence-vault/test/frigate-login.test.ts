import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  FRIGATE_PASSWORD,
  FRIGATE_USER,
  startEvidenceServer,
  type EvidenceTestServer,
} from './support/evidence-centinela';
import { makeTestMedia, sha256sum, type TestMedia } from './support/media';

let workDir: string;
let media: TestMedia;
let server: EvidenceTestServer;

beforeAll(async () => {
  workDir = mkdtempSync(join(tmpdir(), 'centinela-evidence-login-'));
  media = await makeTestMedia(workDir);
  server = await startEvidenceServer({ authenticated: true });
});

afterAll(async () => {
  await server?.destroy();
  rmSync(workDir, { recursive: true, force: true });
});

describe('export through the authenticated Frigate port', () => {
  it('logs in to Frigate and keeps credentials out of the manifest', async () => {
    const unauthenticated = await fetch(`${server.frigateUrl}/api/events`);
    expect(unauthenticated.status).toBe(401);

    const event = await server.addEvent({ clip: media.clip });
    const body = await server.exportEvent(event.id);
    expect(body.sha256).toBe(sha256sum(media.clip));

    const manifest = await server.call('Admin', 'GET', `/api/evidence/${body.id}/manifest`);
    const text = manifest.body;
    expect(JSON.parse(text).source_url).toBe(
      `${server.frigateUrl}/api/events/${encodeURIComponent(event.frigateEventId)}/clip.mp4`,
    );
    expect(text).not.toContain(FRIGATE_PASSWORD);
    expect(text).not.toContain(`${FRIGATE_USER}@`);
    expect(text).not.toContain('frigate_token');
    const retained = server.simulator.events().find((item) => item.id === event.frigateEventId);
    expect(retained?.retain_indefinitely).toBe(true);
  });
});
