import type { NopReturnRequest } from "@nop-stripe/contract/nop-entities.js";
import { ReturnRequestStatus } from "@nop-stripe/contract/nop-enums.js";
import { nopOrderId, nopReturnRequestId } from "@nop-stripe/contract/nop-ids.js";
import type { NopPort } from "../../connectors/nop/nop-port.js";
import type { OrderGuid } from "../../domain/ids.js";
import { formatMoney, type Money, money } from "../../domain/money.js";
import { type RefundRules, refundRulesForStore } from "../../domain/refund-rules.js";
import type { ConnectorFailures } from "../../flow-kit/connector-failures.js";
import { PermanentError } from "../../jobs/permanent-error.js";
import type { RefundSnapshot } from "../../ports/stripe-refunds.js";
import type { AdvanceRefunds } from "./advance-refunds.js";
import {
  type ItemsRefundBreakdown,
  isReturnBreakdown,
  itemsRefundAmount,
  refundedLines,
} from "./items-refund-amount.js";
import { holdsMoney } from "./plan-refunds.js";
import type { NewRefundRecord, RefundRecord, RefundState, RefundsState, RefundsStore } from "./refunds-store.js";
import { returnRefundAmount } from "./return-refund-amount.js";

/** The plugin's payment method: an order paid any other way is not ours to refund. */
export const ourPaymentMethod = "Payments.StripeSidecar";

/** A refund nobody may make: the reason says why, for the caller (a 422, a GraphQL error). */
export class RefundRefusedError extends PermanentError {
  constructor(message: string, code: string) {
    super(message, { code, system: "sidecar", suggestion: "check the order's payments and refunds" });
  }
}

/** What is left to refund on the order: what Stripe received less every refund that holds money. */
export function leftToRefund(state: RefundsState): Money | null {
  const received = state.order.amountReceived;
  if (!received) return null;
  const out = state.refunds.filter((r) => holdsMoney(r.state)).reduce((sum, r) => sum + r.amount.amount, 0);
  return money(received.amount - out, received.currency);
}

/** Why an order's refund cannot be made (not ours, nothing received, too much), or undefined. */
export function refusalFor(state: RefundsState, amount: Money): RefundRefusedError | undefined {
  const { order } = state;
  const method = order.paymentMethodSystemName;
  if (method !== null && method !== ourPaymentMethod)
    return new RefundRefusedError(
      `order ${order.orderGuid} was paid with ${method}, not through Stripe: refund it with that payment method`,
      "other_payment_method",
    );
  const left = leftToRefund(state);
  if (!order.paymentIntentId || !left)
    return new RefundRefusedError(
      `order ${order.orderGuid} has no Stripe payment (no PaymentIntent) to refund`,
      "no_payment",
    );
  if (amount.currency !== left.currency)
    return new RefundRefusedError(
      `refund in ${amount.currency}, but order ${order.orderGuid} was paid in ${left.currency}`,
      "currency_mismatch",
    );
  if (amount.amount <= 0) return new RefundRefusedError("a refund must be greater than zero", "amount_not_positive");
  if (amount.amount > left.amount)
    return new RefundRefusedError(
      `refund of ${formatMoney(amount)} exceeds what is left to refund on order ${order.orderGuid}: ${formatMoney(left)} of ${formatMoney(order.amountReceived!)}`,
      "over_refund",
    );
  return undefined;
}

/** Forward only: a final state never changes; succeeded may still fail later (the card network sends it back). */
function mayReplace(current: RefundState | null, next: RefundState): boolean {
  if (current === next) return false;
  switch (current) {
    case null:
    case "pending":
    case "requires_action":
      return true;
    case "succeeded":
      return next === "failed";
    case "failed":
    case "canceled":
    case "refused":
      return false;
  }
}

const stripeStates: readonly string[] = ["pending", "requires_action", "succeeded", "failed", "canceled"];

export interface RefundRequestPorts {
  store: RefundsStore;
  nop: Pick<NopPort, "getReturnRequest" | "getOrder">;
  advance: AdvanceRefunds;
  failures: ConnectorFailures;
  rules: RefundRules;
}

/**
 * Where refunds start: a return request reaching its approved status, the admin's Refund button, GraphQL, and a
 * refund found in Stripe. Each opens (or finds) the order's refund record under the order's lock, so concurrent
 * requests are serialized and the over-refund check is exact, then advances the order.
 */
export class RequestRefund {
  constructor(private readonly ports: RefundRequestPorts) {}

  /** The approved status of the return's store, by rule. */
  approvedStatus(storeId: number): number {
    return ReturnRequestStatus[refundRulesForStore(this.ports.rules, storeId).approvedStatus];
  }

