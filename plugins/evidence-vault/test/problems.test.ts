import { randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEvidenceServer, type EvidenceTestServer } from './support/evidence-centinela';
import { makeTestMedia, type TestMedia } from './support/media';

let workDir: string;
let media: TestMedia;
let server: EvidenceTestServer;

beforeAll(async () => {
  workDir = mkdtempSync(join(tmpdir(), 'centinela-evidence-problems-'));
  media = await makeTestMedia(workDir);
  server = await startEvidenceServer({ faultProxy: true });
});

afterAll(async () => {
  await server?.destroy();
  rmSync(workDir, { recursive: true, force: true });
});

function exportAs(
  role: 'Admin' | 'ReadOnly' | 'SuperAdmin',
  payload: object,
  headers: Record<string, string> = {},
) {
  return server.call(role, 'POST', '/api/evidence/export', { payload, headers });
}

const REASON = 'Broken window at the back door';

async function exportCount(): Promise<number> {
  const rows = await server.centinela.database.orm.em
    .fork()
    .getConnection()
    .execute('select count(*)::int as n from evidence_exports');
  return Number(rows[0].n);
}

/** Files under the vault's exports folder, relative to it. */
function exportFiles(): string[] {
  const exportsDir = join(server.centinela.dataDir, 'vault', 'exports');
  return readdirSync(exportsDir, { recursive: true })
    .map(String)
    .filter((name) => statSync(join(exportsDir, name)).isFile())
    .sort();
}

