/**
 * Regenerates nop-plugin-bridge/contract/examples/ by driving the nopCommerce simulator through one store day
 * (every event type, every write-back call) with a fixed clock: `npx tsx test/contract/generate-examples.ts`.
 * The contract tests then hold every example against the JSON Schema and the zod parsers.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { decimalString } from "@nop-stripe/contract/decimal-string.js";
import { type HttpFetch, httpFetch } from "@nop-stripe/contract/http-fetch.js";
import {
  nopCustomerId,
  nopOrderId,
  nopOrderItemId,
  nopProductId,
  nopRecurringPaymentId,
  nopReturnRequestId,
  nopShipmentId,
} from "@nop-stripe/contract/nop-ids.js";
import { writeBackRoutes } from "@nop-stripe/contract/write-back-routes.js";
import type { WriteBackOperation } from "@nop-stripe/contract/write-back-schemas.js";
import { startNopSimulator } from "@nop-stripe/nop-simulator/nop-simulator.js";
import type { OpResult } from "@nop-stripe/nop-simulator/op-result.js";
import { HttpNopAdapter } from "../../sidecar/src/connectors/nop/http-nop-adapter.js";
import type { NopResult } from "../../sidecar/src/connectors/nop/nop-port.js";

const out = new URL("../../nop-plugin-bridge/contract/examples/", import.meta.url).pathname;
let t = Date.parse("2026-11-27T10:00:00.000Z");
const clock = () => {
  t += 250;
  return t;
};
const secret = `whsec_${Buffer.from("example-secret-not-for-production").toString("base64")}`;
const sim = await startNopSimulator({ eventSecret: secret, writeBackSecret: secret, clock });
const recorded: { path: string; request: unknown; status: number; response: unknown }[] = [];
const recordingFetch: HttpFetch = async (url, init) => {
  const res = await httpFetch(url, init);
  const path = url.split("/api/v1")[1] ?? "";
  recorded.push({
    path,
    request: JSON.parse(String(init.body)),
    status: res.status,
    response: JSON.parse(await res.text()),
  });
  return res;
};
const nop = new HttpNopAdapter({ baseUrl: sim.url, secret, now: clock, fetch: recordingFetch });

function must<T>(result: NopResult<T>): T {
  if (!result.ok) throw result.error;
  return result.value;
}
function simMust<T>(result: OpResult<T>): T {
  if (!result.ok) throw new Error(result.failure.message);
  return result.value;
}

const customer = sim.registerCustomer({ email: "victoria@example.com", firstName: "Victoria", lastName: "Terces" });
simMust(sim.updateCustomer(customer.id, { phone: "+1 555 0100" }));
const hoodie = sim.createProduct({
  name: "Stripe-branded hoodie",
  sku: "HOODIE_M",
  price: "49.90",
  stockQuantity: 120,
});
const order = sim.placeOrder({
  customerId: customer.id,
  items: [
    { productId: hoodie.id, quantity: 2 },
    { productId: 3, quantity: 1 },
  ],
  taxRatePercent: "8.875",
});
const orderId = nopOrderId(order.id);
must(await nop.getOrder({ orderId }));
must(await nop.markOrderAuthorized({ orderId, authorizationTransactionId: "pi_3QxExample0001" }));
must(
  await nop.markOrderPaid({
    orderId,
    captureTransactionId: "pi_3QxExample0001",
    captureTransactionResult: "succeeded",
  }),
);
must(
  await nop.addOrderNote({
    orderId,
    note: "Paid with Stripe (card ending 4242). Radar risk: normal.",
    displayToCustomer: false,
  }),
);
const shipped = must(
  await nop.addShipment({
    orderId,
    trackingNumber: "1Z999AA10123456784",
    items: [{ orderItemId: nopOrderItemId(order.items[0]!.id), quantity: 2 }],
    notifyCustomer: true,
  }),
);
must(await nop.markShipmentDelivered({ shipmentId: nopShipmentId(shipped.shipment.id), notifyCustomer: false }));
const rr = simMust(
  sim.createReturnRequest({ orderItemId: order.items[0]!.id, quantity: 1, customerComments: "Too small" }),
);
const returnRequestId = nopReturnRequestId(rr.id);
must(await nop.getReturnRequest({ returnRequestId }));
must(await nop.setReturnRequestStatus({ returnRequestId, returnRequestStatusId: 20, staffNotes: "Approved" }));
must(
  await nop.recordRefund({ orderId, kind: "partial", amount: decimalString("54.33"), refundId: "re_3QxExample0002" }),
);

const order2 = sim.placeOrder({ items: [{ productId: 4 }], email: "guest@example.com" });
must(
  await nop.markOrderAuthorized({ orderId: nopOrderId(order2.id), authorizationTransactionId: "pi_3QxExample0003" }),
);
must(await nop.voidOrder({ orderId: nopOrderId(order2.id) }));
must(await nop.cancelOrder({ orderId: nopOrderId(order2.id), notifyCustomer: false }));
const refused = await nop.markOrderPaid({
  orderId: nopOrderId(order2.id),
  captureTransactionId: "pi_3QxExample0003",
  captureTransactionResult: null,
});
if (refused.ok) throw new Error("expected a refusal");

must(
  await nop.setStockQuantity({ productId: nopProductId(hoodie.id), stockQuantity: 150, message: "WMS stock count" }),
);
must(
  await nop.updateProductPrice({
    productId: nopProductId(hoodie.id),
    price: decimalString("44.90"),
    oldPrice: decimalString("49.90"),
  }),
);
must(await nop.getCustomer({ customerId: nopCustomerId(customer.id) }));
must(await nop.listProducts({ pageIndex: 0, pageSize: 2 }));
must(await nop.listCustomers({ pageIndex: 0, pageSize: 2, registeredOnly: true }));
simMust(sim.deleteProduct(hoodie.id));
const order3 = sim.placeOrder({
  items: [{ productId: 3, quantity: 2 }],
  paymentStatus: "Paid",
  captureTransactionId: "pi_3QxExample0004",
});
must(
  await nop.recordRefund({
    orderId: nopOrderId(order3.id),
    kind: "full",
    amount: order3.orderTotal,
    refundId: "re_3QxExample0005",
  }),
);

// Contract 1.2: a customer and a recurring payment changed from Stripe.
const customerId = nopCustomerId(customer.id);
const seen12 = must(await nop.getCustomer({ customerId })).customer;
must(
  await nop.updateCustomer({
    customerId,
    expectedVersion: seen12.version ?? null,
    origin: { system: "stripe", reference: "evt_1QxExample0006" },
    changes: {
      phone: "+1 555 0199",
      shippingAddress: {
        firstName: "Victoria",
        lastName: "Terces",
        email: "victoria@example.com",
        company: null,
        countryCode: "US",
        stateProvinceCode: "CA",
        county: null,
        city: "San Francisco",
        address1: "510 Townsend Street",
        address2: null,
        zipPostalCode: "94103",
        phoneNumber: "+1 555 0199",
      },
    },
  }),
);
const subscription = sim.placeOrder({
  customerId: customer.id,
  items: [{ productId: 4 }],
  paymentStatus: "Paid",
  captureTransactionId: "pi_3QxExample0007",
});
const recurringPaymentId = nopRecurringPaymentId(
  sim.recurringPayments().find((rp) => rp.initialOrderId === subscription.id)!.id,
);
// The first invoice pays the initial order's own cycle (not recorded: the example shows a next order).
const unrecorded = new HttpNopAdapter({ baseUrl: sim.url, secret, now: clock });
must(
  await unrecorded.processNextRecurringPayment({
    recurringPaymentId,
    invoiceId: "in_1QxExample0008",
    captureTransactionId: "pi_3QxExample0007",
  }),
);
must(
  await nop.processNextRecurringPayment({
    recurringPaymentId,
    invoiceId: "in_1QxExample0009",
    captureTransactionId: "pi_3QxExample0010",
  }),
);
must(
  await nop.markRecurringPaymentFailed({
    recurringPaymentId,
    invoiceId: "in_1QxExample0011",
    attemptCount: 1,
    error: "Your card has insufficient funds. (card_declined, insufficient_funds)",
  }),
);
must(await nop.getRecurringPayment({ recurringPaymentId }));
must(
  await nop.cancelRecurringPayment({
    recurringPaymentId,
    origin: { system: "stripe", reference: "evt_1QxExample0012" },
  }),
);

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;
mkdirSync(`${out}events`, { recursive: true });
mkdirSync(`${out}write-back`, { recursive: true });
const seen = new Set<string>();
for (const envelope of sim.outbox.emitted()) {
  // The first of each type (for status changes: Pending -> Processing).
  if (seen.has(envelope.type)) continue;
  seen.add(envelope.type);
  writeFileSync(`${out}events/${envelope.type}.json`, json(envelope));
}
const kebab = (s: string) => s.replace(/[A-Z]/g, (m) => `-${m.toLowerCase()}`);
const byPath = new Map(Object.entries(writeBackRoutes).map(([op, r]) => [r.path, op as WriteBackOperation]));
const written = new Set<string>();
for (const call of recorded) {
  const op = byPath.get(call.path)!;
  if (call.status !== 200) {
    writeFileSync(`${out}write-back/error.rule-refused.json`, json(call.response));
    continue;
  }
  if (written.has(op)) continue;
  written.add(op);
  writeFileSync(`${out}write-back/${kebab(op)}.request.json`, json(call.request));
  writeFileSync(`${out}write-back/${kebab(op)}.response.json`, json(call.response));
}
await sim.close();
console.log(`wrote ${seen.size} event examples and ${written.size} write-back request/response pairs`);
