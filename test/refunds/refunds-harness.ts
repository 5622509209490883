import type { NopOrderDetail } from "@nop-stripe/contract/nop-entities.js";
import { ReturnRequestStatus } from "@nop-stripe/contract/nop-enums.js";
import type Stripe from "stripe";
import type { FlowOverrides, Flows } from "../../sidecar/src/flows/register-flows.js";
import type { SandboxOptions } from "../../sidecar/src/sandbox/start-sandbox.js";
import {
  type O2cHarness,
  placeAndPay,
  startWithFlows,
  waitUntilFulfilmentRequested,
} from "../order-to-cash/o2c-harness.js";
import type { Backend } from "../support/backends.js";
import { waitFor } from "../support/wait-for.js";

export interface RefundsHarness extends O2cHarness {
  flows: Flows;
}

/** A sandbox sidecar with every flow registered as in production, its alerts captured. */
export async function startRefunds(
  backend: Backend,
  overrides: FlowOverrides = {},
  env: Record<string, string> = {},
  sandbox: SandboxOptions = {},
): Promise<RefundsHarness> {
  const t = await startWithFlows(backend, overrides, env, sandbox);
  return Object.assign(t, { flow: t.flows.orderToCash });
}

/** A paid order whose ERP sales order exists (what a refund credits). */
export async function paidOrder(
  t: RefundsHarness,
  order: Parameters<typeof placeAndPay>[2] = {},
  paymentMethod = "pm_card_visa",
): Promise<{ order: NopOrderDetail; intent: Stripe.PaymentIntent }> {
  const paid = await placeAndPay(t, paymentMethod, order);
  await waitUntilFulfilmentRequested(t, paid.order);
  return { order: t.sandbox.nop.getOrder(paid.order.id)!, intent: paid.intent };
}

export const stripeRefundsOf = async (t: RefundsHarness, paymentIntentId: string) =>
  (await t.systems.stripe.refunds.list({ payment_intent: paymentIntentId, limit: 100 })).data;

export const creditMemosOf = (t: RefundsHarness, orderGuid: string) => {
  const sales = t.sandbox.erp.salesOrders().find((s) => s.externalRef === orderGuid.toLowerCase());
  return sales ? t.sandbox.erp.creditMemos({ salesOrder: sales.id }) : [];
};

/** Opens a return request for an order's first item and moves it to `status`. */
export function returnItem(
  t: RefundsHarness,
  order: NopOrderDetail,
  status: number = ReturnRequestStatus.ReturnAuthorized,
  quantity?: number,
) {
  const created = t.sandbox.nop.createReturnRequest({
    orderItemId: order.items[0]!.id,
    ...(quantity ? { quantity } : {}),
  });
  if (!created.ok) throw new Error(JSON.stringify(created));
  const moved = t.sandbox.nop.setReturnRequestStatus(created.value.id, status as never, null);
  if (!moved.ok) throw new Error(JSON.stringify(moved));
  return moved.value;
}

/** Waits until every event the systems sent has been handled (webhooks delivered, outbox flushed, jobs idle). */
export async function settle(t: RefundsHarness): Promise<void> {
  await t.sandbox.stripe.whenDeliveriesIdle();
  await t.sandbox.nop.outbox.flush();
  await t.sandbox.nop.outbox.idle();
  const busy = { status: { in: ["received", "processing", "retrying"] as ("received" | "processing" | "retrying")[] } };
  await waitFor(async () => ((await t.sidecar.db.prisma.inboxEvent.count({ where: busy })) === 0 ? true : undefined), {
    timeoutMs: 60_000,
  });
}
