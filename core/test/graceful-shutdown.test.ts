import { describe, expect, it } from 'vitest';
import { request } from 'undici';
import { startTestCentinela } from './support/centinela';
import { headerAuthPlugin, noteJobLog, notesPlugin } from './support/test-plugins';

describe('graceful shutdown', () => {
  it('finishes a request in flight, stops jobs and refuses new connections', async () => {
    const centinela = await startTestCentinela({ database: 'postgres', plugins: [headerAuthPlugin, notesPlugin] });
    await centinela.app.inject({
      method: 'PUT',
      url: '/api/sites/casa/plugins/notes',
      headers: { 'x-test-role': 'SuperAdmin' },
      payload: {},
    });
    const base = await centinela.listen();

    const inFlight = request(`${base}/api/notes/slow?ms=800`, { headers: { 'x-test-role': 'ReadOnly' } });
    await new Promise((resolve) => setTimeout(resolve, 200));
    const closing = centinela.close();

    const response = await inFlight;
    expect(response.statusCode).toBe(200);
    expect(await response.body.json()).toEqual({ done: true });
    await closing;

    expect(noteJobLog.at(-1)).toEqual({ siteId: 'casa', event: 'stop' });
    await expect(request(`${base}/api/health`)).rejects.toThrow();
    expect(centinela.mqtt.connected).toBe(false);
    await centinela.testDatabase?.drop();
  });
});
