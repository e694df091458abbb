import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EventRecord } from '@centinela/plugin-frigate-events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  bearerOf,
  startEvidenceServer,
  type EvidenceTestServer,
} from './support/evidence-centinela';
import { makeTestMedia, type TestMedia } from './support/media';

// Accounts, roles and camera scopes come from the real auth-mfa and rbac plugins here, and
// the audit entries from the real audit log.
let workDir: string;
let media: TestMedia;
let server: EvidenceTestServer;
let frontDoor: EventRecord;
let driveway: EventRecord;

interface TestUser {
  id: string;
  headers: Record<string, string>;
}

/** Set in beforeAll: an Admin limited to front_door, an Admin of all cameras and a ReadOnly. */
const users = new Map<'porch' | 'admin' | 'viewer', TestUser>();

const REASON = 'Report 2026-1187, package taken from the porch';
const USER_PASSWORD = 'a quiet harbour at dawn 7';

async function addUser(
  email: string,
  role: 'Admin' | 'ReadOnly',
  cameraScope: string[] | null,
): Promise<TestUser> {
  const response = await server.call('SuperAdmin', 'POST', '/api/users', {
    payload: {
      email,
      role,
      password: USER_PASSWORD,
      camera_scope: cameraScope,
      must_change_password: false,
    },
  });
  if (response.statusCode !== 201) throw new Error(`creating ${email} failed: ${response.body}`);
  return {
    id: response.json().id as string,
    headers: await bearerOf(server.centinela, email, USER_PASSWORD),
  };
}

function userOf(name: 'porch' | 'admin' | 'viewer'): TestUser {
  const user = users.get(name);
  if (user === undefined) throw new Error(`user ${name} was not created`);
  return user;
}

function request(
  user: 'porch' | 'admin' | 'viewer',
  method: 'GET' | 'POST',
  url: string,
  payload?: object,
) {
  return server.centinela.app.inject({
    method,
    url,
    headers: userOf(user).headers,
    ...(payload === undefined ? {} : { payload }),
  });
}

beforeAll(async () => {
  workDir = mkdtempSync(join(tmpdir(), 'centinela-evidence-accounts-'));
  media = await makeTestMedia(workDir);
  server = await startEvidenceServer({ realAccounts: true });
  frontDoor = await server.addEvent({ clip: media.clip, camera: 'front_door' });
  driveway = await server.addEvent({ clip: media.clip, camera: 'driveway' });
  users.set('porch', await addUser('porch@example.com', 'Admin', [frontDoor.cameraId]));
  users.set('admin', await addUser('admin@example.com', 'Admin', null));
  users.set('viewer', await addUser('viewer@example.com', 'ReadOnly', null));
});

afterAll(async () => {
  await server?.destroy();
  rmSync(workDir, { recursive: true, force: true });
});

describe('evidence with real accounts', () => {
  it('limits a scoped Admin to the cameras of the scope', async () => {
    const refused = await request('porch', 'POST', '/api/evidence/export', {
      event_id: driveway.id,
      reason: REASON,
      format: 'mp4',
    });
    expect(refused.statusCode).toBe(404);
    expect(refused.json().code).toBe('CEN_ERR_EVIDENCE_EVENT_NOT_FOUND');

    const own = await request('porch', 'POST', '/api/evidence/export', {
      event_id: frontDoor.id,
      reason: REASON,
      format: 'mp4',
    });
    expect(own.statusCode).toBe(201);
    const other = await request('admin', 'POST', '/api/evidence/export', {
      event_id: driveway.id,
      reason: REASON,
      format: 'mp4',
    });
    expect(other.statusCode).toBe(201);

    const list = await request('porch', 'GET', '/api/evidence');
    expect(list.json().items.map((item: { id: string }) => item.id)).toEqual([own.json().id]);
    for (const [method, path] of [
      ['GET', ''],
      ['GET', '/manifest'],
      ['GET', '/download'],
      ['POST', '/verify'],
    ] as const) {
      const response = await request('porch', method, `/api/evidence/${other.json().id}${path}`);
      expect(response.statusCode, `${method} ${path}`).toBe(404);
    }
    const everything = await request('admin', 'GET', '/api/evidence');
    expect(everything.json().items).toHaveLength(2);
  });

  it('refuses exports and downloads to ReadOnly', async () => {
    const exported = await request('admin', 'POST', '/api/evidence/export', {
      event_id: frontDoor.id,
      reason: REASON,
      format: 'mp4',
    });
    const id = exported.json().id as string;

    const refusals = [
      await request('viewer', 'POST', '/api/evidence/export', {
        event_id: frontDoor.id,
        reason: REASON,
        format: 'mp4',
      }),
      await request('viewer', 'GET', '/api/evidence'),
      await request('viewer', 'GET', `/api/evidence/${id}/download`),
      await request('viewer', 'GET', `/api/evidence/${id}/manifest`),
    ];
    expect(refusals.map((response) => response.statusCode)).toEqual([403, 403, 403, 403]);
    const item = await request('admin', 'GET', `/api/evidence/${id}`);
    expect(item.json().download_count).toBe(0);
    const denied = await server.auditEntries('access.denied');
    expect(denied.filter((entry) => entry.actor_id === userOf('viewer').id)).toHaveLength(4);
  });

  it('records exports and downloads with the account in the audit log', async () => {
    const exported = await request('admin', 'POST', '/api/evidence/export', {
      event_id: driveway.id,
      reason: REASON,
      format: 'mp4',
    });
    const id = exported.json().id as string;
    expect((await request('admin', 'GET', `/api/evidence/${id}/download`)).statusCode).toBe(200);

    const entries = (await server.auditEntries('evidence.*')).filter(
      (entry) => entry.resource === `evidence/${id}`,
    );
    expect(entries.map((entry) => entry.action)).toEqual(['evidence.download', 'evidence.export']);
    for (const entry of entries) {
      expect(entry.actor_id).toBe(userOf('admin').id);
      expect(entry.actor_email).toBe('admin@example.com');
    }
    const manifest = (await request('admin', 'GET', `/api/evidence/${id}/manifest`)).json();
    expect(manifest.custody.map((entry: { actor: { id: string } }) => entry.actor.id)).toEqual([
      userOf('admin').id,
      userOf('admin').id,
    ]);
  });
});
