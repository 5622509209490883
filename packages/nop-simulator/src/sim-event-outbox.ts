import { randomUUID } from "node:crypto";
import type { BridgeEnvelope } from "@nop-stripe/contract/bridge-envelope.js";
import type { BridgeEventType } from "@nop-stripe/contract/bridge-event-schemas.js";
import { signWebhook } from "@nop-stripe/contract/standard-webhooks.js";
import type { Logger } from "pino";
import { type RetryPolicy, retryDelayMs } from "./outbox-retry.js";
import type { EventBody, EventSink } from "./sim-state.js";

export const contractVersion = "1.3";

export interface OutboxRow {
  envelope: BridgeEnvelope;
  status: "pending" | "delivered" | "failed";
  attempts: number;
  lastError: string | null;
}

export interface OutboxStats {
  pending: number;
  delivered: number;
  failed: number;
  attempts: number;
}

export interface EventOutboxOptions {
  storeId: number;
  eventSecret: string;
  sidecarUrl?: string;
  now: () => number;
  retry: RetryPolicy;
  /** Rows posted at once; 1 keeps strict order, more is for benchmarks. */
  concurrency: number;
  timeoutMs: number;
  logger?: Logger;
  fetch?: typeof fetch;
}

/**
 * The plugin's outbox, in memory: every event becomes a row first (consumers do nothing else), then a pump posts
 * rows in order, signed, to {sidecar}/bridge/events. A failed post stops the pump and retries with exponential
 * backoff, so nothing is lost or reordered while the sidecar is down; a 4xx other than 408/429 is permanent.
 */
export class EventOutbox implements EventSink {
  private readonly rows: OutboxRow[] = [];
  private cursor = 0;
  private sequence = 0;
  private attempts = 0;
  private pumping: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private consecutiveFailures = 0;
  private closed = false;
  /** The store is down: rows wait, as the plugin's table does, until it is up again. */
  private suspended = false;
  private waiters: (() => void)[] = [];

  constructor(private readonly options: EventOutboxOptions) {}

  get sidecarUrl(): string | undefined {
    return this.options.sidecarUrl;
  }

  set sidecarUrl(url: string | undefined) {
    this.options.sidecarUrl = url;
    this.kick();
  }

  nextVersion(): number {
    return this.sequence + 1;
  }

  emit<T extends BridgeEventType>(type: T, body: EventBody<T>): void {
    const occurredAt = new Date(this.options.now()).toISOString();
    this.sequence += 1;
    const envelope: BridgeEnvelope = {
      id: randomUUID(),
      type,
      occurredAt,
      storeId: this.options.storeId,
      contractVersion,
      payload: { ...structuredClone(body), updatedAt: occurredAt, version: this.sequence },
    };
    this.rows.push({ envelope, status: "pending", attempts: 0, lastError: null });
    this.kick();
  }

  /** Every envelope emitted so far, delivered or not (oldest first). */
  emitted(): BridgeEnvelope[] {
    return this.rows.map((r) => r.envelope);
  }

  list(): OutboxRow[] {
    return this.rows.map((r) => ({ ...r }));
  }

  stats(): OutboxStats {
    const count = (s: OutboxRow["status"]) => this.rows.filter((r) => r.status === s).length;
    return {
      pending: count("pending"),
      delivered: count("delivered"),
      failed: count("failed"),
      attempts: this.attempts,
    };
  }

  /** Posts what is pending now, ignoring any backoff wait; resolves when the pump stops (done or failed). */
  async flush(): Promise<OutboxStats> {
    this.clearTimer();
    await this.pump();
    return this.stats();
  }

  /** Resolves once no row is pending (only when a sidecar URL is set and reachable). */
  idle(): Promise<void> {
    if (this.cursor >= this.rows.length) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  close(): void {
    this.closed = true;
    this.clearTimer();
  }

  suspend(): void {
    this.suspended = true;
    this.clearTimer();
  }

  resume(): void {
    this.suspended = false;
    this.kick();
  }

  private kick(): void {
    if (this.closed || this.suspended || !this.options.sidecarUrl || this.timer) return;
    void this.pump();
  }

  private pump(): Promise<void> {
    this.pumping ??= this.drain().finally(() => {
      this.pumping = undefined;
    });
    return this.pumping;
  }

  private async drain(): Promise<void> {
    while (!this.closed && !this.suspended && this.options.sidecarUrl && this.cursor < this.rows.length) {
      const batch = this.rows
        .slice(this.cursor, this.cursor + this.options.concurrency)
        .filter((r) => r.status === "pending");
      if (batch.length === 0) {
        this.advance();
        continue;
      }
      const results = await Promise.all(batch.map((row) => this.deliver(row)));
      if (results.includes("retry")) {
        this.scheduleRetry();
        return;
      }
      this.consecutiveFailures = 0;
      this.advance();
    }
  }

  private async deliver(row: OutboxRow): Promise<"done" | "retry"> {
    const body = JSON.stringify(row.envelope);
    const headers = {
      "content-type": "application/json",
      ...signWebhook(this.options.eventSecret, row.envelope.id, body, this.options.now()),
    };
    row.attempts += 1;
    this.attempts += 1;
    try {
      const fetchFn = this.options.fetch ?? fetch;
      const res = await fetchFn(`${this.options.sidecarUrl}/bridge/events`, {
        method: "POST",
        headers,
        body,
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
      const text = await res.text();
      if (res.ok) {
        row.status = "delivered";
        row.lastError = null;
        return "done";
      }
      row.lastError = `HTTP ${res.status} ${text.slice(0, 200)}`;
      if (res.status < 500 && res.status !== 408 && res.status !== 429) {
        row.status = "failed";
        this.options.logger?.error(
          { id: row.envelope.id, type: row.envelope.type, error: row.lastError },
          "nop sim: event refused",
        );
        return "done";
      }
    } catch (err) {
      row.lastError = (err as Error).message;
    }
    if (row.attempts >= this.options.retry.maxAttempts) {
      row.status = "failed";
      return "done";
    }
    return "retry";
  }

  private advance(): void {
    while (this.cursor < this.rows.length && this.rows[this.cursor]!.status !== "pending") this.cursor += 1;
    if (this.cursor >= this.rows.length) {
      const waiters = this.waiters;
      this.waiters = [];
      for (const w of waiters) w();
    }
  }

  private scheduleRetry(): void {
    this.consecutiveFailures += 1;
    const delay = retryDelayMs(this.options.retry, this.consecutiveFailures);
    this.options.logger?.warn(
      { delay, failures: this.consecutiveFailures },
      "nop sim: sidecar unreachable, outbox backing off",
    );
    this.clearTimer();
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.pump();
    }, delay);
    this.timer.unref();
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
