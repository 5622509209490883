export interface BreakerOptions {
  /** Consecutive transient failures that open the breaker. */
  failureThreshold: number;
  /** The first wait before a probe; it doubles after each failed probe, up to `maxCooldownMs`. */
  cooldownMs: number;
  maxCooldownMs: number;
  /** A probe that has not reported by then is presumed lost, and another may go. */
  probeTimeoutMs?: number;
}

export type BreakerState = "closed" | "open" | "half-open";

/** What a call's outcome did to the breaker: the transitions worth telling someone about. */
export type Transition = "opened" | "closed" | undefined;

/**
 * One system's circuit breaker, in this process: closed (calls go through), open (calls are refused at once
 * until the cooldown ends), half-open (one call goes through as a probe; its outcome closes or reopens it).
 * Pure state: the clock is passed in, so tests need no timers.
 */
export class CircuitBreaker {
  private failures = 0;
  private openedProbes = 0;
  private state: BreakerState = "closed";
  private retryAt = 0;
  private probeSince: number | undefined;

  constructor(private readonly options: BreakerOptions) {}

  get current(): BreakerState {
    return this.state;
  }

  /** True when a call may go now; in half-open, true for one caller only (the probe). */
  admit(now: number): boolean {
    if (this.state === "closed") return true;
    const probeLost = this.probeSince !== undefined && now - this.probeSince > (this.options.probeTimeoutMs ?? 60_000);
    if (this.state === "open" ? now < this.retryAt : !probeLost) return false;
    this.state = "half-open";
    this.probeSince = now;
    return true;
  }

  /** When a probe may go next (for whoever releases parked work); 0 when closed. */
  nextProbeAt(): number {
    return this.state === "closed" ? 0 : this.retryAt;
  }

  success(): Transition {
    const wasDown = this.state !== "closed";
    this.state = "closed";
    this.failures = 0;
    this.openedProbes = 0;
    this.probeSince = undefined;
    return wasDown ? "closed" : undefined;
  }

  failure(now: number): Transition {
    // Calls that were already under way when the breaker opened report late: they change nothing.
    if (this.state === "open") return undefined;
    if (this.state === "closed" && ++this.failures < this.options.failureThreshold) return undefined;
    const opened = this.state === "closed";
    if (!opened) this.openedProbes++; // a failed probe: wait longer before the next
    this.state = "open";
    this.retryAt = now + Math.min(this.options.maxCooldownMs, this.options.cooldownMs * 2 ** this.openedProbes);
    this.probeSince = undefined;
    return opened ? "opened" : undefined;
  }
}
