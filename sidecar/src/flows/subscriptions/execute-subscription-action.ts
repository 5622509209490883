import { nopOrderId, nopRecurringPaymentId } from "@nop-stripe/contract/nop-ids.js";
import type { NopExpectedError } from "../../connectors/nop/nop-errors.js";
import { NopRuleRefused } from "../../connectors/nop/nop-errors.js";
import type { NopPort, NopResult } from "../../connectors/nop/nop-port.js";
import { formatMoney } from "../../domain/money.js";
import { stripeRecurrenceOf } from "../../domain/subscriptions/recurring-cycle.js";
import type { LogEntry } from "../../flow-kit/action-log.js";
import type { ConnectorFailures } from "../../flow-kit/connector-failures.js";
import { PermanentError } from "../../jobs/permanent-error.js";
import type { Notifier } from "../../ports/notifier.js";
import type { SubscriptionsPort } from "../../ports/stripe-subscriptions.js";
import { noSavedCard, timesOf } from "./plan-subscription.js";
import { keyOf, recurringPaymentKey, type SubscriptionAction } from "./subscription-actions.js";
import type { SubscriptionState, SubscriptionsStore } from "./subscriptions-store.js";

export interface SubscriptionExecutorPorts {
  store: SubscriptionsStore;
  nop: Pick<
    NopPort,
    "processNextRecurringPayment" | "markRecurringPaymentFailed" | "cancelRecurringPayment" | "addOrderNote"
  >;
  subscriptions: Omit<SubscriptionsPort, "subscriptionFromEvent" | "invoiceFromEvent">;
  failures: Pick<ConnectorFailures, "call">;
  notifier: Notifier;
  /** The state after an action, read again (the action's row and its log entry are stored by then). */
  reload: (recurringPaymentId: number) => Promise<SubscriptionState>;
}

type Of<N extends SubscriptionAction["name"]> = Extract<SubscriptionAction, { name: N }>;

/** Performs one planned action under its key, stores what changed with its log entry, returns the state after it. */
export class SubscriptionActionExecutor {
  constructor(private readonly ports: SubscriptionExecutorPorts) {}

  readonly execute = async (action: SubscriptionAction, state: SubscriptionState): Promise<SubscriptionState> => {
    switch (action.name) {
      case "not-billed":
        await this.ports.store.setNotBilled(
          state.recurringPayment.recurringPaymentId,
          action.reason,
          this.entry(state, action, { reason: action.reason }),
        );
        break;
      case "create-subscription":
        await this.createSubscription(state, action);
        break;
      case "process-invoice":
        await this.processInvoice(state, action);
        break;
      case "note-failed-payment":
        await this.noteFailedPayment(state, action);
        break;
      case "mark-payment-failed":
        await this.markPaymentFailed(state, action);
        break;
      case "cancel-subscription":
        await this.cancelSubscription(state, action);
        break;
      case "cancel-in-nop":
        await this.cancelInNop(state, action);
        break;
    }
    return this.ports.reload(state.recurringPayment.recurringPaymentId);
  };

  private entry(state: SubscriptionState, action: SubscriptionAction, detail: Record<string, unknown>): LogEntry {
    const id = state.recurringPayment.recurringPaymentId;
    return { key: keyOf(id, action), aggregate: recurringPaymentKey(id), kind: "action", name: action.name, detail };
  }

