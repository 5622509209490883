import type { NopOrderDetail } from "@nop-stripe/contract/nop-entities.js";
import { PaymentStatus } from "@nop-stripe/contract/nop-enums.js";
import type Stripe from "stripe";
import type { OrderToCash, OrderToCashOptions } from "../../sidecar/src/flows/order-to-cash/index.js";
import { type FlowOverrides, type Flows, registerFlows } from "../../sidecar/src/flows/register-flows.js";
import type { SandboxOptions } from "../../sidecar/src/sandbox/start-sandbox.js";
import type { Backend } from "../support/backends.js";
import { type SandboxSidecar, startSandboxSidecar } from "../support/sandbox-sidecar.js";
import { waitFor } from "../support/wait-for.js";

export interface O2cHarness extends SandboxSidecar {
  flow: OrderToCash;
  alerts: CapturedAlert[];
}

/** An alert as the harness captured it. */
export interface CapturedAlert {
  code: string;
  message: string;
  severity: string;
}

/** A sandbox sidecar with every flow registered as in production (with these overrides), its alerts captured. */
export async function startWithFlows(
  backend: Backend,
  overrides: FlowOverrides = {},
  env: Record<string, string> = {},
  sandbox: SandboxOptions = {},
): Promise<SandboxSidecar & { flows: Flows; alerts: CapturedAlert[] }> {
  let flows: Flows | undefined;
  const alerts: CapturedAlert[] = [];
  const t = await startSandboxSidecar(backend, {
    env,
    sandbox,
    configure: (sidecar, systems, publicUrl) => {
      sidecar.alerts.listen((a) => alerts.push({ code: a.code, message: a.message, severity: a.severity }));
      flows = registerFlows(sidecar, systems, publicUrl, overrides);
    },
  });
  return Object.assign(t, { flows: flows!, alerts });
}

/** A sandbox sidecar with the flows registered as in production, and its alerts captured. */
export async function startO2c(
  backend: Backend,
  options: Partial<OrderToCashOptions> = {},
  env: Record<string, string> = {},
  sandbox: SandboxOptions = {},
): Promise<O2cHarness> {
  const t = await startWithFlows(backend, { orderToCash: options }, env, sandbox);
  return Object.assign(t, { flow: t.flows.orderToCash });
}

/** Places an order in the nop simulator, creates its PaymentIntent through the flow and confirms it. */
export async function placeAndPay(
  t: O2cHarness,
  paymentMethod = "pm_card_visa",
  order: Parameters<O2cHarness["sandbox"]["nop"]["placeOrder"]>[0] = {},
): Promise<{ order: NopOrderDetail; intent: Stripe.PaymentIntent }> {
  const placed = t.sandbox.nop.placeOrder(order);
  const created = await t.flow.createPaymentIntent.forOrder({ nopOrderId: placed.id });
  const intent = await t.systems.stripe.paymentIntents
    .confirm(created.paymentIntentId, { payment_method: paymentMethod })
    .catch((err: Stripe.errors.StripeError) => {
      if (err.payment_intent) return err.payment_intent as Stripe.PaymentIntent;
      throw err;
    });
  return { order: placed, intent };
}

export const nopOrder = (t: O2cHarness, id: number) => t.sandbox.nop.getOrder(id)!;

export const erpOrdersFor = (t: O2cHarness, orderGuid: string) =>
  t.sandbox.erp.salesOrders().filter((s) => s.externalRef === orderGuid.toLowerCase());

export const wmsRequestsFor = (t: O2cHarness, orderGuid: string) =>
  t.sandbox.wms.fulfillmentRequests().filter((r) => r.orderReference.toLowerCase() === orderGuid.toLowerCase());

/** Waits until nop says Paid, the ERP has the order and the WMS the request. */
export async function waitUntilFulfilmentRequested(t: O2cHarness, order: NopOrderDetail, timeoutMs = 20_000) {
  return waitFor(
    () => {
      const nop = nopOrder(t, order.id);
      const wms = wmsRequestsFor(t, order.orderGuid);
      return nop.paymentStatusId === PaymentStatus.Paid && erpOrdersFor(t, order.orderGuid).length > 0
        ? wms[0]
        : undefined;
    },
    { timeoutMs },
  );
}

export const notesOf = (t: O2cHarness, id: number, text: string) =>
  nopOrder(t, id).notes.filter((n) => n.note.includes(text));
