// What the systems hold for each acknowledged order, read from the simulators themselves (the sidecar's own
// records are not trusted to judge the sidecar): complete, or not yet; done twice anywhere, or not.
import { PaymentStatus } from "@nop-stripe/contract/nop-enums.js";
import type Stripe from "stripe";
import type { Sandbox } from "../../sidecar/src/sandbox/start-sandbox.js";
import type { Checkout } from "./checkout.js";

export interface Audit {
  complete: number;
  incomplete: Checkout[];
  /** Orders with more than one ERP sales order, WMS request or successful charge, or a note written twice. */
  doubled: number;
  doubledReasons: Record<string, number>;
}

function countBy<T>(items: T[], key: (item: T) => string | undefined): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) {
    const k = key(item);
    if (k !== undefined) counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  return counts;
}

export function auditOrders(systems: Sandbox, orders: Checkout[]): Audit {
  const erp = countBy(systems.erp.salesOrders(), (s) => s.externalRef.toLowerCase());
  const wms = countBy(systems.wms.fulfillmentRequests(), (r) => r.orderReference.toLowerCase());
  const store = systems.stripe.context.store;
  const orderOfIntent = new Map(
    store
      .all<Stripe.PaymentIntent>("payment_intent")
      .map((pi) => [pi.id, pi.metadata.nop_order_guid?.toLowerCase()] as const),
  );
  const charges = countBy(
    store.all<Stripe.Charge>("charge").filter((c) => c.status === "succeeded"),
    (c) => orderOfIntent.get(String(c.payment_intent)),
  );
  const audit: Audit = { complete: 0, incomplete: [], doubled: 0, doubledReasons: {} };
  for (const order of orders) {
    const nop = systems.nop.getOrder(order.nopOrderId);
    const erpCount = erp.get(order.guid) ?? 0;
    const wmsCount = wms.get(order.guid) ?? 0;
    if (nop?.paymentStatusId === PaymentStatus.Paid && erpCount === 1 && wmsCount === 1) audit.complete++;
    else audit.incomplete.push(order);
    const notesTwice = [...countBy(nop?.notes ?? [], (n) => n.note).values()].some((n) => n > 1);
    const reasons = [
      erpCount > 1 && "erp_sales_order",
      wmsCount > 1 && "wms_request",
      (charges.get(order.guid) ?? 0) > 1 && "charge",
      notesTwice && "nop_note",
    ].filter((r): r is string => Boolean(r));
    if (reasons.length > 0) audit.doubled++;
    for (const r of reasons) audit.doubledReasons[r] = (audit.doubledReasons[r] ?? 0) + 1;
  }
  return audit;
}