  /** A return request seen in an event: money moves only once nopCommerce says it is at the approved status. */
  async fromReturnRequest(seen: NopReturnRequest): Promise<void> {
    if (seen.returnRequestStatusId !== this.approvedStatus(seen.storeId)) return;
    const guid = seen.orderGuid.toLowerCase() as OrderGuid;
    await this.ports.advance.exclusive(guid, async () => {
      const state = await this.ports.store.getState(guid);
      if (!state) return; // not an order this sidecar took money for
      const attempts = state.refunds.filter((r) => r.origin === "rma" && r.returnRequestId === seen.id);
      const last = attempts.at(-1);
      if (last && holdsMoney(last.state)) return; // refunded, or on its way: one refund per return
      const { failures } = this.ports;
      const rr = await failures.call("nop", "read the return request", () =>
        this.ports.nop.getReturnRequest({ returnRequestId: nopReturnRequestId(seen.id) }),
      );
      if (!rr.ok) return;
      const current = rr.value.returnRequest;
      // The event may be stale: only the status nopCommerce has now counts (a rejected request moves nothing).
      if (current.returnRequestStatusId !== this.approvedStatus(current.storeId)) return;
      // After a refund that moved no money (failed, canceled, refused), only an approval given again since then
      // makes a new attempt; the approval that made the last one, seen again, is the same approval.
      if (last && !approvedAgainSince(current, last)) return;
      const key = last ? `rma:${seen.id}:${attempts.length + 1}` : `rma:${seen.id}`;
      const order = await failures.call("nop", "read the order", () =>
        this.ports.nop.getOrder({ orderId: nopOrderId(current.orderId) }),
      );
      if (!order.ok) return;
      const storeRules = refundRulesForStore(this.ports.rules, current.storeId);
      // Shipping goes back once: not with the last items if a refund of chosen items gave it back already.
      const rules = shippingRefundedBefore(state.refunds)
        ? { ...storeRules, refundShippingOnFullReturn: false }
        : storeRules;
      const computed = returnRefundAmount(order.value.order, current, rules, refundedByItem(state.refunds));
      const base = { key, orderGuid: guid, origin: "rma" as const, returnRequestId: current.id, requestedBy: null };
      if (!computed.ok) {
        const amount = money(0, order.value.order.primaryStoreCurrencyCode);
        await this.ports.store.insert({
          ...base,
          amount,
          reason: null,
          breakdown: null,
          state: "refused",
          failureReason: computed.error,
        });
        return;
      }
      const refused = refusalFor(state, computed.value.amount);
      await this.ports.store.insert({
        ...base,
        amount: computed.value.amount,
        reason: `Return request ${current.customNumber}: ${current.reasonForReturn}`,
        breakdown: computed.value,
        ...(refused ? { state: "refused" as const } : {}),
      });
      if (refused)
        await this.ports.store.setStripe(key, {
          stripeRefundId: null,
          state: "refused",
          failureReason: refused.message,
        });
    });
    await this.ports.advance.run(guid);
  }

  /**
   * A refund asked for by a person (the admin's button, GraphQL): an amount, or chosen items (computed as a return's;
   * with an amount too, both must agree). Refused before Stripe is called when it is not ours, too much, or more of
   * an item than is left; the same key again answers the same refund.
   */
  async fromPerson(request: PersonRefundRequest): Promise<RefundRecord> {
    const { items, ...asked } = request;
    await this.ports.advance.exclusive(request.orderGuid, async () => {
      const known = await this.ports.store.get(request.key);
      if (known) {
        if (!isSameRequest(known, request))
          throw new RefundRefusedError(
            `request ${request.key} was made before for ${formatMoney(known.amount)} on order ${known.orderGuid}; use a new request id for another refund`,
            "request_id_reused",
          );
        return;
      }
      const state = await this.ports.store.getState(request.orderGuid);
      if (!state)
        throw new RefundRefusedError(
          `order ${request.orderGuid} is not one this sidecar took a payment for`,
          "unknown_order",
        );
      const breakdown = items ? await this.itemsBreakdown(state, items) : null;
      const amount = breakdown?.amount ?? request.amount;
      if (!amount) throw new RefundRefusedError("give an amount or the items to refund", "amount_missing");
      if (request.amount && (request.amount.amount !== amount.amount || request.amount.currency !== amount.currency))
        throw new RefundRefusedError(
          `amount ${formatMoney(request.amount)} disagrees with the items given: they come to ${formatMoney(amount)}`,
          "amount_disagrees_with_items",
        );
      const refused = refusalFor(state, amount);
      if (refused) throw refused;
      await this.ports.store.insert({ ...asked, amount, returnRequestId: null, breakdown });
    });
    await this.ports.advance.run(request.orderGuid);
    return (await this.ports.store.get(request.key))!;
  }

