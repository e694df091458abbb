// Checks addon/config.yaml against the rules the Home Assistant Supervisor applies when it reads
// an add-on repository (supervisor/addons/validate.py and options.py, 2026 snapshots).
import { describe, expect, it } from 'vitest';
import { INGRESS_PORT } from '../../addon/rootfs/usr/local/bin/centinela-addon-start.mjs';
import { isRecord, readText, readYaml } from './helpers';

const config = readYaml('addon/config.yaml');
const options = config.options as Record<string, unknown>;
const schema = config.schema as Record<string, unknown>;

// RE_SCHEMA_ELEMENT from supervisor/addons/options.py.
const SCHEMA_ELEMENT =
  /^(?:|bool|email|url|port|device(?:\((?<filter>subsystem=[a-z]+)\))?|str(?:\((?<sMin>\d+)?,(?<sMax>\d+)?\))?|password(?:\((?<pMin>\d+)?,(?<pMax>\d+)?\))?|int(?:\((?<iMin>\d+)?,(?<iMax>\d+)?\))?|float(?:\((?<fMin>[\d.]+)?,(?<fMax>[\d.]+)?\))?|match\((?<match>.*)\)|list\((?<list>.+)\))\??$/;
// RE_SLUG from supervisor/const.py.
const SLUG = /^[-_.A-Za-z0-9]+$/;
// RE_SERVICE from supervisor/addons/validate.py.
const SERVICE = /^(?<service>mqtt|mysql):(?<rights>provide|want|need)$/;
// The `watchdog` pattern from supervisor/addons/validate.py.
const WATCHDOG = /^(?:https?|\[PROTO:\w+\]|tcp):\/\/\[HOST\]:(\[PORT:\d+\]|\d+).*$/;
// MappingType in supervisor/addons/const.py.
const MAP_TYPES = [
  'data',
  'config',
  'ssl',
  'addons',
  'backup',
  'share',
  'media',
  'homeassistant_config',
  'all_addon_configs',
  'addon_config',
];

/** List every leaf type string of the schema with its dotted path. */
function schemaLeaves(node: unknown, path: string): { path: string; type: unknown }[] {
  if (Array.isArray(node)) return schemaLeaves(node[0], `${path}[]`);
  if (isRecord(node)) {
    return Object.entries(node).flatMap(([key, value]) => schemaLeaves(value, `${path}.${key}`));
  }
  return [{ path, type: node }];
}

/** Levels of lists and dictionaries below a schema entry; a plain type is 0. */
function nestingDepth(node: unknown): number {
  if (Array.isArray(node)) return 1 + nestingDepth(node[0]);
  if (isRecord(node)) return 1 + Math.max(0, ...Object.values(node).map(nestingDepth));
  return 0;
}

/** Check a value against one Supervisor schema type the way options.py does. */
function matchesType(type: string, value: unknown): boolean {
  const match = SCHEMA_ELEMENT.exec(type);
  if (match === null) return false;
  const groups = match.groups ?? {};
  const base = type.replace(/\?$/, '');
  if (base === 'bool') return typeof value === 'boolean';
  if (base.startsWith('int')) {
    const min = groups.iMin === undefined ? -Infinity : Number(groups.iMin);
    const max = groups.iMax === undefined ? Infinity : Number(groups.iMax);
    return Number.isInteger(value) && (value as number) >= min && (value as number) <= max;
  }
  if (base.startsWith('list(')) return (groups.list ?? '').split('|').includes(String(value));
  if (base.startsWith('str') || base.startsWith('password')) return typeof value === 'string';
  if (base === 'url') return typeof value === 'string' && URL.canParse(value);
  if (base === 'email') return typeof value === 'string' && /^[^@\s]+@[^@\s]+$/.test(value);
  return true;
}

