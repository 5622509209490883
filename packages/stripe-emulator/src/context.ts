import type Stripe from "stripe";
import { type BillingSettings, defaultBillingSettings } from "./billing-settings.js";
import { IdempotencyStore } from "./idempotency.js";
import { Store } from "./store.js";

/** The API version the emulator speaks (stripe@23.1.0's pinned version). */
export const API_VERSION = "2026-10-28.endive";

export interface RequestInfo {
  id: string | null;
  idempotencyKey: string | null;
}

/** Milliseconds since the epoch, like `Date.now`. */
export type Clock = () => number;

/**
 * Everything one emulated Stripe account holds. Handlers are synchronous, so `request` describes the
 * API call being served while a handler runs (used for `event.request`).
 */
export class EmulatorContext {
  readonly store = new Store();
  readonly idempotency = new IdempotencyStore();
  request: RequestInfo = { id: null, idempotencyKey: null };
  baseUrl = "";
  /** Fan-out for new events; returns how many webhook deliveries were queued. */
  onEvent: (event: Stripe.EventBase) => number = () => 0;

  /** Billing > Revenue recovery settings of the account (subscription-retries.ts). */
  billing: BillingSettings = { ...defaultBillingSettings };

  private frozenAt: number | null = null;

  constructor(private readonly clock: Clock) {}

  /** Current time in unix seconds (a test clock's frozen time while `atTime` runs). */
  now(): number {
    return this.frozenAt ?? Math.floor(this.clock() / 1000);
  }

  /** Runs work as if it were `seconds` (objects under a test clock are created at its frozen time). */
  atTime<T>(seconds: number, work: () => T): T {
    const saved = this.frozenAt;
    this.frozenAt = seconds;
    try {
      return work();
    } finally {
      this.frozenAt = saved;
    }
  }

  /** Runs automatic work (test clock advances, control endpoints) as Stripe does: with no request. */
  withoutRequest<T>(work: () => T): T {
    const saved = this.request;
    this.request = { id: null, idempotencyKey: null };
    try {
      return work();
    } finally {
      this.request = saved;
    }
  }
}
