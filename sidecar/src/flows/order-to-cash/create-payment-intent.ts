import type { NopOrder } from "@nop-stripe/contract/nop-entities.js";
import { nopOrderId } from "@nop-stripe/contract/nop-ids.js";
import type Stripe from "stripe";
import type { NopPort } from "../../connectors/nop/nop-port.js";
import { fromDecimalString, type Money } from "../../domain/money.js";
import { captureMethodFor, type OrderToCashRules, rulesForStore } from "../../domain/order-to-cash-rules.js";
import { PermanentError } from "../../jobs/permanent-error.js";
import type { ConnectorFailures } from "./connector-failures.js";
import type { OrderToCashStore } from "./order-to-cash-store.js";

export interface CreatedIntent {
  paymentIntentId: string;
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
}

/** Stripe's limits: 50 keys, 500 characters per value. Product ids are packed into as few values as fit. */
const maxMetadataValue = 500;

/**
 * PaymentIntents for nopCommerce orders: amount from OrderTotal in minor units, the Stripe customer of the
 * nop customer, metadata that ties Stripe back to nop, capture method by rule, and an idempotency key from
 * the order GUID and amount (the same order and amount never makes two PaymentIntents).
 */
export class CreatePaymentIntent {
  constructor(
    private readonly stripe: Stripe,
    private readonly nop: NopPort,
    private readonly store: OrderToCashStore,
    private readonly rules: OrderToCashRules,
    private readonly failures: ConnectorFailures,
  ) {}

  async forOrder(input: CreateIntentInput): Promise<CreatedIntent> {
    const order = "order" in input ? input.order : await this.loadOrder(input.nopOrderId);
    const amount = toMoney(order.orderTotal, order.primaryStoreCurrencyCode);
    const captureMethod = captureMethodFor(rulesForStore(this.rules, order.storeId), amount.amount);
    const customer = await this.stripeCustomer(order.customer.customerGuid, order.customerId, order.customer.email);
    const guid = order.orderGuid.toLowerCase();
    const intent = await this.failures.call("stripe", "create the PaymentIntent", () =>
      this.stripe.paymentIntents.create(
        {
          amount: amount.amount,
          currency: amount.currency,
          customer,
          capture_method: captureMethod,
          automatic_payment_methods: { enabled: true, allow_redirects: "never" },
          description: `Order ${order.customOrderNumber}`,
          metadata: orderMetadata(order),
        },
        { idempotencyKey: `o2c:${guid}:payment-intent:${amount.amount}${amount.currency}` },
      ),
    );
    await this.store.saveNopOrder(order, null, amount.amount);
    await this.store.linkPayment(guid, intent.id, {
      key: `o2c:${guid}:payment-intent:${intent.id}`,
      orderGuid: guid,
      kind: "action",
      name: "payment-intent",
      detail: { paymentIntentId: intent.id, amount: amount.amount, currency: amount.currency, captureMethod },
    });
    return result(intent, amount, captureMethod);
  }

  /** The plugin's checkout step: the order does not exist yet; attachOrder links it once placed. */
  async forCart(input: CartIntentInput): Promise<CreatedIntent> {
    const amount = toMoney(input.amount, input.currencyCode);
    const captureMethod = captureMethodFor(rulesForStore(this.rules, input.storeId), amount.amount);
    const customer = await this.stripeCustomer(input.customerGuid, input.customerId, input.email);
    const intent = await this.failures.call("stripe", "create the PaymentIntent", () =>
      this.stripe.paymentIntents.create(
        {
          amount: amount.amount,
          currency: amount.currency,
          customer,
          capture_method: captureMethod,
          automatic_payment_methods: { enabled: true, allow_redirects: "never" },
          metadata: { nop_customer_id: String(input.customerId), nop_store_id: String(input.storeId) },
        },
        { idempotencyKey: `o2c:cart:${input.requestId}:${amount.amount}${amount.currency}` },
      ),
    );
    return result(intent, amount, captureMethod);
  }

  /** The plugin placed the order for a confirmed PaymentIntent: tie them together on both sides. */
  async attachOrder(input: { paymentIntentId: string; orderGuid: string; orderTotal: string }): Promise<void> {
    const guid = input.orderGuid.toLowerCase();
    const intent = await this.failures.call("stripe", "read the PaymentIntent", () =>
      this.stripe.paymentIntents.retrieve(input.paymentIntentId),
    );
    const total = toMoney(input.orderTotal, intent.currency);
    if (total.amount !== intent.amount)
      throw new PermanentError(
        `order total ${input.orderTotal} ${intent.currency.toUpperCase()} differs from PaymentIntent ${intent.id} (${intent.amount})`,
        "create a new PaymentIntent for the changed cart",
      );
    if (intent.metadata?.nop_order_guid !== guid)
      await this.failures.call("stripe", "tag the PaymentIntent with its order", () =>
        this.stripe.paymentIntents.update(
          input.paymentIntentId,
          { metadata: { nop_order_guid: guid } },
          { idempotencyKey: `o2c:${guid}:attach:${input.paymentIntentId}` },
        ),
      );
    await this.store.linkPayment(guid, input.paymentIntentId);
  }

  private async loadOrder(id: number): Promise<NopOrder> {
    const result = await this.failures.call("nop", "read the order", () =>
      this.nop.getOrder({ orderId: nopOrderId(id) }),
    );
    if (!result.ok) throw new PermanentError(`order ${id}: ${result.error.message}`, "check the order id");
    return result.value.order;
  }

  /** One Stripe customer per nop customer, found by metadata, created with a key from the customer GUID. */
  private async stripeCustomer(customerGuid: string, customerId: number, email: string | null): Promise<string> {
    const guid = customerGuid.toLowerCase();
    const found = await this.failures.call("stripe", "find the customer", () =>
      this.stripe.customers.search({ query: `metadata['nop_customer_guid']:'${guid}'`, limit: 1 }),
    );
    const existing = found.data[0];
    if (existing) return existing.id;
    const created = await this.failures.call("stripe", "create the customer", () =>
      this.stripe.customers.create(
        {
          ...(email ? { email } : {}),
          metadata: { nop_customer_guid: guid, nop_customer_id: String(customerId) },
        },
        { idempotencyKey: `o2c:customer:${guid}` },
      ),
    );
    return created.id;
  }
}

function toMoney(value: string, currency: string): Money {
  const converted = fromDecimalString(value, currency);
  if (!converted.ok)
    throw new PermanentError(`order total: ${converted.problem.message}`, "round the order total in nopCommerce");
  return converted.money;
}

/** Metadata within Stripe's limits: product ids packed as comma lists of at most 500 characters per key. */
export function orderMetadata(order: NopOrder): Record<string, string> {
  const metadata: Record<string, string> = {
    nop_order_id: String(order.id),
    nop_order_guid: order.orderGuid.toLowerCase(),
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

function result(intent: Stripe.PaymentIntent, amount: Money, captureMethod: "automatic" | "manual"): CreatedIntent {
  return {
    paymentIntentId: intent.id,
    clientSecret: intent.client_secret,
    amount,
    captureMethod,
    status: intent.status,
  };
}
