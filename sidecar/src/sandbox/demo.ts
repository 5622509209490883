// npm run demo: a guided tour of the sandbox. It starts the sidecar wired to the Stripe emulator and the
// nopCommerce, ERP and WMS simulators, drives a handful of orders through payment (success, decline,
// 3-D Secure, refund, dispute, payout) and prints, step by step, what happened in each system.
// It exits non-zero when any step did not happen. Pass --keep-running to explore the result in GraphiQL.
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pino } from "pino";
import type Stripe from "stripe";
import { loadConfig } from "../config.js";
import { parseMoney } from "../domain/money.js";
import { openSandboxSidecar, type SandboxSidecar } from "./sandbox-sidecar.js";

const keepRunning = process.argv.includes("--keep-running");
const bold = (s: string) => (process.stdout.isTTY ? `\u001b[1m${s}\u001b[0m` : s);
let failures = 0;

/** Runs one step; a step returns the lines it wants to show and throws when what should happen did not. */
async function step(title: string, run: () => Promise<string[]>) {
  try {
    const lines = await run();
    console.log(`  ✔ ${bold(title)}`);
    for (const line of lines) console.log(`      ${line}`);
  } catch (err) {
    failures++;
    console.log(`  ✘ ${bold(title)}\n      did not happen: ${(err as Error).message}`);
  }
}

