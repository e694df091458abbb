import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import {
  ADMIN_EMAIL,
  ADMIN_PASSWORD,
  cookiesOf,
  startHarness,
  type Harness,
} from './support/harness';

interface Outcome {
  opened: boolean;
  status: number | null;
  closed: boolean;
}

/** Try an upgrade and wait until the client has seen the socket end. */
function attempt(url: string, headers: Record<string, string> = {}): Promise<Outcome> {
  return new Promise((resolve) => {
    const outcome: Outcome = { opened: false, status: null, closed: false };
    const socket = new WebSocket(url, { headers });
    socket.on('unexpected-response', (_request, response) => {
      outcome.status = response.statusCode ?? null;
      response.resume();
      response.on('close', () => {
        outcome.closed = true;
        resolve(outcome);
      });
    });
    socket.on('open', () => {
      outcome.opened = true;
      socket.close();
    });
    socket.on('error', () => undefined);
    socket.on('close', () => {
      outcome.closed = true;
      resolve(outcome);
    });
  });
}

function open(url: string, headers: Record<string, string> = {}) {
  const socket = new WebSocket(url, { headers });
  const messages: Array<Record<string, unknown>> = [];
  const waiters: Array<{
    test: (m: Record<string, unknown>) => boolean;
    resolve: (m: Record<string, unknown>) => void;
  }> = [];
  socket.on('message', (raw) => {
    const message = JSON.parse(raw.toString()) as Record<string, unknown>;
    messages.push(message);
    const index = waiters.findIndex((waiter) => waiter.test(message));
    if (index >= 0) waiters.splice(index, 1)[0]!.resolve(message);
  });
  const next = (test: (m: Record<string, unknown>) => boolean) =>
    new Promise<Record<string, unknown>>((resolve) => {
      const seen = messages.find(test);
      if (seen !== undefined) resolve(seen);
      else waiters.push({ test, resolve });
    });
  return new Promise<{ socket: WebSocket; next: typeof next }>((resolve, reject) => {
    socket.once('open', () => resolve({ socket, next }));
    socket.once('error', reject);
  });
}

describe('WebSocket authentication', () => {
  let h: Harness;
  let base: string;
  let closed = false;

  beforeAll(async () => {
    h = await startHarness();
    base = `${(await h.centinela.listen()).replace('http', 'ws')}/api/ws`;
  });

  afterAll(async () => {
    if (!closed) await h?.destroy();
  });

  it('refuses an upgrade without credentials and closes the socket', async () => {
    const outcome = await attempt(base);
    expect(outcome).toEqual({ opened: false, status: 401, closed: true });
  });

  it('refuses an unknown access token', async () => {
    const outcome = await attempt(`${base}?access_token=${'x'.repeat(43)}`);
    expect(outcome.status).toBe(401);
    expect(outcome.closed).toBe(true);
  });

  it('streams audit entries to a SuperAdmin authenticated by query token', async () => {
    const token = (await h.login(ADMIN_EMAIL, ADMIN_PASSWORD)).json().access_token as string;
    const client = await open(`${base}?access_token=${token}`);
    client.socket.send(JSON.stringify({ type: 'subscribe', topics: ['audit'] }));
    expect(await client.next((m) => m.type === 'subscribed')).toMatchObject({ topics: ['audit'] });
    await h.login('someone@example.com', 'a wrong password for sure');
    const message = await client.next(
      (m) => m.type === 'message' && (m.data as { action?: string }).action === 'auth.login_failed',
    );
    expect(message).toMatchObject({
      topic: 'audit',
      data: { action: 'auth.login_failed', actor_email: 'someone@example.com' },
    });
    client.socket.close();
  });

  it('refuses the audit topic to ReadOnly users authenticated by cookie', async () => {
    const user = await h.addUser('ReadOnly');
    const jar = cookiesOf(await h.login(user.email, user.password));
    const client = await open(base, { cookie: `centinela_access=${jar.centinela_access}` });
    client.socket.send(JSON.stringify({ type: 'subscribe', topics: ['audit'] }));
    expect(await client.next((m) => m.type === 'error')).toMatchObject({
      code: 'CEN_ERR_WS_TOPIC_FORBIDDEN',
    });
    client.socket.close();
  });

  it('closes the socket after a role or scope change', async () => {
    const admin = await h.bearer(ADMIN_EMAIL, ADMIN_PASSWORD);
    for (const patch of [{ role: 'ReadOnly' }, { camera_scope: ['patio'] }]) {
      const user = await h.addUser('Admin');
      const token = (await h.login(user.email, user.password)).json().access_token as string;
      const client = await open(`${base}?access_token=${token}`);
      // Either the socket closes, or the hub replies to the subscribe (which would be the bug).
      const closed = new Promise<number | string>((resolve) => {
        client.socket.once('close', (code) => resolve(code));
        client.socket.once('message', (raw) => resolve(`message ${raw.toString()}`));
      });
      const changed = await h.inject({
        method: 'PATCH',
        url: `/api/users/${user.id}`,
        headers: admin,
        payload: patch,
      });
      expect(changed.statusCode).toBe(200);
      client.socket.send(JSON.stringify({ type: 'subscribe', topics: ['audit'] }));
      expect(await closed, JSON.stringify(patch)).toBe(4401);
    }
  });

  it('closes after refused upgrades without holding up shutdown', async () => {
    await Promise.all([attempt(base), attempt(base), attempt(`${base}?access_token=nope`)]);
    const server = h.centinela.app.server;
    const open = () =>
      new Promise<number>((resolve, reject) =>
        server.getConnections((error, count) => (error ? reject(error) : resolve(count))),
      );
    await vi.waitFor(async () => expect(await open()).toBe(0), { timeout: 5000 });
    await h.destroy();
    closed = true;
    expect(h.centinela.app.server.listening).toBe(false);
  });
});