  /** One subscription for the customer and card of the first order, its first cycle that order (a trial). */
  private async createSubscription(state: SubscriptionState, action: Of<"create-subscription">): Promise<void> {
    const rp = state.recurringPayment;
    const order = state.firstOrder;
    const price = order?.amountReceived;
    if (!order?.paymentIntentId || !price) throw new Error("create-subscription: the first order is not paid");
    const recurrence = stripeRecurrenceOf(rp.cycle);
    const times = timesOf(rp);
    if (!recurrence.ok || !times.ok) throw new Error("create-subscription: planned for a cycle Stripe cannot bill");
    const intentId = order.paymentIntentId;
    const payment = await this.stripe("read the first order's PaymentIntent", () =>
      this.ports.subscriptions.paymentOf(intentId),
    );
    const customerId = payment.ok ? payment.value.customerId : null;
    const paymentMethodId = payment.ok ? payment.value.paymentMethodId : null;
    if (!payment.ok || !customerId || !paymentMethodId || !payment.value.cardSaved) {
      // Stripe would refuse the card (single use), and a guess would bill the wrong one: said, visibly.
      const reason = noSavedCard(`PaymentIntent ${intentId} paid without saving its card for later`);
      const notBilled = { name: "not-billed" as const, reason };
      await this.ports.store.setNotBilled(rp.recurringPaymentId, reason, this.entry(state, notBilled, { reason }));
      return;
    }
    const key = keyOf(rp.recurringPaymentId, action);
    await this.stripe("save the card on the customer", () =>
      this.ports.subscriptions.attachPaymentMethod(paymentMethodId, customerId),
    );
    const metadata = {
      nop_recurring_payment_id: String(rp.recurringPaymentId),
      nop_initial_order_guid: rp.initialOrderGuid,
      nop_customer_id: String(rp.nopCustomerId),
    };
    const priceId = await this.stripe("create the recurring price", async () => {
      const created = await this.ports.subscriptions.createPrice(
        {
          amount: price,
          recurrence: recurrence.value,
          productName: `Recurring payment ${rp.recurringPaymentId}`,
          metadata,
        },
        `${key}:price`,
      );
      return this.orRefuse(created, "create the recurring price");
    });
    const subscription = await this.stripe("create the subscription", async () => {
      const created = await this.ports.subscriptions.createSubscription(
        {
          customerId,
          priceId,
          paymentMethodId,
          trialEnd: times.value.trialEnd,
          cancelAt: times.value.cancelAt,
          metadata,
        },
        key,
      );
      return this.orRefuse(created, "create the subscription");
    });
    await this.ports.store.linkSubscription(
      rp.recurringPaymentId,
      {
        subscriptionId: subscription.id,
        customerId,
        priceId,
        itemId: subscription.itemId,
        firstInvoiceId: subscription.latestInvoiceId,
        status: subscription.status,
        cancelAt: subscription.cancelAt,
        endedAt: subscription.endedAt,
      },
      price,
      this.entry(state, action, {
        subscriptionId: subscription.id,
        price: formatMoney(price),
        trialEnd: times.value.trialEnd.toISOString(),
        cancelAt: times.value.cancelAt.toISOString(),
      }),
    );
  }

  /** nopCommerce's next-recurring-payment processing for a paid invoice: one invoice, one order. */
  private async processInvoice(state: SubscriptionState, action: Of<"process-invoice">): Promise<void> {
    const rp = state.recurringPayment;
    const first = action.invoiceId === rp.stripe?.firstInvoiceId;
    const captureTransactionId = first
      ? state.firstOrder?.paymentIntentId
      : await this.stripe("read the invoice's payment", () =>
          this.ports.subscriptions.invoicePaymentIntent(action.invoiceId),
        );
    const result = await this.nop("process the next recurring payment", () =>
      this.ports.nop.processNextRecurringPayment(
        {
          recurringPaymentId: nopRecurringPaymentId(rp.recurringPaymentId),
          invoiceId: action.invoiceId,
          captureTransactionId: captureTransactionId ?? action.invoiceId,
        },
        { requestId: keyOf(rp.recurringPaymentId, action) },
      ),
    );
    const detail = result.ok
      ? { orderId: result.value.order.id, firstCycle: first, alreadyApplied: result.value.alreadyApplied }
      : this.refusal(result.error, rp.recurringPaymentId);
    // Stripe was paid and nopCommerce will not make the order: someone must look (refund, or make the order).
    if (!result.ok && !first)
      await this.ports.notifier.alert({
        severity: "warning",
        code: "subscription.invoice_without_order",
        message: `Stripe invoice ${action.invoiceId} of recurring payment ${rp.recurringPaymentId} was paid, but nopCommerce refused the next order: ${result.error.message}`,
        context: { recurringPaymentId: rp.recurringPaymentId, invoiceId: action.invoiceId },
      });
    await this.ports.store.record(this.entry(state, action, { invoiceId: action.invoiceId, ...detail }));
  }

  private async noteFailedPayment(state: SubscriptionState, action: Of<"note-failed-payment">): Promise<void> {
    const orderId = state.firstOrder?.nopOrderId;
    const note =
      `Stripe could not charge invoice ${action.invoiceId} (attempt ${action.attempt}) of recurring payment ` +
      `${state.recurringPayment.recurringPaymentId}; Stripe retries it on its schedule.`;
    if (orderId != null) {
      const result = await this.nop("add an order note", () =>
        this.ports.nop.addOrderNote(
          { orderId: nopOrderId(orderId), note, displayToCustomer: false },
          { requestId: keyOf(state.recurringPayment.recurringPaymentId, action) },
        ),
      );
      if (!result.ok) throw this.problem("order note", result.error, orderId);
    }
    await this.ports.store.record(this.entry(state, action, { note, orderId: orderId ?? null }));
  }

