import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { INGRESS_PORT } from '../../../addon/rootfs/usr/local/bin/centinela-addon-start.mjs';
import { SETTINGS } from '../../src/config/settings';
import { optionsProblems, parseSchemaType, schemaProblems } from './supervisor-options';

const ROOT = join(import.meta.dirname, '../../..');
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');
const manifest = parse(read('addon/config.yaml')) as Record<string, unknown>;
const options = manifest.options as Record<string, unknown>;
const schema = manifest.schema as Record<string, unknown>;

/** `map` entries in either the long form or the short `type:rw` form, as {type, readOnly}. */
function mappedFolders(): Map<string, boolean> {
  const folders = new Map<string, boolean>();
  for (const entry of manifest.map as unknown[]) {
    if (typeof entry === 'string') {
      const [type, mode] = entry.split(':');
      folders.set(type!, mode !== 'rw');
    } else {
      const { type, read_only: readOnly } = entry as { type: string; read_only?: boolean };
      // Folders are mounted read-only unless read_only is false.
      folders.set(type, readOnly !== false);
    }
  }
  return folders;
}

describe('add-on manifest', () => {
  it('has the required keys', () => {
    for (const key of ['name', 'version', 'slug', 'description', 'arch']) {
      expect(typeof manifest[key] === 'string' || Array.isArray(manifest[key]), key).toBe(true);
    }
  });

  it('uses a url-safe slug', () => {
    expect(manifest.slug).toMatch(/^[a-z0-9_-]+$/);
  });

  it('matches the package version', () => {
    const packageJson = JSON.parse(read('package.json')) as { version: string };
    expect(manifest.version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(manifest.version).toBe(packageJson.version);
  });

  it('pulls a multi-arch image by version', () => {
    // The Supervisor appends :<version>, so the name carries no tag and no {arch}.
    expect(manifest.image).toBe('ghcr.io/centinela-nvr/centinela');
  });

  it('lists only 64-bit architectures', () => {
    expect(manifest.arch).toEqual(['amd64', 'aarch64']);
  });

  it('serves ingress on the start script port', () => {
    expect(manifest.ingress).toBe(true);
    expect(Number.isInteger(manifest.ingress_port)).toBe(true);
    expect(manifest.ingress_port).toBe(INGRESS_PORT);
    expect(manifest.ingress_port).toBeGreaterThan(0);
    expect(manifest).not.toHaveProperty('host_network');
  });

  it('uses a material design icon', () => {
    expect(manifest.panel_icon).toMatch(/^mdi:[a-z0-9-]+$/);
  });

  it('maps the folders it needs', () => {
    const folders = mappedFolders();
    expect(folders.get('addon_config')).toBe(false);
    expect(folders.get('share')).toBe(false);
    expect(folders.get('media')).toBe(true);
    expect([...folders.keys()].sort()).toEqual(['addon_config', 'media', 'share']);
  });

  it('asks for mqtt and the core api', () => {
    for (const service of manifest.services as string[])
      expect(service).toMatch(/^mqtt:(need|want)$/);
    expect(manifest.homeassistant_api).toBe(true);
  });

  it('leaves the lan port off by default', () => {
    expect(manifest.ports).toEqual({ [`${INGRESS_PORT}/tcp`]: null });
    expect(manifest.ports_description).toHaveProperty(`${INGRESS_PORT}/tcp`);
  });

  it('watches the health route on the ingress port', () => {
    expect(manifest.watchdog).toBe(`http://[HOST]:[PORT:${INGRESS_PORT}]/api/health`);
  });
});

describe('add-on options schema', () => {
  it('uses only supervisor types', () => {
    expect(schemaProblems(schema)).toEqual([]);
  });

  it('has a schema entry for every option', () => {
    for (const key of Object.keys(options)) expect(schema, key).toHaveProperty(key);
  });

  it('gives every required option a default', () => {
    for (const [key, node] of Object.entries(schema)) {
      const optional = typeof node === 'string' && parseSchemaType(node).optional;
      expect(key in options, key).toBe(!optional);
    }
  });

  it('accepts its own defaults', () => {
    expect(optionsProblems(schema, options)).toEqual([]);
  });

  it('accepts a complete set of options', () => {
    const complete = {
      ...options,
      language: 'en',
      frigate_url: 'https://192.168.1.20:8971',
      frigate_user: 'centinela',
      frigate_password: 'frigate-password',
      database_url: 'postgresql://centinela:pw@192.168.1.10:5432/centinela',
      mqtt_url: 'mqtt://centinela:pw@192.168.1.10:1883',
      admin_email: 'admin@example.com',
      admin_password: 'a-long-password-1',
      secret_key: 'c2VjcmV0LWtleS1vZi0zMi1ieXRlcy1mb3ItdGVzdHM=',
      public_url: 'https://centinela.example.com',
      rclone_remote: 'gdrive-crypt:centinela',
      rclone_config_pass: 'rclone-password',
    };
    expect(optionsProblems(schema, complete)).toEqual([]);
  });

  it.each([
    ['an unknown option', { colour: 'red' }, /colour is not an option/],
    ['a missing required option', { timezone: undefined }, /timezone is required/],
    ['a language outside the list', { language: 'fr' }, /language is not one of es, en/],
    ['retention out of range', { backup_retention_days: 0 }, /backup_retention_days is below 1/],
    ['a url without a scheme', { frigate_url: '192.168.1.20:8971' }, /frigate_url is not a URL/],
    ['an invalid email', { admin_email: 'admin' }, /admin_email is not an email address/],
    [
      'a role outside the list',
      { role_map: [{ ha_group: 'x', role: 'Owner' }] },
      /role_map\[0\]\.role is not one of/,
    ],
    [
      'a rule without a group',
      { role_map: [{ role: 'Admin' }] },
      /role_map\[0\]\.ha_group is required/,
    ],
  ])('rejects %s', (_case, change, message) => {
    const problems = optionsProblems(schema, { ...options, ...change });
    expect(problems.join('\n')).toMatch(message);
  });

  it('rejects types the supervisor does not know', () => {
    expect(() => parseSchemaType('string')).toThrow(/unknown schema type/);
    expect(() => parseSchemaType('int(1-5)')).toThrow(/invalid range/);
    expect(() => parseSchemaType('list()')).toThrow();
    expect(schemaProblems({ deep: [{ inner: [{ x: 'str' }] }] })).not.toEqual([]);
  });

  it('parses the supervisor type forms', () => {
    expect(parseSchemaType('int(1,3650)')).toEqual({
      base: 'int',
      optional: false,
      min: 1,
      max: 3650,
    });
    expect(parseSchemaType('str?')).toEqual({ base: 'str', optional: true });
    expect(parseSchemaType('list(a|b)')).toMatchObject({ values: ['a', 'b'] });
    expect(parseSchemaType('match(^[a-z]+$)')).toMatchObject({
      base: 'match',
      pattern: '^[a-z]+$',
    });
    expect(parseSchemaType('port')).toEqual({ base: 'port', optional: false });
    expect(parseSchemaType('password?')).toEqual({ base: 'password', optional: true });
    expect(parseSchemaType('email?')).toEqual({ base: 'email', optional: true });
    expect(parseSchemaType('url?')).toEqual({ base: 'url', optional: true });
  });
});

describe('add-on options and core settings', () => {
  const byOption = new Map(
    SETTINGS.filter((s) => s.option !== undefined).map((s) => [s.option!, s]),
  );

  it('maps every option to a setting', () => {
    const unmapped = Object.keys(schema).filter((key) => !byOption.has(key));
    expect(unmapped).toEqual([]);
  });

  it('offers every setting that names an option', () => {
    const missing = [...byOption.keys()].filter((option) => !(option in schema));
    expect(missing).toEqual([]);
  });

  // URLs with a password in them count as secrets too, so the UI masks them.
  it('masks every secret setting', () => {
    for (const [option, setting] of byOption) {
      const type = schema[option];
      if (typeof type !== 'string') continue;
      expect(parseSchemaType(type).base === 'password', option).toBe(setting.secret === true);
    }
  });

  it('uses ranges and choices the settings accept', () => {
    for (const [option, setting] of byOption) {
      const node = schema[option];
      if (typeof node !== 'string') {
        expect(setting.type, option).toBe('array');
        continue;
      }
      const type = parseSchemaType(node);
      if (type.base === 'int') {
        expect(setting.type, option).toBe('integer');
        expect(type.min, option).toBe(setting.schema?.minimum);
        expect(type.max, option).toBe(setting.schema?.maximum);
      } else if (type.base === 'bool') {
        expect(setting.type, option).toBe('boolean');
      } else if (type.base === 'list') {
        expect(setting.schema?.enum, option).toEqual(expect.arrayContaining(type.values ?? []));
      } else if (type.base === 'url') {
        expect(setting.schema?.pattern, option).toBe('^https?://');
      } else {
        expect(setting.type, option).toBe('string');
      }
    }
  });

  it('defaults the same way as the settings where both have one', () => {
    for (const [option, value] of Object.entries(options)) {
      const setting = byOption.get(option)!;
      if (setting.default === undefined || option === 'language') continue;
      expect(value, option).toBe(setting.default);
    }
  });
});

describe('add-on translations', () => {
  for (const language of ['en', 'es']) {
    const translation = parse(read(`addon/translations/${language}.yaml`)) as {
      configuration: Record<
        string,
        { name?: string; description?: string; fields?: Record<string, { name?: string }> }
      >;
      network?: Record<string, string>;
    };

    it(`names every option in ${language}`, () => {
      expect(Object.keys(translation.configuration).sort()).toEqual(Object.keys(schema).sort());
      for (const [key, entry] of Object.entries(translation.configuration)) {
        expect(entry.name, key).toMatch(/\S/);
        expect(entry.description, key).toMatch(/\S/);
      }
    });

    it(`describes the lan port in ${language}`, () => {
      expect(translation.network?.[`${INGRESS_PORT}/tcp`]).toMatch(/\S/);
    });
  }
});
