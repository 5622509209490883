import type { NopRecurringPayment } from "@nop-stripe/contract/nop-entities.js";
import type { NopOrderId, NopRecurringPaymentId } from "@nop-stripe/contract/nop-ids.js";
import { notFound, type OpResult, ok } from "./op-result.js";
import type { SimOrder, SimState } from "./sim-state.js";

/** Recurring payments: created by PlaceOrder for a recurring cart, made inactive by CancelRecurringPaymentAsync. */
export class SimRecurringPayments {
  constructor(private readonly state: SimState) {}

  createFor(
    order: SimOrder,
    cycle: Pick<NopRecurringPayment, "cycleLength" | "cyclePeriodId" | "totalCycles">,
  ): NopRecurringPayment {
    const now = this.state.isoNow();
    const rp: NopRecurringPayment = {
      id: this.state.nextId("RecurringPayment") as NopRecurringPaymentId,
      initialOrderId: order.detail.id as NopOrderId,
      initialOrderGuid: order.detail.orderGuid,
      customerId: order.detail.customerId,
      ...cycle,
      startDateUtc: now,
      isActive: true,
      lastPaymentFailed: false,
      deleted: false,
      createdOnUtc: now,
    };
    this.state.recurringPayments.set(rp.id, rp);
    this.state.events.emit("recurring_payment.created", { recurringPayment: structuredClone(rp) });
    return rp;
  }

  cancel(recurringPaymentId: number): OpResult<NopRecurringPayment> {
    const rp = this.state.recurringPayments.get(recurringPaymentId);
    if (!rp) return notFound("recurring payment", recurringPaymentId);
    if (rp.isActive) {
      rp.isActive = false;
      const order = this.state.orders.get(rp.initialOrderId);
      order?.detail.notes.push({
        id: this.state.nextId("OrderNote"),
        note: "Recurring payment has been cancelled",
        displayToCustomer: false,
        createdOnUtc: this.state.isoNow(),
      });
      this.state.events.emit("recurring_payment.cancelled", { recurringPayment: structuredClone(rp) });
    }
    return ok(structuredClone(rp));
  }
}
