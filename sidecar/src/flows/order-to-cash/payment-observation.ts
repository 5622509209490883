import { mayReplace, type PaymentIntentStatus } from "../../domain/payment-state.js";
import type { Decline, PaymentObservation, PaymentRecord } from "./order-to-cash-store.js";
import type { PaymentIntentObject } from "./stripe-objects.js";

const observedFields = [
  "status",
  "captureMethod",
  "currency",
  "amount",
  "amountCapturable",
  "amountReceived",
  "latestChargeId",
] as const;

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
  const sameStatusNewer = current.status === observed.status && observed.amountReceived >= current.amountReceived;
  const apply = replace || sameStatusNewer;
  const next: PaymentRecord = { ...current, orderGuid: current.orderGuid ?? observed.orderGuid };
  if (added.length > 0) next.declines = [...current.declines, ...added];
  if (apply) for (const field of observedFields) Object.assign(next, { [field]: observed[field] });
  const changed =
    added.length > 0 ||
    next.orderGuid !== current.orderGuid ||
    (apply && observedFields.some((field) => observed[field] !== current[field]));
  return { next, changed };
}

/** What a PaymentIntent (from an event or a re-fetch) says, as an observation of its stored state. */
export function observationOf(
  intent: PaymentIntentObject & { status: PaymentIntentStatus },
  orderGuid: string | null,
  newDeclines: Decline[],
): PaymentObservation {
  return {
    paymentIntentId: intent.id,
    orderGuid,
    status: intent.status,
    captureMethod: intent.capture_method,
    currency: intent.currency,
    amount: intent.amount,
    amountCapturable: intent.amount_capturable,
    amountReceived: intent.amount_received,
    latestChargeId:
      typeof intent.latest_charge === "string" ? intent.latest_charge : (intent.latest_charge?.id ?? null),
    newDeclines,
  };
}
