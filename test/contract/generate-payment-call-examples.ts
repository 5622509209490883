/**
 * Regenerates nop-plugin-bridge/contract/examples/payment-calls/ from a real run: a sandbox sidecar (embedded
 * backend) with its flows, the nopCommerce simulator and the Stripe emulator, and the plugin's payment calls
 * made as StripeSidecarPlugin makes them (signed with the bridge secret, its request ids):
 * `npx tsx test/contract/generate-payment-call-examples.ts`. A call the sidecar does not serve yet keeps its
 * example as it is. The contract tests then hold every example against the JSON Schema and the zod schemas.
 */
import { randomUUID } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { type PaymentCall, paymentCallPaths } from "@nop-stripe/contract/payment-call-schemas.js";
import { confirmInBrowser, pluginPaymentCall } from "@nop-stripe/nop-simulator/plugin-checkout.js";
import { defaultOrderToCashRules } from "../../sidecar/src/domain/order-to-cash-rules.js";
import { registerFlows } from "../../sidecar/src/flows/register-flows.js";
import { backends } from "../support/backends.js";
import { startSandboxSidecar } from "../support/sandbox-sidecar.js";

const out = new URL("../../nop-plugin-bridge/contract/examples/payment-calls/", import.meta.url).pathname;
const manualCapture = {
  ...defaultOrderToCashRules,
  defaults: { ...defaultOrderToCashRules.defaults, captureMethod: "manual" as const },
};
const t = await startSandboxSidecar(backends[0]!, {
  configure: (sidecar, systems, publicUrl) => {
    registerFlows(sidecar, systems, publicUrl, { orderToCash: { rules: manualCapture } });
  },
});
const { nop } = t.sandbox;
const stripe = t.systems.stripe;
const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;
const kebab = (call: PaymentCall) => paymentCallPaths[call].replace(/^.*\//, "");
mkdirSync(out, { recursive: true });
const written: string[] = [];

/** One call as the plugin makes it; a 200 is written as the operation's example pair, an error as `error.<name>`. */
async function call(operation: PaymentCall, requestId: string, request: object, errorName?: string, secret?: string) {
  const bridgeSecret = secret ?? t.sandbox.bridgeSecret;
  const answer = await pluginPaymentCall({ sidecarUrl: t.url, bridgeSecret }, kebab(operation), requestId, request);
  if (answer.status === 404) {
    console.log(`${operation}: not served here yet; its example is kept`);
    return undefined;
  }
  const body = JSON.parse(answer.text) as Record<string, unknown>;
  if (errorName) {
    if (answer.status === 200) throw new Error(`${operation}: expected an error, got ${answer.text}`);
    writeFileSync(`${out}error.${errorName}.json`, json(body));
    written.push(`error.${errorName}`);
    return body;
  }
  if (answer.status !== 200) throw new Error(`${operation}: ${answer.status} ${answer.text}`);
  writeFileSync(`${out}${kebab(operation)}.request.json`, json(request));
  writeFileSync(`${out}${kebab(operation)}.response.json`, json(body));
  written.push(kebab(operation));
  return body;
}

try {
  // Checkout: a PaymentIntent for the cart, confirmed in the browser, then the order placed and attached.
  const customer = nop.customers()[0]!;
  const order = nop.placeOrder({ customerId: customer.id, items: [{ productId: 1, quantity: 1 }] });
  const cart = await call("createIntent", randomUUID(), {
    customerId: customer.id,
    customerGuid: customer.customerGuid,
    email: customer.email,
    storeId: order.storeId,
    amount: order.orderTotal,
    currencyCode: order.customerCurrencyCode,
  });
  const paymentIntentId = String(cart!.paymentIntentId);
  await confirmInBrowser(stripe, paymentIntentId, "pm_card_visa");
  await call("attachOrder", `attach:${order.orderGuid}`, {
    paymentIntentId,
    orderGuid: order.orderGuid,
    customerId: order.customerId,
    storeId: order.storeId,
    orderTotal: order.orderTotal,
  });
  // The admin captures it, then tries to void it (refused), then refunds part of it.
  await call("capture", `capture:${order.orderGuid}`, { orderGuid: order.orderGuid });
  await call("void", `void:${order.orderGuid}`, { orderGuid: order.orderGuid }, "refused");
  await call("refund", `refund:${order.orderGuid}:0.00:10.00`, {
    orderGuid: order.orderGuid,
    amount: "10.00",
    isPartialRefund: true,
  });

  // Back office: a PaymentIntent for an existing order, authorized, then voided.
  const second = nop.placeOrder({ customerId: customer.id, items: [{ productId: 2, quantity: 1 }] });
  const intent = await call("orderIntent", randomUUID(), { orderId: second.id });
  await confirmInBrowser(stripe, String(intent!.paymentIntentId), "pm_card_visa");
  await call("void", `void:${second.orderGuid}`, { orderGuid: second.orderGuid });

  // Refusals before any work: a wrong signature, a body that breaks the schema.
  const wrongSecret = `whsec_${Buffer.from("not-the-bridge-secret").toString("base64")}`;
  await call("capture", `capture:${second.orderGuid}`, { orderGuid: second.orderGuid }, "bad-signature", wrongSecret);
  await call("capture", `capture:${second.orderGuid}`, { orderGuid: "order-2" }, "bad-shape");
} finally {
  await t.close();
}
console.log(`wrote ${written.join(", ")}`);
