import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import {
  BackupAbortedError,
  RcloneExitError,
  RcloneNotFoundError,
  RcloneUnknownRemoteError,
} from './errors';
import { exitKind, parseRcloneVersion, type RcloneVersion } from './exit-codes';
import {
  emptyCheckSummary,
  formatLogEntry,
  LogTail,
  parseLogLine,
  readCheckCounter,
  toProgress,
  type CheckSummary,
  type RcloneLogEntry,
  type RcloneProgress,
  type RcloneStats,
} from './rclone-log';
import { buildRcloneEnv, buildRedactor, type RcloneSettings } from './rclone-env';
import type { Redactor } from './redact';

export interface RcloneCommandOptions {
  signal?: AbortSignal;
  onProgress?: (progress: RcloneProgress) => void;
  /** Receives each log line, formatted and with secrets removed. Stats lines are not passed. */
  onLogLine?: (line: string) => void;
  /**
   * Decides whether a non-zero exit is an expected outcome (for example `check` finding
   * differences): when it returns true the result resolves instead of RcloneExitError.
   */
  acceptFailure?: (result: RcloneCommandResult) => boolean;
  /** Text written to rclone's standard input. */
  input?: string;
  /**
   * Adds `--use-json-log`, periodic stats, the log level, `--bwlimit` and the extra flags.
   * Default true; false for commands that only print to stdout (`version`, `obscure`).
   */
  dataCommand?: boolean;
  /** Number of log lines kept in `logTail`. Default 50. */
  tailSize?: number;
}

export interface RcloneCommandResult {
  /** Arguments after the binary, with secrets removed. */
  args: string[];
  exitCode: number;
  stdout: string;
  /** The last stats object rclone printed, or null. */
  stats: RcloneStats | null;
  /** Counters printed by `check` and `cryptcheck`. */
  check: CheckSummary;
  /** Last error-level lines, with secrets removed. */
  errorLines: string[];
  /** Last log lines, with secrets removed. */
  logTail: string[];
}

/** Milliseconds between SIGTERM and SIGKILL when a command is aborted. */
const KILL_GRACE_MS = 5000;
const UNKNOWN_REMOTE =
  /Failed to create file system for "([^"]*)": didn't find section in config file/;

/**
 * Runs one rclone command as a child process and parses its JSON log from stderr line by
 * line. Throws RcloneNotFoundError when the binary cannot start, RcloneUnknownRemoteError
 * for an undefined remote, BackupAbortedError when `signal` aborts (rclone gets SIGTERM,
 * then SIGKILL), and RcloneExitError for any other non-zero exit unless `acceptFailure`.
 */
export async function runRclone(
  args: string[],
  settings: RcloneSettings = {},
  options: RcloneCommandOptions = {},
): Promise<RcloneCommandResult> {
  const binary = settings.binary ?? 'rclone';
  const env = buildRcloneEnv(settings);
  const redactor = buildRedactor(settings, env);
  const fullArgs = [...args, ...commonFlags(settings, options.dataCommand ?? true)];
  const command = args[0] ?? '';
  if (options.signal?.aborted) throw new BackupAbortedError(command);

  const child = spawn(binary, fullArgs, { env, stdio: ['pipe', 'pipe', 'pipe'] });
  const exit = new Promise<number | null>((resolve, reject) => {
    child.once('close', (code) => resolve(code));
    child.once('error', (error: NodeJS.ErrnoException) => {
      const cannotStart = error.code === 'ENOENT' || error.code === 'EACCES';
      reject(cannotStart ? new RcloneNotFoundError(binary, error) : error);
    });
  });

  const state = new CommandState(redactor, options);
  let stdout = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => (stdout += chunk));
  const lines = createInterface({ input: child.stderr, crlfDelay: Infinity });
  lines.on('line', (line) => state.handleLine(line));
  child.stdin.on('error', () => undefined);
  child.stdin.end(options.input ?? '');

  let aborted = false;
  let killTimer: NodeJS.Timeout | undefined;
  const onAbort = (): void => {
    aborted = true;
    child.kill('SIGTERM');
    killTimer = setTimeout(() => child.kill('SIGKILL'), KILL_GRACE_MS);
  };
  options.signal?.addEventListener('abort', onAbort, { once: true });

  try {
    const exitCode = await exit;
    if (aborted) throw new BackupAbortedError(command);
    state.finish();

    const result = state.result(
      fullArgs.map((arg) => redactor.redact(arg)),
      exitCode ?? -1,
      stdout,
    );
    if (exitCode === 0) return result;
    if (state.unknownRemote !== null) throw new RcloneUnknownRemoteError(state.unknownRemote);
    if (exitCode !== null && options.acceptFailure?.(result)) return result;

    const version = await getRcloneVersion(settings).catch(() => null);
    const detail = state.errorLines.at(-1) ?? '';
    throw new RcloneExitError(
      command,
      exitCode,
      exitKind(exitCode, version),
      detail,
      result.logTail,
    );
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
    if (killTimer) clearTimeout(killTimer);
  }
}

