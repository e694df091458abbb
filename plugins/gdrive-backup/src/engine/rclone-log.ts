/** The `stats` object rclone attaches to its stats log line with `--use-json-log` (1.60). */
export interface RcloneStats {
  bytes: number;
  totalBytes: number;
  transfers: number;
  totalTransfers: number;
  checks: number;
  totalChecks: number;
  errors: number;
  deletes: number;
  /** Bytes per second. */
  speed: number;
  /** Seconds left, or null when rclone cannot estimate it. */
  eta: number | null;
  elapsedTime: number;
  fatalError: boolean;
  retryError: boolean;
}

/** Progress of one rclone command, taken from its periodic stats line. */
export interface RcloneProgress {
  bytes: number;
  totalBytes: number;
  transfers: number;
  totalTransfers: number;
  checks: number;
  totalChecks: number;
  errors: number;
  /** Bytes per second. */
  speed: number;
  /** Seconds left, or null when unknown. */
  eta: number | null;
  elapsedSeconds: number;
}

/** One rclone log line, parsed from JSON, or kept as text when it is not JSON. */
export interface RcloneLogEntry {
  level: string;
  msg: string;
  object?: string;
  time?: string;
  stats?: RcloneStats;
  /** True for lines rclone printed as plain text, such as fatal errors before logging starts. */
  plain: boolean;
}

const CONFIG_NOT_FOUND = /Config file .* not found - using defaults/;

/** Parses one stderr line. Returns null for blank lines and the "Config file not found" notice. */
export function parseLogLine(line: string): RcloneLogEntry | null {
  const trimmed = line.trim();
  if (trimmed === '' || CONFIG_NOT_FOUND.test(trimmed)) return null;
  if (trimmed.startsWith('{')) {
    try {
      const value = JSON.parse(trimmed) as Record<string, unknown>;
      if (typeof value.msg === 'string') return fromJson(value);
    } catch {
      // Not JSON after all: keep it as text below.
    }
  }
  return { level: plainLevel(trimmed), msg: trimmed, plain: true };
}

function fromJson(value: Record<string, unknown>): RcloneLogEntry {
  const entry: RcloneLogEntry = {
    level: typeof value.level === 'string' ? value.level : 'info',
    msg: value.msg as string,
    plain: false,
  };
  if (typeof value.object === 'string') entry.object = value.object;
  if (typeof value.time === 'string') entry.time = value.time;
  if (isStats(value.stats)) entry.stats = value.stats;
  return entry;
}

function isStats(value: unknown): value is RcloneStats {
  return (
    typeof value === 'object' && value !== null && typeof (value as RcloneStats).bytes === 'number'
  );
}

function plainLevel(text: string): string {
  if (/\b(ERROR|Failed|CRITICAL)\b/.test(text)) return 'error';
  if (/\bNOTICE\b/.test(text)) return 'warning';
  return 'info';
}

export function toProgress(stats: RcloneStats): RcloneProgress {
  return {
    bytes: stats.bytes,
    totalBytes: stats.totalBytes,
    transfers: stats.transfers,
    totalTransfers: stats.totalTransfers,
    checks: stats.checks,
    totalChecks: stats.totalChecks ?? 0,
    errors: stats.errors,
    speed: stats.speed,
    eta: typeof stats.eta === 'number' ? stats.eta : null,
    elapsedSeconds: stats.elapsedTime,
  };
}

/** Renders an entry as one line: `time level object: message`, with whitespace collapsed. */
export function formatLogEntry(entry: RcloneLogEntry): string {
  if (entry.plain) return entry.msg;
  const message = entry.msg.replace(/\s+/g, ' ').trim();
  const object = entry.object ? `${entry.object}: ` : '';
  return `${entry.time ?? ''} ${entry.level.toUpperCase()} ${object}${message}`.trim();
}

/** Counters that `check` and `cryptcheck` print when they finish (rclone 1.60 wording). */
export interface CheckSummary {
  differences: number | null;
  matching: number | null;
  missingOnDestination: number | null;
  hashesNotChecked: number | null;
  errors: number | null;
}

const CHECK_COUNTERS: [keyof CheckSummary, RegExp][] = [
  ['differences', /^(\d+) differences found$/],
  ['matching', /^(\d+) matching files$/],
  ['missingOnDestination', /^(\d+) files missing$/],
  ['hashesNotChecked', /^(\d+) hashes could not be checked$/],
  ['errors', /^(\d+) errors while checking$/],
];

export function emptyCheckSummary(): CheckSummary {
  return {
    differences: null,
    matching: null,
    missingOnDestination: null,
    hashesNotChecked: null,
    errors: null,
  };
}

/** Updates the summary from a log entry; returns whether the entry was a check counter. */
export function readCheckCounter(entry: RcloneLogEntry, summary: CheckSummary): boolean {
  for (const [field, pattern] of CHECK_COUNTERS) {
    const match = pattern.exec(entry.msg.trim());
    if (match) {
      summary[field] = Number(match[1]);
      return true;
    }
  }
  return false;
}

/** Keeps the last `size` lines of a run for the log excerpt. */
export class LogTail {
  private readonly lines: string[] = [];

  constructor(private readonly size: number) {}

  push(line: string): void {
    this.lines.push(line);
    if (this.lines.length > this.size) this.lines.splice(0, this.lines.length - this.size);
  }

  toArray(): string[] {
    return [...this.lines];
  }
}
