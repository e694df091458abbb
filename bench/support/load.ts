import { percentile } from '../types';

export type LoadMode = { kind: 'window'; size: number } | { kind: 'rate'; perSecond: number };

export interface LoadResult {
  sent: number;
  received: number;
  duplicates: number;
  /** Received per second, from the first publish to the last arrival. */
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
}

/**
 * Sends `count` messages and matches arrivals to them by id. In window mode at most `size`
 * messages are in flight (sent and not yet arrived), so the run measures the sustained rate
 * without overflowing the broker's per-client queue. In rate mode messages go out at a fixed
 * pace, so the run measures latency under a steady load.
 */
export class LoadRun {
  private readonly sentAt = new Map<string, number>();
  private readonly arrived = new Set<string>();
  private readonly latencies: number[] = [];
  private duplicates = 0;
  private firstSend = 0;
  private lastArrival = 0;
  private wake: (() => void) | null = null;

  /** Record an arrival; unknown ids (from other runs) are ignored. */
  arrive(id: string, at: number): void {
    const sent = this.sentAt.get(id);
    if (sent === undefined) return;
    if (this.arrived.has(id)) {
      this.duplicates += 1;
      return;
    }
    this.arrived.add(id);
    this.latencies.push(at - sent);
    this.lastArrival = at;
    this.wake?.();
  }

  async run(
    count: number,
    mode: LoadMode,
    nextMessage: (index: number) => { id: string; send: () => void },
    drainTimeoutMs = 30_000,
  ): Promise<LoadResult> {
    this.firstSend = performance.now();
    if (mode.kind === 'window') await this.sendWindowed(count, mode.size, nextMessage);
    else await this.sendPaced(count, mode.perSecond, nextMessage);
    await this.waitFor(() => this.arrived.size >= count, drainTimeoutMs);
    const sorted = [...this.latencies].sort((a, b) => a - b);
    const seconds = Math.max(1e-3, (this.lastArrival - this.firstSend) / 1000);
    return {
      sent: this.sentAt.size,
      received: this.arrived.size,
      duplicates: this.duplicates,
      perSecond: this.arrived.size / seconds,
      p50Ms: percentile(sorted, 50),
      p99Ms: percentile(sorted, 99),
    };
  }

  private send(message: { id: string; send: () => void }): void {
    this.sentAt.set(message.id, performance.now());
    message.send();
  }

  private async sendWindowed(
    count: number,
    size: number,
    next: (index: number) => { id: string; send: () => void },
  ): Promise<void> {
    for (let index = 0; index < count; index += 1) {
      while (this.sentAt.size - this.arrived.size >= size) {
        const progressed = await this.waitFor(
          () => this.sentAt.size - this.arrived.size < size,
          10_000,
        );
        if (!progressed) return;
      }
      this.send(next(index));
    }
  }

  private async sendPaced(
    count: number,
    perSecond: number,
    next: (index: number) => { id: string; send: () => void },
  ): Promise<void> {
    const start = performance.now();
    let index = 0;
    while (index < count) {
      const due = Math.min(count, Math.floor(((performance.now() - start) / 1000) * perSecond) + 1);
      for (; index < due; index += 1) this.send(next(index));
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
  }

  /** Resolves true once `done()` holds, false after `timeoutMs` without it. */
  private async waitFor(done: () => boolean, timeoutMs: number): Promise<boolean> {
    const deadline = performance.now() + timeoutMs;
    while (!done()) {
      const left = deadline - performance.now();
      if (left <= 0) return false;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(left, 100));
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wake = null;
    }
    return true;
  }
}
