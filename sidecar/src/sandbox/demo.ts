// npm run demo: a guided tour of the sandbox. It starts the sidecar wired to the Stripe emulator and the
// nopCommerce, ERP and WMS simulators, drives a handful of orders through payment (success, decline, 3-D Secure,
// risk decisions: captured at once, reviewed and approved, rejected; refund, dispute, payout) and prints,
// step by step, what happened in each system.
// It exits non-zero when any step did not happen. Pass --keep-running to explore the result in GraphiQL.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { OrderStatus, PaymentStatus, ShippingStatus } from "@nop-stripe/contract/nop-enums.js";
import { confirmInBrowser, requestOrderIntent } from "@nop-stripe/nop-simulator/plugin-checkout.js";
import { pino } from "pino";
import type Stripe from "stripe";
import { initialTokenNotice } from "../auth/initial-token.js";
import { type Config, ConfigError, loadConfig } from "../config.js";
import { type OrderGuid, orderGuid } from "../domain/ids.js";
import { formatMoney, money, parseMoney } from "../domain/money.js";
import type { RiskRules } from "../domain/risk/risk-rules.js";
import { defaultRiskRules } from "../domain/risk/risk-rules.js";
import { registerFlows } from "../flows/register-flows.js";
import type { Risk } from "../flows/risk/index.js";
import type { RiskDecision } from "../flows/risk/risk-store.js";
import { canListen } from "../http/free-port.js";
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
  return { order, stored };
}

const nopOrder = (app: SandboxSidecar, id: number) => app.sandbox.nop.getOrder(id)!;
const status = (app: SandboxSidecar, id: number) => {
  const o = nopOrder(app, id);
  return `OrderStatus ${name(OrderStatus, o.orderStatusId)}, PaymentStatus ${name(PaymentStatus, o.paymentStatusId)}`;
};
const name = (table: Record<string, number>, id: number) =>
  Object.keys(table).find((k) => table[k] === id) ?? String(id);

/** A Stripe amount (minor units) as people read it: "USD 1,205.00". */
const moneyText = (amount: number, currency: string) => formatMoney(money(amount, currency));

/**
 * The demo's risk rules: orders from USD 2,000.00 are only authorized, scored, then captured, reviewed or
 * cancelled; the smaller orders of the other steps are captured automatically as without risk rules.
 */
const demoRiskRules: RiskRules = {
  ...defaultRiskRules,
  defaults: { ...defaultRiskRules.defaults, decide: "above_amount", decideFromMinor: 200_000 },
};

/** A guest's order of two of the first product (USD 2,405.00 as the simulator seeds it), paid by `card`. */
async function placeLargeOrder(app: SandboxSidecar, url: string, card: string) {
  const [product] = app.sandbox.nop.products();
  const order = app.sandbox.nop.placeOrder({
    email: `risk-${crypto.randomUUID()}@example.com`,
    items: [{ productId: product!.id, quantity: 2 }],
  });
  const intentId = await requestOrderIntent(url, app.sandbox.bridgeSecret, order.id);
  const intent = await confirmInBrowser(app.systems.stripe, intentId, card);
  if (intent.status !== "requires_capture") throw new Error(`expected an authorization only, got ${intent.status}`);
  const guid = orderGuid(order.orderGuid);
  const decision = await eventually(`the risk decision on order ${order.id}`, async () => {
    const { rows } = await app.sidecar.db.sql.query(`SELECT decision FROM "RiskCase" WHERE "orderGuid" = $1`, [guid]);
    return (rows[0] as { decision: RiskDecision | null } | undefined)?.decision;
  });
  return { order, intent, guid, decision };
}

