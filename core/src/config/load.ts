import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { SETTINGS, type SettingDefinition } from './settings';

/** A rule of CENTINELA_INGRESS_ROLE_MAP: a Home Assistant group or user, and its Centinela role. */
export interface IngressRoleRule {
  ha_group?: string;
  ha_user?: string;
  role: 'SuperAdmin' | 'Admin' | 'ReadOnly';
}

export interface AppConfig {
  port: number;
  host: string;
  databaseUrl: string | undefined;
  mqttUrl: string | undefined;
  embeddedMqttPort: number;
  frigateUrl: string | undefined;
  frigateUser: string | undefined;
  frigatePassword: string | undefined;
  frigateTlsInsecure: boolean;
  frigateMqttPrefix: string;
  sampleClipsDir: string;
  dataDir: string;
  adminEmail: string | undefined;
  adminPassword: string | undefined;
  secretKey: string | undefined;
  siteName: string;
  timezone: string;
  logLevel: string;
  ingress: boolean;
  homeAssistantUrl: string | undefined;
  homeAssistantToken: string | undefined;
  /** Set by the Supervisor inside the Home Assistant add-on. */
  supervisorToken: string | undefined;
  haDiscoveryPrefix: string;
  publicUrl: string | undefined;
  mediaLinkMinutes: number;
  /** Frigate's media folder (recordings, clips) when readable from here; backups copy it. */
  frigateMediaDir: string | undefined;
  /** Language of the Home Assistant entity names published over MQTT. */
  language: 'es' | 'en';
  /** The add-on options file this configuration was read from (it may not exist). */
  optionsFile: string;
  /** Ingress rules the auth-mfa plugin applies after each site's own ingress_role_map. */
  ingressRoleMap: IngressRoleRule[] | undefined;
  /** `<remote>[:<folder>]`; seeds and installs the gdrive-backup plugin. */
  backupRemote: string | undefined;
  backupSchedule: string | undefined;
  backupRetentionDays: number | undefined;
  rcloneConfig: string | undefined;
  rcloneConfigPass: string | undefined;
}

export class ConfigError extends Error {
  readonly problems: string[];

