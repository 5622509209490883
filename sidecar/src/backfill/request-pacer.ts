/**
 * Spaces requests to at most `perSecond` on average, allowing a burst of `burst`: each caller takes the next
 * free slot and waits for it. Stripe's limits are per second per account, so the backfill stays under them
 * instead of meeting 429s.
 */
export class RequestPacer {
  private next = Number.NEGATIVE_INFINITY;
  private readonly intervalMs: number;

  constructor(
    readonly perSecond: number,
    private readonly burst = 1,
    private readonly now: () => number = () => performance.now(),
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
  ) {
    if (!(perSecond > 0)) throw new Error(`a rate limit must be above 0 per second, not ${perSecond}`);
    this.intervalMs = 1000 / perSecond;
  }

  /** Resolves when the caller may send its request. */
  async take(): Promise<void> {
    const now = this.now();
    const earliest = now - (this.burst - 1) * this.intervalMs;
    const slot = Math.max(this.next, earliest);
    this.next = slot + this.intervalMs;
    if (slot > now) await this.sleep(slot - now);
  }
}
