import { decimalString } from "@nop-stripe/contract/decimal-string.js";
import type { NopProduct } from "@nop-stripe/contract/nop-entities.js";
import { ReturnRequestStatus } from "@nop-stripe/contract/nop-enums.js";
import { nopOrderId, nopProductId, nopReturnRequestId } from "@nop-stripe/contract/nop-ids.js";
import type { ErpPort } from "../../connectors/erp/erp-port.js";
import type { NopPort, NopResult } from "../../connectors/nop/nop-port.js";
import { formatMoney, fromDecimalString, toDecimalString } from "../../domain/money.js";
import type { ActionKey } from "../../flow-kit/action-key.js";
import type { ConnectorFailures } from "../../flow-kit/connector-failures.js";
import { PermanentError } from "../../jobs/permanent-error.js";
import type { Notifier } from "../../ports/notifier.js";
import type { RefundsPort } from "../../ports/stripe-refunds.js";
import { creditMemoLines, isReturnBreakdown } from "./items-refund-amount.js";
import { keyOf, type RefundAction, refundKey } from "./refund-actions.js";
import type { RefundRecord, RefundState, RefundsState, RefundsStore } from "./refunds-store.js";

export interface RefundExecutorPorts {
  store: RefundsStore;
  refunds: RefundsPort;
  nop: Pick<
    NopPort,
    "getOrder" | "recordRefund" | "addOrderNote" | "setReturnRequestStatus" | "listProducts" | "setStockQuantity"
  >;
  erp: Pick<ErpPort, "findSalesOrderByExternalRef" | "getSalesOrder" | "createCreditMemo">;
  notifier: Notifier;
  failures: ConnectorFailures;
}

const stripeReason = (r: RefundRecord) => (r.origin === "rma" ? "requested_by_customer" : null);

/**
 * Performs the plan's actions, one at a time, each under its key (the idempotency key or write-back request id sent
 * to the other system, and the action log row that marks it done), and returns the order's refunds after it.
 */
export class RefundActionExecutor {
  constructor(private readonly ports: RefundExecutorPorts) {}

  readonly execute = async (action: RefundAction, state: RefundsState): Promise<RefundsState> => {
    const refund = state.refunds.find((r) => r.key === action.refund)!;
    const key = keyOf(state.order.orderGuid, action);
    switch (action.name) {
      case "stripe-refund":
        return this.stripeRefund(state, refund, key);
      case "refused":
        await this.alert(
          state,
          refund,
          "warning",
          "refunds.refused",
          `Stripe refused the refund: ${refund.failureReason}`,
        );
        return this.note(
          state,
          refund,
          key,
          `Refund of ${formatMoney(refund.amount)} refused by Stripe: ${refund.failureReason}. Nothing was refunded.`,
          false,
        );
      case "nop-record":
        return this.recordInNop(state, refund, key);
      case "return-items-refunded":
        return this.returnItemsRefunded(state, refund, key);
      case "restock":
        return this.restock(state, refund, key);
      case "erp-credit-memo":
        return this.creditMemo(state, refund, key);
      case "customer-note":
        return this.note(
          state,
          refund,
          key,
          `A refund of ${formatMoney(refund.amount)} has been issued to your original payment method.`,
          true,
        );
      case "problem":
        return this.problem(state, refund, key, action.status as RefundState);
    }
  };

  private async stripeRefund(state: RefundsState, refund: RefundRecord, key: ActionKey): Promise<RefundsState> {
    const paymentIntentId = state.order.paymentIntentId;
    if (!paymentIntentId) throw new PermanentError(`order ${state.order.orderGuid} has no Stripe payment to refund`);
    // The key carries the amount: the same request for another amount is another refund, never a mismatch.
    const stripeKey = `${key}:${refund.amount.amount}`;
    const answer = await this.ports.failures.call("stripe", "create a refund", () =>
      this.ports.refunds.create(
        {
          paymentIntentId,
          amount: refund.amount,
          reason: stripeReason(refund),
          requestKey: refund.key,
          orderGuid: state.order.orderGuid,
        },
        stripeKey,
      ),
    );
    const entry = { key, aggregate: state.order.orderGuid, kind: "action" as const, name: "stripe-refund", detail: {} };
    if (answer.ok) {
      const { id, status, failureReason } = answer.value;
      const change = { stripeRefundId: id, state: status as RefundState, failureReason };
      await this.ports.store.setStripe(refund.key, change, { ...entry, detail: { refundId: id, status } });
      return withRefund(state, refund.key, change, key);
    }
    if (answer.error.kind === "idempotency_mismatch")
      throw new PermanentError(`refund ${refund.key}: ${answer.error.message}`, {
        code: "idempotency_mismatch",
        system: "stripe",
      });
    const change = {
      stripeRefundId: null,
      state: "refused" as const,
      failureReason: `${answer.error.code}: ${answer.error.message}`,
    };
    await this.ports.store.setStripe(refund.key, change, { ...entry, detail: { refused: answer.error.code } });
    return withRefund(state, refund.key, change, key);
  }

