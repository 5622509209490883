import type { NopOrder } from "@nop-stripe/contract/nop-entities.js";
import { nopOrderId } from "@nop-stripe/contract/nop-ids.js";
import type { NopPort } from "../../connectors/nop/nop-port.js";
import { type OrderGuid, orderGuid, type PaymentIntentId } from "../../domain/ids.js";
import { fromDecimalString, type Money } from "../../domain/money.js";
import { captureMethodFor, type OrderToCashRules, rulesForStore } from "../../domain/order-to-cash-rules.js";
import { PermanentError } from "../../jobs/permanent-error.js";
import type { StripeCustomerLinks } from "../../ports/customer-links.js";
import type { PaymentIntentSnapshot, PaymentIntentsPort } from "../../ports/stripe.js";
import { orderKey } from "./order-actions.js";
import type { OrderToCashStore } from "./order-to-cash-store.js";
import { stripeValue } from "./retrieve-intent.js";

export interface CreatedIntent {
  paymentIntentId: PaymentIntentId;
  clientSecret: string | null;
  amount: Money;
  captureMethod: "automatic" | "manual";
  status: string;
}

export type CreateIntentInput = { nopOrderId: number } | { order: NopOrder };

export interface CartIntentInput {
  requestId: string;
  customerId: number;
  customerGuid: string;
  email: string | null;
  storeId: number;
  amount: string;
  currencyCode: string;
  /** The cart holds a recurring product (contract 1.3; absent: no). */
  recurring?: boolean;
}

type Call = <T>(system: string, what: string, fn: () => Promise<T>) => Promise<T>;

/**
 * Another flow's say on a new PaymentIntent (the risk flow): true authorizes only (manual capture) and marks it
 * `sidecar_risk: decide`, so the payment is scored before it is captured. Order-to-cash only asks.
 */
export interface CaptureGate {
  decidesBeforeCapture(payment: {
    storeId: number;
    amount: Money;
    customerId: number;
    guest: boolean;
  }): Promise<boolean>;
}

/** The metadata that tells the risk flow to decide a PaymentIntent before it is captured. */
export const riskDecideMetadata = { sidecar_risk: "decide" } as const;

/** Stripe's limits: 50 keys, 500 characters per value. Product ids are packed into as few values as fit. */
const maxMetadataValue = 500;

/**
 * PaymentIntents for nopCommerce orders: amount from OrderTotal in minor units, the Stripe customer of the
 * nop customer, metadata that ties Stripe back to nop, capture method by rule, and an idempotency key from
 * the order GUID and amount (the same order and amount never makes two PaymentIntents).
 */
export class CreatePaymentIntent {
  constructor(
    private readonly stripe: { paymentIntents: PaymentIntentsPort },
    /** The customers flow's link: one Stripe customer per nop customer, never found by search. */
    private readonly customers: StripeCustomerLinks,
    private readonly nop: NopPort,
    private readonly store: OrderToCashStore,
    private readonly rules: OrderToCashRules,
    private readonly call: Call,
    private readonly gate: CaptureGate | null = null,
  ) {}

  async forOrder(input: CreateIntentInput): Promise<CreatedIntent> {
    const order = "order" in input ? input.order : await this.loadOrder(input.nopOrderId);
    const amount = toMoney(order.orderTotal, order.primaryStoreCurrencyCode);
    const gated = await this.gated(order.storeId, amount, order.customerId, order.customer.isGuest);
    const captureMethod = gated ? "manual" : captureMethodFor(rulesForStore(this.rules, order.storeId), amount.amount);
    const customer = await this.customers.ensure({
      customerGuid: order.customer.customerGuid,
      customerId: order.customerId,
      storeId: order.storeId,
      email: order.customer.email,
    });
    const guid = orderGuid(order.orderGuid);
    const intent = await this.create(
      {
        amount,
        customer,
        captureMethod,
        description: `Order ${order.customOrderNumber}`,
        // A recurring item's later cycles are billed off-session by a Stripe subscription: real Stripe refuses a
        // card that paid without being saved for future use.
        saveCardForLater: order.items.some((item) => item.isRecurring === true),
        metadata: { ...orderMetadata(order), ...(gated ? riskDecideMetadata : {}) },
      },
      orderKey(guid, "payment-intent", `${amount.amount}${amount.currency}`),
    );
    await this.store.saveNopOrder(order, null, amount);
    await this.store.linkPayment(guid, intent.id, {
      key: orderKey(guid, "payment-intent", intent.id),
      aggregate: guid,
      kind: "action",
      name: "payment-intent",
      detail: { paymentIntentId: intent.id, amount: amount.amount, currency: amount.currency, captureMethod },
    });
    return created(intent, amount, captureMethod);
  }