  /** LastPaymentFailed, the error logged and the customer told, by nopCommerce's own rule. */
  private async markPaymentFailed(state: SubscriptionState, action: Of<"mark-payment-failed">): Promise<void> {
    const rp = state.recurringPayment;
    const result = await this.nop("mark the recurring payment failed", () =>
      this.ports.nop.markRecurringPaymentFailed(
        {
          recurringPaymentId: nopRecurringPaymentId(rp.recurringPaymentId),
          invoiceId: action.invoiceId,
          attemptCount: action.attempt,
          error: `Stripe could not charge invoice ${action.invoiceId} (attempt ${action.attempt}).`,
        },
        { requestId: keyOf(rp.recurringPaymentId, action) },
      ),
    );
    const detail = result.ok
      ? { cancelledByNop: result.value.cancelled, alreadyApplied: result.value.alreadyApplied }
      : this.refusal(result.error, rp.recurringPaymentId);
    const entry = this.entry(state, action, { invoiceId: action.invoiceId, attempt: action.attempt, ...detail });
    // The store's setting CancelRecurringPaymentsAfterFailedPayment cancelled it: Stripe must stop too.
    if (result.ok && result.value.cancelled)
      await this.ports.store.markNopInactive(rp.recurringPaymentId, "nopcommerce", entry);
    else await this.ports.store.record(entry);
  }

  private async cancelSubscription(state: SubscriptionState, action: Of<"cancel-subscription">): Promise<void> {
    const subscriptionId = state.recurringPayment.stripe!.subscriptionId;
    const key = keyOf(state.recurringPayment.recurringPaymentId, action);
    const cancelled = await this.stripe("cancel the subscription", () =>
      this.ports.subscriptions.cancelSubscription(subscriptionId, key),
    );
    // Missing: it had ended already; its state is read back so the plan sees it ended.
    const after = cancelled.ok
      ? cancelled
      : await this.stripe("read the subscription", () => this.ports.subscriptions.retrieveSubscription(subscriptionId));
    const entry = this.entry(state, action, { subscriptionId, status: after.ok ? after.value.status : "missing" });
    if (after.ok) await this.ports.store.observeSubscription(after.value, entry);
    else await this.ports.store.observeSubscription(endedSnapshot(state), entry);
  }

  private async cancelInNop(state: SubscriptionState, action: Of<"cancel-in-nop">): Promise<void> {
    const rp = state.recurringPayment;
    const result = await this.nop("cancel the recurring payment", () =>
      this.ports.nop.cancelRecurringPayment(
        {
          recurringPaymentId: nopRecurringPaymentId(rp.recurringPaymentId),
          origin: { system: "stripe", reference: rp.stripe!.subscriptionId },
        },
        { requestId: keyOf(rp.recurringPaymentId, action) },
      ),
    );
    if (!result.ok) throw this.problem("cancel the recurring payment", result.error, rp.recurringPaymentId);
    const entry = this.entry(state, action, { alreadyCancelled: result.value.alreadyCancelled });
    await this.ports.store.markNopInactive(
      rp.recurringPaymentId,
      result.value.alreadyCancelled ? null : "stripe",
      entry,
    );
  }

  /** A refusal by nopCommerce's rules is an outcome to log (the invoice stays reported once); the rest is a fault. */
  private refusal(error: NopExpectedError, recurringPaymentId: number): Record<string, unknown> {
    if (error instanceof NopRuleRefused) return { refused: error.rule, message: error.message };
    throw this.problem("recurring payment", error, recurringPaymentId);
  }

  private problem(what: string, error: Error, value: unknown) {
    return new PermanentError(`${what}: ${error.message}`, {
      code: "nop_refused",
      system: "nop",
      value,
      suggestion: "check the recurring payment in nopCommerce, then replay the dead letter",
    });
  }

  private orRefuse<T>(result: { ok: true; value: T } | { ok: false; error: { message: string } }, what: string): T {
    if (result.ok) return result.value;
    throw new PermanentError(`${what}: ${result.error.message}`, {
      code: "idempotency_mismatch",
      system: "stripe",
      suggestion: "an earlier request under this key had other parameters: check Stripe, then close the dead letter",
    });
  }

  private stripe<T>(what: string, fn: () => Promise<T>): Promise<T> {
    return this.ports.failures.call("stripe", what, fn);
  }

  private nop<T>(what: string, fn: () => Promise<NopResult<T>>): Promise<NopResult<T>> {
    return this.ports.failures.call("nop", what, fn);
  }
}

/** A subscription Stripe no longer has: ended, as far as billing goes. */
function endedSnapshot(state: SubscriptionState) {
  const side = state.recurringPayment.stripe!;
  return {
    id: side.subscriptionId,
    status: "canceled",
    customerId: side.customerId,
    recurringPaymentId: state.recurringPayment.recurringPaymentId,
    itemId: side.itemId,
    priceId: side.priceId,
    cancelAt: side.cancelAt,
    endedAt: side.endedAt ?? new Date(),
    latestInvoiceId: null,
  };
}