  constructor(problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

export interface LoadConfigOptions {
  env?: NodeJS.ProcessEnv;
  /** Path of the Home Assistant add-on options file; read when it exists. */
  optionsFile?: string;
}

const DEFAULT_OPTIONS_FILE = '/data/options.json';

/**
 * Read settings from the environment and, inside the Home Assistant add-on, from
 * `/data/options.json`. The environment wins over the options file. Every value is checked
 * against its JSON Schema; all problems are reported at once, each naming the variable and
 * the fix, so that a wrong setting stops the start instead of failing later.
 */
export function loadConfig(options: LoadConfigOptions = {}): AppConfig {
  const env = options.env ?? process.env;
  const optionsFile = options.optionsFile ?? env.CENTINELA_OPTIONS_FILE ?? DEFAULT_OPTIONS_FILE;
  const addonOptions = readOptionsFile(optionsFile);
  const raw: Record<string, unknown> = {};

  for (const setting of SETTINGS) {
    const fromEnv = env[setting.env];
    const fromOptions = setting.option === undefined ? undefined : addonOptions[setting.option];
    const value = fromEnv !== undefined && fromEnv !== '' ? fromEnv : fromOptions;
    if (value !== undefined && value !== null && value !== '') raw[setting.env] = value;
    else if (setting.default !== undefined) raw[setting.env] = setting.default;
  }

  // Set by the Home Assistant Supervisor, not by users, so it is not in the settings table.
  if (env.SUPERVISOR_TOKEN) raw.SUPERVISOR_TOKEN = env.SUPERVISOR_TOKEN;
  const problems = validate(raw);
  if (problems.length > 0) throw new ConfigError(problems);
  return toAppConfig(raw, optionsFile);
}

function readOptionsFile(path: string): Record<string, unknown> {
  if (!existsSync(path)) return {};
  try {
    const parsed: unknown = JSON.parse(readFileSync(path, 'utf8'));
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) {
      return parsed as Record<string, unknown>;
    }
    throw new Error('the file does not contain a JSON object');
  } catch (error) {
    throw new ConfigError([
      `Cannot read ${path}: ${(error as Error).message}. Fix: save the add-on options again.`,
    ]);
  }
}

function schemaFor(setting: SettingDefinition): Record<string, unknown> {
  return { type: setting.type, ...setting.schema };
}

function validate(raw: Record<string, unknown>): string[] {
  const ajv = new Ajv({ allErrors: true, coerceTypes: true, strict: false });
  addFormats.default(ajv);
  const problems: string[] = [];
  for (const setting of SETTINGS) {
    if (!(setting.env in raw)) continue;
    if (setting.type === 'array' && typeof raw[setting.env] === 'string') {
      const parsed = parseJson(String(raw[setting.env]));
      if (parsed === undefined) {
        problems.push(`${setting.env} is not valid JSON. Fix: ${setting.fix}`);
        continue;
      }
      raw[setting.env] = parsed;
    }
    const holder = { value: raw[setting.env] };
    // Ajv coerces in place only through a parent object, so validate a wrapper.
    const wrapper = ajv.compile({ type: 'object', properties: { value: schemaFor(setting) } });
    if (wrapper(holder)) {
      raw[setting.env] = holder.value;
      continue;
    }
    const reason = (wrapper.errors ?? []).map((e) => e.message ?? 'is invalid').join(', ');
    const shown = setting.secret ? '(hidden)' : JSON.stringify(raw[setting.env]);
    problems.push(`${setting.env} ${reason} (got ${shown}). Fix: ${setting.fix}`);
  }
  if (typeof raw.CENTINELA_TIMEZONE === 'string' && !isTimeZone(raw.CENTINELA_TIMEZONE)) {
    problems.push(
      `CENTINELA_TIMEZONE is not a known IANA time zone (got ${JSON.stringify(raw.CENTINELA_TIMEZONE)}). Fix: use a name such as America/Mexico_City.`,
    );
  }
  return problems;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

function optionalString(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function optionalInteger(value: unknown): number | undefined {
  return typeof value === 'number' ? value : undefined;
}

function toAppConfig(raw: Record<string, unknown>, optionsFile: string): AppConfig {
  const logLevel = String(raw.LOG_LEVEL);
  return {
    port: Number(raw.PORT),
    host: String(raw.HOST),
    databaseUrl: optionalString(raw.DATABASE_URL),
    mqttUrl: optionalString(raw.MQTT_URL),
    embeddedMqttPort: Number(raw.CENTINELA_EMBEDDED_MQTT_PORT),
    frigateUrl: optionalString(raw.FRIGATE_URL)?.replace(/\/+$/, ''),
    frigateUser: optionalString(raw.FRIGATE_USER),
    frigatePassword: optionalString(raw.FRIGATE_PASSWORD),
    frigateTlsInsecure: raw.FRIGATE_TLS_INSECURE === true,
    frigateMqttPrefix: String(raw.FRIGATE_MQTT_PREFIX),
    sampleClipsDir: resolve(String(raw.SAMPLE_CLIPS_DIR)),
    dataDir: resolve(String(raw.CENTINELA_DATA_DIR)),
    adminEmail: optionalString(raw.CENTINELA_ADMIN_EMAIL),
    adminPassword: optionalString(raw.CENTINELA_ADMIN_PASSWORD),
    secretKey: optionalString(raw.CENTINELA_SECRET_KEY),
    siteName: String(raw.CENTINELA_SITE_NAME),
    timezone: String(raw.CENTINELA_TIMEZONE),
    // Home Assistant's add-on option list says "warning"; pino calls it "warn".
    logLevel: logLevel === 'warning' ? 'warn' : logLevel,
    ingress: raw.CENTINELA_INGRESS === true,
    homeAssistantUrl: optionalString(raw.HOME_ASSISTANT_URL)?.replace(/\/+$/, ''),
    homeAssistantToken: optionalString(raw.HOME_ASSISTANT_TOKEN),
    supervisorToken: optionalString(raw.SUPERVISOR_TOKEN),
    haDiscoveryPrefix: String(raw.HA_DISCOVERY_PREFIX),
    publicUrl: optionalString(raw.CENTINELA_PUBLIC_URL)?.replace(/\/+$/, ''),
    mediaLinkMinutes: Number(raw.CENTINELA_MEDIA_LINK_MINUTES),
    frigateMediaDir: optionalString(raw.FRIGATE_MEDIA_DIR),
    language: raw.CENTINELA_LANGUAGE === 'en' ? 'en' : 'es',
    optionsFile,
    // Validated against the rule schema in settings.ts above.
    ingressRoleMap: Array.isArray(raw.CENTINELA_INGRESS_ROLE_MAP)
      ? (raw.CENTINELA_INGRESS_ROLE_MAP as IngressRoleRule[])
      : undefined,
    backupRemote: optionalString(raw.CENTINELA_BACKUP_REMOTE),
    backupSchedule: optionalString(raw.CENTINELA_BACKUP_SCHEDULE),
    backupRetentionDays: optionalInteger(raw.CENTINELA_BACKUP_RETENTION_DAYS),
    rcloneConfig: optionalString(raw.RCLONE_CONFIG),
    rcloneConfigPass: optionalString(raw.RCLONE_CONFIG_PASS),
  };
}