  /** The plugin's checkout step: the order does not exist yet; attachOrder links it once placed. */
  async forCart(input: CartIntentInput): Promise<CreatedIntent> {
    const amount = toMoney(input.amount, input.currencyCode);
    // The cart does not say whether the customer is a guest: the gate goes by their paid orders.
    const gated = await this.gated(input.storeId, amount, input.customerId, false);
    const captureMethod = gated ? "manual" : captureMethodFor(rulesForStore(this.rules, input.storeId), amount.amount);
    const customer = await this.customers.ensure({
      customerGuid: input.customerGuid,
      customerId: input.customerId,
      storeId: input.storeId,
      email: input.email,
    });
    const intent = await this.create(
      {
        amount,
        customer,
        captureMethod,
        saveCardForLater: input.recurring === true,
        metadata: {
          nop_customer_id: String(input.customerId),
          nop_store_id: String(input.storeId),
          ...(gated ? riskDecideMetadata : {}),
        },
      },
      // Not about an order yet: keyed by the plugin's request.
      `o2c:cart:${input.requestId}:${amount.amount}${amount.currency}`,
    );
    return created(intent, amount, captureMethod);
  }

  /** The plugin placed the order for a confirmed PaymentIntent: tie them together on both sides. */
  async attachOrder(input: {
    paymentIntentId: PaymentIntentId;
    orderGuid: OrderGuid;
    orderTotal: string;
  }): Promise<void> {
    const { paymentIntentId: id, orderGuid: guid } = input;
    const intent = stripeValue(
      await this.call("stripe", "read the PaymentIntent", () => this.stripe.paymentIntents.retrieve(id)),
      `PaymentIntent ${id}`,
    );
    const total = toMoney(input.orderTotal, intent.amount.currency);
    if (total.amount !== intent.amount.amount)
      throw new PermanentError(
        `order total ${input.orderTotal} ${intent.amount.currency.toUpperCase()} differs from PaymentIntent ${intent.id} (${intent.amount.amount})`,
        {
          code: "order_total_differs",
          system: "nop",
          field: "orderTotal",
          value: input.orderTotal,
          suggestion: "create a new PaymentIntent for the changed cart",
        },
      );
    if (intent.orderGuid !== guid)
      stripeValue(
        await this.call("stripe", "tag the PaymentIntent with its order", () =>
          this.stripe.paymentIntents.tagOrder(id, guid, orderKey(guid, "attach", id)),
        ),
        `PaymentIntent ${id}`,
      );
    await this.store.linkPayment(guid, id);
  }

  private gated(storeId: number, amount: Money, customerId: number, guest: boolean): Promise<boolean> {
    return this.gate ? this.gate.decidesBeforeCapture({ storeId, amount, customerId, guest }) : Promise.resolve(false);
  }

  private async create(
    intent: Parameters<PaymentIntentsPort["create"]>[0],
    idempotencyKey: string,
  ): Promise<PaymentIntentSnapshot> {
    const result = await this.call("stripe", "create the PaymentIntent", () =>
      this.stripe.paymentIntents.create(intent, idempotencyKey),
    );
    return stripeValue(result, `PaymentIntent ${idempotencyKey}`);
  }

  private async loadOrder(id: number): Promise<NopOrder> {
    const result = await this.call("nop", "read the order", () => this.nop.getOrder({ orderId: nopOrderId(id) }));
    if (!result.ok)
      throw new PermanentError(`order ${id}: ${result.error.message}`, {
        code: "nop_order_missing",
        system: "nop",
        value: id,
        suggestion: "check the order id",
      });
    return result.value.order;
  }
}

function toMoney(value: string, currency: string): Money {
  const converted = fromDecimalString(value, currency);
  if (!converted.ok)
    throw new PermanentError(`order total: ${converted.error.message}`, {
      code: "order_total_invalid",
      system: "nop",
      field: "orderTotal",
      value,
      suggestion: "round the order total in nopCommerce",
    });
  return converted.value;
}

/** Metadata within Stripe's limits: product ids packed as comma lists of at most 500 characters per key. */
export function orderMetadata(order: NopOrder): Record<string, string> {
  const metadata: Record<string, string> = {
    nop_order_id: String(order.id),
    nop_order_guid: orderGuid(order.orderGuid),
    nop_custom_order_number: order.customOrderNumber.slice(0, maxMetadataValue),
    nop_customer_id: String(order.customerId),
    nop_store_id: String(order.storeId),
  };
  const ids = [...new Set(order.items.map((i) => String(i.productId)))];
  let chunk = "";
  let part = 0;
  const flush = () => {
    if (chunk) metadata[part === 0 ? "nop_product_ids" : `nop_product_ids_${part + 1}`] = chunk;
    part++;
    chunk = "";
  };
  for (const id of ids) {
    if (chunk.length + id.length + 1 > maxMetadataValue) flush();
    if (part >= 40) break; // 5 keys above + 40 here + room for others stays under Stripe's 50
    chunk = chunk ? `${chunk},${id}` : id;
  }
  flush();
  return metadata;
}

function created(intent: PaymentIntentSnapshot, amount: Money, captureMethod: "automatic" | "manual"): CreatedIntent {
  return {
    paymentIntentId: intent.id,
    clientSecret: intent.clientSecret,
    amount,
    captureMethod,
    status: intent.status,
  };
}
