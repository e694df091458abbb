import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CentinelaPlugin } from '@centinela/core';
import auditPlugin from '@centinela/plugin-audit';
import authMfaPlugin from '@centinela/plugin-auth-mfa';
import evidenceVaultPlugin from '@centinela/plugin-evidence-vault';
import frigateEventsPlugin from '@centinela/plugin-frigate-events';
import gdriveBackupPlugin from '@centinela/plugin-gdrive-backup';
import rbacPlugin from '@centinela/plugin-rbac';
import { startFrigateSimulator, type FrigateSimulator } from '@centinela/frigate-simulator';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import { startTestCentinela, type TestCentinela } from '../../../core/test/support/centinela';
import { ADMIN_EMAIL, ADMIN_PASSWORD } from '../../auth-mfa/test/support/harness';

const BUILTIN_PLUGINS: CentinelaPlugin[] = [
  authMfaPlugin,
  rbacPlugin,
  auditPlugin,
  frigateEventsPlugin,
  evidenceVaultPlugin,
  gdriveBackupPlugin,
];
const REASON = 'Report 2026-0412, gate left open';

type Item = Record<string, unknown>;

/** Run ffmpeg on its test pattern source; fails the setup with ffmpeg's message. */
function ffmpeg(args: string[]): void {
  const source = ['-f', 'lavfi', '-i', 'testsrc2=size=160x120:rate=10'];
  const result = spawnSync(
    'ffmpeg',
    ['-hide_banner', '-loglevel', 'error', '-y', ...source, ...args],
    {
      encoding: 'utf8',
    },
  );
  if (result.status !== 0) throw new Error(`ffmpeg failed: ${result.stderr}`);
}

interface TestMedia {
  clipPath: string;
  snapshotPath: string;
  thumbnailPath: string;
}

/** Make a 1-second H.264 clip, a JPEG still and a WebP thumbnail, so that every media route has a file. */
function makeMedia(dir: string): TestMedia {
  const media = {
    clipPath: join(dir, 'clip.mp4'),
    snapshotPath: join(dir, 'snapshot.jpg'),
    thumbnailPath: join(dir, 'thumbnail.webp'),
  };
  ffmpeg([
    '-t',
    '1',
    '-c:v',
    'libx264',
    '-preset',
    'ultrafast',
    '-pix_fmt',
    'yuv420p',
    media.clipPath,
  ]);
  ffmpeg(['-frames:v', '1', media.snapshotPath]);
  ffmpeg(['-frames:v', '1', '-c:v', 'libwebp', media.thumbnailPath]);
  return media;
}

/** Open a WebSocket client that keeps every message it receives. */
async function connect(url: string): Promise<{ socket: WebSocket; messages: Item[] }> {
  const socket = new WebSocket(url);
  const messages: Item[] = [];
  socket.on('message', (raw) => messages.push(JSON.parse(raw.toString()) as Item));
  await new Promise((resolve, reject) => {
    socket.once('open', resolve);
    socket.once('error', reject);
  });
  return { socket, messages };
}

/**
 * A user limited to one camera, with the six builtin plugins loaded and the Frigate simulator
 * with two cameras: lists, media, evidence and WebSocket messages must show nothing of the other.
 */
