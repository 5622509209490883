/**
 * Background work on an interval, never two passes at once: a pass that runs long makes the next tick skip,
 * and `stop` waits for the pass under way. The timer never keeps the process alive.
 */
export class PeriodicTask {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly intervalMs: number,
    private readonly pass: () => Promise<unknown>,
  ) {}

  start(): void {
    this.timer = setInterval(() => this.kick(), this.intervalMs);
    this.timer.unref();
  }

  /** Runs a pass now unless one is under way. */
  kick(): void {
    this.running ??= this.pass()
      .then(() => {})
      .finally(() => (this.running = undefined));
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }
}
