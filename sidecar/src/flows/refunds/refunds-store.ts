import type { OrderGuid, RefundId } from "../../domain/ids.js";
import type { Money } from "../../domain/money.js";
import type { LogEntry } from "../../flow-kit/action-log.js";
import type { OrderPayment } from "../order-to-cash/index.js";
import type { RefundBreakdown } from "./items-refund-amount.js";

/** Where a refund started. */
export type RefundOrigin = "rma" | "admin" | "graphql" | "dashboard";

/**
 * Stripe's refund status, or `refused` when Stripe would not refund (nothing moved), or null before the Stripe
 * refund exists.
 */
export type RefundState = "pending" | "requires_action" | "succeeded" | "failed" | "canceled" | "refused";

/** One refund of an order: a request of ours, or one found in Stripe that nobody here asked for. */
export interface RefundRecord {
  /** `rma:<return request id>`, `admin:<plugin request id>`, `graphql:<request id>`, `stripe:<refund id>`. */
  key: string;
  orderGuid: OrderGuid;
  origin: RefundOrigin;
  amount: Money;
  reason: string | null;
  returnRequestId: number | null;
  /** A return's computation (item, shipping, fee, product and quantity for the restock), or the chosen items'. */
  breakdown: RefundBreakdown | null;
  stripeRefundId: RefundId | null;
  state: RefundState | null;
  failureReason: string | null;
  requestedBy: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export type NewRefundRecord = Pick<
  RefundRecord,
  "key" | "orderGuid" | "origin" | "amount" | "reason" | "returnRequestId" | "breakdown" | "requestedBy"
> &
  Partial<Pick<RefundRecord, "stripeRefundId" | "state" | "failureReason">>;

/** Everything the plan reads about one order's refunds, in one go. */
export interface RefundsState {
  order: OrderPayment;
  /** Oldest first. */
  refunds: RefundRecord[];
  /** Keys of the actions done. */
  done: ReadonlySet<string>;
}

export interface RefundFilter {
  states?: RefundState[];
  from?: Date;
  to?: Date;
  orderGuid?: OrderGuid;
}

/** The flow's storage port; the SQL adapter implements it. */
export interface RefundsStore {
  getState(orderGuid: OrderGuid): Promise<RefundsState | undefined>;
  get(key: string): Promise<RefundRecord | undefined>;
  byStripeRefund(id: RefundId): Promise<RefundRecord | undefined>;
  /** False when a refund with this key exists already. */
  insert(refund: NewRefundRecord): Promise<boolean>;
  /** Sets the Stripe refund and its state, with the log entry that marks the action (if any) in one statement. */
  setStripe(
    key: string,
    change: { stripeRefundId: RefundId | null; state: RefundState; failureReason: string | null },
    entry?: LogEntry,
  ): Promise<void>;
  record(entry: LogEntry): Promise<boolean>;
  /** The detail of a logged entry (a decision kept so a retry repeats it), or undefined. */
  loggedDetail(key: string): Promise<Record<string, unknown> | undefined>;
  /** Newest first, keyset-paginated on (createdAt, key). */
  list(filter: RefundFilter, first: number, after?: { createdAt: Date; key: string }): Promise<RefundRecord[]>;
}