async function eventually<T>(what: string, check: () => Promise<T | null | undefined>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`${what} (waited ${timeoutMs / 1000} s)`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The sidecar's inbox entry for a Stripe event about `objectId`. */
function stripeEventInInbox(app: SandboxSidecar, type: string, objectId: string) {
  return eventually(`${type} for ${objectId} in the sidecar's inbox`, () =>
    app.sidecar.db.prisma.inboxEvent.findFirst({
      where: { source: "stripe", type, payload: { path: ["data", "object", "id"], equals: objectId } },
    }),
  );
}

async function placeOrder(app: SandboxSidecar) {
  const order = app.sandbox.nop.placeOrder();
  const stored = await eventually(`order.placed for order ${order.id} in the sidecar's inbox`, () =>
    app.sidecar.db.prisma.inboxEvent.findFirst({
      where: {
        source: "bridge",
        type: "order.placed",
        payload: { path: ["payload", "order", "id"], equals: order.id },
      },
    }),
  );
  return { order, amount: parseMoney(order.orderTotal, order.customerCurrencyCode), stored };
}

async function pay(
  app: SandboxSidecar,
  orderId: number,
  amount: { amount: number; currency: string },
  paymentMethod: string,
) {
  return app.systems.stripe.paymentIntents.create({
    amount: amount.amount,
    currency: amount.currency,
    payment_method: paymentMethod,
    confirm: true,
    metadata: { nop_order_id: String(orderId) },
    automatic_payment_methods: { enabled: true, allow_redirects: "never" },
  });
}

const money = (amount: number, currency: string) => `${amount} ${currency.toUpperCase()} minor units`;

async function tour(app: SandboxSidecar, url: string) {
  const stripe = app.systems.stripe;
  let paidCharge: Stripe.Charge | undefined;

  await step("A customer places an order in nopCommerce; the bridge event reaches the sidecar", async () => {
    const { order, amount, stored } = await placeOrder(app);
    const paymentIntent = await pay(app, order.id, amount, "pm_card_visa");
    if (paymentIntent.status !== "succeeded") throw new Error(`payment is ${paymentIntent.status}`);
    const charge = await stripe.charges.retrieve(String(paymentIntent.latest_charge), {
      expand: ["balance_transaction"],
    });
    paidCharge = charge;
    const txn = charge.balance_transaction as Stripe.BalanceTransaction;
    const webhook = await stripeEventInInbox(app, "payment_intent.succeeded", paymentIntent.id);
    return [
      `nopCommerce  order ${order.id} (${order.orderGuid}), total ${order.orderTotal} ${order.customerCurrencyCode}`,
      `sidecar      inbox ${stored.id}: bridge order.placed, verified (Standard Webhooks)`,
      `Stripe       ${paymentIntent.id} succeeded, ${money(paymentIntent.amount, paymentIntent.currency)}; charge ${charge.id}`,
      `             fee ${money(txn.fee, txn.currency)}, net ${money(txn.net, txn.currency)} (${txn.id})`,
      `sidecar      inbox ${webhook.id}: payment_intent.succeeded, verified (Stripe-Signature)`,
    ];
  });

  await step("A second customer's card is declined", async () => {
    const { order, amount } = await placeOrder(app);
    const declined = await pay(app, order.id, amount, "pm_card_chargeDeclined").then(
      () => undefined,
      (err: Stripe.errors.StripeError) => err,
    );
    if (!declined) throw new Error("the payment went through");
    const intentId = declined.payment_intent?.id ?? "";
    const webhook = await stripeEventInInbox(app, "payment_intent.payment_failed", intentId);
    return [
      `Stripe       ${intentId}: ${declined.code} (${declined.decline_code ?? "no decline code"}): ${declined.message}`,
      `sidecar      inbox ${webhook.id}: payment_intent.payment_failed`,
    ];
  });

  await step("A third customer pays with a card that asks for 3-D Secure", async () => {
    const { order, amount } = await placeOrder(app);
    const intent = await pay(app, order.id, amount, "pm_card_authenticationRequired");
    if (intent.status !== "requires_action") throw new Error(`expected requires_action, got ${intent.status}`);
    const requiresAction = await stripeEventInInbox(app, "payment_intent.requires_action", intent.id);
    await fetch(`${app.sandbox.stripe.url}/_emulator/payment_intents/${intent.id}/authenticate`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ outcome: "succeed" }),
    });
    const succeeded = await stripeEventInInbox(app, "payment_intent.succeeded", intent.id);
    return [
      `Stripe       ${intent.id} requires_action (${intent.next_action?.type}); the customer completes the challenge`,
      `sidecar      inbox ${requiresAction.id}: payment_intent.requires_action, then ${succeeded.id}: payment_intent.succeeded`,
    ];
  });

  await step("The merchant refunds part of the first order", async () => {
    if (!paidCharge) throw new Error("no paid order to refund");
    const refund = await stripe.refunds.create({ charge: paidCharge.id, amount: Math.floor(paidCharge.amount / 4) });
    const webhook = await stripeEventInInbox(app, "charge.refunded", paidCharge.id);
    return [
      `Stripe       ${refund.id} ${refund.status}: ${money(refund.amount, refund.currency)} of ${money(paidCharge.amount, paidCharge.currency)}`,
      `sidecar      inbox ${webhook.id}: charge.refunded`,
    ];
  });

  await step("The first customer's bank opens a dispute", async () => {
    if (!paidCharge) throw new Error("no paid order to dispute");
    const answer = await fetch(`${app.sandbox.stripe.url}/_emulator/disputes`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ charge: paidCharge.id, reason: "fraudulent" }),
    });
    const dispute = (await answer.json()) as Stripe.Dispute;
    if (!dispute.id) throw new Error(`the emulator refused: ${JSON.stringify(dispute)}`);
    const webhook = await stripeEventInInbox(app, "charge.dispute.created", dispute.id);
    return [
      `Stripe       ${dispute.id} ${dispute.status} (${dispute.reason}), ${money(dispute.amount, dispute.currency)} withdrawn plus the dispute fee`,
      `sidecar      inbox ${webhook.id}: charge.dispute.created`,
    ];
  });

  await step("Stripe pays out the balance; its transactions add up to the payout", async () => {
    const [payout] = app.sandbox.stripe.payOut();
    if (!payout) throw new Error("nothing was paid out");
    const transactions = await stripe.balanceTransactions.list({ payout: payout.id, limit: 100 });
    const net = transactions.data.filter((t) => t.type !== "payout").reduce((sum, t) => sum + t.net, 0);
    if (net !== payout.amount) throw new Error(`transactions net ${net}, payout ${payout.amount}`);
    const webhook = await stripeEventInInbox(app, "payout.paid", payout.id);
    const kinds = [...new Set(transactions.data.map((t) => t.reporting_category))].join(", ");
    return [
      `Stripe       ${payout.id}: ${money(payout.amount, payout.currency)}, ${transactions.data.length} balance transactions (${kinds})`,
      `             the nets add up to the payout exactly`,
      `sidecar      inbox ${webhook.id}: payout.paid`,
    ];
  });

  const stored = await app.sidecar.db.prisma.inboxEvent.count();
  console.log(`\n  The sidecar stored ${stored} verified events, each exactly once. Explore them in GraphiQL:`);
  console.log(`    ${url}/graphql${keepRunning ? "" : "   (run `npm run demo -- --keep-running` to keep it open)"}`);
  console.log(
    "    { inboxEvents(first: 20) { edges { node { source type status receivedAt } } } queueHealth { backend waiting } }",
  );
}

async function main() {
  const dataDir = await mkdtemp(join(tmpdir(), "sidecar-demo-"));
  const config = loadConfig({
    ...process.env,
    STRIPE_SECRET_KEY: "",
    DATABASE_URL: "",
    REDIS_URL: "",
    DATA_DIR: dataDir,
  });
  const app = await openSandboxSidecar(config, pino({ level: "warn" }), {
    sandbox: { wmsShipAfterMs: 500, wmsDeliverAfterMs: 500 },
  });
  app.sidecar.startWorkers();
  const url = await app.listen(keepRunning ? config.PORT : 0, config.HOST);
  console.log(
    `\n${bold("nop-stripe-sidecar sandbox demo")}: every system below is local; nothing leaves this machine.\n`,
  );
  await tour(app, url);
  console.log(failures ? `\n  ${failures} step(s) did not happen.` : "\n  Every step happened.");
  if (keepRunning && !failures) {
    console.log("  Press Ctrl+C to stop.");
    process.on("SIGINT", () => app.close().then(() => process.exit(0)));
    return;
  }
  await app.close();
  process.exit(failures ? 1 : 0);
}

await main();
