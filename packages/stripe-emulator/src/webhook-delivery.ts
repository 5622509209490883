import { httpFetch } from "@nop-stripe/contract/http-fetch.js";
import { newId } from "./ids.js";
import { signatureHeader } from "./webhook-signature.js";

/** Test switches for delivery: at-least-once duplicates, out-of-order batches, and holding deliveries. */
export interface DeliveryMode {
  duplicates: boolean;
  shuffle: boolean;
  paused: boolean;
  /** Seed of the deterministic shuffle, so tests do not flake. */
  seed: number;
}

export interface DeliveryAttempt {
  at: string;
  status: number | null;
  error: string | null;
  duplicate: boolean;
}

export interface Delivery {
  id: string;
  eventId: string;
  eventType: string;
  endpointId: string;
  status: "pending" | "succeeded" | "failed";
  attempts: DeliveryAttempt[];
}

export interface DeliveryTarget {
  url: string;
  secret: string;
}

export interface DispatcherDeps {
  /** Delays in ms before retry 1, 2, ...; the delivery fails once the schedule is exhausted. */
  retrySchedule: number[];
  timeoutMs: number;
  /** Deliveries in flight at once (default 1: strictly one after another). Stripe itself sends concurrently. */
  concurrency?: number;
  /** Unix seconds used for the `t=` of signatures (the emulator clock). */
  nowSeconds: () => number;
  /** Where to deliver, or undefined once the endpoint is disabled or deleted (stops retries). */
  target: (endpointId: string) => DeliveryTarget | undefined;
  /** The event's JSON as sent, serialized at delivery time. */
  payload: (eventId: string) => string | undefined;
  onSettled: (delivery: Delivery) => void;
  log: (message: string, fields: Record<string, unknown>) => void;
}

/** Small deterministic PRNG (mulberry32) for the shuffle mode. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Delivers events to webhook endpoints, signed like Stripe, retrying non-2xx answers on a schedule.
 * Deliveries queued while handling one API request go out together after the response.
 */
export class WebhookDispatcher {
  readonly deliveries: Delivery[] = [];
  mode: DeliveryMode = { duplicates: false, shuffle: false, paused: false, seed: 42 };
  private queue: Delivery[] = [];
  /** Taken from the queue (shuffled in shuffle mode) and being sent by the lanes. */
  private batch: Delivery[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();
  private lanes = 0;
  private closed = false;
  private waiters: Array<() => void> = [];
  private rng = random(42);

  constructor(private readonly deps: DispatcherDeps) {}

  enqueue(eventId: string, eventType: string, endpointId: string): void {
    const delivery: Delivery = {
      id: newId("whdel"),
      eventId,
      eventType,
      endpointId,
      status: "pending",
      attempts: [],
    };
    this.deliveries.push(delivery);
    this.queue.push(delivery);
  }

  setMode(mode: Partial<DeliveryMode>): void {
    if (mode.seed !== undefined && mode.seed !== this.mode.seed) this.rng = random(mode.seed);
    this.mode = { ...this.mode, ...mode };
    this.kick();
  }

  /** Starts sending whatever is queued (called after each API response), up to `concurrency` at once. */
  kick(): void {
    if (this.closed || this.mode.paused || this.queue.length === 0) {
      this.notifyIfIdle();
      return;
    }
    const more = Math.min((this.deps.concurrency ?? 1) - this.lanes, this.queue.length);
    for (let i = 0; i < more; i++) {
      this.lanes++;
      setImmediate(() => void this.lane());
    }
  }

  /** Resolves once nothing is being sent, queued (unless paused) or waiting for a retry. */
  whenIdle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  clear(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.queue = [];
    this.deliveries.length = 0;
    this.notifyIfIdle();
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.queue = [];
    while (this.lanes > 0) await new Promise((resolve) => setTimeout(resolve, 5));
    this.notifyIfIdle();
  }

  private isIdle(): boolean {
    return this.lanes === 0 && this.timers.size === 0 && (this.queue.length === 0 || this.mode.paused || this.closed);
  }

  private notifyIfIdle(): void {
    if (!this.isIdle()) return;
    const waiters = this.waiters;
    this.waiters = [];
    for (const resolve of waiters) resolve();
  }

  private shuffle(batch: Delivery[]): Delivery[] {
    for (let i = batch.length - 1; i > 0; i--) {
      const j = Math.floor(this.rng() * (i + 1));
      [batch[i], batch[j]] = [batch[j] as Delivery, batch[i] as Delivery];
    }
    return batch;
  }

  private next(): Delivery | undefined {
    if (this.mode.paused || this.closed) return undefined;
    if (this.batch.length === 0) {
      this.batch = this.queue.splice(0);
      if (this.mode.shuffle) this.shuffle(this.batch);
    }
    return this.batch.shift();
  }

  private async lane(): Promise<void> {
    try {
      for (let delivery = this.next(); delivery; delivery = this.next()) await this.attempt(delivery);
    } finally {
      this.lanes--;
      // Paused or closed mid-batch: what was not sent goes back to the front of the queue.
      if (this.lanes === 0) this.queue.unshift(...this.batch.splice(0));
      this.notifyIfIdle();
    }
  }

  private async attempt(delivery: Delivery): Promise<void> {
    const target = this.deps.target(delivery.endpointId);
    const payload = this.deps.payload(delivery.eventId);
    if (!target || payload === undefined) {
      delivery.status = "failed";
      this.deps.onSettled(delivery);
      return;
    }
    const ok = await this.send(delivery, target, payload, false);
    if (ok) {
      if (this.mode.duplicates) await this.send(delivery, target, payload, true);
      delivery.status = "succeeded";
      this.deps.onSettled(delivery);
      return;
    }
    const retryIndex = delivery.attempts.length - 1;
    const delay = this.deps.retrySchedule[retryIndex];
    if (delay === undefined || this.closed) {
      delivery.status = "failed";
      this.deps.onSettled(delivery);
      return;
    }
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.queue.push(delivery);
      this.kick();
    }, delay);
    this.timers.add(timer);
  }

  private async send(
    delivery: Delivery,
    target: DeliveryTarget,
    payload: string,
    duplicate: boolean,
  ): Promise<boolean> {
    const attempt: DeliveryAttempt = { at: new Date().toISOString(), status: null, error: null, duplicate };
    delivery.attempts.push(attempt);
    try {
      // Stripe does not follow redirects; node:http never does.
      const response = await httpFetch(target.url, {
        method: "POST",
        timeoutMs: this.deps.timeoutMs,
        headers: {
          "Content-Type": "application/json; charset=utf-8",
          "User-Agent": "Stripe/1.0 (+https://stripe.com/docs/webhooks)",
          "Cache-Control": "no-cache",
          "Stripe-Signature": signatureHeader(payload, [target.secret], this.deps.nowSeconds()),
        },
        body: payload,
      });
      attempt.status = response.status;
      return response.status >= 200 && response.status < 300;
    } catch (error) {
      attempt.error = error instanceof Error ? error.message : String(error);
      this.deps.log("webhook delivery failed", {
        delivery: delivery.id,
        event: delivery.eventId,
        error: attempt.error,
      });
      return false;
    }
  }
}
