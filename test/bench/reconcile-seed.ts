// Seeding for the reconciliation benchmark: N orders in the state "paid through the sidecar", fast.
//   nopCommerce: N orders placed and Paid (the simulator runs nopCommerce's CheckOrderStatus: Processing);
//   Stripe: one succeeded card payment per order, made by the emulator's bulk endpoint exactly as a confirmed
//     PaymentIntent, with the metadata order-to-cash puts on its PaymentIntents (orderMetadata);
//   the sidecar: order-to-cash's rows for each (OrderToCashOrder + OrderToCashPayment), written in bulk with the
//     values its store writes when the bridge's order.paid and Stripe's payment_intent.succeeded have been
//     processed. Driving those events for real costs about as long per order as the order-to-cash benchmark
//     measures; the payouts flow only reads these rows, so their shape is what matters here.
import { randomUUID } from "node:crypto";
import type { NopOrderDetail } from "@nop-stripe/contract/nop-entities.js";
import type { NopSimulator } from "@nop-stripe/nop-simulator/nop-simulator.js";
import type { BulkPayment } from "@nop-stripe/stripe-emulator/bulk-payments.js";
import type { SqlRunner } from "../../sidecar/src/db/migrate.js";
import { orderGuid } from "../../sidecar/src/domain/ids.js";
import { parseMoney } from "../../sidecar/src/domain/money.js";
import { orderMetadata } from "../../sidecar/src/flows/order-to-cash/create-payment-intent.js";

export interface PaidOrder {
  order: NopOrderDetail;
  payment: BulkPayment;
}

/** Rows per request or statement: bounded bodies and parameter arrays however large N is. */
const CHUNK = 5000;

function chunks<T>(items: T[]): T[][] {
  return Array.from({ length: Math.ceil(items.length / CHUNK) }, (_, i) => items.slice(i * CHUNK, (i + 1) * CHUNK));
}

/** N paid orders in the store, with varied baskets so totals differ (one to three units). */
export function placePaidOrders(nop: NopSimulator, count: number): NopOrderDetail[] {
  return Array.from({ length: count }, (_, i) =>
    nop.placeOrder({ items: [{ productId: 1, quantity: 1 + (i % 3) }], paymentStatus: "Paid" }),
  );
}

export interface PaymentRequest {
  amount: number;
  currency: string;
  metadata: Record<string, string>;
  capture_method: "automatic";
}

/** Succeeded card payments in the Stripe emulator (POST /_emulator/payments/bulk), in chunks. */
export async function payInBulk(stripeUrl: string, requests: PaymentRequest[]): Promise<BulkPayment[]> {
  const made: BulkPayment[] = [];
  for (const payments of chunks(requests)) {
    const response = await fetch(`${stripeUrl}/_emulator/payments/bulk`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ payments }),
    });
    const body = (await response.json()) as { data: BulkPayment[]; error?: { message: string } };
    if (!response.ok) throw new Error(`bulk payments: ${body.error?.message ?? response.status}`);
    made.push(...body.data);
  }
  return made;
}

/** One succeeded card payment per order, for its total, with the metadata order-to-cash sets. */
export async function payInStripe(stripeUrl: string, orders: NopOrderDetail[]): Promise<PaidOrder[]> {
  const made = await payInBulk(
    stripeUrl,
    orders.map((order) => ({
      amount: parseMoney(order.orderTotal, order.customerCurrencyCode).amount,
      currency: order.customerCurrencyCode.toLowerCase(),
      metadata: orderMetadata(order),
      capture_method: "automatic",
    })),
  );
  return made.map((payment, i) => ({ order: orders[i]!, payment }));
}

/** Payments shaped like order-to-cash's (varied totals, an order GUID and id each) with no store behind them. */
export function syntheticPayments(count: number): PaymentRequest[] {
  return Array.from({ length: count }, (_, i) => ({
    amount: 1995 * (1 + (i % 3)) + 500,
    currency: "usd",
    metadata: { nop_order_id: String(i + 1), nop_order_guid: randomUUID(), nop_store_id: "1" },
    capture_method: "automatic",
  }));
}

/** Order-to-cash's records of each order as paid through the sidecar, in bulk (unnest: one statement per chunk). */
export async function recordInOrderToCash(sql: SqlRunner, paid: PaidOrder[]): Promise<void> {
  for (const batch of chunks(paid)) {
    const column = <T>(pick: (p: PaidOrder) => T) => batch.map(pick);
    const snapshot = ({ order }: PaidOrder) => {
      const { notes: _notes, shipments: _shipments, ...rest } = order;
      return JSON.stringify(rest);
    };
    await sql.query(
      `INSERT INTO "OrderToCashOrder" ("orderGuid", "nopOrderId", "storeId", "customOrderNumber", "customerId",
         currency, "totalMinor", "nopOrder", "nopVersion", "nopPaymentStatusId", "nopOrderStatusId", "paymentIntentId",
         "updatedAt")
       SELECT g, id, store, num, customer, cur, total, snap::jsonb, 1, pay, status, pi, now()
       FROM unnest($1::text[], $2::int[], $3::int[], $4::text[], $5::int[], $6::text[], $7::bigint[], $8::text[],
         $9::int[], $10::int[], $11::text[]) AS t(g, id, store, num, customer, cur, total, snap, pay, status, pi)`,
      [
        column((p) => orderGuid(p.order.orderGuid)),
        column((p) => p.order.id),
        column((p) => p.order.storeId),
        column((p) => p.order.customOrderNumber),
        column((p) => p.order.customerId),
        column((p) => p.order.primaryStoreCurrencyCode.toLowerCase()),
        column((p) => p.payment.amount),
        column(snapshot),
        column((p) => p.order.paymentStatusId),
        column((p) => p.order.orderStatusId),
        column((p) => p.payment.payment_intent),
      ],
    );
    await sql.query(
      `INSERT INTO "OrderToCashPayment" ("paymentIntentId", "orderGuid", status, "captureMethod", currency, amount,
         "amountReceived", "latestChargeId", "updatedAt")
       SELECT pi, g, 'succeeded', 'automatic', cur, amount, amount, charge, now()
       FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[], $5::text[]) AS t(pi, g, cur, amount, charge)`,
      [
        column((p) => p.payment.payment_intent),
        column((p) => orderGuid(p.order.orderGuid)),
        column((p) => p.payment.currency),
        column((p) => p.payment.amount),
        column((p) => p.payment.charge),
      ],
    );
  }
}
