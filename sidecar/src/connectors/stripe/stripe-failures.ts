import Stripe from "stripe";
import { err, ok, type Result } from "../../domain/result.js";
import { ConnectorRejected, ConnectorUnavailable } from "../../ports/connector-errors.js";
import type { IdempotencyMismatch, StripeMissing } from "../../ports/stripe.js";

type Expected = StripeMissing | IdempotencyMismatch;

const checkDashboard = "check the PaymentIntent in the Stripe dashboard";

/** A Stripe error as the outcome a flow expects, or undefined when it is not one. */
function expectedOutcome(error: unknown): Expected | undefined {
  if (error instanceof Stripe.errors.StripeIdempotencyError)
    return { kind: "idempotency_mismatch", message: error.message };
  if (error instanceof Stripe.errors.StripeInvalidRequestError && error.code === "resource_missing")
    return { kind: "missing", message: error.message };
  return undefined;
}

/** A refused request or an unreachable Stripe as the shared connector errors; anything else as it is. */
function connectorError(error: unknown): unknown {
  if (error instanceof Stripe.errors.StripeInvalidRequestError)
    return new ConnectorRejected(
      "stripe",
      {
        status: error.statusCode ?? 400,
        code: error.code ?? "invalid_request",
        message: error.message,
        ...(error.param ? { field: error.param } : {}),
      },
      { suggestion: checkDashboard },
    );
  if (
    error instanceof Stripe.errors.StripeConnectionError ||
    error instanceof Stripe.errors.StripeAPIError ||
    error instanceof Stripe.errors.StripeRateLimitError
  )
    return new ConnectorUnavailable("stripe", 1, error.message, { cause: error });
  return error; // a revoked key, say: unexpected, retried, then dead-lettered
}

/**
 * Calls the official client and sorts what it throws: the outcomes the caller expects (`kinds`: no such object,
 * a key reused with other parameters) become results; a refused request and an unreachable Stripe become the
 * shared connector errors; anything else is thrown as it is.
 */
export async function callStripe<T, K extends Expected["kind"]>(
  kinds: readonly K[],
  call: () => Promise<T>,
): Promise<Result<T, Extract<Expected, { kind: K }>>> {
  try {
    return ok(await call());
  } catch (error) {
    const outcome = expectedOutcome(error);
    if (outcome && (kinds as readonly string[]).includes(outcome.kind))
      return err(outcome as Extract<Expected, { kind: K }>);
    if (outcome)
      throw new ConnectorRejected(
        "stripe",
        { status: 400, code: outcome.kind, message: outcome.message },
        { suggestion: checkDashboard },
      );
    throw connectorError(error);
  }
}
