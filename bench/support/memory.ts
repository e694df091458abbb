import { readFileSync } from 'node:fs';

/** Resident set size of a process in bytes, from /proc (Linux only). */
export function rssOf(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = /^VmRSS:\s+(\d+)\s+kB$/m.exec(status);
  if (match === null) throw new Error(`no VmRSS line in /proc/${pid}/status`);
  return Number(match[1]) * 1024;
}

/** Samples a process's RSS every `intervalMs` and keeps the peak. */
export class RssSampler {
  readonly before: number;
  private peakBytes: number;
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly pid: number,
    intervalMs = 25,
  ) {
    this.before = rssOf(pid);
    this.peakBytes = this.before;
    this.timer = setInterval(() => this.sample(), intervalMs);
  }

  /** Stops sampling and returns the growth over the starting RSS in bytes. */
  stop(): { before: number; peak: number; growth: number } {
    clearInterval(this.timer);
    this.sample();
    return { before: this.before, peak: this.peakBytes, growth: this.peakBytes - this.before };
  }

  private sample(): void {
    try {
      this.peakBytes = Math.max(this.peakBytes, rssOf(this.pid));
    } catch {
      // The process exited; the caller sees that elsewhere.
    }
  }
}
