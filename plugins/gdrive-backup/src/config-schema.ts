/**
 * JSON Schema of the plugin's per-site configuration. Folder settings default to an empty
 * string, which means "derive it at run time" (see settings.ts), because a JSON Schema
 * default cannot depend on the environment or the data folder.
 */
export const configSchema: Record<string, unknown> = {
  type: 'object',
  additionalProperties: false,
  properties: {
    remote: {
      type: 'string',
      default: 'local',
      pattern: '^[A-Za-z0-9_.-]+$',
      description:
        'rclone remote name, such as gdrive-crypt. "local" is a folder on this machine standing in for Drive (local_remote_dir).',
    },
    path: {
      type: 'string',
      default: 'centinela',
      maxLength: 500,
      description: 'Folder inside the remote.',
    },
    crypt: {
      type: 'boolean',
      default: false,
      description:
        'Require the remote to be an rclone crypt remote; a run on any other type fails.',
    },
    retention_days: {
      type: 'integer',
      minimum: 1,
      maximum: 3650,
      default: 30,
      description:
        'Day folders of recordings and clips older than this are removed from the remote.',
    },
    evidence_retention_days: {
      type: ['integer', 'null'],
      minimum: 1,
      default: null,
      description:
        'Retention of dated evidence folders on the remote; null keeps evidence forever.',
    },
    include: {
      type: 'object',
      additionalProperties: false,
      default: {},
      properties: {
        recordings: { type: 'boolean', default: true },
        clips: { type: 'boolean', default: true },
        evidence: { type: 'boolean', default: true },
      },
    },
    events_only: {
      type: 'boolean',
      default: false,
      description: 'Copy only the recording segments that overlap a detection of the same camera.',
    },
    day_mode: {
      type: 'string',
      enum: ['utc-day', 'local-day'],
      default: 'utc-day',
      description: "utc-day: Frigate's UTC day folder. local-day: the site's calendar day.",
    },
    bandwidth_limit: {
      type: 'string',
      pattern: '^([0-9]+(\\.[0-9]+)?[BbKkMmGgTtPp]?)?$',
      default: '',
      description: 'rclone --bwlimit in bytes per second, such as 8M or 512k; empty for no limit.',
    },
    schedule: {
      type: 'string',
      default: '10 2 * * *',
      maxLength: 100,
      // Only the shape is checked here: 5 or 6 fields, or a nickname such as @daily. The
      // plugin's validateConfig parses the expression with croner and rejects what fails.
      pattern:
        '^(@(yearly|annually|monthly|weekly|daily|hourly)|[0-9A-Za-z*/,?#-]+( [0-9A-Za-z*/,?#-]+){4,5})$',
      description: "Cron expression of the nightly run, in the site's time zone.",
    },
    rclone_config_pass: {
      type: 'string',
      default: '',
      description: 'Password of an encrypted rclone config file (RCLONE_CONFIG_PASS). Secret.',
    },
    rclone_config_path: {
      type: 'string',
      default: '',
      maxLength: 1000,
      description: 'rclone config file; empty uses RCLONE_CONFIG, else <data>/rclone/rclone.conf.',
    },
    rclone_binary: {
      type: 'string',
      default: '',
      maxLength: 1000,
      description: 'rclone executable; empty uses RCLONE_BINARY, else rclone on PATH.',
    },
    local_remote_dir: {
      type: 'string',
      default: '',
      maxLength: 1000,
      description: 'Folder behind the "local" remote; empty uses <data>/backup-remote.',
    },
    media_dir: {
      type: 'string',
      default: '',
      maxLength: 1000,
      description: "Frigate's media folder (recordings/, clips/); empty uses FRIGATE_MEDIA_DIR.",
    },
    vault_dir: {
      type: 'string',
      default: '',
      maxLength: 1000,
      description: 'Evidence vault folder; empty uses <data>/vault.',
    },
  },
};