describe('addon/config.yaml', () => {
  it('has the keys the Supervisor requires', () => {
    for (const key of ['name', 'version', 'slug', 'description', 'arch']) {
      expect(config, `missing ${key}`).toHaveProperty(key);
    }
    expect(typeof config.name).toBe('string');
    expect(typeof config.description).toBe('string');
  });

  it('lists only the architectures the Supervisor accepts', () => {
    expect(config.arch).toEqual(['amd64', 'aarch64']);
  });

  it('uses a URL-safe slug', () => {
    expect(config.slug).toBe('centinela');
    expect(config.slug).toMatch(SLUG);
    expect(encodeURIComponent(String(config.slug))).toBe(config.slug);
  });

  it('keeps the version in step with the package, image and changelog', () => {
    const rootPackage = JSON.parse(readText('package.json')) as { version: string };
    expect(config.version).toBe('0.1.0');
    expect(config.version).toBe(rootPackage.version);
    expect(readText('addon/Dockerfile')).toContain(`ARG BUILD_VERSION=${String(config.version)}`);
    expect(readText('addon/CHANGELOG.md')).toContain(`## ${String(config.version)}`);
  });

  it('names a registry image without a tag', () => {
    // The Supervisor appends `:<version>`; a tag here would break the pull.
    expect(config.image).toMatch(/^ghcr\.io\/[a-z0-9-]+\/centinela$/);
    const repository = readYaml('repository.yaml');
    const owner = String(config.image).split('/')[1];
    expect(String(repository.url)).toBe(`https://github.com/${owner}/centinela`);
    expect(config.url).toBe(repository.url);
  });

  it('starts as an application with init and a stop timeout', () => {
    expect(config.startup).toBe('application');
    expect(config.boot).toBe('auto');
    expect(config.init).toBe(true);
    expect(config.timeout).toBe(30);
    expect(config.timeout as number).toBeGreaterThanOrEqual(10);
    expect(config.timeout as number).toBeLessThanOrEqual(300);
  });

  it('serves the portal through ingress with a sidebar panel', () => {
    expect(config.ingress).toBe(true);
    expect(config.ingress_port).toBe(8099);
    expect(config.ingress_port).toBe(INGRESS_PORT);
    expect(config.panel_icon).toBe('mdi:cctv');
    expect(config.panel_title).toBe('Centinela');
    expect(config.panel_admin).toBe(false);
    expect(config).not.toHaveProperty('host_network');
  });

  it('has a watchdog on the ingress port', () => {
    expect(config.watchdog).toMatch(WATCHDOG);
    expect(config.watchdog).toContain(`[PORT:${INGRESS_PORT}]`);
  });

  it('asks for the Core API and an optional MQTT service', () => {
    expect(config.homeassistant_api).toBe(true);
    expect(config.services).toEqual(['mqtt:want']);
    for (const service of config.services as string[]) expect(service).toMatch(SERVICE);
    expect(config).not.toHaveProperty('hassio_api');
  });

  it('maps media read-only and the config and share folders writable', () => {
    const map = config.map as Record<string, unknown>[];
    for (const entry of map) {
      expect(MAP_TYPES).toContain(entry.type);
      expect(typeof entry.read_only).toBe('boolean');
      expect(Object.keys(entry).every((key) => ['type', 'read_only', 'path'].includes(key))).toBe(
        true,
      );
    }
    const byType = new Map(map.map((entry) => [entry.type, entry]));
    expect(byType.get('media')?.read_only).toBe(true);
    expect(byType.get('addon_config')?.read_only).toBe(false);
    expect(byType.get('share')?.read_only).toBe(false);
    // `config` (the old name of homeassistant_config) disables addon_config when both appear.
    expect(byType.has('config')).toBe(false);
  });

  it('lists backup exclusions as strings', () => {
    expect(Array.isArray(config.backup_exclude)).toBe(true);
    for (const pattern of config.backup_exclude as unknown[]) expect(typeof pattern).toBe('string');
  });

  it('uses only schema types the Supervisor knows', () => {
    for (const leaf of schemaLeaves(schema, 'schema')) {
      expect(typeof leaf.type, leaf.path).toBe('string');
      expect(leaf.type, leaf.path).toMatch(SCHEMA_ELEMENT);
    }
  });

  it('nests options at most two levels deep', () => {
    for (const [key, node] of Object.entries(schema)) {
      expect(nestingDepth(node), key).toBeLessThanOrEqual(2);
      if (Array.isArray(node)) expect(Array.isArray(node[0]), key).toBe(false);
    }
  });

  it('has a schema entry for every default', () => {
    for (const key of Object.keys(options)) expect(schema, key).toHaveProperty(key);
  });

  it('keeps optional options out of the defaults', () => {
    for (const [key, type] of Object.entries(schema)) {
      if (typeof type === 'string' && type.endsWith('?')) {
        expect(options, `${key} is optional but has a default`).not.toHaveProperty(key);
      } else {
        expect(options, `${key} is required but has no default`).toHaveProperty(key);
      }
    }
  });

  it('gives defaults that pass their own schema types', () => {
    for (const [key, value] of Object.entries(options)) {
      const type = schema[key];
      if (typeof type === 'string') {
        expect(matchesType(type, value), `${key}=${JSON.stringify(value)}`).toBe(true);
        continue;
      }
      const itemSchema = (type as Record<string, string>[])[0] as Record<string, string>;
      for (const item of value as Record<string, unknown>[]) {
        expect(Object.keys(item).sort()).toEqual(Object.keys(itemSchema).sort());
        for (const [field, fieldType] of Object.entries(itemSchema)) {
          expect(matchesType(fieldType, item[field]), `${key}.${field}`).toBe(true);
        }
      }
    }
  });

  it('offers the documented settings', () => {
    expect(Object.keys(schema).sort()).toEqual(
      [
        'admin_email',
        'admin_password',
        'backup_retention_days',
        'backup_schedule',
        'database_url',
        'frigate_password',
        'frigate_tls_insecure',
        'frigate_url',
        'frigate_user',
        'language',
        'log_level',
        'mqtt_url',
        'public_url',
        'rclone_config_pass',
        'rclone_remote',
        'role_map',
        'secret_key',
        'timezone',
      ].sort(),
    );
    expect(schema.backup_retention_days).toBe('int(1,3650)');
    expect(schema.role_map).toEqual([{ ha_group: 'str', role: 'list(SuperAdmin|Admin|ReadOnly)' }]);
  });

  it('masks every secret option as a password', () => {
    for (const key of ['frigate_password', 'admin_password', 'secret_key', 'rclone_config_pass']) {
      expect(schema[key], key).toBe('password?');
    }
  });
});

describe('add-on translations', () => {
  for (const language of ['en', 'es']) {
    it(`names and describes every option in ${language}`, () => {
      const translation = readYaml(`addon/translations/${language}.yaml`);
      const configuration = translation.configuration as Record<string, Record<string, unknown>>;
      expect(Object.keys(configuration).sort()).toEqual(Object.keys(schema).sort());
      for (const [key, entry] of Object.entries(configuration)) {
        expect(typeof entry.name, `${key}.name`).toBe('string');
        expect(typeof entry.description, `${key}.description`).toBe('string');
      }
      const fields = configuration.role_map?.fields as Record<string, Record<string, unknown>>;
      expect(Object.keys(fields).sort()).toEqual(['ha_group', 'role']);
      for (const field of Object.values(fields)) expect(typeof field.name).toBe('string');
    });
  }
});

describe('add-on documentation', () => {
  it('explains every option in DOCS.md', () => {
    const docs = readText('addon/DOCS.md');
    for (const key of Object.keys(schema)) expect(docs, key).toContain(`\`${key}\``);
  });
});