/** Score, band, the reasons that moved the score most, and what the reviewer reads. */
function decisionLines({ assessment, band, narrative }: RiskDecision): string[] {
  const top = [...assessment.signals]
    .sort((a, b) => Math.abs(b.contribution) - Math.abs(a.contribution))
    .slice(0, 3)
    .map((s) => s.reason);
  const rules = assessment.rulesHit.map((r) => r.reason);
  return [
    `risk         score ${assessment.score}, band ${band} (model ${assessment.model.name}@${assessment.model.version})`,
    `risk         top reasons: ${[...new Set([...rules, ...top])].slice(0, 3).join("; ")}`,
    `risk         narrative: ${narrative}`,
  ];
}

async function openReview(risk: Risk, guid: OrderGuid) {
  return eventually("the order in the review queue", async () => {
    const review = await risk.readModel.byOrder(guid);
    return review?.status === "open" ? review : undefined;
  });
}

async function riskSteps(app: SandboxSidecar, url: string, risk: Risk) {
  const stripe = app.systems.stripe;
  const intentStatus = async (id: string) => (await stripe.paymentIntents.retrieve(id)).status;

  await step("A large order is authorized, scored low risk and captured at once", async () => {
    const { order, intent, decision } = await placeLargeOrder(app, url, "pm_card_visa");
    if (decision.band !== "low") throw new Error(`scored ${decision.band}`);
    await eventually("nopCommerce order Paid after the capture", async () =>
      nopOrder(app, order.id).paymentStatusId === PaymentStatus.Paid ? true : undefined,
    );
    const captured = await stripe.paymentIntents.retrieve(intent.id);
    return [
      `Stripe       ${intent.id} authorized only (capture_method manual) for ${moneyText(intent.amount, intent.currency)}`,
      ...decisionLines(decision),
      `Stripe       captured by the sidecar: ${captured.status}, ${moneyText(captured.amount_received, captured.currency)} received`,
      `nopCommerce  ${status(app, order.id)}`,
    ];
  });

  await step(
    "A large order Radar rates elevated goes to review; a reviewer approves it and it is captured",
    async () => {
      const { order, intent, guid, decision } = await placeLargeOrder(app, url, "pm_card_riskLevelElevated");
      await openReview(risk, guid);
      const waiting = `${await intentStatus(intent.id)}; nopCommerce ${status(app, order.id)}`;
      await risk.reviews.claim(guid, "reviewer:ann");
      const approved = await risk.reviews.approve(guid, "reviewer:ann");
      await eventually("nopCommerce order Paid after the approval", async () =>
        nopOrder(app, order.id).paymentStatusId === PaymentStatus.Paid ? true : undefined,
      );
      return [
        `Stripe       ${intent.id} authorized only, Radar risk level elevated`,
        ...decisionLines(decision),
        `sidecar      in the review queue; meanwhile Stripe ${waiting}`,
        `reviewer     ann claims it and approves: review ${approved.status}`,
        `Stripe       ${await intentStatus(intent.id)}; nopCommerce ${status(app, order.id)}`,
      ];
    },
  );

  await step("A large order in review is rejected: cancelled in Stripe, the order cancelled with a note", async () => {
    const { order, intent, guid, decision } = await placeLargeOrder(app, url, "pm_card_riskLevelElevated");
    await openReview(risk, guid);
    const rejected = await risk.reviews.reject(guid, "reviewer:ann", []);
    const canceled = await eventually("the PaymentIntent cancelled", async () => {
      const pi = await stripe.paymentIntents.retrieve(intent.id);
      return pi.status === "canceled" ? pi : undefined;
    });
    const note = await eventually("the rejection's note in nopCommerce", async () =>
      nopOrder(app, order.id).orderStatusId === OrderStatus.Cancelled
        ? nopOrder(app, order.id).notes.find((n) => /rejected in risk review/.test(n.note))
        : undefined,
    );
    return [
      ...decisionLines(decision),
      `reviewer     ann rejects it: review ${rejected.status}`,
      `Stripe       ${intent.id} ${canceled.status} (${canceled.cancellation_reason})`,
      `nopCommerce  ${status(app, order.id)}; note: ${note.note}`,
    ];
  });
}

