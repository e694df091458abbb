// docker-compose.yml against the Compose specification's JSON schema (as shipped in the dclint
// package, which copies it from compose-spec/compose-spec) and against the stack's own rules.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseEnvFile, readText, readYaml, repoPath } from './helpers';
import {
  bindMounts,
  type ComposeFile,
  includesPort,
  interpolate,
  interpolateDeep,
  parsePort,
  stringsIn,
  variablesIn,
} from './compose-model';

const raw = readYaml<ComposeFile>('docker-compose.yml');
const exampleEnv = parseEnvFile(readText('.env.example'));
// .env.example leaves secrets empty, so give them a value to interpolate.
const filledEnv = new Map(exampleEnv);
for (const [name, value] of filledEnv) if (value === '') filledEnv.set(name, `test-${name}`);
const compose = interpolateDeep(raw, filledEnv) as ComposeFile;
const services = compose.services;

interface SchemaValidator {
  (data: unknown): boolean;
  errors?: { instancePath: string; message?: string }[] | null;
}
interface AjvInstance {
  compile(schema: object): SchemaValidator;
}

/** Compile with Ajv 8 from @centinela/core, because node_modules/ajv at the root is ESLint's Ajv 6. */
function compileComposeSchema(): SchemaValidator {
  const requireFromCore = createRequire(repoPath('core/package.json'));
  const { Ajv } = requireFromCore('ajv') as {
    Ajv: new (options: Record<string, unknown>) => AjvInstance;
  };
  const requireFromRoot = createRequire(repoPath('package.json'));
  const schemaFile = join(
    dirname(requireFromRoot.resolve('dclint/package.json')),
    'schemas/compose.schema.json',
  );
  // Ajv registers draft-07 under http://, but the file names it with https://, so drop $schema.
  const { $schema: _draft, ...schema } = JSON.parse(readFileSync(schemaFile, 'utf8')) as Record<
    string,
    unknown
  >;
  const ajv = new Ajv({ allErrors: true, strict: false, allowUnionTypes: true });
  return ajv.compile(schema);
}

function publishedPorts(name: string) {
  return ((services[name]?.ports as unknown[] | undefined) ?? []).map(parsePort);
}

