import { randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEvidenceServer, type EvidenceTestServer } from './support/evidence-centinela';
import { makeTestMedia, sha256sum, type TestMedia } from './support/media';

let workDir: string;
let media: TestMedia;
let server: EvidenceTestServer;

beforeAll(async () => {
  workDir = mkdtempSync(join(tmpdir(), 'centinela-evidence-idempotency-'));
  media = await makeTestMedia(workDir);
  server = await startEvidenceServer();
});

afterAll(async () => {
  await server?.destroy();
  rmSync(workDir, { recursive: true, force: true });
});

const REASON = 'Car scratched in the driveway';

function exportRequest(eventId: string, headers: Record<string, string> = {}, reason = REASON) {
  return server.call('Admin', 'POST', '/api/evidence/export', {
    payload: { event_id: eventId, reason, format: 'mp4' },
    headers,
  });
}

async function idsOfEvent(eventId: string): Promise<string[]> {
  const response = await server.call('Admin', 'GET', `/api/evidence?event_id=${eventId}`);
  return response.json().items.map((item: { id: string }) => item.id);
}

/** Names of the vault files of one export, in every day folder. */
function vaultFilesOf(id: string): string[] {
  const exportsDir = join(server.centinela.dataDir, 'vault', 'exports');
  return readdirSync(exportsDir, { recursive: true })
    .map(String)
    .filter((name) => name.includes(id))
    .sort();
}

describe('export idempotency', () => {
  it('returns the first export for a retried key', async () => {
    const event = await server.addEvent({ clip: media.clip });
    const key = randomUUID();
    const first = await exportRequest(event.id, { 'idempotency-key': key });
    expect(first.statusCode).toBe(201);
    const retry = await exportRequest(event.id, { 'idempotency-key': key });
    expect(retry.statusCode).toBe(200);
    expect(retry.json()).toEqual(first.json());
    expect(await idsOfEvent(event.id)).toEqual([first.json().id]);
  });

  it('keeps the same key of two users apart', async () => {
    const event = await server.addEvent({ clip: media.clip });
    const key = randomUUID();
    const mine = await exportRequest(event.id, { 'idempotency-key': key });
    const theirs = await exportRequest(event.id, {
      'idempotency-key': key,
      'x-test-user': 'other-admin',
    });
    expect(mine.statusCode).toBe(201);
    expect(theirs.statusCode).toBe(201);
    expect(theirs.json().id).not.toBe(mine.json().id);
  });

  it('rejects a key reused for another request', async () => {
    const event = await server.addEvent({ clip: media.clip });
    const key = randomUUID();
    expect((await exportRequest(event.id, { 'idempotency-key': key })).statusCode).toBe(201);
    const changed = await exportRequest(event.id, { 'idempotency-key': key }, 'A different reason');
    expect(changed.statusCode).toBe(422);
    expect(changed.json()).toMatchObject({
      code: 'CEN_ERR_EVIDENCE_IDEMPOTENCY_KEY_REUSED',
      field: 'headers/idempotency-key',
    });
  });

  it('rejects a key with spaces', async () => {
    const event = await server.addEvent({ clip: media.clip });
    const response = await exportRequest(event.id, { 'idempotency-key': 'not a token' });
    expect(response.statusCode).toBe(400);
    expect(response.json().code).toBe('CEN_ERR_EVIDENCE_IDEMPOTENCY_KEY_INVALID');
  });

  it('keeps concurrent exports of one event apart', async () => {
    const event = await server.addEvent({ clip: media.clip });
    const responses = await Promise.all([
      exportRequest(event.id),
      exportRequest(event.id),
      exportRequest(event.id, { 'idempotency-key': randomUUID() }),
      exportRequest(event.id, { 'idempotency-key': randomUUID() }),
    ]);
    expect(responses.map((response) => response.statusCode)).toEqual([201, 201, 201, 201]);
    const ids = responses.map((response) => response.json().id as string);
    expect(new Set(ids).size).toBe(4);

    const expected = sha256sum(media.clip);
    for (const id of ids) {
      const result = (await server.call('Admin', 'POST', `/api/evidence/${id}/verify`)).json();
      expect(result).toMatchObject({
        match: true,
        sha256_actual: expected,
        signature_valid: true,
        custody_valid: true,
      });
      expect(vaultFilesOf(id)).toHaveLength(5);
    }
  });

  it('keeps one export for concurrent requests with one key', async () => {
    const event = await server.addEvent({ clip: media.clip });
    const key = randomUUID();
    const responses = await Promise.all([
      exportRequest(event.id, { 'idempotency-key': key }),
      exportRequest(event.id, { 'idempotency-key': key }),
    ]);
    expect(responses.map((response) => response.statusCode).sort()).toEqual([200, 201]);
    const ids = new Set(responses.map((response) => response.json().id as string));
    expect(ids.size).toBe(1);
    const [id] = [...ids];
    expect(await idsOfEvent(event.id)).toEqual([id]);
    const allFiles = readdirSync(join(server.centinela.dataDir, 'vault', 'exports'), {
      recursive: true,
    }).map(String);
    const exportIds = new Set(
      allFiles.map((name) => /export_([0-9a-f-]{36})\.mp4$/.exec(name)?.[1]).filter(Boolean),
    );
    const rows = (await server.call('Admin', 'GET', '/api/evidence?limit=200')).json().items;
    // Every media file in the vault belongs to a recorded export: the loser's files are gone.
    expect([...exportIds].sort()).toEqual(
      rows
        .filter((row: { format: string }) => row.format === 'mp4')
        .map((row: { id: string }) => row.id)
        .sort(),
    );
  });
});