async function tour(app: SandboxSidecar, url: string, risk: Risk) {
  const stripe = app.systems.stripe;
  let paidCharge: Stripe.Charge | undefined;
  let paidOrderId: number | undefined;

  await step("A customer orders and pays by card: nopCommerce, ERP and warehouse follow on their own", async () => {
    const { order, stored } = await placeOrder(app);
    const intentId = await requestOrderIntent(url, app.sandbox.bridgeSecret, order.id);
    const intent = await confirmInBrowser(app.systems.stripe, intentId, "pm_card_visa");
    if (intent.status !== "succeeded") throw new Error(`payment is ${intent.status}`);
    const charge = await stripe.charges.retrieve(String(intent.latest_charge), { expand: ["balance_transaction"] });
    paidCharge = charge;
    paidOrderId = order.id;
    const txn = charge.balance_transaction as Stripe.BalanceTransaction;
    const paid = await eventually("nopCommerce order Paid", async () =>
      nopOrder(app, order.id).paymentStatusId === PaymentStatus.Paid ? nopOrder(app, order.id) : undefined,
    );
    const salesOrder = await eventually("ERP sales order", async () =>
      app.sandbox.erp.salesOrders().find((so) => so.externalRef === order.orderGuid.toLowerCase()),
    );
    const fulfillment = await eventually("WMS fulfillment request", async () =>
      app.sandbox.wms
        .fulfillmentRequests()
        .find((r) => r.orderReference.toLowerCase() === order.orderGuid.toLowerCase()),
    );
    const delivered = await eventually("shipment delivered in nopCommerce", async () => {
      const o = nopOrder(app, order.id);
      return o.shippingStatusId === ShippingStatus.Delivered ? o : undefined;
    });
    const shipment = delivered.shipments[0];
    return [
      `nopCommerce  order ${order.id} placed, total ${formatMoney(parseMoney(order.orderTotal, order.customerCurrencyCode, "half-up"))}; bridge event stored (${stored.id})`,
      `sidecar      created ${intentId} for ${moneyText(intent.amount, intent.currency)} (metadata nop_order_guid ${order.orderGuid})`,
      `Stripe       the customer confirmed with a Visa card: succeeded; charge ${charge.id}, fee ${moneyText(txn.fee, txn.currency)}, net ${moneyText(txn.net, txn.currency)}`,
      `nopCommerce  PaymentStatus ${name(PaymentStatus, paid.paymentStatusId)}, capture transaction ${paid.captureTransactionId}`,
      `ERP          sales order ${salesOrder.documentNumber} for ${moneyText(salesOrder.totals.total, salesOrder.currency)}`,
      `WMS          fulfillment request ${fulfillment.id}`,
      `nopCommerce  shipment ${shipment?.id} tracking ${shipment?.trackingNumber}: shipped, then delivered; ${status(app, order.id)}`,
    ];
  });

  await step("A second customer's card is declined; the customer sees why and pays with another card", async () => {
    const { order } = await placeOrder(app);
    const intentId = await requestOrderIntent(url, app.sandbox.bridgeSecret, order.id);
    const declined = await confirmInBrowser(app.systems.stripe, intentId, "pm_card_chargeDeclined");
    const error = declined.last_payment_error;
    if (!error) throw new Error(`the payment was not declined (${declined.status})`);
    const note = await eventually("decline note on the order", async () =>
      nopOrder(app, order.id).notes.find((n) => n.displayToCustomer && /declin/i.test(n.note)),
    );
    const pendingStatus = status(app, order.id);
    const retried = await confirmInBrowser(app.systems.stripe, intentId, "pm_card_mastercard");
    await eventually(
      "nopCommerce order Paid after the retry",
      async () => nopOrder(app, order.id).paymentStatusId === PaymentStatus.Paid,
    );
    return [
      `Stripe       ${intentId}: ${error.code} (${error.decline_code ?? "no decline code"})`,
      `nopCommerce  note to the customer: "${note.note}"; ${pendingStatus}`,
      `Stripe       retried with a Mastercard: ${retried.status}`,
      `nopCommerce  ${status(app, order.id)}`,
    ];
  });

  await step("A third customer's bank asks for 3-D Secure; the order waits, then is paid", async () => {
    const { order } = await placeOrder(app);
    const intentId = await requestOrderIntent(url, app.sandbox.bridgeSecret, order.id);
    const intent = await confirmInBrowser(app.systems.stripe, intentId, "pm_card_authenticationRequired");
    if (intent.status !== "requires_action") throw new Error(`expected requires_action, got ${intent.status}`);
    await stripeEventInInbox(app, "payment_intent.requires_action", intent.id);
    const waiting = status(app, order.id);
    await fetch(`${app.sandbox.stripe.url}/_emulator/payment_intents/${intent.id}/authenticate`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ outcome: "succeed" }),
    });
    await eventually(
      "nopCommerce order Paid after authentication",
      async () => nopOrder(app, order.id).paymentStatusId === PaymentStatus.Paid,
    );
    return [
      `Stripe       ${intent.id} requires_action (${intent.next_action?.type}); meanwhile nopCommerce: ${waiting}`,
      `Stripe       the customer completes the challenge: succeeded`,
      `nopCommerce  ${status(app, order.id)}`,
    ];
  });

  await riskSteps(app, url, risk);

  await step("The merchant refunds part of the first order", async () => {
    if (!paidCharge) throw new Error("no paid order to refund");
    const refund = await stripe.refunds.create({ charge: paidCharge.id, amount: Math.floor(paidCharge.amount / 4) });
    const webhook = await stripeEventInInbox(app, "charge.refunded", paidCharge.id);
    const orderId = paidOrderId!;
    const refunded = await eventually("the refund recorded in nopCommerce", async () =>
      nopOrder(app, orderId).refundedAmount !== "0.00" ? nopOrder(app, orderId) : undefined,
    );
    const memo = await eventually("an ERP credit memo", async () =>
      app.sandbox.erp.creditMemos({ externalRef: refund.id }).at(0),
    );
    // The admin's Partial refund button: nopCommerce asks the sidecar, which refunds through Stripe once.
    const pressed = await app.sandbox.nop.refundOrder(orderId, "1.00");
    if (!pressed.ok) throw new Error(`the admin's Partial refund failed: ${pressed.failure.message}`);
    const memos = await eventually("a second credit memo", async () => {
      const all = app.sandbox.erp.creditMemos({ salesOrder: memo.salesOrderId });
      return all.length === 2 ? all : undefined;
    });
    return [
      `Stripe       ${refund.id} ${refund.status}: ${moneyText(refund.amount, refund.currency)} of ${moneyText(paidCharge.amount, paidCharge.currency)} (from the dashboard)`,
      `sidecar      inbox ${webhook.id}: charge.refunded -> the refunds flow`,
      `nopCommerce  RefundedAmount ${refunded.refundedAmount}; ${status(app, orderId)}`,
      `ERP          credit memo ${memo.documentNumber} on ${memo.salesOrderNumber}: ${moneyText(memo.amount, memo.currency)}`,
      `nopCommerce  admin presses Partial refund 1.00: RefundedAmount ${pressed.value.refundedAmount}, ${status(app, orderId)}`,
      `ERP          credit memo ${memos[1]!.documentNumber}: ${moneyText(memos[1]!.amount, memos[1]!.currency)}`,
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
    const note = await eventually("the dispute's note in nopCommerce", async () =>
      nopOrder(app, paidOrderId!).notes.find((n) => n.note.startsWith(`Stripe dispute ${dispute.id} opened`)),
    );
    const [entry] = await eventually("the dispute's journal entry in the ERP", async () => {
      const entries = app.sandbox.erp.journalEntries(dispute.id);
      return entries.length > 0 ? entries : undefined;
    });
    return [
      `Stripe       ${dispute.id} ${dispute.status} (${dispute.reason}), ${moneyText(dispute.amount, dispute.currency)} withdrawn plus the dispute fee`,
      `sidecar      inbox ${webhook.id}: charge.dispute.created, for the disputes flow`,
      `nopCommerce  note: ${note.note}`,
      `ERP          journal entry ${entry!.entryNumber}: ${entry!.lines.map((l) => `${l.account} ${l.debit ? "Dr" : "Cr"} ${moneyText(l.debit ?? l.credit ?? 0, l.currency)}`).join(", ")}`,
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
      `Stripe       ${payout.id}: ${moneyText(payout.amount, payout.currency)}, ${transactions.data.length} balance transactions (${kinds})`,
      `             the nets add up to the payout exactly`,
      `sidecar      inbox ${webhook.id}: payout.paid, stored for reconciliation`,
    ];
  });

  const stored = await app.sidecar.db.prisma.inboxEvent.count();
  console.log(`\n  The sidecar stored ${stored} verified events, each exactly once.`);
  // Without --keep-running the sidecar stops when the tour ends, so its address would lead nowhere.
  if (!keepRunning) {
    console.log("  To explore them in GraphiQL, run `npm run demo -- --keep-running`.");
    return;
  }
  console.log(`  Explore them in GraphiQL: ${url}/graphql`);
  console.log("    It opens on a query that shows these orders in nopCommerce, Stripe, the ERP and the warehouse.");
}