  /** RefundOffline when the whole order total goes back at once, else PartiallyRefundOffline, as nopCommerce decides. */
  private async recordInNop(state: RefundsState, refund: RefundRecord, key: ActionKey): Promise<RefundsState> {
    const orderId = this.nopOrderId(state);
    const current = await this.nop("read the order", () => this.ports.nop.getOrder({ orderId }, {}));
    if (!current.ok) throw nopRefusal(current.error);
    const order = current.value.order;
    const total = fromDecimalString(order.orderTotal, order.primaryStoreCurrencyCode);
    const refunded = fromDecimalString(order.refundedAmount, order.primaryStoreCurrencyCode);
    const full = total.ok && refunded.ok && refunded.value.amount === 0 && total.value.amount === refund.amount.amount;
    const recorded = await this.nop("record the refund", () =>
      this.ports.nop.recordRefund(
        {
          orderId,
          kind: full ? "full" : "partial",
          amount: decimalString(toDecimalString(refund.amount)),
          refundId: refund.stripeRefundId!,
        },
        { requestId: key },
      ),
    );
    if (!recorded.ok) {
      await this.alert(
        state,
        refund,
        "critical",
        "refunds.nop_refused",
        `nopCommerce refused to record the refund: ${recorded.error.message}`,
      );
    }
    const detail = recorded.ok
      ? {
          kind: full ? "full" : "partial",
          alreadyApplied: recorded.value.alreadyApplied,
          paymentStatusId: recorded.value.order.paymentStatusId,
        }
      : { refused: recorded.error.message };
    return this.mark(state, key, "nop-record", detail);
  }

  private async returnItemsRefunded(state: RefundsState, refund: RefundRecord, key: ActionKey): Promise<RefundsState> {
    const returnRequestId = nopReturnRequestId(refund.returnRequestId!);
    const answer = await this.nop("mark the return request refunded", () =>
      this.ports.nop.setReturnRequestStatus(
        {
          returnRequestId,
          returnRequestStatusId: ReturnRequestStatus.ItemsRefunded,
          staffNotes: `Refunded: Stripe ${refund.stripeRefundId}`,
        },
        { requestId: key },
      ),
    );
    if (!answer.ok) throw nopRefusal(answer.error);
    return this.mark(state, key, "return-items-refunded", { returnRequestId });
  }

  /**
   * The returned quantity back in stock, once: the new quantity is decided once and kept (a decision entry), so a
   * retry after a crash sends the same absolute quantity under the same request id instead of adding again.
   */
  private async restock(state: RefundsState, refund: RefundRecord, key: ActionKey): Promise<RefundsState> {
    const breakdown = refund.breakdown!;
    if (!isReturnBreakdown(breakdown))
      throw new PermanentError(`refund ${refund.key} is not a return: nothing to restock`);
    const { productId, quantity } = breakdown;
    const decisionKey = refundKey(state.order.orderGuid, "restock", refund.key, "target");
    let decided = (await this.ports.store.loggedDetail(decisionKey))?.stockQuantity as number | undefined;
    if (decided === undefined) {
      const product = await this.findProduct(productId);
      if (!product) return this.mark(state, key, "restock", { productId, skipped: "product not found" });
      decided = product.stockQuantity + quantity;
      const entry = {
        key: decisionKey,
        aggregate: state.order.orderGuid,
        kind: "decision" as const,
        name: "restock-target",
      };
      if (!(await this.ports.store.record({ ...entry, detail: { productId, stockQuantity: decided } })))
        decided = (await this.ports.store.loggedDetail(decisionKey))!.stockQuantity as number;
    }
    const stockQuantity = decided;
    const answer = await this.nop("return stock", () =>
      this.ports.nop.setStockQuantity(
        {
          productId: nopProductId(productId),
          stockQuantity,
          message: `Return request ${refund.returnRequestId} refunded`,
        },
        { requestId: key },
      ),
    );
    if (!answer.ok) throw nopRefusal(answer.error);
    return this.mark(state, key, "restock", { productId, quantity, stockQuantity });
  }

  private async findProduct(productId: number): Promise<NopProduct | undefined> {
    for (let pageIndex = 0; pageIndex < 1000; pageIndex++) {
      const page = await this.nop("list products", () => this.ports.nop.listProducts({ pageIndex, pageSize: 500 }, {}));
      if (!page.ok) throw nopRefusal(page.error);
      const found = page.value.items.find((p) => p.id === productId);
      if (found) return found;
      if ((pageIndex + 1) * 500 >= page.value.totalCount) return undefined;
    }
    return undefined;
  }

