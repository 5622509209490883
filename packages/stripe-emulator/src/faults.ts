import { StripeApiError } from "./errors.js";

/** Forced failures for client retry tests: the next `count` API calls (under a path prefix) fail. */
export interface Fault {
  status: 429 | 500;
  remaining: number;
  pathPrefix: string;
  /**
   * The request is served (and saved under its idempotency key), then its answer is lost: the client sees the
   * error, as when a connection drops after Stripe did the work. A retry under the same key gets the first answer.
   */
  loseAnswer?: boolean;
}

export class FaultInjector {
  private faults: Fault[] = [];

  add(fault: Fault): void {
    this.faults.push(fault);
  }

  clear(): void {
    this.faults = [];
  }

  /** The error to answer instead of serving the request (or after serving it: `loseAnswer`), if a fault applies. */
  take(path: string): { error: StripeApiError; loseAnswer: boolean } | undefined {
    const fault = this.faults.find((f) => f.remaining > 0 && path.startsWith(f.pathPrefix));
    if (!fault) return undefined;
    fault.remaining -= 1;
    this.faults = this.faults.filter((f) => f.remaining > 0);
    return { error: errorOf(fault), loseAnswer: fault.loseAnswer === true };
  }
}

function errorOf(fault: Fault): StripeApiError {
  if (fault.status === 429) {
    return new StripeApiError(429, {
      type: "invalid_request_error",
      code: "rate_limit",
      message:
        "Request rate limit exceeded. You can learn more about rate limits here https://docs.stripe.com/rate-limits.",
    });
  }
  return new StripeApiError(500, { type: "api_error", message: "An unknown error occurred" });
}
