import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { HomeAssistantBridge } from '../../src/homeassistant/ha-bridge';
import { HomeAssistantUserGroups } from '../../src/homeassistant/user-groups';
import { FakeHomeAssistant } from './fake-home-assistant';

const silent = pino({ level: 'silent' });

const waitFor = async (predicate: () => boolean, ms = 8000) => {
  const start = Date.now();
  while (!predicate()) {
    if (Date.now() - start > ms) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
};

describe('home assistant event bridge', () => {
  let ha: FakeHomeAssistant | undefined;
  let bridge: HomeAssistantBridge | undefined;

  afterEach(async () => {
    bridge?.stop();
    await ha?.close();
  });

  it('authenticates with the token and fires events', async () => {
    ha = await FakeHomeAssistant.start('supervisor-token');
    bridge = new HomeAssistantBridge({ url: ha.url, token: 'supervisor-token', log: silent });
    bridge.start();
    bridge.fireEvent('centinela_detection', { camera: 'entrada', label: 'person' });
    await waitFor(() => ha!.fired.length === 1);
    expect(ha.tokens).toEqual(['supervisor-token']);
    expect(ha.fired[0]).toEqual({
      event_type: 'centinela_detection',
      event_data: { camera: 'entrada', label: 'person' },
    });
  });

  it('reconnects after a dropped connection and sends what was queued', async () => {
    ha = await FakeHomeAssistant.start('t');
    bridge = new HomeAssistantBridge({ url: ha.url, token: 't', log: silent });
    bridge.start();
    await waitFor(() => bridge!.connected);
    ha.unavailable = true;
    ha.dropConnections();
    await waitFor(() => !bridge!.connected);
    bridge.fireEvent('centinela_backup', { status: 'ok' });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(ha.fired).toEqual([]);

    ha.unavailable = false;
    await waitFor(() => ha!.fired.length === 1);
    expect(ha.connections).toBe(2);
    expect(ha.fired[0]!.event_type).toBe('centinela_backup');
  });

  it('does not fire with a rejected token', async () => {
    ha = await FakeHomeAssistant.start('right');
    bridge = new HomeAssistantBridge({ url: ha.url, token: 'wrong', log: silent });
    bridge.start();
    bridge.fireEvent('centinela_detection', {});
    await waitFor(() => ha!.tokens.length >= 1);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(ha.fired).toEqual([]);
    expect(bridge.connected).toBe(false);
  });

  it('resends an event cut off in flight', async () => {
    ha = await FakeHomeAssistant.start('t');
    bridge = new HomeAssistantBridge({ url: ha.url, token: 't', log: silent });
    bridge.start();
    await waitFor(() => bridge!.connected);
    ha.dropNextFire = true;
    bridge.fireEvent('centinela_detection', { event_id: 'e-1' });
    await waitFor(() => ha!.fired.length === 1);
    expect(ha.fired[0]!.event_data).toEqual({ event_id: 'e-1' });
    expect(ha.connections).toBe(2);
    expect(ha.commands.filter((c) => c.type === 'fire_event')).toHaveLength(2);
  });

  it('drops an event home assistant rejects', async () => {
    ha = await FakeHomeAssistant.start('t');
    ha.rejectedEventTypes.add('centinela_backup');
    bridge = new HomeAssistantBridge({ url: ha.url, token: 't', log: silent });
    bridge.start();
    bridge.fireEvent('centinela_backup', { status: 'failed' });
    bridge.fireEvent('centinela_detection', { event_id: 'e-2' });
    await waitFor(() => ha!.fired.length === 1);
    expect(ha.fired[0]!.event_type).toBe('centinela_detection');
    expect(ha.commands.filter((c) => c.event_type === 'centinela_backup')).toHaveLength(1);
  });

  it('keeps the newest events beyond the queue limit', async () => {
    ha = await FakeHomeAssistant.start('t');
    ha.unavailable = true;
    bridge = new HomeAssistantBridge({ url: ha.url, token: 't', log: silent, queueLimit: 2 });
    bridge.start();
    for (const n of [1, 2, 3]) bridge.fireEvent('centinela_detection', { n });
    ha.unavailable = false;
    await waitFor(() => ha!.fired.length === 2);
    expect(ha.fired.map((event) => event.event_data.n)).toEqual([2, 3]);
  });

  it('sends commands and returns results', async () => {
    ha = await FakeHomeAssistant.start('t');
    ha.users = [{ id: 'u1', name: 'Ana', group_ids: ['system-admin'] }];
    bridge = new HomeAssistantBridge({ url: ha.url, token: 't', log: silent });
    bridge.start();
    await waitFor(() => bridge!.connected);
    await expect(bridge.command({ type: 'config/auth/list' })).resolves.toEqual(ha.users);
  });

  it('rejects commands while disconnected', async () => {
    bridge = new HomeAssistantBridge({
      url: 'ws://127.0.0.1:9/api/websocket',
      token: 't',
      log: silent,
    });
    await expect(bridge.command({ type: 'config/auth/list' })).rejects.toThrow('not connected');
  });
});

describe('home assistant user groups', () => {
  let ha: FakeHomeAssistant | undefined;
  let bridge: HomeAssistantBridge | undefined;

  afterEach(async () => {
    bridge?.stop();
    await ha?.close();
  });

  async function connect(): Promise<HomeAssistantBridge> {
    ha = await FakeHomeAssistant.start('t');
    ha.users = [
      { id: 'u-admin', name: 'Ana', group_ids: ['system-admin'] },
      { id: 'u-reader', name: 'Luis', group_ids: ['system-read-only'] },
    ];
    bridge = new HomeAssistantBridge({ url: ha.url, token: 't', log: silent });
    bridge.start();
    await waitFor(() => bridge!.connected);
    return bridge;
  }

  it('reads groups from config/auth/list', async () => {
    const connected = await connect();
    const groups = new HomeAssistantUserGroups({
      command: (message) => connected.command(message),
      log: silent,
    });
    expect(await groups.groupsOf('u-admin')).toEqual(['system-admin']);
    expect(await groups.groupsOf('u-reader')).toEqual(['system-read-only']);
    expect(await groups.groupsOf('u-unknown')).toEqual([]);
  });

  it('asks once per cache period', async () => {
    const connected = await connect();
    let now = 1_000;
    const groups = new HomeAssistantUserGroups({
      command: (message) => connected.command(message),
      log: silent,
      ttlMs: 60_000,
      now: () => now,
    });
    await Promise.all([groups.groupsOf('u-admin'), groups.groupsOf('u-reader')]);
    await groups.groupsOf('u-admin');
    expect(ha!.commands.filter((c) => c.type === 'config/auth/list')).toHaveLength(1);

    ha!.users = [{ id: 'u-admin', name: 'Ana', group_ids: ['system-users'] }];
    now += 60_000;
    expect(await groups.groupsOf('u-admin')).toEqual(['system-users']);
    expect(ha!.commands.filter((c) => c.type === 'config/auth/list')).toHaveLength(2);
  });

  it('rejects while home assistant is unreachable', async () => {
    const offline = new HomeAssistantBridge({
      url: 'ws://127.0.0.1:9/api/websocket',
      token: 't',
      log: silent,
    });
    const groups = new HomeAssistantUserGroups({
      command: (message) => offline.command(message),
      log: silent,
    });
    await expect(groups.groupsOf('u-admin')).rejects.toThrow('not connected');
  });
});