describe('docker-compose.yml', () => {
  const validate = compileComposeSchema();

  it('matches the Compose specification schema', () => {
    const valid = validate(raw);
    expect(validate.errors ?? [], JSON.stringify(validate.errors)).toEqual([]);
    expect(valid).toBe(true);
  });

  it('matches the schema after interpolation', () => {
    expect(validate(compose), JSON.stringify(validate.errors)).toBe(true);
  });

  it('rejects an unknown service key', () => {
    const broken = structuredClone(raw);
    (broken.services.frigate as Record<string, unknown>).privileged_mode = true;
    expect(validate(broken)).toBe(false);
  });

  it('defines the services of the stack', () => {
    expect(Object.keys(services).sort()).toEqual(
      [
        'caddy',
        'centinela',
        'demo-cameras',
        'frigate',
        'mediamtx',
        'mosquitto',
        'postgres',
        'rclone',
        'wg-easy',
      ].sort(),
    );
    expect(services['wg-easy']?.profiles).toEqual(['vpn']);
    expect(services.mediamtx?.profiles).toEqual(['demo']);
    expect(services['demo-cameras']?.profiles).toEqual(['demo']);
  });

  it('publishes port 5000 nowhere', () => {
    for (const name of Object.keys(services)) {
      for (const port of publishedPorts(name)) {
        expect(includesPort(port.published, 5000), name).toBe(false);
        expect(includesPort(port.target, 5000), name).toBe(false);
      }
      expect(services[name]?.network_mode, name).not.toBe('host');
    }
  });

  it('publishes only 8971 from Frigate', () => {
    const ports = publishedPorts('frigate');
    expect(ports.map((port) => [port.published, port.target])).toEqual([['8971', '8971']]);
  });

  it('runs Frigate on the NVIDIA GPU with shared memory', () => {
    const frigate = services.frigate as Record<string, unknown>;
    expect(String(frigate.image)).toBe('ghcr.io/blakeblackshear/frigate:stable-tensorrt');
    expect(frigate.shm_size).toBe('512mb');
    const deploy = frigate.deploy as {
      resources: { reservations: { devices: Record<string, unknown>[] } };
    };
    const [device] = deploy.resources.reservations.devices;
    expect(device?.driver).toBe('nvidia');
    expect(device?.capabilities).toEqual(['gpu']);
  });

  it('mounts Frigate config and media from the repository and ./data', () => {
    const mounts = bindMounts(services.frigate as Record<string, unknown>);
    expect(mounts).toContainEqual({
      source: './frigate/frigate.yml',
      target: '/config/config.yml',
      readOnly: false,
    });
    expect(mounts).toContainEqual({
      source: './data/frigate',
      target: '/media/frigate',
      readOnly: false,
    });
  });

  it('starts Centinela after PostgreSQL is healthy', () => {
    const postgres = services.postgres as Record<string, unknown>;
    expect(postgres.image).toBe('postgres:16');
    expect(JSON.stringify((postgres.healthcheck as Record<string, unknown>).test)).toContain(
      'pg_isready',
    );
    const dependsOn = services.centinela?.depends_on as Record<string, { condition: string }>;
    expect(dependsOn.postgres?.condition).toBe('service_healthy');
  });

  it('builds Centinela from the add-on Dockerfile with the repository as context', () => {
    const build = services.centinela?.build as Record<string, unknown>;
    expect(build.context).toBe('.');
    expect(build.dockerfile).toBe('addon/Dockerfile');
    expect(String(services.centinela?.image)).toMatch(/^ghcr\.io\/[a-z0-9-]+\/centinela:/);
  });

  it('points Centinela at the stack services', () => {
    const env = services.centinela?.environment as Record<string, string>;
    expect(env.HOST).toBe('0.0.0.0');
    expect(new URL(env.DATABASE_URL as string).host).toBe('postgres:5432');
    expect(new URL(env.MQTT_URL as string).host).toBe('mosquitto:1883');
    expect(env.FRIGATE_URL).toBe('https://frigate:8971');
  });

  it('uses a broker config without anonymous access', () => {
    const conf = readText('mosquitto/mosquitto.conf');
    expect(services.mosquitto?.image).toBe('eclipse-mosquitto:2');
    expect(conf).toMatch(/^allow_anonymous false$/m);
    expect(conf).toMatch(/^password_file /m);
    expect(conf).toMatch(/^acl_file /m);
  });

  it('routes HTTPS through Caddy with the Caddyfile', () => {
    const mounts = bindMounts(services.caddy as Record<string, unknown>);
    expect(mounts).toContainEqual({
      source: './caddy/Caddyfile',
      target: '/etc/caddy/Caddyfile',
      readOnly: true,
    });
    expect(publishedPorts('caddy').map((port) => port.published)).toEqual(['80', '443', '443']);
  });

  it('loops two demo cameras into mediamtx', () => {
    const script = String((services['demo-cameras']?.command as string[])[0]);
    expect(script).toContain('rtsp://mediamtx:8554/');
    expect(script).toContain('entrada');
    expect(script).toContain('patio');
    expect(String(services.mediamtx?.image)).toMatch(/^bluenviron\/mediamtx:/);
  });

  it('has a core network and an internal cameras network', () => {
    expect(compose.networks).toHaveProperty('core');
    expect(compose.networks?.cameras?.internal).toBe(true);
    expect(services.frigate?.networks).toEqual(['core', 'cameras']);
    expect(services.mediamtx?.networks).toEqual(['cameras']);
    expect(services['demo-cameras']?.networks).toEqual(['cameras']);
    expect(services['wg-easy']?.networks).not.toContain('core');
  });

  it('attaches services only to declared networks', () => {
    const declared = Object.keys(compose.networks ?? {});
    for (const [name, service] of Object.entries(services)) {
      const networks = Array.isArray(service.networks)
        ? (service.networks as string[])
        : Object.keys((service.networks as Record<string, unknown> | undefined) ?? {});
      expect(networks.length, name).toBeGreaterThan(0);
      for (const network of networks) expect(declared, name).toContain(network);
    }
  });

  it('keeps every writable volume under ./data', () => {
    expect(compose.volumes ?? {}).toEqual({});
    for (const [name, service] of Object.entries(services)) {
      for (const mount of bindMounts(service)) {
        if (mount.readOnly) continue;
        // Frigate writes its own config file (config editor and migrations).
        if (mount.source === './frigate/frigate.yml') continue;
        expect(mount.source, `${name} ${mount.target}`).toMatch(/^\.\/data\//);
      }
    }
  });

  it('holds no literal secret', () => {
    const secretKey = /PASS|SECRET|TOKEN|_KEY$/i;
    for (const [name, service] of Object.entries(raw.services)) {
      const environment = (service.environment as Record<string, unknown> | undefined) ?? {};
      for (const [key, value] of Object.entries(environment)) {
        if (!secretKey.test(key)) continue;
        // The value must come from .env, with no default.
        expect(String(value), `${name}.${key}`).toMatch(/^\$\{[A-Z0-9_]+(:?\?[^}]*)?(:-)?\}$/);
      }
    }
    for (const { path, text } of stringsIn(raw)) {
      const userinfo = /:\/\/[^/:@\s]+:([^@\s]+)@/.exec(text);
      if (userinfo) expect(userinfo[1], path).toMatch(/^\$\{/);
    }
    const withoutVariables = readText('docker-compose.yml').replace(/\$\{[^}]*\}/g, '');
    expect(withoutVariables).not.toMatch(/password\s*[:=][ \t]*["']?[^\s"']/i);
  });

  it('declares every variable it uses in .env.example', () => {
    const used = new Set(stringsIn(raw).flatMap(({ text }) => variablesIn(text)));
    for (const name of used) expect(exampleEnv.has(name), name).toBe(true);
    for (const name of exampleEnv.keys()) expect(used.has(name), `${name} is unused`).toBe(true);
  });

  it('refuses to start without the required passwords', () => {
    const text = readText('docker-compose.yml');
    expect(() => interpolate(text, exampleEnv)).toThrow(/required variable POSTGRES_PASSWORD/);
  });
});
