import type { NopOrderDetail } from "@nop-stripe/contract/nop-entities.js";
import type Stripe from "stripe";
import { defaultDisputeRules } from "../../sidecar/src/domain/dispute-rules.js";
import type { Disputes } from "../../sidecar/src/flows/disputes/index.js";
import { registerFlows } from "../../sidecar/src/flows/register-flows.js";
import type { Alert } from "../../sidecar/src/ports/notifier.js";
import { type O2cHarness, waitUntilFulfilmentRequested } from "../order-to-cash/o2c-harness.js";
import type { Backend } from "../support/backends.js";
import { startSandboxSidecar } from "../support/sandbox-sidecar.js";
import { waitFor } from "../support/wait-for.js";

export const refundPolicy = "Returns accepted within 30 days of delivery; refunds to the original card.";

export interface DisputesHarness extends O2cHarness {
  fullAlerts: Alert[];
  disputes: Disputes;
}

/** The sandbox with every flow registered as in production, a refund policy configured, alerts captured. */
export async function startDisputes(backend: Backend): Promise<DisputesHarness> {
  const fullAlerts: Alert[] = [];
  let flows: ReturnType<typeof registerFlows> | undefined;
  const t = await startSandboxSidecar(backend, {
    configure: (sidecar, systems, publicUrl) => {
      sidecar.alerts.listen((a) => fullAlerts.push(a));
      flows = registerFlows(sidecar, systems, publicUrl, {
        disputes: {
          rules: { ...defaultDisputeRules, fulfillmentRecheckMs: 500, refundPolicies: { default: refundPolicy } },
        },
      });
    },
  });
  return Object.assign(t, { flow: flows!.orderToCash, disputes: flows!.disputes, alerts: fullAlerts, fullAlerts });
}

/** An order paid by card whose fulfillment request the WMS holds (not shipped). */
export async function paidOrder(
  t: DisputesHarness,
  customer?: (order: NopOrderDetail) => Promise<void>,
): Promise<{ order: NopOrderDetail; intent: Stripe.PaymentIntent; requestId: string }> {
  const order = t.sandbox.nop.placeOrder({ items: [{ productId: 1, quantity: 1 }] });
  await customer?.(order);
  const created = await t.flow.createPaymentIntent.forOrder({ nopOrderId: order.id });
  const intent = await t.systems.stripe.paymentIntents.confirm(created.paymentIntentId, {
    payment_method: "pm_card_visa",
  });
  const request = await waitUntilFulfilmentRequested(t, order);
  return { order, intent, requestId: request.id };
}

/** Opens a dispute on the order's charge through the emulator's control API, as a bank would. */
export async function openDispute(t: DisputesHarness, intent: Stripe.PaymentIntent, reason = "product_not_received") {
  const res = await fetch(`${t.sandbox.stripe.url}/_emulator/disputes`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ charge: intent.latest_charge, reason }),
  });
  const dispute = (await res.json()) as Stripe.Dispute;
  if (!dispute.id) throw new Error(`the emulator refused: ${JSON.stringify(dispute)}`);
  return dispute;
}

export async function decide(t: DisputesHarness, disputeId: string, outcome: "won" | "lost") {
  await fetch(`${t.sandbox.stripe.url}/_emulator/disputes/${disputeId}/close`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ outcome }),
  });
}

export const wmsRequest = (t: DisputesHarness, id: string) =>
  t.sandbox.wms.fulfillmentRequests().find((r) => r.id === id)!;
export const notes = (t: DisputesHarness, orderId: number, text: string) =>
  t.sandbox.nop.getOrder(orderId)!.notes.filter((n) => n.note.includes(text));
export const entries = (t: DisputesHarness, disputeId: string) => t.sandbox.erp.journalEntries(disputeId);
export const alertsOf = (t: DisputesHarness, code: string, disputeId: string) =>
  t.fullAlerts.filter((a) => a.code === code && a.message.includes(disputeId));

/** Lines of a journal entry as [account, debit, credit]. */
export const linesOf = (entry: { lines: { account: string; debit?: number; credit?: number }[] }) =>
  entry.lines.map((l) => [l.account, l.debit ?? 0, l.credit ?? 0]);

/** Waits until every webhook (duplicates too) was delivered and the flow had time to act on it. */
export async function settle(t: DisputesHarness) {
  await t.sandbox.stripe.whenDeliveriesIdle();
  await waitFor(
    async () => {
      const counts = await t.sidecar.queue.counts();
      return counts.waiting === 0 && counts.active === 0;
    },
    { timeoutMs: 20_000 },
  );
}
