import type { OrderGuid } from "../../domain/ids.js";
import { equals, type Money } from "../../domain/money.js";
import { mayReplace, type PaymentIntentStatus } from "../../domain/payment-state.js";
import type { PaymentIntentSnapshot } from "../../ports/stripe.js";
import type { Decline, PaymentObservation, PaymentRecord } from "./order-to-cash-store.js";

const observedFields = [
  "status",
  "captureMethod",
  "amount",
  "amountCapturable",
  "amountReceived",
  "latestChargeId",
] as const;

const same = (a: PaymentRecord[(typeof observedFields)[number]], b: typeof a) =>
  typeof a === "object" && a !== null ? equals(a, b as Money) : a === b;

/**
 * The stored PaymentIntent after an observation: its state is taken when the state machine allows it (a
 * forward move, or the same status with at least as much received), declines are merged by id either way, and
 * an order once linked stays linked. `changed` is false when storing it again would change nothing.
 */
export function mergeObservation(
  current: PaymentRecord,
  observed: PaymentObservation,
): { next: PaymentRecord; changed: boolean } {
  const known = new Set(current.declines.map((d) => d.id));
  const added = observed.newDeclines.filter((d) => !known.has(d.id));
  const replace = current.status !== observed.status && mayReplace(current.status, observed.status);
  const sameStatusNewer =
    current.status === observed.status && observed.amountReceived.amount >= current.amountReceived.amount;
  const apply = replace || sameStatusNewer;
  const next: PaymentRecord = { ...current, orderGuid: current.orderGuid ?? observed.orderGuid };
  if (added.length > 0) next.declines = [...current.declines, ...added];
  if (apply) for (const field of observedFields) Object.assign(next, { [field]: observed[field] });
  const changed =
    added.length > 0 ||
    next.orderGuid !== current.orderGuid ||
    (apply && observedFields.some((field) => !same(observed[field], current[field])));
  return { next, changed };
}

/** What a PaymentIntent (from an event or a re-fetch) says, as an observation of its stored state. */
export function observationOf(
  intent: PaymentIntentSnapshot & { status: PaymentIntentStatus },
  orderGuid: OrderGuid | null,
  newDeclines: Decline[],
): PaymentObservation {
  return {
    paymentIntentId: intent.id,
    orderGuid,
    status: intent.status,
    captureMethod: intent.captureMethod,
    amount: intent.amount,
    amountCapturable: intent.amountCapturable,
    amountReceived: intent.amountReceived,
    latestChargeId: intent.latestChargeId,
    newDeclines,
  };
}
