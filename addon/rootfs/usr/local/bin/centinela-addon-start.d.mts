// Types for centinela-addon-start.mjs, which stays plain JavaScript so the add-on image runs it
// with node alone.

export declare const FRIGATE_ADDON_URL: string;
export declare const SUPERVISOR_URL: string;
export declare const INGRESS_PORT: number;
export declare const DATA_DIR: string;
export declare const FRIGATE_MEDIA_DIR: string;
export declare const ADDON_CONFIG_DIR: string;
export declare const SERVER_UID: number;
export declare const SERVER_GID: number;

export interface ResolveAddonEnvironmentInput {
  /** Parsed /data/options.json. */
  options: Record<string, unknown>;
  /** Base URL of the Supervisor API; `http://supervisor` inside the add-on. */
  supervisorUrl?: string;
  /** The add-on's SUPERVISOR_TOKEN. */
  token?: string;
  fetch?: typeof globalThis.fetch;
  dataDir?: string;
}

export interface AddonEnvironment {
  env: Record<string, string>;
  warnings: string[];
  mqttSource: 'option' | 'supervisor' | 'embedded';
  /** Slug of the add-on that provides the broker, from the service record's `addon` or `app`. */
  mqttProvider?: string;
}

export declare function resolveAddonEnvironment(
  input: ResolveAddonEnvironmentInput,
): Promise<AddonEnvironment>;

export interface MqttServiceRecord {
  addon?: unknown;
  app?: unknown;
  host?: unknown;
  port?: unknown;
  ssl?: unknown;
  username?: unknown;
  password?: unknown;
}

export declare function buildMqttUrl(service: MqttServiceRecord): string;

export declare function withoutCredentials(url: string): string;

export declare function prepareRuntimeDirs(input: {
  dataDir: string;
  options: Record<string, unknown>;
  uid: number;
  gid: number;
  writableDirs?: string[];
}): Promise<void>;
