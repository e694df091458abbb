import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EvidenceExportedMessage } from '../src';
import { startEvidenceServer, type EvidenceTestServer } from './support/evidence-centinela';
import { makeTestMedia, sha256sum, type TestMedia } from './support/media';
import { opensslVerify, run } from './support/tools';

let workDir: string;
let media: TestMedia;
let server: EvidenceTestServer;
const published: EvidenceExportedMessage[] = [];

beforeAll(async () => {
  workDir = mkdtempSync(join(tmpdir(), 'centinela-evidence-export-'));
  media = await makeTestMedia(workDir);
  server = await startEvidenceServer();
  server.centinela.bus.on('evidence.exported').subscribe((message) => published.push(message));
});

afterAll(async () => {
  await server?.destroy();
  rmSync(workDir, { recursive: true, force: true });
});

function vaultPath(relativePath: string): string {
  return join(server.centinela.dataDir, 'vault', relativePath);
}

async function itemOf(id: string): Promise<Record<string, unknown>> {
  const response = await server.call('Admin', 'GET', `/api/evidence/${id}`);
  expect(response.statusCode).toBe(200);
  return response.json();
}

async function savePublicKey(): Promise<string> {
  const response = await server.call(null, 'GET', '/api/evidence/public-key');
  const path = join(workDir, 'evidence-public-key.pem');
  writeFileSync(path, response.body);
  return path;
}

/** Local time in Mexico City, which has kept UTC-6 all year since October 2022. */
function mexicoCityTime(instant: Date): string {
  return new Date(instant.getTime() - 6 * 3600_000).toISOString().replace('Z', '-06:00');
}

