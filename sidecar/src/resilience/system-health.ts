import { SystemDown } from "../jobs/system-down.js";
import type { Logger } from "../logger.js";
import type { Metrics } from "../observability/metrics.js";
import type { Notifier } from "../ports/notifier.js";
import { knownSecrets } from "../vault/known-secrets.js";
import { type BreakerOptions, CircuitBreaker } from "./circuit-breaker.js";
import type { Incidents } from "./incidents.js";

/** What releasing parked jobs may do for a system now. */
export type ReleasePace = "all" | "probe" | "wait";

/**
 * Whether each system the flows call is up, as this process sees it (a circuit breaker per system), with the
 * outage shared through Incidents: the first process to find a system down alerts once, whichever sees it
 * answer again alerts once that it recovered and wakes whoever waits for it (parked jobs, transient dead
 * letters).
 */
export class SystemHealth {
  private readonly breakers = new Map<string, CircuitBreaker>();
  /** Outages open in any process, as last read (refresh()) or opened here. */
  private openIncidents = new Set<string>();
  private readonly lastProbeRelease = new Map<string, number>();
  private readonly recoveredListeners: ((system: string) => void)[] = [];

  constructor(
    private readonly incidents: Incidents,
    private readonly notifier: Notifier,
    private readonly options: BreakerOptions,
    private readonly metrics: Metrics,
    private readonly logger: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  /** Throws SystemDown rather than let a call reach a system this process knows is down. */
  admit(system: string): void {
    if (!this.breaker(system).admit(this.now()))
      throw new SystemDown(system, `${system} is down (circuit open): the job waits until it answers again`);
  }

  /** The system answered (even with a refusal: it is up). */
  async succeeded(system: string): Promise<void> {
    const closed = this.breaker(system).success() === "closed";
    if (closed || this.openIncidents.has(system)) await this.recovered(system);
  }

  /** A transient failure; true when the system is now taken as down (its jobs park). */
  async failed(system: string, err: Error): Promise<boolean> {
    const breaker = this.breaker(system);
    if (breaker.failure(this.now()) === "opened") await this.wentDown(system, err);
    return breaker.current !== "closed";
  }

  onRecovered(listener: (system: string) => void): void {
    this.recoveredListeners.push(listener);
  }

  /**
   * How fast parked jobs of `system` may go back to the queue: all of them when no one knows it down, else
   * one at a time as a probe once the cooldown allows, so a down system sees one call per cooldown.
   */
  releasePace(system: string): ReleasePace {
    const breaker = this.breaker(system);
    if (breaker.current === "closed" && !this.openIncidents.has(system)) return "all";
    const now = this.now();
    const next = Math.max(breaker.nextProbeAt(), (this.lastProbeRelease.get(system) ?? 0) + this.options.cooldownMs);
    if (now < next) return "wait";
    this.lastProbeRelease.set(system, now);
    return "probe";
  }

  /** Reads which outages other processes have open. */
  async refresh(): Promise<void> {
    this.openIncidents = await this.incidents.openKeys();
  }

  private breaker(system: string): CircuitBreaker {
    let breaker = this.breakers.get(system);
    if (!breaker) {
      breaker = new CircuitBreaker(this.options);
      this.breakers.set(system, breaker);
    }
    return breaker;
  }

  private async wentDown(system: string, err: Error): Promise<void> {
    this.metrics.systemUp.set({ system }, 0);
    this.openIncidents.add(system);
    const detail = knownSecrets.scrub(err.message);
    this.logger.warn({ system, err: detail }, "system down: its jobs are parked until it answers again");
    const opened = await this.incidents.open(system, detail).catch(() => false);
    if (opened)
      await this.notifier
        .alert({
          severity: "critical",
          code: `${system}.unreachable`,
          message: `${system} is unreachable; jobs that need it are parked and resume by themselves when it answers`,
          context: { error: detail },
        })
        .catch(() => {});
  }

  private async recovered(system: string): Promise<void> {
    this.metrics.systemUp.set({ system }, 1);
    this.openIncidents.delete(system);
    const startedAt = await this.incidents.close(system).catch(() => undefined);
    if (startedAt) {
      const downSeconds = Math.round((this.now() - startedAt.getTime()) / 1000);
      this.logger.info({ system, downSeconds }, "system answers again: resuming its parked jobs");
      await this.notifier
        .alert({
          severity: "info",
          code: `${system}.recovered`,
          message: `${system} answers again after ${downSeconds} s; its parked jobs are resuming`,
          context: { downSeconds },
        })
        .catch(() => {});
    }
    for (const listener of this.recoveredListeners) listener(system);
  }
}
