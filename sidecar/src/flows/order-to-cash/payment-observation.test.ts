import { describe, expect, it } from "vitest";
import { type ChargeId, orderGuid, paymentIntentId } from "../../domain/ids.js";
import { money } from "../../domain/money.js";
import type { PaymentObservation, PaymentRecord } from "./order-to-cash-store.js";
import { mergeObservation } from "./payment-observation.js";

const usd = (amount: number) => money(amount, "usd");
const stored: PaymentRecord = {
  paymentIntentId: paymentIntentId("pi_1"),
  orderGuid: orderGuid("guid-1"),
  status: "requires_payment_method",
  captureMethod: "automatic",
  amount: usd(6497),
  amountCapturable: usd(0),
  amountReceived: usd(0),
  latestChargeId: null,
  declines: [],
};
const observe = (changes: Partial<PaymentObservation>): PaymentObservation => ({
  ...stored,
  newDeclines: [],
  ...changes,
});
const decline = { id: "ch_1", code: "card_declined", declineCode: "insufficient_funds", message: "Declined." };

describe("mergeObservation", () => {
  it("takes a forward move", () => {
    const { next, changed } = mergeObservation(
      stored,
      observe({ status: "succeeded", amountReceived: usd(6497), latestChargeId: "ch_2" as ChargeId }),
    );
    expect(changed).toBe(true);
    expect(next).toMatchObject({ status: "succeeded", amountReceived: usd(6497), latestChargeId: "ch_2" });
  });

  it("never undoes a payment, but keeps a late decline", () => {
    const paid = { ...stored, status: "succeeded" as const, amountReceived: usd(6497) };
    const { next, changed } = mergeObservation(
      paid,
      observe({ status: "requires_payment_method", newDeclines: [decline] }),
    );
    expect(changed).toBe(true);
    expect(next.status).toBe("succeeded");
    expect(next.amountReceived).toEqual(usd(6497));
    expect(next.declines).toEqual([decline]);
  });

  it("reports no change for the same state seen again, so nothing is written", () => {
    const paid = { ...stored, status: "succeeded" as const, amountReceived: usd(6497), declines: [decline] };
    const { next, changed } = mergeObservation(paid, observe({ ...paid, newDeclines: [decline] }));
    expect(changed).toBe(false);
    expect(next).toEqual(paid);
  });

  it("links an order once and never relinks it", () => {
    const unlinked = { ...stored, orderGuid: null };
    expect(mergeObservation(unlinked, observe({ orderGuid: orderGuid("guid-2") })).next.orderGuid).toBe("guid-2");
    const linked = mergeObservation(stored, observe({ orderGuid: orderGuid("guid-2") }));
    expect(linked.next.orderGuid).toBe("guid-1");
    expect(linked.changed).toBe(false);
  });
});
