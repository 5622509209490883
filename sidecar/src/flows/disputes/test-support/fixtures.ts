import type { DisputeId, OrderGuid } from "../../../domain/ids.js";
import { money } from "../../../domain/money.js";
import type { OrderOfPayment } from "../../order-to-cash/index.js";
import { type DisputeActionName, disputeKey } from "../dispute-actions.js";
import { newDisputeRecord } from "../dispute-observation.js";
import type { DisputeObservation, DisputeRecord, DisputeState } from "../disputes-store.js";

export const disputeId = "du_test1" as DisputeId;
export const now = new Date("2030-01-10T12:00:00Z");

export const withdrawal = {
  balanceTransactionId: "txn_w",
  amount: money(10_000, "usd"),
  fee: money(1500, "usd"),
};
export const reinstatement = { balanceTransactionId: "txn_r", amount: money(10_000, "usd"), fee: money(0, "usd") };

export const observation = (patch: Partial<DisputeObservation> = {}): DisputeObservation => ({
  disputeId,
  chargeId: "ch_1" as DisputeObservation["chargeId"],
  paymentIntentId: "pi_1" as DisputeObservation["paymentIntentId"],
  status: "needs_response",
  reason: "fraudulent",
  amount: money(10_000, "usd"),
  openedAt: now,
  dueBy: new Date(now.getTime() + 7 * 24 * 3600 * 1000),
  hasEvidence: false,
  submissionCount: 0,
  pastDue: false,
  withdrawal: null,
  reinstatement: null,
  ...patch,
});

export const paidOrder = (patch: Partial<OrderOfPayment> = {}): OrderOfPayment => ({
  orderGuid: "a1b2" as OrderGuid,
  nopOrderId: 7,
  storeId: 1,
  customOrderNumber: "7",
  total: money(10_000, "usd"),
  erpDocumentNumber: "SO-000007",
  wmsRequestId: "FR-000007",
  shipment: null,
  ...patch,
});

/** A state with the given record fields and actions done; `order` null: a payment of no known order. */
export function stateOf(
  record: Partial<DisputeRecord> = {},
  done: DisputeActionName[] = [],
  order: OrderOfPayment | null = paidOrder(),
): DisputeState {
  return {
    dispute: { ...newDisputeRecord(observation()), ...record },
    order: order ?? undefined,
    done: new Set(done.map((name) => disputeKey(disputeId, name))),
    now,
  };
}
