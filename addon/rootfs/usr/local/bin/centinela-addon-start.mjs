#!/usr/bin/env node
// Start script of the Centinela Home Assistant add-on.
//
// The Supervisor runs this file as the container's command. It reads the add-on options from
// /data/options.json, requests the MQTT broker from the Supervisor when no mqtt_url is set,
// turns both into Centinela's environment variables and starts the server as an unprivileged
// user. It is plain JavaScript with no dependencies, so it runs before anything else is set up
// and can be unit-tested with a fake Supervisor.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, chown, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** Host name of the Frigate add-on (repository hash ccab4aaf, slug frigate) on the hassio network. */
export const FRIGATE_ADDON_URL = 'http://ccab4aaf-frigate:5000';
export const SUPERVISOR_URL = 'http://supervisor';
/** Must equal `ingress_port` in config.yaml. */
export const INGRESS_PORT = 8099;
export const DATA_DIR = '/data/centinela';
/** Frigate's media folder as mapped by `map: media` (read-only). */
export const FRIGATE_MEDIA_DIR = '/media/frigate';
/** The add-on's public config folder (`map: addon_config`), editable by the user. */
export const ADDON_CONFIG_DIR = '/config';
/** Uid and gid of the `node` user in the official Node.js images. */
export const SERVER_UID = 1000;
export const SERVER_GID = 1000;

const OPTIONS_FILE = '/data/options.json';
const APP_DIR = '/app';
const SUPERVISOR_TIMEOUT_MS = 5000;

/**
 * Map add-on options to Centinela's environment variables.
 *
 * `options` is the parsed /data/options.json. When `mqtt_url` is empty, the broker comes from
 * `GET <supervisorUrl>/services/mqtt`. Without a broker the server falls back to its embedded
 * one, and a warning explains why. Warnings contain no secrets.
 *
 * @param {{
 *   options: Record<string, unknown>,
 *   supervisorUrl?: string,
 *   token?: string,
 *   fetch?: typeof globalThis.fetch,
 *   dataDir?: string,
 * }} input
 * @returns {Promise<{ env: Record<string, string>, warnings: string[], mqttSource: 'option' | 'supervisor' | 'embedded', mqttProvider?: string }>}
 */
export async function resolveAddonEnvironment({
  options,
  supervisorUrl = SUPERVISOR_URL,
  token,
  fetch = globalThis.fetch,
  dataDir = DATA_DIR,
}) {
  const warnings = [];
  const env = {
    HOST: '0.0.0.0',
    PORT: String(INGRESS_PORT),
    CENTINELA_INGRESS: 'true',
    CENTINELA_DATA_DIR: dataDir,
    // The Supervisor writes /data/options.json with mode 0600 for root, and the server runs
    // unprivileged, so it reads the copy that startServer() writes here.
    CENTINELA_OPTIONS_FILE: join(dataDir, 'options.json'),
    FRIGATE_URL: stringOption(options, 'frigate_url') ?? FRIGATE_ADDON_URL,
    FRIGATE_TLS_INSECURE: options.frigate_tls_insecure === true ? 'true' : 'false',
    FRIGATE_MEDIA_DIR,
    RCLONE_CONFIG: join(ADDON_CONFIG_DIR, 'rclone.conf'),
    LOG_LEVEL: stringOption(options, 'log_level') ?? 'info',
    CENTINELA_LANGUAGE: stringOption(options, 'language') ?? 'es',
  };

  const timezone = stringOption(options, 'timezone');
  if (timezone !== undefined) {
    env.CENTINELA_TIMEZONE = timezone;
    env.TZ = timezone;
  }

  const optional = {
    frigate_user: 'FRIGATE_USER',
    frigate_password: 'FRIGATE_PASSWORD',
    database_url: 'DATABASE_URL',
    admin_email: 'CENTINELA_ADMIN_EMAIL',
    admin_password: 'CENTINELA_ADMIN_PASSWORD',
    secret_key: 'CENTINELA_SECRET_KEY',
    rclone_config_pass: 'RCLONE_CONFIG_PASS',
    rclone_remote: 'CENTINELA_BACKUP_REMOTE',
    backup_schedule: 'CENTINELA_BACKUP_SCHEDULE',
    public_url: 'CENTINELA_PUBLIC_URL',
  };
  for (const [option, variable] of Object.entries(optional)) {
    const value = stringOption(options, option);
    if (value !== undefined) env[variable] = value;
  }

  if (typeof options.backup_retention_days === 'number') {
    env.CENTINELA_BACKUP_RETENTION_DAYS = String(options.backup_retention_days);
  }
  if (Array.isArray(options.role_map)) {
    env.CENTINELA_INGRESS_ROLE_MAP = JSON.stringify(options.role_map);
  }

  const mqttOption = stringOption(options, 'mqtt_url');
  if (mqttOption !== undefined) {
    env.MQTT_URL = mqttOption;
    return { env, warnings, mqttSource: 'option' };
  }

  const lookup = await readMqttService({ supervisorUrl, token, fetch });
  if (!('service' in lookup)) {
    warnings.push(lookup.warning);
    return { env, warnings, mqttSource: 'embedded' };
  }

  // The v1 API names the providing add-on `addon`, and the optional /v2 API names it `app`.
  const provider = lookup.service.addon ?? lookup.service.app;
  const mqttProvider = typeof provider === 'string' ? provider : undefined;
  try {
    env.MQTT_URL = buildMqttUrl(lookup.service);
    return { env, warnings, mqttSource: 'supervisor', mqttProvider };
  } catch (error) {
    warnings.push(`${error.message} ${EMBEDDED_BROKER_NOTE}`);
    return { env, warnings, mqttSource: 'embedded', mqttProvider };
  }
}