describe('camera scope across the builtin plugins', () => {
  let frigate: FrigateSimulator;
  let centinela: TestCentinela;
  let mediaDir: string;
  const headers: Record<'boss' | 'admin' | 'viewer', Record<string, string>> = {
    boss: {},
    admin: {},
    viewer: {},
  };
  const tokens: Record<string, string> = {};
  const cameraId: Record<'porton' | 'patio', string> = { porton: '', patio: '' };
  const eventId: Record<'porton' | 'patio', string> = { porton: '', patio: '' };
  const base = Math.floor(Date.now() / 1000) - 3600;
  let media: TestMedia;

  const call = (
    who: keyof typeof headers,
    method: 'GET' | 'POST' | 'PATCH',
    url: string,
    payload?: object,
  ): Promise<LightMyRequestResponse> =>
    centinela.app.inject({
      method,
      url,
      headers: headers[who],
      ...(payload === undefined ? {} : { payload }),
    });

  /** Add a finished event to Frigate without an MQTT message; the next sync stores it. */
  function addEvent(camera: 'porton' | 'patio', offset: number): string {
    const start = base + offset + 0.5;
    const input = {
      camera,
      label: 'person',
      start_time: start,
      end_time: start + 5,
      has_clip: true,
      has_snapshot: true,
    };
    return frigate.addEvent(input, media, { publish: false }).id;
  }

  beforeAll(async () => {
    mediaDir = mkdtempSync(join(tmpdir(), 'centinela-scope-'));
    media = makeMedia(mediaDir);
    // No broker for the simulator: events reach Centinela through the backfills the test runs.
    frigate = await startFrigateSimulator({ cameras: ['porton', 'patio'], replay: false });
    centinela = await startTestCentinela({
      database: 'postgres',
      plugins: BUILTIN_PLUGINS,
      env: {
        FRIGATE_URL: frigate.url,
        FRIGATE_MQTT_PREFIX: `scope-test-${randomBytes(4).toString('hex')}`,
        CENTINELA_ADMIN_EMAIL: ADMIN_EMAIL,
        CENTINELA_ADMIN_PASSWORD: ADMIN_PASSWORD,
      },
    });
    const login = async (email: string, password: string) => {
      const response = await centinela.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { email, password },
      });
      expect(response.statusCode, response.body).toBe(200);
      return response.json().access_token as string;
    };
    tokens.boss = await login(ADMIN_EMAIL, ADMIN_PASSWORD);
    headers.boss = { authorization: `Bearer ${tokens.boss}` };

    // Backfill only when a test requests one.
    const configured = await centinela.app.inject({
      method: 'PUT',
      url: '/api/sites/casa/plugins/frigate-events',
      headers: headers.boss,
      payload: { config: { poll_interval_seconds: 3600, initial_backfill_hours: 24 } },
    });
    expect(configured.statusCode, configured.body).toBe(200);
    if (!centinela.sites.isEnabled('casa', 'evidence-vault')) {
      const installed = await centinela.app.inject({
        method: 'PUT',
        url: '/api/sites/casa/plugins/evidence-vault',
        headers: headers.boss,
        payload: { config: {} },
      });
      expect(installed.statusCode, installed.body).toBe(200);
    }

    eventId.porton = addEvent('porton', 0);
    eventId.patio = addEvent('patio', 10);
    // The first backfill finds the cameras in Frigate's config; events of unknown cameras wait for the next one.
    await vi.waitFor(
      async () => {
        expect((await call('boss', 'POST', '/api/events/sync')).statusCode).toBe(200);
        const cameras = (await call('boss', 'GET', '/api/cameras')).json().items as Item[];
        expect(cameras.map((camera) => camera.name)).toEqual(['patio', 'porton']);
        const events = (await call('boss', 'GET', '/api/events')).json().items as Item[];
        expect(events).toHaveLength(2);
        // The simulator makes a review segment for each event, as Frigate does.
        const reviews = (await call('boss', 'GET', '/api/reviews')).json().items as Item[];
        expect(new Set(reviews.map((review) => review.camera))).toEqual(
          new Set(['porton', 'patio']),
        );
      },
      { timeout: 10_000, interval: 200 },
    );
    const cameras = (await call('boss', 'GET', '/api/cameras')).json().items as Item[];
    for (const camera of cameras) cameraId[camera.name as 'porton' | 'patio'] = camera.id as string;
    const events = (await call('boss', 'GET', '/api/events')).json().items as Item[];
    for (const camera of ['porton', 'patio'] as const) {
      const found = events.find((event) => event.frigate_event_id === eventId[camera]);
      expect(found, camera).toBeDefined();
      eventId[camera] = found!.id as string;
    }

    for (const [who, role] of [
      ['admin', 'Admin'],
      ['viewer', 'ReadOnly'],
    ] as const) {
      const email = `${who}.porton@example.com`;
      const password = `only the gate camera ${who}`;
      const created = await call('boss', 'POST', '/api/users', {
        email,
        role,
        password,
        must_change_password: false,
        camera_scope: [cameraId.porton],
      });
      expect(created.statusCode, created.body).toBe(201);
      tokens[who] = await login(email, password);
      headers[who] = { authorization: `Bearer ${tokens[who]}` };
    }
  });

  afterAll(async () => {
    await centinela?.destroy();
    await frigate?.stop();
    rmSync(mediaDir, { recursive: true, force: true });
  });

  it('lists only the cameras, events and reviews in scope', async () => {
    for (const who of ['admin', 'viewer'] as const) {
      const cameras = (await call(who, 'GET', '/api/cameras')).json().items as Item[];
      expect(
        cameras.map((camera) => camera.id),
        who,
      ).toEqual([cameraId.porton]);
      const events = (await call(who, 'GET', '/api/events')).json().items as Item[];
      expect(events.length, who).toBeGreaterThan(0);
      expect(new Set(events.map((event) => event.camera_id)), who).toEqual(
        new Set([cameraId.porton]),
      );
      expect(
        (await call(who, 'GET', `/api/events?camera_id=${cameraId.patio}`)).json().items,
        who,
      ).toEqual([]);
      const reviews = (await call(who, 'GET', '/api/reviews')).json().items as Item[];
      expect(reviews.length, who).toBeGreaterThan(0);
      expect(new Set(reviews.map((review) => review.camera_id)), who).toEqual(
        new Set([cameraId.porton]),
      );
    }
    const everything = (await call('boss', 'GET', '/api/events')).json().items as Item[];
    expect(new Set(everything.map((event) => event.camera_id))).toEqual(
      new Set([cameraId.porton, cameraId.patio]),
    );
    const allReviews = (await call('boss', 'GET', '/api/reviews')).json().items as Item[];
    expect(new Set(allReviews.map((review) => review.camera_id))).toEqual(
      new Set([cameraId.porton, cameraId.patio]),
    );
  });

  it('answers 404 for single events and media of other cameras', async () => {
    for (const who of ['admin', 'viewer'] as const) {
      for (const path of ['', '/snapshot', '/clip', '/thumbnail']) {
        const other = await call(who, 'GET', `/api/events/${eventId.patio}${path}`);
        expect(other.statusCode, `${who} patio ${path}`).toBe(404);
        expect(other.body, `${who} patio ${path}`).not.toContain('patio');
        expect(
          (await call(who, 'GET', `/api/events/${eventId.porton}${path}`)).statusCode,
          `${who} porton ${path}`,
        ).toBe(200);
      }
      expect(
        (await call(who, 'GET', `/api/cameras/${cameraId.patio}/latest.jpg`)).statusCode,
        who,
      ).toBe(404);
      expect(
        (await call(who, 'GET', `/api/cameras/${cameraId.porton}/latest.jpg`)).statusCode,
        who,
      ).toBe(200);
    }
  });

  it('keeps exports of other cameras out of reach', async () => {
    const refused = await call('admin', 'POST', '/api/evidence/export', {
      event_id: eventId.patio,
      reason: REASON,
      format: 'mp4',
    });
    expect(refused.statusCode).toBe(404);
    const mine = await call('admin', 'POST', '/api/evidence/export', {
      event_id: eventId.porton,
      reason: REASON,
      format: 'mp4',
    });
    expect(mine.statusCode, mine.body).toBe(201);
    const theirs = await call('boss', 'POST', '/api/evidence/export', {
      event_id: eventId.patio,
      reason: REASON,
      format: 'jpg',
    });
    expect(theirs.statusCode, theirs.body).toBe(201);
    const theirId = theirs.json().id as string;

    const listed = (await call('admin', 'GET', '/api/evidence')).json().items as Item[];
    expect(listed.map((item) => item.id)).toEqual([mine.json().id]);
    for (const path of ['', '/download', '/manifest']) {
      expect((await call('admin', 'GET', `/api/evidence/${theirId}${path}`)).statusCode, path).toBe(
        404,
      );
    }
    expect((await call('admin', 'POST', `/api/evidence/${theirId}/verify`)).statusCode).toBe(404);
    const download = await call('admin', 'GET', `/api/evidence/${mine.json().id}/download`);
    expect(download.statusCode).toBe(200);
    expect((await call('viewer', 'GET', '/api/evidence')).statusCode).toBe(403);
    expect((await call('boss', 'GET', '/api/evidence')).json().items).toHaveLength(2);

    await centinela.services.get('audit').flush();
    const audit = (await call('boss', 'GET', '/api/audit?action=evidence.*')).json()
      .items as Item[];
    const actions = audit.map((entry) => `${entry.action} ${entry.resource}`);
    expect(
      actions.some(
        (line) => line.startsWith('evidence.export') && line.includes(mine.json().id as string),
      ),
    ).toBe(true);
    expect(
      actions.some(
        (line) => line.startsWith('evidence.download') && line.includes(mine.json().id as string),
      ),
    ).toBe(true);
  });

  it('audits camera changes made through the API and the discovered camera list', async () => {
    const renamed = await call('boss', 'PATCH', `/api/cameras/${cameraId.patio}`, {
      friendly_name: 'Patio trasero',
    });
    expect(renamed.statusCode, renamed.body).toBe(200);
    expect(
      (
        await call('admin', 'PATCH', `/api/cameras/${cameraId.porton}`, {
          friendly_name: 'Mine now',
        })
      ).statusCode,
    ).toBe(403);

    await centinela.services.get('audit').flush();
    const audit = async (query: string) =>
      (await call('boss', 'GET', `/api/audit?${query}`)).json().items as Item[];
    const [update] = await audit('action=camera.update');
    expect(update).toMatchObject({
      resource: `camera/${cameraId.patio}`,
      actor_email: ADMIN_EMAIL,
      details: { name: 'patio', changes: { friendly_name: 'Patio trasero' } },
    });
    const lists = await audit('action=cameras.changed');
    expect(lists.length).toBeGreaterThan(0);
    expect(JSON.stringify(lists[lists.length - 1]!.details)).toContain('porton');
    const [denied] = await audit('action=access.denied');
    expect(denied).toMatchObject({
      resource: `PATCH /api/cameras/${cameraId.porton}`,
      actor_email: 'admin.porton@example.com',
      details: { permission: 'cameras:manage' },
    });
  });

  it('sends WebSocket messages only about cameras in scope', async () => {
    const url = (who: string) =>
      `${centinela.app.listeningOrigin.replace('http', 'ws')}/api/ws?access_token=${tokens[who]}`;
    await centinela.listen();
    const boss = await connect(url('boss'));
    const admin = await connect(url('admin'));
    try {
      for (const client of [boss, admin])
        client.socket.send(JSON.stringify({ type: 'subscribe', topics: ['events:casa'] }));
      await vi.waitFor(() => {
        for (const client of [boss, admin])
          expect(client.messages.some((message) => message.type === 'subscribed')).toBe(true);
      });
      const fresh = { porton: addEvent('porton', 20), patio: addEvent('patio', 30) };
      expect((await call('boss', 'POST', '/api/events/sync')).statusCode).toBe(200);

      const framesAbout = (messages: Item[], frigateId: string) =>
        messages.filter(
          (message) =>
            message.type === 'message' &&
            ((message.data as Item).event as Item).frigate_event_id === frigateId,
        );
      await vi.waitFor(() => {
        expect(framesAbout(boss.messages, fresh.porton).length).toBeGreaterThan(0);
        expect(framesAbout(boss.messages, fresh.patio).length).toBeGreaterThan(0);
      });
      // The hub writes to both sockets in the same loop. A pong sent after that loop shows that
      // everything meant for the scoped socket has arrived.
      admin.socket.send(JSON.stringify({ type: 'ping' }));
      await vi.waitFor(() =>
        expect(admin.messages.some((message) => message.type === 'pong')).toBe(true),
      );
      expect(framesAbout(admin.messages, fresh.porton).length).toBeGreaterThan(0);
      expect(framesAbout(admin.messages, fresh.patio)).toEqual([]);
      const cameraIds = admin.messages
        .filter((message) => message.type === 'message')
        .map((message) => ((message.data as Item).event as Item).camera_id);
      expect(new Set(cameraIds)).toEqual(new Set([cameraId.porton]));

      // A reconnect that resumes from a sequence number gets the missed messages through the same filter.
      const since = admin.messages.find((message) => message.type === 'subscribed')!.seq as number;
      const resumed = await connect(url('admin'));
      try {
        resumed.socket.send(JSON.stringify({ type: 'subscribe', topics: ['events:casa'], since }));
        await vi.waitFor(() =>
          expect(resumed.messages.some((message) => message.type === 'subscribed')).toBe(true),
        );
        // The hub sends the missed messages right after "subscribed"; the pong comes behind them.
        resumed.socket.send(JSON.stringify({ type: 'ping' }));
        await vi.waitFor(() =>
          expect(resumed.messages.some((message) => message.type === 'pong')).toBe(true),
        );
        expect(framesAbout(resumed.messages, fresh.porton).length).toBeGreaterThan(0);
        expect(framesAbout(resumed.messages, fresh.patio)).toEqual([]);
      } finally {
        resumed.socket.close();
      }
    } finally {
      boss.socket.close();
      admin.socket.close();
    }
  });
});
