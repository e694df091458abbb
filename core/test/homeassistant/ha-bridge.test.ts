import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { HomeAssistantBridge } from '../../src/homeassistant/ha-bridge';
import { FakeHomeAssistant } from './fake-home-assistant';

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
    bridge = new HomeAssistantBridge({ url: ha.url, token: 'supervisor-token', log: pino({ level: 'silent' }) });
    bridge.start();
    bridge.fireEvent('centinela_detection', { camera: 'entrada', label: 'person' });
    await waitFor(() => ha!.fired.length === 1);
    expect(ha.tokens).toEqual(['supervisor-token']);
    expect(ha.fired[0]).toEqual({ event_type: 'centinela_detection', event_data: { camera: 'entrada', label: 'person' } });
  });

  it('reconnects after a dropped connection and sends what was queued', async () => {
    ha = await FakeHomeAssistant.start('t');
    bridge = new HomeAssistantBridge({ url: ha.url, token: 't', log: pino({ level: 'silent' }) });
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
    bridge = new HomeAssistantBridge({ url: ha.url, token: 'wrong', log: pino({ level: 'silent' }) });
    bridge.start();
    bridge.fireEvent('centinela_detection', {});
    await waitFor(() => ha!.tokens.length >= 1);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(ha.fired).toEqual([]);
    expect(bridge.connected).toBe(false);
  });
});