function commonFlags(settings: RcloneSettings, dataCommand: boolean): string[] {
  // With this flag rclone fails with a message instead of waiting for a config password on a terminal.
  const flags = ['--ask-password=false'];
  if (!dataCommand) return flags;
  flags.push('--use-json-log', '--stats', '1s', '--stats-log-level', 'NOTICE');
  flags.push('--log-level', settings.logLevel ?? 'INFO');
  if (settings.bwlimit) flags.push('--bwlimit', settings.bwlimit);
  return [...flags, ...(settings.extraFlags ?? [])];
}

/** Parsing state of one command's stderr. */
class CommandState {
  readonly errorLines: string[] = [];
  unknownRemote: string | null = null;
  private readonly tail: LogTail;
  private readonly check = emptyCheckSummary();
  private stats: RcloneStats | null = null;
  private lastStatsLine: string | null = null;

  constructor(
    private readonly redactor: Redactor,
    private readonly options: RcloneCommandOptions,
  ) {
    this.tail = new LogTail(options.tailSize ?? 50);
  }

  handleLine(line: string): void {
    const entry = parseLogLine(line);
    if (!entry) return;
    entry.msg = this.redactor.redact(entry.msg);
    if (entry.object) entry.object = this.redactor.redact(entry.object);

    if (entry.stats) {
      this.stats = entry.stats;
      this.lastStatsLine = formatLogEntry(entry);
      const progress = toProgress(entry.stats);
      this.callHook('onProgress', () => this.options.onProgress?.(progress));
      return;
    }
    this.record(entry);
  }

  /** Appends the final stats line, so the excerpt ends with the totals. */
  finish(): void {
    if (this.lastStatsLine) this.tail.push(this.lastStatsLine);
  }

  result(args: string[], exitCode: number, stdout: string): RcloneCommandResult {
    return {
      args,
      exitCode,
      stdout,
      stats: this.stats,
      check: this.check,
      errorLines: [...this.errorLines],
      logTail: this.tail.toArray(),
    };
  }

  private record(entry: RcloneLogEntry): void {
    readCheckCounter(entry, this.check);
    const remote = UNKNOWN_REMOTE.exec(entry.msg);
    if (remote) this.unknownRemote = remoteName(remote[1]!);

    const formatted = formatLogEntry(entry);
    this.tail.push(formatted);
    if (entry.level === 'error' || entry.level === 'critical') {
      this.errorLines.push(formatted);
      if (this.errorLines.length > 10) this.errorLines.shift();
    }
    this.callHook('onLogLine', () => this.options.onLogLine?.(formatted));
  }

  /** A throwing callback must not kill the stderr reader, so its error goes to the log tail. */
  private callHook(name: string, call: () => void): void {
    try {
      call();
    } catch (error) {
      this.tail.push(
        `${name} callback failed: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
}

function remoteName(fsString: string): string {
  const colon = fsString.indexOf(':');
  return colon >= 0 ? fsString.slice(0, colon) : fsString;
}

const versionCache = new Map<string, Promise<RcloneVersion | null>>();

/** Returns the version of the configured rclone binary, cached per binary path. */
export function getRcloneVersion(settings: RcloneSettings = {}): Promise<RcloneVersion | null> {
  const binary = settings.binary ?? 'rclone';
  let cached = versionCache.get(binary);
  if (!cached) {
    cached = runRclone(['version'], settings, { dataCommand: false }).then((result) =>
      parseRcloneVersion(result.stdout),
    );
    cached.catch(() => versionCache.delete(binary));
    versionCache.set(binary, cached);
  }
  return cached;
}
