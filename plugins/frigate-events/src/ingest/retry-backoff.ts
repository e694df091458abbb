/**
 * One pending retry at a time, waiting `initialMs` after the first failure and twice as long
 * after each further one, up to `maxMs`. The timer does not keep the process alive.
 */
export class RetryBackoff {
  private timer: NodeJS.Timeout | undefined;
  private attempts = 0;

  constructor(
    private readonly initialMs: number,
    private readonly maxMs: number,
    private readonly run: () => void,
  ) {}

  /** Failures since the last success. */
  get failures(): number {
    return this.attempts;
  }

  get pending(): boolean {
    return this.timer !== undefined;
  }

  /** Record a failure and plan the next attempt; returns its delay. */
  start(): number {
    const delayMs = Math.min(this.maxMs, this.initialMs * 2 ** Math.min(this.attempts, 30));
    this.attempts += 1;
    this.cancel();
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.run();
    }, delayMs);
    this.timer.unref();
    return delayMs;
  }

  /** Forget a planned attempt; failures are kept. */
  cancel(): void {
    if (this.timer === undefined) return;
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** After a success: the next failure waits `initialMs` again. */
  reset(): void {
    this.cancel();
    this.attempts = 0;
  }
}
