import type { PaymentIntentId } from "../../domain/ids.js";
import type { Result } from "../../domain/result.js";
import { PermanentError } from "../../jobs/permanent-error.js";
import type {
  IdempotencyMismatch,
  PaymentIntentSnapshot,
  PaymentIntentsPort,
  StripeMissing,
} from "../../ports/stripe.js";

/**
 * The value of a Stripe call whose expected failures this flow cannot act on (an object it holds the id of is
 * gone, a key it derived was used with other parameters): they are permanent, for a person to look at.
 */
export function stripeValue<T>(result: Result<T, StripeMissing | IdempotencyMismatch>, about: string): T {
  if (result.ok) return result.value;
  throw new PermanentError(`${about}: ${result.error.message}`, {
    code: result.error.kind === "missing" ? "stripe_missing" : "stripe_idempotency_mismatch",
    system: "stripe",
    value: about,
    suggestion: "check the PaymentIntent in the Stripe dashboard",
  });
}

/** A PaymentIntent this flow holds the id of. */
export async function retrieveIntent(intents: PaymentIntentsPort, id: PaymentIntentId): Promise<PaymentIntentSnapshot> {
  return stripeValue(await intents.retrieve(id), `PaymentIntent ${id}`);
}
