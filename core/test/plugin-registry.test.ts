import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS, startTestCentinela, type TestCentinela } from './support/centinela';
import { headerAuthPlugin, noteJobLog, noteSummaryPlugin, notesPlugin, openRoutePlugin } from './support/test-plugins';

const SUPER = { 'x-test-role': 'SuperAdmin' };

describe.each(DATABASE_KINDS)('plugin registry on %s database', (database) => {
  let centinela: TestCentinela;

  beforeAll(async () => {
    centinela = await startTestCentinela({
      database,
      plugins: [headerAuthPlugin, notesPlugin, noteSummaryPlugin, openRoutePlugin],
    });
  });

  afterAll(async () => {
    await centinela?.destroy();
  });

  const inject = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: object) =>
    centinela.app.inject({ method, url, headers: SUPER, ...(payload === undefined ? {} : { payload }) });

  it('answers 404 for routes of a plugin not installed', async () => {
    const response = await inject('GET', '/api/notes');
    expect(response.statusCode).toBe(404);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.json().fix).toContain('PUT /api/sites/casa/plugins/notes');
  });

  it('installs, removes and reinstalls a plugin keeping its data', async () => {
    const install = await inject('PUT', '/api/sites/casa/plugins/notes', { config: { greeting: 'buenas' } });
    expect(install.statusCode).toBe(200);
    expect(noteJobLog).toContainEqual({ siteId: 'casa', event: 'start' });

    const created = await inject('POST', '/api/notes', { text: 'portón abierto' });
    expect(created.statusCode).toBe(201);
    const listed = await inject('GET', '/api/notes');
    expect(listed.json()).toMatchObject({ greeting: 'buenas', items: [{ text: 'portón abierto' }] });

    const removed = await inject('DELETE', '/api/sites/casa/plugins/notes');
    expect(removed.statusCode).toBe(204);
    expect(noteJobLog.at(-1)).toEqual({ siteId: 'casa', event: 'stop' });
    expect((await inject('GET', '/api/notes')).statusCode).toBe(404);

    const reinstall = await inject('PUT', '/api/sites/casa/plugins/notes', { config: { greeting: 'otra vez' } });
    expect(reinstall.statusCode).toBe(200);
    const again = await inject('GET', '/api/notes');
    expect(again.statusCode).toBe(200);
    expect(again.json().items).toEqual([expect.objectContaining({ text: 'portón abierto' })]);
  });

  it('refuses a config that fails the schema, naming the field', async () => {
    const response = await inject('PUT', '/api/sites/casa/plugins/notes', { config: { max_notes: 0 } });
    expect(response.statusCode).toBe(422);
    const problem = response.json();
    expect(problem.code).toBe('CEN_ERR_PLUGIN_CONFIG_INVALID');
    expect(problem.field).toBe('config.max_notes');
    expect(problem.detail).toContain('must be >= 1');
  });

  it('refuses an unknown config key, naming it', async () => {
    const response = await inject('PUT', '/api/sites/casa/plugins/notes', { config: { colour: 'red' } });
    expect(response.statusCode).toBe(422);
    expect(response.json().field).toBe('config.colour');
  });

  it('refuses a config its plugin finds invalid', async () => {
    const response = await inject('PUT', '/api/sites/casa/plugins/notes', { config: { time_zone: 'Mars/Olympus' } });
    expect(response.statusCode).toBe(422);
    expect(response.json().field).toBe('config.time_zone');
    expect(response.json().detail).toContain('Mars/Olympus');
  });

  it('masks a secret and keeps it when the mask is sent back', async () => {
    const first = await inject('PUT', '/api/sites/casa/plugins/notes', { config: { api_token: 's3cr3t-token' } });
    expect(first.statusCode).toBe(200);
    const shown = await inject('GET', '/api/sites/casa/plugins');
    const notes = (shown.json() as { items: { name: string; config: Record<string, unknown> }[] }).items.find(
      (item) => item.name === 'notes',
    );
    expect(notes?.config.api_token).toBe('********');
    expect(shown.body).not.toContain('s3cr3t-token');

    const resaved = await inject('PUT', '/api/sites/casa/plugins/notes', { config: { ...notes?.config, greeting: 'hey' } });
    expect(resaved.statusCode).toBe(200);
    expect(centinela.sites.pluginState('casa', 'notes')?.config.api_token).toBe('s3cr3t-token');

    const omitted = await inject('PUT', '/api/sites/casa/plugins/notes', { config: { greeting: 'sin token' } });
    expect(omitted.statusCode).toBe(200);
    expect(centinela.sites.pluginState('casa', 'notes')?.config.api_token).toBe('s3cr3t-token');

    const listed = await inject('GET', '/api/plugins');
    const described = (listed.json() as { items: { name: string; secret_config_keys: string[] }[] }).items.find(
      (item) => item.name === 'notes',
    );
    expect(described?.secret_config_keys).toEqual(['api_token']);

    const changed = await inject('PUT', '/api/sites/casa/plugins/notes', { config: { api_token: 'nuevo' } });
    expect(changed.statusCode).toBe(200);
    expect(centinela.sites.pluginState('casa', 'notes')?.config.api_token).toBe('nuevo');
  });

  it('refuses removal while a dependent plugin is enabled', async () => {
    await inject('PUT', '/api/sites/casa/plugins/notes', { config: {} });
    expect((await inject('PUT', '/api/sites/casa/plugins/note-summary', {})).statusCode).toBe(200);

    const response = await inject('DELETE', '/api/sites/casa/plugins/notes');
    expect(response.statusCode).toBe(409);
    expect(response.json()).toMatchObject({ code: 'CEN_ERR_PLUGIN_HAS_DEPENDENTS', dependents: ['note-summary'] });
    expect((await inject('GET', '/api/notes')).statusCode).toBe(200);
  });

  it('refuses install before its dependency is installed', async () => {
    await inject('DELETE', '/api/sites/casa/plugins/note-summary');
    await inject('DELETE', '/api/sites/casa/plugins/notes');
    const response = await inject('PUT', '/api/sites/casa/plugins/note-summary', {});
    expect(response.statusCode).toBe(409);
    expect(response.json()).toMatchObject({ code: 'CEN_ERR_PLUGIN_MISSING_DEPENDENCY', missing: ['notes'] });
  });

  it('refuses to remove a mandatory plugin', async () => {
    const response = await inject('DELETE', '/api/sites/casa/plugins/header-auth');
    expect(response.statusCode).toBe(409);
    expect(response.json().code).toBe('CEN_ERR_PLUGIN_MANDATORY');
  });

  it('refuses a plugin whose route declares no permission', async () => {
    const listed = await inject('GET', '/api/plugins');
    const openRoute = listed.json().items.find((p: { name: string }) => p.name === 'open-route');
    expect(openRoute.state).toBe('refused');
    expect(openRoute.refused_reason).toContain('GET /api/open-route/items');

    const install = await inject('PUT', '/api/sites/casa/plugins/open-route', {});
    expect(install.statusCode).toBe(422);
    expect(install.json().code).toBe('CEN_ERR_PLUGIN_REFUSED');
    expect((await inject('GET', '/api/open-route/items')).statusCode).toBe(404);
  });

  it('purges data only with confirmation', async () => {
    await inject('PUT', '/api/sites/casa/plugins/notes', {});
    await inject('POST', '/api/notes', { text: 'borrar' });
    const unconfirmed = await inject('DELETE', '/api/sites/casa/plugins/notes?purge=true');
    expect(unconfirmed.statusCode).toBe(400);
    expect(unconfirmed.json().code).toBe('CEN_ERR_PLUGIN_PURGE_UNCONFIRMED');

    const purged = await inject('DELETE', '/api/sites/casa/plugins/notes?purge=true&confirm=notes');
    expect(purged.statusCode).toBe(204);
    await inject('PUT', '/api/sites/casa/plugins/notes', {});
    expect((await inject('GET', '/api/notes')).json().items).toEqual([]);
  });

  it('denies writes to a ReadOnly user with a problem document', async () => {
    const response = await centinela.app.inject({
      method: 'POST',
      url: '/api/notes',
      headers: { 'x-test-role': 'ReadOnly' },
      payload: { text: 'x' },
    });
    expect(response.statusCode).toBe(403);
    expect(response.json()).toMatchObject({ code: 'CEN_ERR_RBAC_FORBIDDEN', status: 403 });
  });

  it('answers 401 without credentials', async () => {
    const response = await centinela.app.inject({ method: 'GET', url: '/api/notes' });
    expect(response.statusCode).toBe(401);
  });
});