describe('evidence export', () => {
  it('stores a clip whose hash matches the source', async () => {
    const event = await server.addEvent({ clip: media.clip });
    const body = await server.exportEvent(event.id);

    expect(body).toMatchObject({
      event_id: event.id,
      status: 'completed',
      file_name: `export_${body.id}.mp4`,
      download_url: `/api/evidence/${body.id}/download`,
      manifest_url: `/api/evidence/${body.id}/manifest`,
    });
    expect(body.sha256).toBe(sha256sum(media.clip));
    const item = await itemOf(body.id);
    const date = body.created_at.slice(0, 10);
    expect(item.relative_path).toBe(`exports/${date}/export_${body.id}.mp4`);
    const stored = vaultPath(String(item.relative_path));
    expect(sha256sum(stored)).toBe(body.sha256);
    const check = run('sha256sum', ['-c', `export_${body.id}.sha256`], dirname(stored));
    expect(check.stdout).toContain(`export_${body.id}.mp4: OK`);
    expect(check.status).toBe(0);
  });

  it('signs the stored bytes so that openssl accepts them', async () => {
    const event = await server.addEvent({ clip: media.clip });
    const body = await server.exportEvent(event.id);
    const dir = dirname(vaultPath(String((await itemOf(body.id)).relative_path)));
    const publicKey = await savePublicKey();

    const openssl = opensslVerify(
      publicKey,
      join(dir, `manifest_${body.id}.signed.json`),
      join(dir, `manifest_${body.id}.sig`),
    );
    expect(openssl.stdout).toBe('Signature Verified Successfully\n');
    expect(openssl.status).toBe(0);
  });

  it('serves the public key as a PEM attachment without login', async () => {
    const response = await server.call(null, 'GET', '/api/evidence/public-key');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('application/x-pem-file');
    expect(response.headers['content-disposition']).toBe(
      'attachment; filename=evidence-public-key.pem',
    );
    expect(response.body).toMatch(/^-----BEGIN PUBLIC KEY-----\n/);
  });

  it('writes the event facts into the manifest', async () => {
    const event = await server.addEvent({
      clip: media.clip,
      camera: 'driveway',
      subLabel: 'Ana',
      score: 0.91,
    });
    const body = await server.exportEvent(event.id);
    const response = await server.call('Admin', 'GET', `/api/evidence/${body.id}/manifest`);
    expect(response.statusCode).toBe(200);
    const manifest = response.json();

    expect(manifest.export_id).toBe(body.id);
    expect(manifest.event).toEqual({
      site: 'casa',
      camera: 'driveway',
      label: 'person',
      sub_label: 'Ana',
      score: 0.91,
      start_utc: event.startTime.toISOString(),
      end_utc: event.endTime?.toISOString(),
      start_local: mexicoCityTime(event.startTime),
      end_local: mexicoCityTime(event.endTime!),
      timezone: 'America/Mexico_City',
      frigate_event_id: event.frigateEventId,
      frigate_version: expect.stringMatching(/^0\.16\.4/),
    });
    expect(manifest.source_url).toBe(
      `${server.frigateUrl}/api/events/${encodeURIComponent(event.frigateEventId)}/clip.mp4`,
    );
    expect(manifest.actor).toEqual({
      id: 'user-Admin',
      email: 'user-Admin@test.local',
      role: 'Admin',
    });
    expect(manifest.reason).toBe('Package taken from the porch, report 2026-1187');
    expect(manifest.exported_at).toBe(body.created_at);
    expect(manifest.file).toEqual({
      name: body.file_name,
      size: body.size,
      content_type: 'video/mp4',
      sha256: body.sha256,
    });
    expect(manifest.centinela_version).toEqual(expect.any(String));
    expect(manifest.custody).toHaveLength(1);
    expect(manifest.custody[0]).toMatchObject({
      seq: 1,
      action: 'export',
      at: body.created_at,
      address: '127.0.0.1',
      details: { frigate_retain: 'retained' },
    });
    expect(manifest.signature).toMatchObject({ algorithm: 'Ed25519', key_id: expect.any(String) });
  });

  it('asks Frigate to retain the exported event', async () => {
    const event = await server.addEvent({ clip: media.clip });
    await server.exportEvent(event.id);
    const retained = server.simulator.events().find((item) => item.id === event.frigateEventId);
    expect(retained?.retain_indefinitely).toBe(true);
  });

  it('audits the export and publishes it on the bus', async () => {
    const event = await server.addEvent({ clip: media.clip });
    const body = await server.exportEvent(event.id);

    const entries = await server.auditEntries('evidence.export');
    const entry = entries.find((candidate) => candidate.resource === `evidence/${body.id}`);
    expect(entry?.actor_id).toBe('user-Admin');
    expect(entry?.actor_email).toBe('user-Admin@test.local');
    expect(entry?.address).toBe('127.0.0.1');
    expect(entry?.details).toMatchObject({ event_id: event.id, sha256: body.sha256 });
    const message = published.find((candidate) => candidate.exportId === body.id);
    expect(message).toMatchObject({
      siteId: 'casa',
      eventId: event.id,
      format: 'mp4',
      sha256: body.sha256,
    });
  });

  it('exports a snapshot as jpg', async () => {
    const event = await server.addEvent({ clip: media.clip, snapshot: media.snapshot });
    const body = await server.exportEvent(event.id, 'jpg');
    expect(body.file_name).toBe(`export_${body.id}.jpg`);
    expect(body.sha256).toBe(sha256sum(media.snapshot));
    expect((await itemOf(body.id)).content_type).toBe('image/jpeg');
  });

  it('exports a clip that Frigate streams without a length', async () => {
    const event = await server.addEvent({ clip: media.clip });
    // Frigate 0.16 remuxes the clip with ffmpeg on request, so the bytes differ from the file.
    server.simulator.faults.streamedClips(true);
    let body;
    let served: Buffer;
    try {
      body = await server.exportEvent(event.id);
      const response = await fetch(
        `${server.frigateUrl}/api/events/${encodeURIComponent(event.frigateEventId)}/clip.mp4`,
      );
      expect(response.headers.get('content-length')).toBeNull();
      served = Buffer.from(await response.arrayBuffer());
    } finally {
      server.simulator.faults.streamedClips(false);
    }
    const path = join(workDir, 'streamed.mp4');
    writeFileSync(path, served);
    expect(body.sha256).toBe(sha256sum(path));
    expect(body.size).toBe(served.length);
  });

  it('skips the retain call when configured off', async () => {
    const install = (config: object) =>
      server.call('SuperAdmin', 'PUT', '/api/sites/casa/plugins/evidence-vault', {
        payload: { config },
      });
    expect((await install({ retain_in_frigate: false })).statusCode).toBe(200);
    const event = await server.addEvent({ clip: media.clip });
    let body;
    try {
      body = await server.exportEvent(event.id);
    } finally {
      await install({});
    }
    const manifest = (
      await server.call('Admin', 'GET', `/api/evidence/${body.id}/manifest`)
    ).json();
    expect(manifest.custody[0].details).toEqual({ frigate_retain: 'not_requested' });
    const frigateEvent = server.simulator.events().find((item) => item.id === event.frigateEventId);
    expect(frigateEvent?.retain_indefinitely).toBe(false);
  });

  it('lists exports newest first with filters and a cursor', async () => {
    const event = await server.addEvent({ clip: media.clip, camera: 'garden' });
    const first = await server.exportEvent(event.id);
    const second = await server.exportEvent(event.id);

    const page1 = await server.call('Admin', 'GET', `/api/evidence?event_id=${event.id}&limit=1`);
    expect(page1.statusCode).toBe(200);
    expect(page1.json().items.map((item: { id: string }) => item.id)).toEqual([second.id]);
    const cursor = page1.json().next_cursor as string;
    expect(cursor).toEqual(expect.any(String));

    const page2 = await server.call(
      'Admin',
      'GET',
      `/api/evidence?event_id=${event.id}&limit=1&cursor=${cursor}`,
    );
    expect(page2.json().items.map((item: { id: string }) => item.id)).toEqual([first.id]);
    expect(page2.json().next_cursor).toBeNull();

    const byCamera = await server.call('Admin', 'GET', '/api/evidence?camera=garden');
    expect(byCamera.json().items).toHaveLength(2);
    const byCameraId = await server.call(
      'Admin',
      'GET',
      `/api/evidence?camera_id=${event.cameraId}`,
    );
    expect(byCameraId.json().items).toHaveLength(2);
    const later = encodeURIComponent(new Date(Date.now() + 60_000).toISOString());
    const none = await server.call('Admin', 'GET', `/api/evidence?camera=garden&from=${later}`);
    expect(none.json().items).toEqual([]);
    const before = await server.call(
      'Admin',
      'GET',
      `/api/evidence?camera=garden&to=${encodeURIComponent(second.created_at)}`,
    );
    expect(before.json().items.map((item: { id: string }) => item.id)).toEqual([first.id]);
  });

  it('rejects a cursor it did not make', async () => {
    const response = await server.call('Admin', 'GET', '/api/evidence?cursor=bm90LWEtY3Vyc29y');
    expect(response.statusCode).toBe(400);
    expect(response.json().field).toBe('querystring/cursor');
  });

  it('hides exports of cameras outside the user scope', async () => {
    const visible = await server.addEvent({ clip: media.clip, camera: 'front_door' });
    const hidden = await server.addEvent({ clip: media.clip, camera: 'driveway' });
    const body = await server.exportEvent(hidden.id);
    const scoped = { 'x-test-cameras': visible.cameraId };

    const list = await server.call('Admin', 'GET', `/api/evidence?event_id=${hidden.id}`, {
      headers: scoped,
    });
    expect(list.json().items).toEqual([]);
    for (const [method, path] of [
      ['GET', ''],
      ['GET', '/manifest'],
      ['GET', '/download'],
      ['POST', '/verify'],
    ] as const) {
      const response = await server.call('Admin', method, `/api/evidence/${body.id}${path}`, {
        headers: scoped,
      });
      expect(response.statusCode, `${method} ${path}`).toBe(404);
      expect(response.json().code).toBe('CEN_ERR_EVIDENCE_NOT_FOUND');
    }
    expect((await itemOf(body.id)).download_count).toBe(0);
  });
});
