/**
 * Every setting Centinela reads, with the environment variable that sets it and the key in the
 * Home Assistant add-on's `/data/options.json`. The README's configuration table follows this
 * list; a test checks that both stay in step.
 */
export interface SettingDefinition {
  env: string;
  /** Key in the add-on's options.json, when the add-on exposes it. */
  option?: string;
  /** `array` values come from options.json as a list, or from the environment as JSON text. */
  type: 'string' | 'integer' | 'boolean' | 'array';
  default?: string | number | boolean;
  secret?: boolean;
  description: string;
  /** Extra JSON Schema keywords for this setting. */
  schema?: Record<string, unknown>;
  fix: string;
}

export const SETTINGS: SettingDefinition[] = [
  {
    env: 'PORT',
    type: 'integer',
    default: 8080,
    description: 'TCP port of the HTTP server (portal, API, WebSocket); 0 picks a free port.',
    schema: { minimum: 0, maximum: 65535 },
    fix: 'Set PORT to a number between 0 and 65535, for example PORT=8080.',
  },
  {
    env: 'HOST',
    type: 'string',
    default: '127.0.0.1',
    description: 'Address the HTTP server binds to; 0.0.0.0 in a container.',
    schema: { minLength: 1 },
    fix: 'Set HOST to an IP address such as 127.0.0.1 or 0.0.0.0.',
  },
  {
    env: 'DATABASE_URL',
    option: 'database_url',
    type: 'string',
    description:
      'PostgreSQL connection URL. Unset: an embedded PostgreSQL (PGlite) in the data folder.',
    schema: { pattern: '^postgres(ql)?://' },
    secret: true,
    fix: 'Use a URL like postgresql://user:password@host:5432/centinela, or unset it for the embedded database.',
  },
  {
    env: 'MQTT_URL',
    option: 'mqtt_url',
    type: 'string',
    description: 'MQTT broker URL. Unset: an embedded broker (aedes) on 127.0.0.1:1883.',
    schema: { pattern: '^(mqtts?|wss?|tcp)://' },
    secret: true,
    fix: 'Use a URL like mqtt://user:password@127.0.0.1:1883, or unset it for the embedded broker.',
  },
  {
    env: 'CENTINELA_EMBEDDED_MQTT_PORT',
    type: 'integer',
    default: 1883,
    description: 'Port of the embedded broker when MQTT_URL is unset (0 picks a free port).',
    schema: { minimum: 0, maximum: 65535 },
    fix: 'Set a port number, or 0 for any free port.',
  },
  {
    env: 'FRIGATE_URL',
    option: 'frigate_url',
    type: 'string',
    description:
      "Frigate's address, for example https://frigate.lan:8971. Unset: the built-in Frigate simulator replays sample-clips/.",
    schema: { pattern: '^https?://' },
    fix: 'Use a URL like http://ccab4aaf-frigate:5000 or https://192.168.1.20:8971.',
  },
  {
    env: 'FRIGATE_USER',
    option: 'frigate_user',
    type: 'string',
    description: "User for Frigate's authenticated port 8971.",
    fix: 'Set the Frigate user name, or unset it when Frigate needs no login.',
  },
  {
    env: 'FRIGATE_PASSWORD',
    option: 'frigate_password',
    type: 'string',
    secret: true,
    description: "Password for Frigate's authenticated port 8971.",
    fix: 'Set the password of FRIGATE_USER.',
  },
  {
    env: 'FRIGATE_TLS_INSECURE',
    option: 'frigate_tls_insecure',
    type: 'boolean',
    default: false,
    description: "Accept Frigate's self-signed TLS certificate on port 8971.",
    fix: 'Set true or false.',
  },
  {
    env: 'FRIGATE_MQTT_PREFIX',
    type: 'string',
    default: 'frigate',
    description: "Frigate's MQTT topic prefix (mqtt.topic_prefix in Frigate's config).",
    schema: { pattern: '^[^#+]+$' },
    fix: 'Use the topic_prefix from Frigate’s config, without wildcards.',
  },
  {
    env: 'SAMPLE_CLIPS_DIR',
    type: 'string',
    default: './sample-clips',
    description:
      'Folder of recordings the Frigate simulator plays as cameras when FRIGATE_URL is unset.',
    fix: 'Point it at a folder with .mp4, .mkv or .avi files.',
  },
  {
    env: 'FRIGATE_MEDIA_DIR',
    type: 'string',
    description:
      "Frigate's media folder (/media/frigate) as seen by Centinela; the backup copies recordings and clips from it.",
    fix: 'Point it at the folder that holds recordings/ and clips/.',
  },
  {
    env: 'CENTINELA_DATA_DIR',
    type: 'string',
    default: './data',
    description: 'Folder for the embedded database, keys and the evidence vault.',
    schema: { minLength: 1 },
    fix: 'Point it at a writable folder.',
  },
  {
    env: 'CENTINELA_ADMIN_EMAIL',
    option: 'admin_email',
    type: 'string',
    description: 'Email of the first SuperAdmin, created at first start.',
    schema: { format: 'email' },
    fix: 'Use an email address such as admin@example.com.',
  },
  {
    env: 'CENTINELA_ADMIN_PASSWORD',
    option: 'admin_password',
    type: 'string',
    secret: true,
    description:
      'Password of the first SuperAdmin. Unset: a one-time password is printed once in the log.',
    schema: { minLength: 12, maxLength: 128 },
    fix: 'Use 12 to 128 characters, or unset it to get a one-time password.',
  },
  {
    env: 'CENTINELA_SECRET_KEY',
    option: 'secret_key',
    type: 'string',
    secret: true,
    description:
      'Base64 of 32 random bytes; encrypts TOTP secrets (AES-256-GCM). Unset: one is made and kept in the data folder.',
    schema: { pattern: '^[A-Za-z0-9+/]{43}=$' },
    fix: 'Make one with: openssl rand -base64 32',
  },
  {
    env: 'CENTINELA_SITE_NAME',
    type: 'string',
    default: 'casa',
    description: 'Id of the first site; used in MQTT topics centinela/<site>/...',
    schema: { pattern: '^[a-z0-9][a-z0-9_-]{0,39}$' },
    fix: 'Use lower-case letters, digits, - and _, up to 40 characters.',
  },
  {
    env: 'CENTINELA_TIMEZONE',
    option: 'timezone',
    type: 'string',
    default: 'America/Mexico_City',
    description: 'IANA time zone of the first site.',
    fix: 'Use an IANA zone name such as America/Mexico_City.',
  },
  {
    env: 'LOG_LEVEL',
    option: 'log_level',
    type: 'string',
    default: 'info',
    description: 'Log level: fatal, error, warn, info, debug or trace.',
    schema: { enum: ['fatal', 'error', 'warn', 'warning', 'info', 'debug', 'trace', 'silent'] },
    fix: 'Use one of fatal, error, warn, info, debug, trace.',
  },
  {
    env: 'CENTINELA_LANGUAGE',
    option: 'language',
    type: 'string',
    default: 'es',
    description:
      'Language of the names of the Home Assistant entities Centinela publishes over MQTT: es or en.',
    schema: { enum: ['es', 'en'] },
    fix: 'Use es or en.',
  },
  {
    env: 'HOME_ASSISTANT_URL',
    type: 'string',
    description:
      "Home Assistant's address for firing centinela_detection and centinela_backup events. Inside the add-on the Supervisor's proxy is used.",
    schema: { pattern: '^(https?|wss?)://' },
    fix: 'Use a URL like http://homeassistant.local:8123.',
  },
  {
    env: 'HOME_ASSISTANT_TOKEN',
    type: 'string',
    secret: true,
    description:
      'Long-lived access token of a Home Assistant administrator, for HOME_ASSISTANT_URL.',
    fix: 'Create one in your Home Assistant profile under Security.',
  },
  {
    env: 'HA_DISCOVERY_PREFIX',
    type: 'string',
    default: 'homeassistant',
    description: "Home Assistant's MQTT discovery prefix.",
    schema: { pattern: '^[^#+]+$' },
    fix: 'Use the discovery prefix set in the MQTT integration, usually homeassistant.',
  },
  {
    env: 'CENTINELA_PUBLIC_URL',
    option: 'public_url',
    type: 'string',
    description:
      'Address phones use to reach Centinela; signed snapshot and clip links in MQTT detections start with it. Unset: no links.',
    schema: { pattern: '^https?://' },
    fix: 'Use a URL like https://centinela.example.com.',
  },
  {
    env: 'CENTINELA_MEDIA_LINK_MINUTES',
    type: 'integer',
    default: 15,
    description: 'Minutes a signed media link stays valid.',
    schema: { minimum: 1, maximum: 10080 },
    fix: 'Use a number of minutes between 1 and 10080 (one week).',
  },
  {
    env: 'CENTINELA_INGRESS',
    type: 'boolean',
    default: false,
    description:
      "Running as a Home Assistant add-on: trust ingress user headers, but only from the Supervisor's address.",
    fix: 'Set true or false.',
  },
  {
    env: 'CENTINELA_OPTIONS_FILE',
    type: 'string',
    default: '/data/options.json',
    description:
      "Home Assistant add-on options file, read when it exists. The add-on's start script points it at a copy the unprivileged server can read.",
    schema: { minLength: 1 },
    fix: 'Point it at a JSON file with the add-on options, or unset it.',
  },
  {
    env: 'CENTINELA_INGRESS_ROLE_MAP',
    option: 'role_map',
    type: 'array',
    description:
      'Roles of Home Assistant users who open Centinela through ingress, as JSON such as [{"ha_group":"system-admin","role":"Admin"}]; a rule names ha_group or ha_user. The auth-mfa plugin applies these rules after the ingress_role_map of each site.',
    schema: {
      maxItems: 100,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['role'],
        anyOf: [{ required: ['ha_group'] }, { required: ['ha_user'] }],
        properties: {
          ha_group: { type: 'string', minLength: 1, maxLength: 200 },
          ha_user: { type: 'string', minLength: 1, maxLength: 200 },
          role: { enum: ['SuperAdmin', 'Admin', 'ReadOnly'] },
        },
      },
    },
    fix: 'Use a JSON list of {"ha_group" or "ha_user", "role"} objects; role is SuperAdmin, Admin or ReadOnly.',
  },
  {
    env: 'CENTINELA_BACKUP_REMOTE',
    option: 'rclone_remote',
    type: 'string',
    description:
      'rclone remote and folder of the nightly backup, such as gdrive-crypt:centinela. Installs the gdrive-backup plugin on the first site with this remote at the next start after it changes.',
    schema: { pattern: '^[A-Za-z0-9_.-]+(:.{0,500})?$' },
    fix: 'Use <remote>:<folder> with a remote defined in rclone.conf, for example gdrive-crypt:centinela.',
  },
  {
    env: 'CENTINELA_BACKUP_SCHEDULE',
    option: 'backup_schedule',
    type: 'string',
    description:
      "Cron expression of the nightly backup in the site's time zone, such as 30 3 * * *. Becomes the gdrive-backup plugin's schedule at the next start after it changes.",
    // The same shape check as the gdrive-backup plugin's `schedule` setting.
    schema: {
      maxLength: 100,
      pattern:
        '^(@(yearly|annually|monthly|weekly|daily|hourly)|[0-9A-Za-z*/,?#-]+( [0-9A-Za-z*/,?#-]+){4,5})$',
    },
    fix: 'Use five cron fields (minute hour day month weekday), for example 30 3 * * *.',
  },
  {
    env: 'CENTINELA_BACKUP_RETENTION_DAYS',
    option: 'backup_retention_days',
    type: 'integer',
    description:
      "Days of recordings and clips kept on the backup remote. Becomes the gdrive-backup plugin's retention_days at the next start after it changes.",
    schema: { minimum: 1, maximum: 3650 },
    fix: 'Use a number of days between 1 and 3650.',
  },
  {
    env: 'RCLONE_CONFIG',
    type: 'string',
    description:
      "rclone config file of the backup when the gdrive-backup plugin's rclone_config_path is empty. Unset: <data>/rclone/rclone.conf.",
    schema: { minLength: 1 },
    fix: 'Point it at the rclone.conf that defines the backup remote.',
  },
  {
    env: 'RCLONE_CONFIG_PASS',
    option: 'rclone_config_pass',
    type: 'string',
    secret: true,
    description:
      'Password of an encrypted rclone config file. rclone reads it from the environment, which the add-on sets from its option.',
    fix: 'Set the password given to rclone config when the file was encrypted, or unset it.',
  },
];
