import type { Logger } from 'pino';
import type { MalformedReason } from './parse-common';

/** Minimum time between two warnings for the same reason. */
const LOG_INTERVAL_MS = 10_000;

/**
 * Counts rejected messages per reason and logs them at warn with their topic, at most once
 * per reason every ten seconds (with the number left out since the last line), so a broken
 * publisher cannot flood the log.
 */
export class MalformedCounter {
  private readonly pending = new Map<string, number>();
  private readonly lastLogged = new Map<string, number>();
  private readonly suppressed = new Map<string, number>();
  private count = 0;

  constructor(
    private readonly log: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  /** Messages rejected since this counter was created. */
  get total(): number {
    return this.count;
  }

  /** Count one rejected message; `detail` (ids, never payloads) goes into the warning. */
  record(topic: string, reason: MalformedReason, detail: Record<string, unknown> = {}): void {
    this.count += 1;
    this.pending.set(reason, (this.pending.get(reason) ?? 0) + 1);
    const now = this.now();
    const last = this.lastLogged.get(reason);
    if (last !== undefined && now - last < LOG_INTERVAL_MS) {
      this.suppressed.set(reason, (this.suppressed.get(reason) ?? 0) + 1);
      return;
    }
    const skipped = this.suppressed.get(reason) ?? 0;
    this.suppressed.delete(reason);
    this.lastLogged.set(reason, now);
    this.log.warn(
      { ...detail, topic, reason, skippedSinceLastWarning: skipped },
      'Frigate message rejected as malformed',
    );
  }

  /** Counts not yet saved, by reason; the counter starts again from zero. */
  takePending(): Record<string, number> {
    const counts = Object.fromEntries(this.pending);
    this.pending.clear();
    return counts;
  }

  /** Put counts back after a failed save. */
  restore(counts: Record<string, number>): void {
    for (const [reason, count] of Object.entries(counts)) {
      this.pending.set(reason, (this.pending.get(reason) ?? 0) + count);
    }
  }
}