  private async creditMemo(state: RefundsState, refund: RefundRecord, key: ActionKey): Promise<RefundsState> {
    const { orderGuid } = state.order;
    const salesOrder = await this.ports.failures.call("erp", "find the sales order", async () =>
      state.order.erpSalesOrderId
        ? this.ports.erp.getSalesOrder(state.order.erpSalesOrderId)
        : this.ports.erp.findSalesOrderByExternalRef(orderGuid),
    );
    // Order-to-cash makes the sales order; until it has, the memo waits (the job retries).
    if (!salesOrder) throw new Error(`order ${orderGuid}: no ERP sales order yet to credit`);
    const memo = await this.ports.failures.call("erp", "create a credit memo", () =>
      this.ports.erp.createCreditMemo(
        {
          salesOrder: salesOrder.id,
          externalRef: refund.stripeRefundId ?? refund.key,
          currency: salesOrder.currency,
          amount: refund.amount.amount,
          reason: refund.reason ?? `refund (${refund.origin})`,
          ...(refund.breakdown ? { lines: creditMemoLines(refund.breakdown) } : {}),
        },
        key,
      ),
    );
    return this.mark(state, key, "erp-credit-memo", {
      creditMemo: memo.documentNumber,
      salesOrder: salesOrder.documentNumber,
    });
  }

  private async problem(
    state: RefundsState,
    refund: RefundRecord,
    key: ActionKey,
    status: RefundState,
  ): Promise<RefundsState> {
    const { orderGuid } = state.order;
    // The store was told the money went back: nopCommerce recorded an admin refund itself, or we recorded it.
    const told =
      refund.origin === "admin" || state.done.has(keyOf(orderGuid, { name: "nop-record", refund: refund.key }));
    const failed = status === "failed" || status === "canceled";
    const what = `Stripe refund ${refund.stripeRefundId} of ${formatMoney(refund.amount)} is ${status}${refund.failureReason ? ` (${refund.failureReason})` : ""}`;
    const text =
      failed && told
        ? `${what}: the refund failed and must be redone; nopCommerce shows it as refunded.`
        : failed && refund.origin === "rma"
          ? `${what}: nothing was refunded; the return request stays approved, not refunded. Approve it again to make a new refund.`
          : `${what}.`;
    await this.alert(state, refund, failed && told ? "critical" : "warning", `refunds.${status}`, text);
    return this.note(state, refund, key, text, false);
  }

  private async note(
    state: RefundsState,
    refund: RefundRecord,
    key: ActionKey,
    text: string,
    displayToCustomer: boolean,
  ) {
    const orderId = this.nopOrderId(state);
    const answer = await this.nop("add an order note", () =>
      this.ports.nop.addOrderNote({ orderId, note: text, displayToCustomer }, { requestId: key }),
    );
    if (!answer.ok) throw nopRefusal(answer.error);
    return this.mark(state, key, key.split(":")[2]!, { refund: refund.key, note: text, displayToCustomer });
  }

  private async alert(
    state: RefundsState,
    refund: RefundRecord,
    severity: "warning" | "critical",
    code: string,
    message: string,
  ) {
    await this.ports.notifier
      .alert({
        severity,
        code,
        message: `Order ${state.order.orderGuid}: ${message}`,
        context: { orderGuid: state.order.orderGuid, refund: refund.key, stripeRefundId: refund.stripeRefundId },
      })
      .catch(() => {}); // an alert channel down must not stop the refund's other systems
  }

  private async mark(state: RefundsState, key: ActionKey, name: string, detail: Record<string, unknown>) {
    await this.ports.store.record({ key, aggregate: state.order.orderGuid, kind: "action", name, detail });
    return { ...state, done: new Set([...state.done, key]) };
  }

  private nopOrderId(state: RefundsState) {
    if (state.order.nopOrderId === null)
      throw new Error(`order ${state.order.orderGuid}: nopCommerce has not described it yet`);
    return nopOrderId(state.order.nopOrderId);
  }

  private nop<T>(what: string, fn: () => Promise<NopResult<T>>): Promise<NopResult<T>> {
    return this.ports.failures.call("nop", what, fn);
  }
}

function nopRefusal(error: { message: string; kind: string }): PermanentError {
  return new PermanentError(`nopCommerce: ${error.message}`, {
    code: `nop_${error.kind}`,
    system: "nop",
    suggestion: "check the order and the return request in nopCommerce, then replay",
  });
}

function withRefund(
  state: RefundsState,
  key: string,
  change: Pick<RefundRecord, "stripeRefundId" | "state" | "failureReason">,
  doneKey: ActionKey,
): RefundsState {
  return {
    ...state,
    refunds: state.refunds.map((r) => (r.key === key ? { ...r, ...change } : r)),
    done: new Set([...state.done, doneKey]),
  };
}
