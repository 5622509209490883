import { httpFetch } from "@nop-stripe/contract/http-fetch.js";
import { signWebhook } from "@nop-stripe/contract/standard-webhooks.js";

export interface CallbackAttempt {
  at: string;
  /** HTTP status, or 0 when the request failed before an answer (refused, reset, timed out). */
  status: number;
  error?: string;
}

export interface CallbackDelivery {
  /** The webhook-id; the same on every attempt so the receiver can drop duplicates. */
  eventId: string;
  type: string;
  url: string;
  payload: unknown;
  status: "pending" | "delivered" | "failed";
  attempts: CallbackAttempt[];
}

export interface SignedCallbackSenderOptions {
  /** Standard Webhooks secret, `whsec_<base64>`. */
  secret: string;
  /** Wait before each retry; its length is the number of retries after the first attempt. */
  retryScheduleMs: readonly number[];
  /** Per attempt. */
  timeoutMs: number;
}

/**
 * Delivers JSON events signed by the Standard Webhooks scheme, at least once: a non-2xx answer or a network
 * error is retried on the schedule, with the same event id and a fresh timestamp and signature.
 */
export class SignedCallbackSender {
  private readonly list: CallbackDelivery[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly inFlight = new Set<AbortController>();
  private closed = false;

  constructor(private readonly options: SignedCallbackSenderOptions) {}

  send(url: string, eventId: string, type: string, payload: unknown): CallbackDelivery {
    const delivery: CallbackDelivery = { eventId, type, url, payload, status: "pending", attempts: [] };
    this.list.push(delivery);
    void this.attempt(delivery);
    return delivery;
  }

  deliveries(): readonly CallbackDelivery[] {
    return this.list;
  }

  /** Stops retrying and aborts requests in flight. */
  dispose(): void {
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    for (const controller of this.inFlight) controller.abort();
  }

  clear(): void {
    this.list.length = 0;
  }

  private async attempt(delivery: CallbackDelivery): Promise<void> {
    if (this.closed) return;
    const record = await this.post(delivery);
    delivery.attempts.push(record);
    if (record.status >= 200 && record.status < 300) {
      delivery.status = "delivered";
      return;
    }
    const wait = this.options.retryScheduleMs[delivery.attempts.length - 1];
    if (wait === undefined || this.closed) {
      delivery.status = "failed";
      return;
    }
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      void this.attempt(delivery);
    }, wait);
    this.timers.add(timer);
  }

  private async post(delivery: CallbackDelivery): Promise<CallbackAttempt> {
    const at = new Date();
    const body = JSON.stringify(delivery.payload);
    const controller = new AbortController();
    this.inFlight.add(controller);
    try {
      const response = await httpFetch(delivery.url, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          ...signWebhook(this.options.secret, delivery.eventId, body, at.getTime()),
        },
        body,
        timeoutMs: this.options.timeoutMs,
        signal: controller.signal,
      });
      return { at: at.toISOString(), status: response.status };
    } catch (err) {
      return { at: at.toISOString(), status: 0, error: describe(err) };
    } finally {
      this.inFlight.delete(controller);
    }
  }
}

/** httpFetch's errors say what failed (a timeout, a refused connection, the sender closing). */
function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
