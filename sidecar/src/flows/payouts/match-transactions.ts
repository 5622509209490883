import type { OrderGuid, RefundId } from "../../domain/ids.js";
import { customerAmount } from "../../domain/ledger/reconcile-payout.js";
import type { MatchedTransaction, OrderFacts, SettledTransaction } from "../../domain/ledger/settled-transaction.js";
import type { Money } from "../../domain/money.js";
import type { PayoutTransaction } from "../../ports/stripe-payouts.js";
import type { OrderSettlement, OrderSettlements } from "../order-to-cash/index.js";
import type { RecordedRefunds } from "../refunds/index.js";

/** The read ports matching needs: order-to-cash's orders and the refunds flow's records. */
export interface MatchingPorts {
  orders: OrderSettlements;
  refunds: RecordedRefunds;
}

/**
 * Each transaction of a page to its nopCommerce order: by the order GUID in the source's metadata, else its
 * PaymentIntent, else its charge. Two queries per page, whatever its size.
 */
export async function matchTransactions(
  page: readonly PayoutTransaction[],
  ports: MatchingPorts,
): Promise<MatchedTransaction[]> {
  const defined = <T>(values: (T | undefined | null)[]) => [...new Set(values.filter((v): v is T => v != null))];
  const [orders, refunds] = await Promise.all([
    ports.orders.find({
      orderGuids: defined(page.map((p) => p.metadataOrderGuid)),
      paymentIntentIds: defined(page.map((p) => p.transaction.sources.paymentIntent)),
      chargeIds: defined(page.map((p) => p.transaction.sources.charge)),
    }),
    ports.refunds.amountsOf(defined<RefundId>(page.map((p) => p.transaction.sources.refund))),
  ]);
  const find = orderFinder(orders);
  return page.map(({ transaction, metadataOrderGuid }) => {
    const order = find(metadataOrderGuid, transaction.sources);
    return { transaction, order: order ? factsOf(order, transaction, refundOf(transaction.sources.refund)) : null };
  });

  function refundOf(id: RefundId | undefined): Money | null {
    return id ? (refunds.get(id) ?? null) : null;
  }
}

function orderFinder(orders: readonly OrderSettlement[]) {
  const byGuid = new Map<string, OrderSettlement>();
  const byId = new Map<string, OrderSettlement>();
  for (const order of orders) {
    byGuid.set(order.orderGuid, order);
    for (const id of [...order.paymentIntentIds, ...order.chargeIds]) byId.set(id, order);
  }
  return (guid: OrderGuid | null, sources: MatchedTransaction["transaction"]["sources"]) =>
    (guid && byGuid.get(guid)) ||
    (sources.paymentIntent && byId.get(sources.paymentIntent)) ||
    (sources.charge && byId.get(sources.charge)) ||
    undefined;
}

/**
 * For a refund, nopCommerce's amount is the refund recorded for that Stripe refund; otherwise the order total. An
 * order nopCommerce has not described yet (no total) takes the currency the customer paid in: nothing to compare.
 */
function factsOf(order: OrderSettlement, txn: SettledTransaction, recordedRefund: Money | null): OrderFacts {
  const isRefund = txn.category === "refund" || txn.category === "refund_failure";
  return {
    orderGuid: order.orderGuid,
    currency: order.total?.currency ?? customerAmount(txn).currency,
    paidInNop: order.paidInNop,
    recorded: isRefund ? recordedRefund : order.total,
  };
}
