// The add-on start script against a fake Supervisor HTTP server on 127.0.0.1.
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  buildMqttUrl,
  FRIGATE_ADDON_URL,
  prepareRuntimeDirs,
  resolveAddonEnvironment,
  withoutCredentials,
} from '../../addon/rootfs/usr/local/bin/centinela-addon-start.mjs';

interface FakeResponse {
  status: number;
  body: unknown;
}

/** A stand-in for http://supervisor that serves GET /services/mqtt and records requests. */
class FakeSupervisor {
  response: FakeResponse = { status: 200, body: { result: 'ok', data: {} } };
  readonly requests: IncomingMessage[] = [];
  private server: Server | undefined;

  async start(): Promise<string> {
    this.server = createServer((request, response) => {
      this.requests.push(request);
      const found = request.url === '/services/mqtt';
      response.writeHead(found ? this.response.status : 404, {
        'content-type': 'application/json',
      });
      response.end(JSON.stringify(found ? this.response.body : { result: 'error' }));
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    const { port } = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${port}`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve, reject) =>
      this.server?.close((error) => (error ? reject(error) : resolve())),
    );
  }
}

const MOSQUITTO_SERVICE = {
  addon: 'core_mosquitto',
  host: 'core-mosquitto',
  port: '1883',
  ssl: false,
  protocol: '3.1.1',
  username: 'addons',
  password: 'Ohmu7Iex',
};

const supervisor = new FakeSupervisor();
let supervisorUrl = '';

beforeAll(async () => {
  supervisorUrl = await supervisor.start();
});

afterAll(async () => {
  await supervisor.stop();
});

afterEach(() => {
  supervisor.requests.length = 0;
  supervisor.response = { status: 200, body: { result: 'ok', data: {} } };
});

function resolve(options: Record<string, unknown>, token = 'supervisor-token') {
  return resolveAddonEnvironment({ options, supervisorUrl, token, dataDir: '/data/centinela' });
}

describe('resolveAddonEnvironment', () => {
  it('builds MQTT_URL from a service with a string port', async () => {
    supervisor.response = { status: 200, body: { result: 'ok', data: MOSQUITTO_SERVICE } };

    const result = await resolve({});

    expect(result.env.MQTT_URL).toBe('mqtt://addons:Ohmu7Iex@core-mosquitto:1883');
    expect(result.mqttSource).toBe('supervisor');
    expect(result.warnings).toEqual([]);
  });

  it('accepts a numeric port', async () => {
    supervisor.response = {
      status: 200,
      body: { result: 'ok', data: { ...MOSQUITTO_SERVICE, port: 1884 } },
    };

    const result = await resolve({});

    expect(result.env.MQTT_URL).toBe('mqtt://addons:Ohmu7Iex@core-mosquitto:1884');
  });

  it('reads the provider from the app key', async () => {
    const { addon: _provider, ...withoutAddon } = MOSQUITTO_SERVICE;
    supervisor.response = {
      status: 200,
      body: { result: 'ok', data: { ...withoutAddon, app: 'core_mosquitto' } },
    };

    const result = await resolve({});

    expect(result.mqttProvider).toBe('core_mosquitto');
    expect(result.env.MQTT_URL).toBe('mqtt://addons:Ohmu7Iex@core-mosquitto:1883');
  });

  it('reads the provider from the addon key', async () => {
    supervisor.response = { status: 200, body: { result: 'ok', data: MOSQUITTO_SERVICE } };

    const result = await resolve({});

    expect(result.mqttProvider).toBe('core_mosquitto');
  });

  it('sends the Supervisor token as a bearer token', async () => {
    supervisor.response = { status: 200, body: { result: 'ok', data: MOSQUITTO_SERVICE } };

    await resolve({}, 'token-123');

    expect(supervisor.requests).toHaveLength(1);
    expect(supervisor.requests[0]?.method).toBe('GET');
    expect(supervisor.requests[0]?.url).toBe('/services/mqtt');
    expect(supervisor.requests[0]?.headers.authorization).toBe('Bearer token-123');
  });

  it('falls back to the embedded broker when no service exists', async () => {
    supervisor.response = {
      status: 400,
      body: { result: 'error', message: 'Service not enabled' },
    };

    const result = await resolve({});

    expect(result.env).not.toHaveProperty('MQTT_URL');
    expect(result.mqttSource).toBe('embedded');
    expect(result.warnings).toHaveLength(1);
    expect(result.warnings[0]).toContain('Service not enabled');
    expect(result.warnings[0]).toContain('Mosquitto broker add-on');
  });

  it('warns without a request when the token is missing', async () => {
    const result = await resolve({}, '');

    expect(supervisor.requests).toHaveLength(0);
    expect(result.env).not.toHaveProperty('MQTT_URL');
    expect(result.warnings[0]).toContain('SUPERVISOR_TOKEN');
  });

  it('warns when the Supervisor is unreachable', async () => {
    const result = await resolveAddonEnvironment({
      options: {},
      supervisorUrl: 'http://127.0.0.1:1',
      token: 'supervisor-token',
    });

    expect(result.env).not.toHaveProperty('MQTT_URL');
    expect(result.warnings[0]).toContain('http://127.0.0.1:1/services/mqtt');
  });

  it('warns when the service record has no usable port', async () => {
    supervisor.response = {
      status: 200,
      body: { result: 'ok', data: { ...MOSQUITTO_SERVICE, port: 'none' } },
    };

    const result = await resolve({});

    expect(result.env).not.toHaveProperty('MQTT_URL');
    expect(result.warnings[0]).toContain('invalid port');
  });

  it('lets an explicit mqtt_url win', async () => {
    supervisor.response = { status: 200, body: { result: 'ok', data: MOSQUITTO_SERVICE } };

    const result = await resolve({ mqtt_url: 'mqtt://user:pw@192.168.1.10:1883' });

    expect(result.env.MQTT_URL).toBe('mqtt://user:pw@192.168.1.10:1883');
    expect(result.mqttSource).toBe('option');
    expect(supervisor.requests).toHaveLength(0);
  });

  it('asks the Supervisor when mqtt_url is blank', async () => {
    supervisor.response = { status: 200, body: { result: 'ok', data: MOSQUITTO_SERVICE } };

    const result = await resolve({ mqtt_url: '  ' });

    expect(result.mqttSource).toBe('supervisor');
    expect(supervisor.requests).toHaveLength(1);
  });

  it('defaults Frigate to the Frigate add-on host name', async () => {
    const result = await resolve({});

    expect(result.env.FRIGATE_URL).toBe('http://ccab4aaf-frigate:5000');
    expect(FRIGATE_ADDON_URL).toBe('http://ccab4aaf-frigate:5000');
  });

  it('uses the frigate_url option when given', async () => {
    const result = await resolve({
      frigate_url: 'https://192.168.1.20:8971',
      frigate_user: 'centinela',
      frigate_password: 'secret-pw',
      frigate_tls_insecure: true,
    });

    expect(result.env.FRIGATE_URL).toBe('https://192.168.1.20:8971');
    expect(result.env.FRIGATE_USER).toBe('centinela');
    expect(result.env.FRIGATE_PASSWORD).toBe('secret-pw');
    expect(result.env.FRIGATE_TLS_INSECURE).toBe('true');
  });

  it('serves on the ingress port in ingress mode with data under /data', async () => {
    const result = await resolve({});

    expect(result.env.HOST).toBe('0.0.0.0');
    expect(result.env.PORT).toBe('8099');
    expect(result.env.CENTINELA_INGRESS).toBe('true');
    expect(result.env.CENTINELA_DATA_DIR).toBe('/data/centinela');
    expect(result.env.CENTINELA_OPTIONS_FILE).toBe('/data/centinela/options.json');
    expect(result.env.FRIGATE_MEDIA_DIR).toBe('/media/frigate');
    expect(result.env.RCLONE_CONFIG).toBe('/config/rclone.conf');
  });

  it('maps every option to its variable', async () => {
    const roleMap = [{ ha_group: 'system-admin', role: 'Admin' }];

    const result = await resolve({
      log_level: 'debug',
      language: 'en',
      frigate_tls_insecure: false,
      database_url: 'postgresql://centinela:pw@192.168.1.10:5432/centinela',
      admin_email: 'admin@example.com',
      admin_password: 'a-long-password-1',
      secret_key: 'c2VjcmV0LWtleS1vZi0zMi1ieXRlcy1mb3ItdGVzdHM=',
      timezone: 'Europe/Madrid',
      rclone_remote: 'gdrive-crypt:centinela',
      rclone_config_pass: 'rclone-pw',
      backup_schedule: '0 4 * * *',
      backup_retention_days: 45,
      role_map: roleMap,
      mqtt_url: 'mqtt://127.0.0.1:1883',
    });

    expect(result.env).toMatchObject({
      LOG_LEVEL: 'debug',
      CENTINELA_LANGUAGE: 'en',
      FRIGATE_TLS_INSECURE: 'false',
      DATABASE_URL: 'postgresql://centinela:pw@192.168.1.10:5432/centinela',
      CENTINELA_ADMIN_EMAIL: 'admin@example.com',
      CENTINELA_ADMIN_PASSWORD: 'a-long-password-1',
      CENTINELA_SECRET_KEY: 'c2VjcmV0LWtleS1vZi0zMi1ieXRlcy1mb3ItdGVzdHM=',
      CENTINELA_TIMEZONE: 'Europe/Madrid',
      TZ: 'Europe/Madrid',
      CENTINELA_BACKUP_REMOTE: 'gdrive-crypt:centinela',
      RCLONE_CONFIG_PASS: 'rclone-pw',
      CENTINELA_BACKUP_SCHEDULE: '0 4 * * *',
      CENTINELA_BACKUP_RETENTION_DAYS: '45',
    });
    expect(JSON.parse(result.env.CENTINELA_INGRESS_ROLE_MAP ?? 'null')).toEqual(roleMap);
  });

  it('leaves unset options out of the environment', async () => {
    const result = await resolve({ database_url: '', admin_password: '' });

    expect(result.env).not.toHaveProperty('DATABASE_URL');
    expect(result.env).not.toHaveProperty('CENTINELA_ADMIN_PASSWORD');
    expect(result.env).not.toHaveProperty('FRIGATE_USER');
  });

  it('keeps the broker password out of warnings', async () => {
    supervisor.response = {
      status: 200,
      body: { result: 'ok', data: { ...MOSQUITTO_SERVICE, host: '' } },
    };

    const result = await resolve({});

    expect(result.warnings).toHaveLength(1);
    expect(result.warnings[0]).not.toContain(MOSQUITTO_SERVICE.password);
  });
});

describe('buildMqttUrl', () => {
  it('percent-encodes user and password', () => {
    const url = buildMqttUrl({
      host: 'core-mosquitto',
      port: 1883,
      username: 'a@b',
      password: 'p:/@w',
    });

    expect(url).toBe('mqtt://a%40b:p%3A%2F%40w@core-mosquitto:1883');
    expect(decodeURIComponent(new URL(url).password)).toBe('p:/@w');
  });

  it('uses mqtts when the service says ssl', () => {
    expect(buildMqttUrl({ host: 'core-mosquitto', port: '8883', ssl: true })).toBe(
      'mqtts://core-mosquitto:8883',
    );
  });

  it('brackets an IPv6 host', () => {
    expect(buildMqttUrl({ host: 'fd00::5', port: 1883 })).toBe('mqtt://[fd00::5]:1883');
  });

  it('rejects a missing host', () => {
    expect(() => buildMqttUrl({ host: '', port: 1883 })).toThrow('no host');
  });

  it('rejects a port out of range', () => {
    expect(() => buildMqttUrl({ host: 'core-mosquitto', port: 70000 })).toThrow('invalid port');
  });
});

describe('withoutCredentials', () => {
  it('removes user and password from a URL', () => {
    expect(withoutCredentials('https://user:pw@192.168.1.20:8971/')).toBe(
      'https://192.168.1.20:8971/',
    );
  });

  it('hides a value that is not a URL', () => {
    expect(withoutCredentials('not a url')).toBe('(invalid URL)');
  });

  it('hides a scheme-less value with credentials', () => {
    expect(withoutCredentials('user:pw@host')).toBe('(URL hidden)');
  });
});

describe('prepareRuntimeDirs', () => {
  it('writes a private copy of the options for the server', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'centinela-addon-'));
    const dataDir = join(dir, 'centinela');
    const uid = process.getuid?.() === 0 ? 1000 : (process.getuid?.() ?? 0);
    const gid = process.getgid?.() === 0 ? 1000 : (process.getgid?.() ?? 0);
    try {
      await writeFile(join(dir, 'rclone.conf'), '[gdrive]\n');

      await prepareRuntimeDirs({
        dataDir,
        options: { log_level: 'info', admin_password: 'pw' },
        uid,
        gid,
        writableDirs: [dir],
      });

      const copy = join(dataDir, 'options.json');
      expect(JSON.parse(await readFile(copy, 'utf8'))).toEqual({
        log_level: 'info',
        admin_password: 'pw',
      });
      expect((await stat(copy)).mode & 0o777).toBe(0o600);
      expect((await stat(dataDir)).uid).toBe(uid);
      expect((await stat(copy)).uid).toBe(uid);
      expect((await stat(join(dir, 'rclone.conf'))).uid).toBe(uid);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