  /** Chosen items' refund, from nopCommerce's order as it is now and what was refunded by item before. */
  private async itemsBreakdown(state: RefundsState, items: ItemsRequest): Promise<ItemsRefundBreakdown> {
    const { nopOrderId: id } = state.order;
    if (id === null) throw new Error(`order ${state.order.orderGuid}: nopCommerce has not described it yet`);
    const order = await this.ports.failures.call("nop", "read the order", () =>
      this.ports.nop.getOrder({ orderId: nopOrderId(id) }),
    );
    if (!order.ok) throw new Error(`nopCommerce: ${order.error.message}`);
    const computed = itemsRefundAmount(
      order.value.order,
      items.lines,
      { asked: items.refundShipping, refundedBefore: shippingRefundedBefore(state.refunds) },
      refundedByItem(state.refunds),
    );
    if (!computed.ok) throw new RefundRefusedError(computed.error, "items_not_refundable");
    return computed.value;
  }

  /** A refund as Stripe shows it: ours (by id or by the key in its metadata) moves forward; another is a dashboard refund. */
  async observe(orderGuid: OrderGuid, refund: RefundSnapshot): Promise<void> {
    if (!stripeStates.includes(refund.status)) return; // a status a newer API version added
    const status = refund.status as RefundState;
    await this.ports.advance.exclusive(orderGuid, async () => {
      const known =
        (await this.ports.store.byStripeRefund(refund.id)) ??
        (refund.requestKey ? await this.ports.store.get(refund.requestKey) : undefined);
      if (!known) {
        await this.ports.store.insert({
          key: `stripe:${refund.id}`,
          orderGuid,
          origin: "dashboard",
          amount: refund.amount,
          reason: "refunded in Stripe",
          returnRequestId: null,
          breakdown: null,
          requestedBy: null,
          stripeRefundId: refund.id,
          state: status,
          failureReason: refund.failureReason,
        });
        return;
      }
      if (known.stripeRefundId === refund.id && !mayReplace(known.state, status)) return;
      await this.ports.store.setStripe(known.key, {
        stripeRefundId: refund.id,
        state: status,
        failureReason: refund.failureReason,
      });
    });
    await this.ports.advance.run(orderGuid);
  }
}

/** Whether nopCommerce's return request changed (so was approved again) after the attempt's last state was stored. */
function approvedAgainSince(returnRequest: NopReturnRequest, attempt: RefundRecord): boolean {
  return Date.parse(returnRequest.updatedOnUtc) > attempt.updatedAt.getTime();
}

/** Chosen items to refund: order item and quantity each, and whether the order's shipping goes back too. */
export interface ItemsRequest {
  lines: { orderItemId: number; quantity: number }[];
  refundShipping: boolean;
}

export type PersonRefundRequest = Omit<NewRefundRecord, "returnRequestId" | "breakdown" | "amount"> & {
  amount?: Money;
  items?: ItemsRequest;
};

/** The same request again (a retry): same order, and the same amount and items as far as it gives them. */
function isSameRequest(known: RefundRecord, request: PersonRefundRequest): boolean {
  if (known.orderGuid !== request.orderGuid) return false;
  if (request.amount && known.amount.amount !== request.amount.amount) return false;
  if (!request.items) return true;
  if (!known.breakdown || isReturnBreakdown(known.breakdown)) return false;
  const lines = known.breakdown.lines;
  return (
    lines.length === request.items.lines.length &&
    known.breakdown.shipping.amount > 0 === request.items.refundShipping &&
    request.items.lines.every((r) => lines.some((l) => l.orderItemId === r.orderItemId && l.quantity === r.quantity))
  );
}

/** Quantity per order item already refunded by item (returns, refunds of chosen items) in refunds that hold money. */
function refundedByItem(refunds: RefundRecord[]): Map<number, number> {
  const refunded = new Map<number, number>();
  for (const r of refunds)
    if (r.breakdown && holdsMoney(r.state))
      for (const line of refundedLines(r.breakdown))
        refunded.set(line.orderItemId, (refunded.get(line.orderItemId) ?? 0) + line.quantity);
  return refunded;
}

const shippingRefundedBefore = (refunds: RefundRecord[]) =>
  refunds.some((r) => r.breakdown && holdsMoney(r.state) && r.breakdown.shipping.amount > 0);
