import { StripeApiError } from "./errors.js";

/** Forced failures for client retry tests: the next `count` API calls (under a path prefix) fail. */
export interface Fault {
  status: 429 | 500;
  remaining: number;
  pathPrefix: string;
}

export class FaultInjector {
  private faults: Fault[] = [];

  add(fault: Fault): void {
    this.faults.push(fault);
  }

  clear(): void {
    this.faults = [];
  }

  /** The error to answer instead of serving the request, if a fault applies. */
  take(path: string): StripeApiError | undefined {
    const fault = this.faults.find((f) => f.remaining > 0 && path.startsWith(f.pathPrefix));
    if (!fault) return undefined;
    fault.remaining -= 1;
    this.faults = this.faults.filter((f) => f.remaining > 0);
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
}
