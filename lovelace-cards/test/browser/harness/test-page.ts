/**
 * The page the browser tests open. `window.createHass` builds a stub of Home Assistant's
 * `hass` object around recorded `hass.states` entries; its methods record their calls in
 * `window.hassCalls`. `window.withState` returns a new `hass` where one entity object is
 * replaced, which is how Home Assistant signals that only that entity changed.
 */
export const TEST_PAGE_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Centinela cards test page</title>
<style>
  body { margin: 0; background: #f2f3f5; font-family: system-ui, sans-serif; }
  main { display: grid; gap: 16px; padding: 16px; max-width: 1200px; margin: 0 auto; }
  @media (min-width: 900px) { main.two { grid-template-columns: 1fr 1fr; align-items: start; } }
</style>
<script>
  window.hassCalls = [];
  window.createHass = function (states, options) {
    var language = (options && options.language) || 'en';
    var calls = window.hassCalls;
    return {
      states: states,
      entities: {},
      devices: {},
      areas: {},
      services: { camera: { snapshot: {} }, frigate: {} },
      language: language,
      selectedLanguage: null,
      locale: {
        language: language,
        number_format: 'language',
        time_format: 'language',
        date_format: 'language',
        first_weekday: 'language',
        time_zone: 'local'
      },
      user: (options && options.user) || { id: '9a1c6f1f2b9e4c0a8e0d6b1b5f0c2d3e', name: 'Ana', is_admin: true, is_owner: true },
      themes: { darkMode: false, theme: 'default', default_theme: 'default', default_dark_theme: null, themes: {} },
      selectedTheme: null,
      config: {
        time_zone: 'Europe/Madrid',
        version: '2026.8.1',
        components: ['camera', 'mqtt', 'frigate', 'event', 'binary_sensor', 'sensor'],
        unit_system: { length: 'km', mass: 'g', temperature: '°C', volume: 'L' },
        location_name: 'Casa',
        state: 'RUNNING'
      },
      connected: true,
      panelUrl: 'lovelace',
      callWS: function (message) {
        calls.push({ kind: 'callWS', message: message });
        if (message.type === 'auth/sign_path') return Promise.resolve({ path: message.path + '?authSig=signed' });
        if (message.type === 'camera/stream') return Promise.resolve({ url: '/api/hls/stub/master_playlist.m3u8' });
        if (message.type === 'supervisor/api' && message.endpoint === '/ingress/session') {
          return Promise.resolve({ session: 'ingress-session-1' });
        }
        if (message.type === 'supervisor/api') return Promise.resolve({});
        return Promise.resolve(null);
      },
      callService: function (domain, service, data, target) {
        calls.push({ kind: 'callService', domain: domain, service: service, data: data, target: target });
        return Promise.resolve({ context: { id: '01JTESTCONTEXT000000000000', parent_id: null, user_id: null } });
      },
      callApi: function (method, path, body) {
        calls.push({ kind: 'callApi', method: method, path: path, body: body });
        return Promise.resolve(null);
      },
      hassUrl: function (path) {
        calls.push({ kind: 'hassUrl', path: path || '' });
        return location.origin + (path || '');
      },
      localize: function (key) { return key; },
      formatEntityState: function (stateObj) { return stateObj.state; },
      connection: {
        subscribeMessage: function (callback, message) {
          calls.push({ kind: 'subscribeMessage', message: message });
          return Promise.resolve(function () { return Promise.resolve(); });
        }
      }
    };
  };
  window.withState = function (hass, entityId, changes) {
    var states = Object.assign({}, hass.states);
    var previous = states[entityId];
    var now = new Date().toISOString().replace('Z', '+00:00');
    states[entityId] = Object.assign({}, previous, changes, {
      attributes: Object.assign({}, previous.attributes, changes.attributes || {}),
      last_changed: changes.state !== undefined && changes.state !== previous.state ? now : previous.last_changed,
      last_updated: now,
      last_reported: now
    });
    return Object.assign({}, hass, { states: states });
  };
</script>
<script type="module" src="/centinela-cards.js"></script>
</head>
<body>
<main id="root"></main>
</body>
</html>
`;