/**
 * --keep-running listens on PORT, where `npm start` would, so GraphiQL is where the README says; when that is
 * taken (`npm start` in another terminal, the natural order), on any free port: the address is printed.
 */
async function portToListenOn(config: Config): Promise<number> {
  if (!keepRunning) return 0;
  const free = await canListen(config.PORT, config.HOST);
  if (free.ok) return config.PORT;
  if (free.error.setting === "PORT") return 0;
  throw free.error;
}

async function main() {
  const config = loadConfig({
    ...process.env,
    STRIPE_SECRET_KEY: "",
    DATABASE_URL: "",
    REDIS_URL: "",
    RISK_RULES: JSON.stringify(demoRiskRules),
  });
  const port = await portToListenOn(config); // before the data folder is made
  const dataDir = await mkdtemp(join(tmpdir(), "sidecar-demo-"));
  let risk: Risk | undefined;
  const app = await openSandboxSidecar({ ...config, DATA_DIR: dataDir }, pino({ level: "error" }), {
    sandbox: { wmsShipAfterMs: 500, wmsDeliverAfterMs: 500 },
    register: (sidecar, systems, publicUrl) => {
      risk = registerFlows(sidecar, systems, publicUrl).risk;
    },
  });
  app.sidecar.startWorkers();
  const url = await app.listen(port, config.HOST);
  console.log(
    `\n${bold("nop-stripe-sidecar sandbox demo")}: every system below is local; nothing leaves this machine.\n`,
  );
  if (keepRunning && port !== config.PORT)
    console.log(`  Port ${config.PORT} is in use (\`npm start\`?), so the demo listens on ${url} instead.\n`);
  await tour(app, url, risk!);
  console.log(failures ? `\n  ${failures} step(s) did not happen.` : "\n  Every step happened.");
  if (keepRunning && !failures) {
    // A fresh database: the token to explore it with, as `npm start` prints it on a first start.
    const cli = { embeddedDatabase: true, dataDir };
    console.log((await initialTokenNotice(app.sidecar.tokens, { base: url, graphiql: true, ...cli })) ?? "");
    console.log("  Press Ctrl+C to stop.");
    process.on("SIGINT", () => app.close().then(() => process.exit(0)));
    return;
  }
  await app.close();
  await rm(dataDir, { recursive: true, force: true }); // the tour's database: nothing in it outlives the tour
  process.exit(failures ? 1 : 0);
}

await main().catch((err) => {
  if (!(err instanceof ConfigError)) throw err;
  console.error(`demo: ${err.message}`); // a wrong setting: one line, as the sidecar says it
  process.exit(78);
});
