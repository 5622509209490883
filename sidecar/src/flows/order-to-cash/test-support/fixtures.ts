import { readFileSync } from "node:fs";
import type { NopOrder } from "@nop-stripe/contract/nop-entities.js";
import { parseBridgeEvent } from "../../../connectors/nop/parse-bridge-event.js";
import { type ChargeId, orderGuid, paymentIntentId } from "../../../domain/ids.js";
import { fromDecimalString, money } from "../../../domain/money.js";
import { PaymentStatus } from "../../../domain/nop-statuses.js";
import type { PaymentIntentStatus } from "../../../domain/payment-state.js";
import { type OrderActionName, orderKey } from "../order-actions.js";
import type { OrderState, StoredPayment } from "../order-to-cash-store.js";

/** The order of the wire contract's order.placed example (USD 116.71, Pending, needs shipping). */
export function sampleNopOrder(changes: Partial<NopOrder> = {}): NopOrder {
  const file = new URL("../../../../../nop-plugin-bridge/contract/examples/events/order.placed.json", import.meta.url);
  const example = JSON.parse(readFileSync(file, "utf8")) as { payload: unknown };
  const parsed = parseBridgeEvent("order.placed", example.payload);
  if (!parsed.ok || parsed.value.type !== "order.placed") throw new Error("the contract example no longer parses");
  return { ...parsed.value.payload.order, ...changes };
}

/** The example's own OrderGuid: regenerating the contract examples (random GUIDs) must not break these tests. */
export const guid = orderGuid(sampleNopOrder().orderGuid);
export const intentId = paymentIntentId("pi_sample");
export const usd = (amount: number) => money(amount, "usd");

/** The sample order's PaymentIntent, in a status; paid in full when it succeeded. */
export function samplePayment(status: PaymentIntentStatus, changes: Partial<StoredPayment> = {}): StoredPayment {
  const total = usd(11671);
  return {
    paymentIntentId: intentId,
    orderGuid: guid,
    status,
    captureMethod: "automatic",
    amount: total,
    amountCapturable: status === "requires_capture" ? total : usd(0),
    amountReceived: status === "succeeded" ? total : usd(0),
    latestChargeId: status === "succeeded" || status === "requires_capture" ? ("ch_sample" as ChargeId) : null,
    declines: [],
    revision: 0,
    ...changes,
  };
}

/** The state the planner reads: the sample order, its payment, the actions named as done. */
export function sampleState(
  options: {
    nop?: Partial<NopOrder> | null;
    payment?: StoredPayment;
    done?: (OrderActionName | [OrderActionName, ...string[]])[];
    order?: Partial<OrderState["order"]>;
    notices?: OrderState["notices"];
  } = {},
): OrderState {
  const nop = options.nop === null ? null : sampleNopOrder(options.nop);
  const total = fromDecimalString("116.71", "USD");
  return {
    order: {
      orderGuid: guid,
      nopOrderId: nop?.id ?? null,
      storeId: nop?.storeId ?? null,
      total: total.ok ? total.value : null,
      nopOrder: nop,
      paymentIntentId: options.payment?.paymentIntentId ?? null,
      erpSalesOrderId: null,
      erpDocumentNumber: null,
      wmsRequestId: null,
      nopShipmentId: null,
      trackingNumber: null,
      ...options.order,
    },
    payment: options.payment,
    done: new Set((options.done ?? []).map((d) => (typeof d === "string" ? orderKey(guid, d) : orderKey(guid, ...d)))),
    notices: options.notices ?? [],
  };
}

export const paid = { paymentStatusId: PaymentStatus.Paid } as const;
