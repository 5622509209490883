import type { OrderGuid, RefundId } from "../../domain/ids.js";
import type { Money } from "../../domain/money.js";
import type { ActionLog, StoredLogEntry } from "../../flow-kit/action-log.js";
import { keyOf } from "./refund-actions.js";
import type { RefundFilter, RefundOrigin, RefundRecord, RefundState, RefundsStore } from "./refunds-store.js";

/** Where nopCommerce stands on a refund. */
export type NopRefundState = "recorded" | "recorded_by_nopcommerce" | "refused" | "not_recorded";

/** A refund as GraphQL shows it: its state in Stripe, nopCommerce and the ERP. */
export interface RefundView {
  key: string;
  orderGuid: OrderGuid;
  origin: RefundOrigin;
  amount: Money;
  reason: string | null;
  returnRequestId: number | null;
  stripeRefundId: RefundId | null;
  /** Stripe's status, `refused` (nothing moved), or null before the Stripe refund exists. */
  stripeState: RefundState | null;
  failureReason: string | null;
  nopState: NopRefundState;
  /** The ERP credit memo's document number, once made. */
  erpCreditMemo: string | null;
  requestedBy: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/** What GraphQL reads of refunds; it only maps these. */
export class RefundsReadModel {
  constructor(
    private readonly store: RefundsStore,
    private readonly log: ActionLog,
  ) {}

  async forOrder(orderGuid: OrderGuid): Promise<RefundView[]> {
    return this.views(await this.store.list({ orderGuid }, 1000));
  }

  /** Newest first; `after` is the last view's cursor. */
  async list(filter: RefundFilter, first: number, after?: { createdAt: Date; key: string }): Promise<RefundView[]> {
    return this.views(await this.store.list(filter, first, after));
  }

  private async views(refunds: RefundRecord[]): Promise<RefundView[]> {
    const entries = await this.log.entries([...new Set(refunds.map((r) => r.orderGuid))]);
    const byKey = new Map<string, StoredLogEntry>(entries.map((e) => [e.key, e]));
    return refunds.map((r) => {
      const nop = byKey.get(keyOf(r.orderGuid, { name: "nop-record", refund: r.key }));
      const memo = byKey.get(keyOf(r.orderGuid, { name: "erp-credit-memo", refund: r.key }));
      const nopState: NopRefundState =
        r.origin === "admin" && r.stripeRefundId
          ? "recorded_by_nopcommerce"
          : !nop
            ? "not_recorded"
            : "refused" in nop.detail
              ? "refused"
              : "recorded";
      return {
        key: r.key,
        orderGuid: r.orderGuid,
        origin: r.origin,
        amount: r.amount,
        reason: r.reason,
        returnRequestId: r.returnRequestId,
        stripeRefundId: r.stripeRefundId,
        stripeState: r.state,
        failureReason: r.failureReason,
        nopState,
        erpCreditMemo: (memo?.detail.creditMemo as string | undefined) ?? null,
        requestedBy: r.requestedBy,
        createdAt: r.createdAt,
        updatedAt: r.updatedAt,
      };
    });
  }
}
