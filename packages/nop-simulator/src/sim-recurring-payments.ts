import type { ChangeOrigin } from "@nop-stripe/contract/bridge-event-schemas.js";
import type { NopRecurringPayment, NopRecurringPaymentHistory } from "@nop-stripe/contract/nop-entities.js";
import { RecurringPaymentType } from "@nop-stripe/contract/nop-enums.js";
import type { NopOrderId, NopProductId, NopRecurringPaymentId } from "@nop-stripe/contract/nop-ids.js";
import { notFound, type OpResult, ok } from "./op-result.js";
import { cyclesRemaining, nextPaymentDate, recurringPaymentTypeOf } from "./recurring-rules.js";
import { type Page, pageOf } from "./sim-catalog.js";
import type { SimOrder, SimState } from "./sim-state.js";

type StoredRecurringPayment = NopRecurringPayment & { productId: NopProductId | null; paymentMethodSystemName: string };

export interface RecurringPaymentView {
  recurringPayment: NopRecurringPayment;
  history: NopRecurringPaymentHistory[];
}

/**
 * Recurring payments: created by PlaceOrder for a recurring cart, made inactive by CancelRecurringPaymentAsync.
 * Their view adds what nopCommerce computes (next payment date, cycles remaining) and the payment method's
 * RecurringPaymentType.
 */
export class SimRecurringPayments {
  constructor(private readonly state: SimState) {}

  createFor(
    order: SimOrder,
    cycle: Pick<NopRecurringPayment, "cycleLength" | "cyclePeriodId" | "totalCycles"> & {
      productId: NopProductId;
      /** No recurring_payment.created (a plugin before contract 1.2). */
      silent?: boolean;
    },
  ): NopRecurringPayment {
    const now = this.state.isoNow();
    const { silent, ...recurring } = cycle;
    const rp: StoredRecurringPayment = {
      id: this.state.nextId("RecurringPayment") as NopRecurringPaymentId,
      initialOrderId: order.detail.id as NopOrderId,
      initialOrderGuid: order.detail.orderGuid,
      customerId: order.detail.customerId,
      ...recurring,
      paymentMethodSystemName: order.detail.paymentMethodSystemName,
      startDateUtc: now,
      isActive: true,
      lastPaymentFailed: false,
      deleted: false,
      createdOnUtc: now,
    };
    this.state.recurringPayments.set(rp.id, rp);
    this.state.recurringPaymentHistory.set(rp.id, []);
    // PlaceOrderAsync records the first payment at once for Manual methods; Automatic ones report it later.
    if (recurringPaymentTypeOf(rp.paymentMethodSystemName) === RecurringPaymentType.Manual)
      this.addHistory(rp.id, order.detail.id as NopOrderId);
    if (!silent)
      this.state.events.emit("recurring_payment.created", { recurringPayment: this.view(rp.id).recurringPayment });
    return this.view(rp.id).recurringPayment;
  }

  get(recurringPaymentId: number): OpResult<RecurringPaymentView> {
    const rp = this.state.recurringPayments.get(recurringPaymentId);
    return rp && !rp.deleted ? ok(this.view(rp.id)) : notFound("recurring payment", recurringPaymentId);
  }

  /** SearchRecurringPaymentsAsync as the plugin pages it (showHidden): deleted ones left out, by start date then id. */
  list(pageIndex: number, pageSize: number): Page<RecurringPaymentView> {
    const ids = [...this.state.recurringPayments.values()]
      .filter((rp) => !rp.deleted)
      .sort((a, b) => a.startDateUtc.localeCompare(b.startDateUtc) || a.id - b.id)
      .map((rp) => rp.id);
    const page = pageOf(ids, pageIndex, pageSize);
    return { ...page, items: page.items.map((id) => this.view(id)) };
  }

  /** The recurring payment as the plugin maps it, with its history (oldest first). */
  view(recurringPaymentId: number): RecurringPaymentView {
    const rp = this.state.recurringPayments.get(recurringPaymentId) as StoredRecurringPayment;
    const history = this.history(rp.id);
    return structuredClone({
      recurringPayment: {
        ...rp,
        recurringPaymentTypeId: recurringPaymentTypeOf(rp.paymentMethodSystemName),
        nextPaymentDateUtc: nextPaymentDate(rp, history.length),
        cyclesRemaining: cyclesRemaining(rp, history.length),
      },
      history,
    });
  }

  history(recurringPaymentId: number): NopRecurringPaymentHistory[] {
    return this.state.recurringPaymentHistory.get(recurringPaymentId) ?? [];
  }

  addHistory(recurringPaymentId: number, orderId: NopOrderId): void {
    this.history(recurringPaymentId).push({
      id: this.state.nextId("RecurringPaymentHistory"),
      orderId,
      createdOnUtc: this.state.isoNow(),
    });
  }

  /** The cancelRecurringPayment write-back: cancels unless already cancelled, and says which. */
  cancelFromStripe(
    recurringPaymentId: number,
    origin: ChangeOrigin,
  ): OpResult<RecurringPaymentView & { alreadyCancelled: boolean }> {
    const before = this.get(recurringPaymentId);
    if (!before.ok) return before;
    this.cancel(recurringPaymentId, origin);
    return ok({ ...this.view(recurringPaymentId), alreadyCancelled: !before.value.recurringPayment.isActive });
  }

  /** CancelRecurringPaymentAsync: inactive, a note on the initial order, recurring_payment.cancelled (once). */
  cancel(recurringPaymentId: number, origin?: ChangeOrigin): OpResult<NopRecurringPayment> {
    const rp = this.state.recurringPayments.get(recurringPaymentId);
    if (!rp || rp.deleted) return notFound("recurring payment", recurringPaymentId);
    if (rp.isActive) {
      rp.isActive = false;
      const order = this.state.orders.get(rp.initialOrderId);
      order?.detail.notes.push({
        id: this.state.nextId("OrderNote"),
        note: "Recurring payment has been cancelled",
        displayToCustomer: false,
        createdOnUtc: this.state.isoNow(),
      });
      this.state.events.emit("recurring_payment.cancelled", {
        recurringPayment: this.view(rp.id).recurringPayment,
        ...(origin ? { origin } : {}),
      });
    }
    return ok(this.view(rp.id).recurringPayment);
  }
}
