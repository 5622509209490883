import Stripe from "stripe";
import { err, type Result } from "../../domain/result.js";
import { ConnectorRejected, ConnectorUnavailable } from "../../ports/connector-errors.js";
import type { IdempotencyMismatch, StripeMissing } from "../../ports/stripe.js";

const checkDashboard = "check the PaymentIntent in the Stripe dashboard";

/**
 * Calls the official client and sorts what it throws: the outcomes a flow expects (no such object, a key reused
 * with other parameters) become results; a refused request and an unreachable Stripe become the shared
 * connector errors; anything else (a revoked key, say) is thrown as it is.
 */
export async function callStripe<T>(call: () => Promise<T>): Promise<Result<T, StripeMissing | IdempotencyMismatch>> {
  try {
    return { ok: true, value: await call() };
  } catch (error) {
    if (error instanceof Stripe.errors.StripeIdempotencyError)
      return err({ kind: "idempotency_mismatch", message: error.message });
    if (error instanceof Stripe.errors.StripeInvalidRequestError) {
      if (error.code === "resource_missing") return err({ kind: "missing", message: error.message });
      throw new ConnectorRejected(
        "stripe",
        {
          status: error.statusCode ?? 400,
          code: error.code ?? "invalid_request",
          message: error.message,
          ...(error.param ? { field: error.param } : {}),
        },
        { suggestion: checkDashboard },
      );
    }
    if (
      error instanceof Stripe.errors.StripeConnectionError ||
      error instanceof Stripe.errors.StripeAPIError ||
      error instanceof Stripe.errors.StripeRateLimitError
    )
      throw new ConnectorUnavailable("stripe", 1, error.message, { cause: error });
    throw error;
  }
}

/** For calls whose only expected failure is one kind: anything else is a bug in the caller's assumptions. */
export function only<T, E extends { kind: string }>(
  kind: E["kind"],
  result: Result<T, StripeMissing | IdempotencyMismatch>,
): Result<T, E> {
  if (result.ok || result.error.kind === kind) return result as Result<T, E>;
  throw new ConnectorRejected(
    "stripe",
    { status: 400, code: result.error.kind, message: result.error.message },
    { suggestion: checkDashboard },
  );
}
