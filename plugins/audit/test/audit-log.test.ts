import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ADMIN_EMAIL,
  ADMIN_PASSWORD,
  startHarness,
  totpAt,
  type Harness,
} from '../../auth-mfa/test/support/harness';
import type { BusTopic } from '@centinela/core';
import {
  AuditService,
  runAuditVerifyCommand,
  verifyAuditChain,
  type AuditEntry,
  type CommandOutput,
} from '../src/index';

function capture(): CommandOutput & { out: string; err: string } {
  const io = {
    out: '',
    err: '',
    stdout: { write: (text: string) => (io.out += text) },
    stderr: { write: (text: string) => (io.err += text) },
  };
  return io;
}

describe('audit log', () => {
  let h: Harness;
  let admin: Record<string, string>;
  let database: pg.Client;

  beforeAll(async () => {
    h = await startHarness();
    admin = await h.bearer(ADMIN_EMAIL, ADMIN_PASSWORD);
    database = new pg.Client({ connectionString: h.centinela.testDatabase!.url });
    await database.connect();
  });

  afterAll(async () => {
    await database?.end();
    await h?.destroy();
  });

  async function entries(query: string): Promise<AuditEntry[]> {
    await h.auditFlush();
    const response = await h.inject({
      method: 'GET',
      url: `/api/audit?limit=200&${query}`,
      headers: admin,
    });
    expect(response.statusCode, response.body).toBe(200);
    return response.json().items as AuditEntry[];
  }

  it('records logins, failures, logouts and account changes without secrets', async () => {
    const created = await h.inject({
      method: 'POST',
      url: '/api/users',
      headers: admin,
      payload: { email: 'lucia@example.com', role: 'Admin' },
    });
    const { id, one_time_password: oneTime } = created.json();
    const first = await h.login('lucia@example.com', oneTime);
    const headers = { authorization: `Bearer ${first.json().access_token}` };
    const password = 'seven swans over the river';
    await h.inject({
      method: 'POST',
      url: '/api/auth/password',
      headers,
      payload: { current_password: oneTime, new_password: password },
    });
    await h.login('lucia@example.com', 'a wrong guess of hers');
    const enroll = await h.inject({
      method: 'POST',
      url: '/api/auth/mfa/totp/enroll',
      headers,
      payload: { current_password: password },
    });
    const secret = enroll.json().secret as string;
    const verify = await h.inject({
      method: 'POST',
      url: '/api/auth/mfa/totp/verify',
      headers,
      payload: { code: await totpAt(secret, h.clock) },
    });
    const recovery = verify.json().recovery_codes as string[];
    await h.login('lucia@example.com', password, recovery[0]);
    await h.inject({
      method: 'DELETE',
      url: '/api/auth/mfa/totp',
      headers,
      payload: { current_password: password },
    });
    await h.inject({
      method: 'PATCH',
      url: `/api/users/${id}`,
      headers: admin,
      payload: { role: 'ReadOnly' },
    });
    await h.inject({ method: 'POST', url: `/api/users/${id}/reset-password`, headers: admin });
    await h.inject({ method: 'POST', url: '/api/auth/logout', headers: admin, payload: {} });
    admin = await h.bearer(ADMIN_EMAIL, ADMIN_PASSWORD);

    const mine = await entries(`actor=${id}`);
    const actions = mine.map((entry) => entry.action).reverse();
    expect(actions).toEqual([
      'auth.login',
      'auth.password.change',
      'auth.login_failed',
      'auth.mfa.enroll',
      'auth.mfa.verify',
      'auth.mfa.recovery_code_used',
      'auth.login',
      'auth.mfa.disable',
    ]);
    for (const entry of mine) expect(entry.actor_email).toBe('lucia@example.com');
    const byAdmin = (await entries('actor=boss@example.com')).map(
      (entry) => `${entry.action} ${entry.resource}`,
    );
    expect(byAdmin).toEqual(
      expect.arrayContaining([
        `user.create user/${id}`,
        `user.update user/${id}`,
        `user.password_reset user/${id}`,
      ]),
    );
    expect(byAdmin.some((line) => line.startsWith('auth.logout session/'))).toBe(true);
    const update = (await entries('action=user.update')).find(
      (entry) => entry.resource === `user/${id}`,
    )!;
    expect(update.details).toMatchObject({ changes: { role: { from: 'Admin', to: 'ReadOnly' } } });

    const text = JSON.stringify(await entries(''));
    for (const secretValue of [oneTime, password, secret, ...recovery, first.json().access_token])
      expect(text).not.toContain(secretValue);
  });

  it('records every 403 and plugin changes', async () => {
    const user = await h.addUser('ReadOnly');
    const headers = await h.bearer(user.email, user.password);
    expect((await h.inject({ method: 'GET', url: '/api/audit', headers })).statusCode).toBe(403);
    const denied = await entries(`action=access.denied&actor=${user.id}`);
    expect(denied[0]).toMatchObject({
      resource: 'GET /api/audit',
      details: { permission: 'audit:read' },
      actor_email: user.email,
      site_id: 'casa',
    });

    await h.inject({
      method: 'PUT',
      url: '/api/sites/casa/plugins/auth-mfa',
      headers: admin,
      payload: { config: { ingress_default_role: 'none' } },
    });
    const changed = await entries('action=plugin.*');
    expect(changed[0]).toMatchObject({
      action: 'plugin.configure',
      resource: 'plugin/auth-mfa',
      actor_email: ADMIN_EMAIL,
      details: { config: { ingress_default_role: 'none' } },
    });
  });

  it('stores entries other plugins record, with secret-named details redacted', async () => {
    const audit = h.centinela.services.get('audit');
    const entry = await audit.record({
      siteId: 'casa',
      actor: { id: null, address: '192.0.2.7', userAgent: 'test' },
      action: 'evidence.export',
      resource: 'evidence/42',
      details: {
        reason: 'police report',
        format: 'mp4',
        token: 'abc',
        nested: { password: 'hunter2hunter2', size: 10 },
      },
    });
    expect(entry.details).toEqual({
      reason: 'police report',
      format: 'mp4',
      token: '[REDACTED]',
      nested: { password: '[REDACTED]', size: 10 },
    });
    const [stored] = await entries('action=evidence.export');
    expect(stored).toEqual(entry);
    await expect(
      audit.record({
        siteId: null,
        actor: { id: null, address: null, userAgent: null },
        action: 'Bad Action',
      }),
    ).rejects.toThrow(/must match/);
  });

  it('filters by action prefix, actor and time, with a keyset cursor', async () => {
    const audit = h.centinela.services.get('audit');
    const actor = { id: null, email: 'camaras@example.com', address: null, userAgent: null };
    for (let n = 0; n < 5; n += 1) {
      h.clock.advance(60_000);
      await audit.record({
        siteId: 'casa',
        actor,
        action: 'camera.update',
        resource: `camera/${n}`,
        details: { n },
      });
    }
    const all = await entries('actor=camaras@example.com');
    expect(all.map((entry) => entry.resource)).toEqual([
      'camera/4',
      'camera/3',
      'camera/2',
      'camera/1',
      'camera/0',
    ]);

    const pages: string[] = [];
    let cursor: string | null = null;
    do {
      const response = await h.inject({
        method: 'GET',
        url: `/api/audit?action=camera.*&limit=2${cursor === null ? '' : `&cursor=${cursor}`}`,
        headers: admin,
      });
      const page: { items: AuditEntry[]; next_cursor: string | null } = response.json();
      pages.push(...page.items.map((entry) => entry.resource ?? ''));
      cursor = page.next_cursor;
    } while (cursor !== null);
    expect(pages).toEqual(all.map((entry) => entry.resource));

    const window = await entries(`actor=camaras@example.com&from=${all[3]!.at}&to=${all[1]!.at}`);
    expect(window.map((entry) => entry.resource)).toEqual(['camera/3', 'camera/2', 'camera/1']);
    const reversed = await h.inject({
      method: 'GET',
      url: `/api/audit?from=${all[0]!.at}&to=${all[4]!.at}`,
      headers: admin,
    });
    expect(reversed.json().code).toBe('CEN_ERR_AUDIT_RANGE_INVALID');
    expect(
      (await h.inject({ method: 'GET', url: '/api/audit?action=camera', headers: admin })).json()
        .items,
    ).toEqual([]);
  });

  it('records camera changes from the bus', async () => {
    const bus = h.centinela.bus;
    const camera = {
      id: 'c1',
      name: 'porton',
      friendlyName: 'Portón',
      labels: ['person'],
      enabled: true,
    };
    bus.publish('cameras.changed', { siteId: 'casa', cameras: [camera] });
    bus.publish('cameras.changed', { siteId: 'casa', cameras: [camera] });
    bus.publish('cameras.changed', { siteId: 'casa', cameras: [{ ...camera, enabled: false }] });
    const lists = await entries('action=cameras.changed');
    expect(lists).toHaveLength(2);
    expect(lists[0]).toMatchObject({
      resource: 'site/casa/cameras',
      actor_id: null,
      details: { cameras: [{ id: 'c1', name: 'porton', enabled: false }] },
    });
    expect(lists[1]!.details).toMatchObject({
      cameras: [{ enabled: true, friendly_name: 'Portón' }],
    });

    // Published by frigate-events for API changes; typed in that package, so cast here.
    const cameraTopic = 'camera.changed' as BusTopic;
    const actor = {
      id: '5d1c6a2e-8a39-4c55-9d0a-6f2a3b1c0d9e',
      address: '192.0.2.8',
      userAgent: 'portal',
    };
    bus.publish(cameraTopic, {
      siteId: 'casa',
      cameraId: 'c1',
      name: 'porton',
      action: 'update',
      changes: { friendly_name: 'Gate' },
      actor,
    } as never);
    bus.publish(cameraTopic, { siteId: 'casa', action: 'update' } as never);
    const [changed] = await entries('action=camera.update');
    expect(changed).toMatchObject({
      resource: 'camera/c1',
      actor_id: actor.id,
      address: '192.0.2.8',
      user_agent: 'portal',
      details: { name: 'porton', changes: { friendly_name: 'Gate' } },
    });
    expect(
      (await entries('action=camera.update')).filter((entry) => entry.resource === 'camera/c1'),
    ).toHaveLength(1);
  });

  it('rejects UPDATE, DELETE and TRUNCATE in the database', async () => {
    await expect(database.query("update audit_log set action = 'x.y'")).rejects.toThrow(
      /append-only: UPDATE/,
    );
    await expect(database.query('delete from audit_log')).rejects.toThrow(/append-only: DELETE/);
    await expect(database.query('truncate audit_log')).rejects.toThrow(/append-only: TRUNCATE/);
  });

  it('keeps one chain with concurrent writers in two processes', async () => {
    // A second AuditService on its own connection pool stands for a second Centinela instance.
    const other = new AuditService({
      orm: h.centinela.database.orm,
      hub: h.centinela.hub,
      services: h.centinela.services,
      log: h.centinela.log,
      clock: () => new Date(),
    });
    const audit = h.centinela.services.get('audit');
    const actor = { id: null, address: null, userAgent: null };
    await Promise.all(
      Array.from({ length: 40 }, (_, n) =>
        (n % 2 === 0 ? audit : other).record({
          siteId: 'casa',
          actor,
          action: 'backup.run',
          details: { n },
        }),
      ),
    );
    const report = await verifyAuditChain(h.centinela.database.orm);
    expect(report, JSON.stringify(report)).toMatchObject({ valid: true, firstBroken: null });
  });

  it('names the row after one removed behind the trigger', async () => {
    const rows = await entries('action=camera.update');
    const removed = rows[2]!;
    const next = rows[1]!;
    const saved = await database.query('select * from audit_log where id = $1', [removed.id]);
    await database.query('alter table audit_log disable trigger audit_log_append_only');
    try {
      await database.query('delete from audit_log where id = $1', [removed.id]);
      const report = await verifyAuditChain(h.centinela.database.orm);
      expect(report).toMatchObject({
        valid: false,
        firstBroken: { id: next.id, reason: 'chain_mismatch' },
      });
    } finally {
      const row = saved.rows[0] as Record<string, unknown>;
      const columns = Object.keys(row);
      await database.query(
        `insert into audit_log (${columns.join(', ')}) values (${columns.map((_, n) => `$${n + 1}`).join(', ')})`,
        columns.map((column) => (column === 'details' ? JSON.stringify(row[column]) : row[column])),
      );
      await database.query('alter table audit_log enable trigger audit_log_append_only');
    }
    expect((await verifyAuditChain(h.centinela.database.orm)).valid).toBe(true);
  });

  it('names the first row changed behind the trigger, also from the command line', async () => {
    const clean = await h.inject({ method: 'GET', url: '/api/audit/verify', headers: admin });
    expect(clean.json()).toMatchObject({ valid: true, first_broken: null });
    const total = clean.json().checked as number;
    const intact = capture();
    expect(await runAuditVerifyCommand([], h.centinela, intact)).toBe(0);
    expect(intact.out).toMatch(
      /^Audit log intact: \d+ entries checked; newest hash [0-9a-f]{64}\.\n$/,
    );
    const usage = capture();
    expect(await runAuditVerifyCommand(['verify', 'extra'], h.centinela, usage)).toBe(2);
    expect(usage.err).toContain('Unexpected argument "extra"');

    const target = (await entries('action=evidence.export'))[0]!;
    await database.query('alter table audit_log disable trigger audit_log_append_only');
    await database.query(
      `update audit_log set details = jsonb_set(details, '{reason}', '"edited"') where id = $1`,
      [target.id],
    );
    await database.query('alter table audit_log enable trigger audit_log_append_only');

    const broken = await h.inject({ method: 'GET', url: '/api/audit/verify', headers: admin });
    expect(broken.json()).toMatchObject({
      valid: false,
      first_broken: { id: target.id, reason: 'hash_mismatch' },
    });
    expect(broken.json().checked).toBeLessThan(total);
    expect((await verifyAuditChain(h.centinela.database.orm)).firstBroken?.id).toBe(target.id);

    const text = capture();
    expect(await runAuditVerifyCommand(['verify'], h.centinela, text)).toBe(1);
    expect(text.out).toContain(
      `Audit log BROKEN at entry ${target.id} of ${target.at}: its content no longer matches its hash`,
    );
    const json = capture();
    expect(await runAuditVerifyCommand(['audit', 'verify', '--json'], h.centinela, json)).toBe(1);
    expect(JSON.parse(json.out)).toMatchObject({
      valid: false,
      first_broken: { id: target.id, reason: 'hash_mismatch' },
    });
  });
});