describe('export problems', () => {
  it('answers 404 for an unknown event', async () => {
    const response = await exportAs('Admin', {
      event_id: randomUUID(),
      reason: REASON,
      format: 'mp4',
    });
    expect(response.statusCode).toBe(404);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.json()).toMatchObject({
      code: 'CEN_ERR_EVIDENCE_EVENT_NOT_FOUND',
      field: 'body/event_id',
    });
  });

  it('answers 404 for an event outside the camera scope', async () => {
    const event = await server.addEvent({ clip: media.clip, camera: 'driveway' });
    const other = await server.addEvent({ clip: media.clip, camera: 'front_door' });
    const response = await exportAs(
      'Admin',
      { event_id: event.id, reason: REASON, format: 'mp4' },
      { 'x-test-cameras': other.cameraId },
    );
    expect(response.statusCode).toBe(404);
    expect(response.json().code).toBe('CEN_ERR_EVIDENCE_EVENT_NOT_FOUND');
    const allowed = await exportAs(
      'Admin',
      { event_id: other.id, reason: REASON, format: 'mp4' },
      { 'x-test-cameras': other.cameraId },
    );
    expect(allowed.statusCode).toBe(201);
  });

  it('answers 404 for a user with no cameras', async () => {
    const event = await server.addEvent({ clip: media.clip });
    const response = await exportAs(
      'Admin',
      { event_id: event.id, reason: REASON, format: 'mp4' },
      { 'x-test-cameras': '' },
    );
    expect(response.statusCode).toBe(404);
    const list = await server.call('Admin', 'GET', '/api/evidence', {
      headers: { 'x-test-cameras': '' },
    });
    expect(list.json().items).toEqual([]);
  });

  it('answers 422 for an event without a clip', async () => {
    const event = await server.addEvent({ hasClip: false, snapshot: media.snapshot });
    const response = await exportAs('Admin', { event_id: event.id, reason: REASON, format: 'mp4' });
    expect(response.statusCode).toBe(422);
    expect(response.json()).toMatchObject({
      code: 'CEN_ERR_EVIDENCE_NO_MEDIA',
      field: 'body/format',
    });
    expect(response.json().fix).toContain('format jpg');
  });

  it('answers 422 when Frigate lost the recording', async () => {
    // Frigate reports has_clip, but its retention already removed the recording.
    const event = await server.addEvent({ endedSecondsAgo: 600 });
    const response = await exportAs('Admin', { event_id: event.id, reason: REASON, format: 'mp4' });
    expect(response.statusCode).toBe(422);
    expect(response.json().code).toBe('CEN_ERR_EVIDENCE_NO_MEDIA');
  });

  it('answers 422 when Frigate has no snapshot file', async () => {
    const event = await server.addEvent({ clip: media.clip });
    const response = await exportAs('Admin', { event_id: event.id, reason: REASON, format: 'jpg' });
    expect(response.statusCode).toBe(422);
    expect(response.json().code).toBe('CEN_ERR_EVIDENCE_NO_MEDIA');
  });

  it('answers 409 with Retry-After for an event in progress', async () => {
    const event = await server.addEvent({ endedSecondsAgo: null, clip: media.clip });
    expect(event.endTime).toBeNull();
    const response = await exportAs('Admin', { event_id: event.id, reason: REASON, format: 'mp4' });
    expect(response.statusCode).toBe(409);
    expect(response.headers['retry-after']).toBe('30');
    expect(response.json()).toMatchObject({
      code: 'CEN_ERR_EVIDENCE_EVENT_IN_PROGRESS',
      retry_after_seconds: 30,
    });
  });

  it('answers 409 with Retry-After while Frigate has no recording yet', async () => {
    // Frigate 0.16 returns an empty 200 until the recording of a just-ended event is written.
    const event = await server.addEvent({ endedSecondsAgo: 1 });
    const before = await exportCount();
    const response = await exportAs('Admin', { event_id: event.id, reason: REASON, format: 'mp4' });
    expect(response.statusCode).toBe(409);
    expect(response.headers['retry-after']).toBe('5');
    expect(response.json()).toMatchObject({
      code: 'CEN_ERR_EVIDENCE_MEDIA_NOT_READY',
      retry_after_seconds: 5,
    });
    expect(await exportCount()).toBe(before);
  });

  it('answers 502 when Frigate is unreachable', async () => {
    const event = await server.addEvent({ clip: media.clip });
    const before = await exportCount();
    const filesBefore = exportFiles();
    await server.simulator.faults.down(true);
    let response;
    try {
      response = await exportAs('Admin', { event_id: event.id, reason: REASON, format: 'mp4' });
    } finally {
      await server.simulator.faults.down(false);
    }
    expect(response.statusCode).toBe(502);
    expect(response.json().code).toBe('CEN_ERR_EVIDENCE_SOURCE_UNAVAILABLE');
    expect(response.json().fix).toContain('/api/ready');
    expect(await exportCount()).toBe(before);
    expect(exportFiles()).toEqual(filesBefore);
  });

  it('answers 502 when the clip stream breaks off', async () => {
    const event = await server.addEvent({ clip: media.clip });
    server.proxy!.faults.set(event.frigateEventId, { kind: 'break-off', afterBytes: 4096 });
    const before = await exportCount();
    const filesBefore = exportFiles();
    const response = await exportAs('Admin', { event_id: event.id, reason: REASON, format: 'mp4' });
    expect(response.statusCode).toBe(502);
    expect(response.json().code).toBe('CEN_ERR_EVIDENCE_SOURCE_UNAVAILABLE');
    expect(await exportCount()).toBe(before);
    expect(exportFiles()).toEqual(filesBefore);
  });

  it('keeps the export when Frigate fails to retain the event', async () => {
    const event = await server.addEvent({ clip: media.clip });
    server.proxy!.failRetain = true;
    let body;
    try {
      body = await server.exportEvent(event.id);
    } finally {
      server.proxy!.failRetain = false;
    }
    const manifest = (
      await server.call('Admin', 'GET', `/api/evidence/${body.id}/manifest`)
    ).json();
    expect(manifest.custody[0].details.frigate_retain).toBe('failed');
    expect(manifest.custody[0].details.frigate_retain_error).toContain('500');
  });

  it('rejects a reason of spaces', async () => {
    const event = await server.addEvent({ clip: media.clip });
    const response = await exportAs('Admin', {
      event_id: event.id,
      reason: '     ',
      format: 'mp4',
    });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ code: 'CEN_ERR_VALIDATION', field: 'body/reason' });
  });

  it('rejects a reason longer than 500 characters', async () => {
    const event = await server.addEvent({ clip: media.clip });
    const response = await exportAs('Admin', {
      event_id: event.id,
      reason: 'x'.repeat(501),
      format: 'mp4',
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().field).toBe('body/reason');
  });

  it('rejects a reason with control characters', async () => {
    const event = await server.addEvent({ clip: media.clip });
    for (const reason of ['Report\u0007 2026-1187', 'Report\u007f 2026-1187']) {
      const response = await exportAs('Admin', { event_id: event.id, reason, format: 'mp4' });
      expect(response.statusCode, JSON.stringify(reason)).toBe(400);
      expect(response.json().field).toBe('body/reason');
    }
    const multiline = await exportAs('Admin', {
      event_id: event.id,
      reason: 'Report 2026-1187\n\tfiled by phone, señora Pérez',
      format: 'mp4',
    });
    expect(multiline.statusCode).toBe(201);
  });

  it('rejects an unknown format', async () => {
    const event = await server.addEvent({ clip: media.clip });
    const response = await exportAs('Admin', { event_id: event.id, reason: REASON, format: 'avi' });
    expect(response.statusCode).toBe(400);
    expect(response.json().field).toBe('body/format');
  });

  it('answers 404 for an unknown export', async () => {
    for (const path of ['', '/download', '/manifest']) {
      const response = await server.call('Admin', 'GET', `/api/evidence/${randomUUID()}${path}`);
      expect(response.statusCode).toBe(404);
      expect(response.json().code).toBe('CEN_ERR_EVIDENCE_NOT_FOUND');
    }
    const verify = await server.call('Admin', 'POST', `/api/evidence/${randomUUID()}/verify`);
    expect(verify.json().code).toBe('CEN_ERR_EVIDENCE_NOT_FOUND');
  });
});