const EMBEDDED_BROKER_NOTE =
  'Centinela starts its embedded broker on 127.0.0.1, which Frigate cannot reach, so no MQTT ' +
  'events arrive from Frigate. Fix: install the Mosquitto broker add-on, or set the mqtt_url ' +
  'option.';

/**
 * Build an MQTT URL from the Supervisor's service record. `port` may be a string (as the
 * Supervisor docs show it) or a number (as its schema stores it).
 *
 * @param {{ host?: unknown, port?: unknown, ssl?: unknown, username?: unknown, password?: unknown }} service
 * @returns {string}
 */
export function buildMqttUrl(service) {
  const host = typeof service.host === 'string' ? service.host.trim() : '';
  const port = typeof service.port === 'string' ? Number(service.port.trim()) : service.port;
  if (host === '') {
    throw new Error('The Supervisor MQTT service has no host.');
  }
  if (typeof port !== 'number' || !Number.isInteger(port) || port < 1 || port > 65535) {
    throw new Error(
      `The Supervisor MQTT service has an invalid port ${JSON.stringify(service.port)}.`,
    );
  }

  const scheme = service.ssl === true ? 'mqtts' : 'mqtt';
  const hostPart = host.includes(':') ? `[${host}]` : host;
  let credentials = '';
  if (typeof service.username === 'string' && service.username !== '') {
    const password = typeof service.password === 'string' ? service.password : '';
    credentials = `${encodeURIComponent(service.username)}:${encodeURIComponent(password)}@`;
  }
  return `${scheme}://${credentials}${hostPart}:${port}`;
}

/**
 * Read `GET /services/mqtt` from the Supervisor. Returns the service record, or a warning that
 * gives the reason there is none.
 */
async function readMqttService({ supervisorUrl, token, fetch }) {
  if (typeof token !== 'string' || token === '') {
    return {
      warning: `SUPERVISOR_TOKEN is not set, so the MQTT service was not read from the Supervisor. ${EMBEDDED_BROKER_NOTE}`,
    };
  }

  const url = `${supervisorUrl.replace(/\/+$/, '')}/services/mqtt`;
  let response;
  try {
    response = await fetch(url, {
      headers: { Authorization: `Bearer ${token}` },
      signal: AbortSignal.timeout(SUPERVISOR_TIMEOUT_MS),
    });
  } catch (error) {
    return { warning: `Reading ${url} failed: ${error.message}. ${EMBEDDED_BROKER_NOTE}` };
  }

  let body;
  try {
    body = await response.json();
  } catch {
    body = undefined;
  }
  const data = body?.data;
  if (!response.ok || body?.result !== 'ok' || typeof data !== 'object' || data === null) {
    const reason = typeof body?.message === 'string' ? body.message : `HTTP ${response.status}`;
    return { warning: `No MQTT service from the Supervisor (${reason}). ${EMBEDDED_BROKER_NOTE}` };
  }
  return { service: data };
}