describe('evidence roles', () => {
  let exportId: string;
  let eventId: string;

  beforeAll(async () => {
    eventId = (await server.addEvent({ clip: media.clip })).id;
    exportId = (await server.exportEvent(eventId)).id;
  });

  const routes = (): Array<['GET' | 'POST', string, object | undefined]> => [
    ['POST', '/api/evidence/export', { event_id: eventId, reason: REASON, format: 'mp4' }],
    ['GET', '/api/evidence', undefined],
    ['GET', `/api/evidence/${exportId}`, undefined],
    ['GET', `/api/evidence/${exportId}/download`, undefined],
    ['GET', `/api/evidence/${exportId}/manifest`, undefined],
    ['POST', `/api/evidence/${exportId}/verify`, undefined],
  ];

  it('refuses ReadOnly on every route but the public key', async () => {
    const before = await exportCount();
    for (const [method, url, payload] of routes()) {
      const response = await server.call(
        'ReadOnly',
        method,
        url,
        payload === undefined ? {} : { payload },
      );
      expect(response.statusCode, `${method} ${url}`).toBe(403);
      expect(response.json().code).toBe('CEN_ERR_RBAC_FORBIDDEN');
    }
    expect(await exportCount()).toBe(before);
    expect((await server.call('ReadOnly', 'GET', '/api/evidence/public-key')).statusCode).toBe(200);
    const denied = await server.auditEntries('access.denied');
    expect(denied.filter((entry) => entry.actor_id === 'user-ReadOnly')).toHaveLength(6);
  });

  it('admits Admin and SuperAdmin on every route', async () => {
    for (const role of ['Admin', 'SuperAdmin'] as const) {
      for (const [method, url, payload] of routes()) {
        const response = await server.call(
          role,
          method,
          url,
          payload === undefined ? {} : { payload },
        );
        expect(response.statusCode, `${role} ${method} ${url}`).toBeLessThan(300);
      }
    }
  });

  it('requires a login on every route but the public key', async () => {
    for (const [method, url, payload] of routes()) {
      const response = await server.call(
        null,
        method,
        url,
        payload === undefined ? {} : { payload },
      );
      expect(response.statusCode, `${method} ${url}`).toBe(401);
    }
  });
});