function stringOption(options, key) {
  const value = options[key];
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

/**
 * Create the server's data folder, write the options copy the server reads (mode 0600) and,
 * when running as root, give the folders the server writes to the unprivileged user.
 *
 * @param {{ dataDir: string, options: Record<string, unknown>, uid: number, gid: number, writableDirs?: string[] }} input
 */
export async function prepareRuntimeDirs({ dataDir, options, uid, gid, writableDirs = [] }) {
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const optionsCopy = join(dataDir, 'options.json');
  await writeFile(optionsCopy, `${JSON.stringify(options, null, 2)}\n`, { mode: 0o600 });
  // writeFile keeps the mode of an existing file, so set it again.
  await chmod(optionsCopy, 0o600);

  if (process.getuid?.() !== 0) return;
  await chown(dataDir, uid, gid);
  await chown(optionsCopy, uid, gid);
  for (const dir of writableDirs) {
    if (!existsSync(dir)) continue;
    await chown(dir, uid, gid);
    // rclone writes refreshed OAuth tokens back into its config file.
    const rcloneConfig = join(dir, 'rclone.conf');
    if (existsSync(rcloneConfig)) await chown(rcloneConfig, uid, gid);
  }
}

async function readOptions(path) {
  if (!existsSync(path)) {
    log('warning', `${path} not found; starting with default options.`);
    return {};
  }
  const parsed = JSON.parse(await readFile(path, 'utf8'));
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new Error(`${path} does not contain a JSON object. Fix: save the add-on options again.`);
  }
  return parsed;
}

/** Remove user and password from a URL before it is logged. */
export function withoutCredentials(url) {
  let parsed;
  try {
    parsed = new URL(url);
  } catch {
    return '(invalid URL)';
  }
  parsed.username = '';
  parsed.password = '';
  // Strings such as "user:pw@host" parse as a URL of scheme "user:" and keep the "@".
  return parsed.href.includes('@') ? '(URL hidden)' : parsed.href;
}

function log(level, message) {
  process.stderr.write(`[centinela-addon] ${level}: ${message}\n`);
}

/** Start the server with the resolved environment and forward stop signals to it. */
async function startServer() {
  const options = await readOptions(OPTIONS_FILE);
  const { env, warnings, mqttSource, mqttProvider } = await resolveAddonEnvironment({
    options,
    token: process.env.SUPERVISOR_TOKEN,
  });
  for (const warning of warnings) log('warning', warning);
  const broker = mqttProvider === undefined ? mqttSource : `${mqttSource} (${mqttProvider})`;
  log('info', `Frigate at ${withoutCredentials(env.FRIGATE_URL)}; MQTT broker from ${broker}.`);

  const isRoot = process.getuid?.() === 0;
  await prepareRuntimeDirs({
    dataDir: env.CENTINELA_DATA_DIR,
    options,
    uid: SERVER_UID,
    gid: SERVER_GID,
    writableDirs: [ADDON_CONFIG_DIR],
  });

  const child = spawn(process.execPath, ['--import', 'tsx', 'core/src/cli/main.ts', 'start'], {
    cwd: APP_DIR,
    env: { ...process.env, ...env, HOME: env.CENTINELA_DATA_DIR },
    stdio: 'inherit',
    ...(isRoot ? { uid: SERVER_UID, gid: SERVER_GID } : {}),
  });

  // Docker's init (tini) signals only this process, so pass stop requests on to the server.
  for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP']) {
    process.on(signal, () => child.kill(signal));
  }
  child.on('error', (error) => {
    log('error', `Starting the server failed: ${error.message}`);
    process.exit(1);
  });
  child.on('exit', (code, signal) => {
    if (signal === null) process.exit(code ?? 0);
    log('info', `Server stopped by ${signal}.`);
    // A stop that this script forwarded is a clean exit. Any other signal, such as SIGKILL from
    // the kernel's OOM killer or SIGSEGV, is a failure that the watchdog should see.
    process.exit(signal === 'SIGTERM' || signal === 'SIGINT' ? 0 : 1);
  });
}

const invokedPath = process.argv[1];
if (invokedPath !== undefined && import.meta.url === pathToFileURL(invokedPath).href) {
  startServer().catch((error) => {
    log('error', error instanceof Error ? error.message : String(error));
    process.exit(1);
  });
}
