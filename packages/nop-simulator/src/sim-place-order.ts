import type { NopOrderDetail, NopOrderItem } from "@nop-stripe/contract/nop-entities.js";
import { OrderStatus, PaymentStatus, ShippingStatus } from "@nop-stripe/contract/nop-enums.js";
import type { NopOrderItemId } from "@nop-stripe/contract/nop-ids.js";
import { invalid, notFound, type OpResult, ok } from "./op-result.js";
import type { SimCatalog } from "./sim-catalog.js";
import { makeAddress, type SimCustomers } from "./sim-customers.js";
import { add, type Fixed, fromFixed, fromInt, multiply, roundFixed, toFixed } from "./sim-decimal.js";
import type { SimOrders } from "./sim-orders.js";
import type { SimRecurringPayments } from "./sim-recurring-payments.js";
import type { SimOrder, SimState } from "./sim-state.js";

export interface PlaceOrderInput {
  /** An existing customer; unset: a new guest customer (as a checkout without login). */
  customerId?: number;
  email?: string;
  /** Unset: one of the first product. unitPrice overrides the product's price (excl. tax). */
  items?: { productId: number; quantity?: number; unitPrice?: string }[];
  /** The payment plugin's ProcessPaymentResult.NewPaymentStatus; the Stripe bridge answers Pending. */
  paymentStatus?: "Pending" | "Authorized" | "Paid";
  paymentMethodSystemName?: string;
  customerCurrencyCode?: string;
  currencyRate?: string;
  /** Shipping fee (no tax on it); default "5.00" when something ships, else "0". */
  shippingFee?: string;
  taxRatePercent?: string;
  discount?: string;
  authorizationTransactionId?: string | null;
  captureTransactionId?: string | null;
  /** Order.CustomerIp; default one documentation-range address (203.0.113.0/24) per customer. */
  customerIp?: string | null;
  /** Customer.CreatedOnUtc: when the new guest's row was made (its first visit), or an existing customer registered. */
  customerCreatedOnUtc?: string;
  /**
   * A recurring cart placed while the plugin published no recurring events (before contract 1.2): its recurring
   * payment raises no recurring_payment.created, as a backfill finds it.
   */
  silentRecurringPayment?: boolean;
}

export interface PlaceOrderDeps {
  state: SimState;
  catalog: SimCatalog;
  customers: SimCustomers;
  orders: SimOrders;
  recurring: SimRecurringPayments;
}

const pct = (value: string): Fixed => toFixed(value) / 100n;

/**
 * PlaceOrderAsync in miniature: prices and totals (decimal, rounded to cents), inventory, recurring payment,
 * then OrderPlacedEvent and CheckOrderStatus. Totals are consistent: total = subtotal incl. tax + shipping - discount.
 */
export function placeOrder(deps: PlaceOrderDeps, input: PlaceOrderInput = {}): OpResult<NopOrderDetail> {
  const { state } = deps;
  const customer =
    input.customerId !== undefined
      ? state.customers.get(input.customerId)
      : deps.customers.createGuest(input.email ?? "guest@example.com");
  if (!customer) return notFound("customer", input.customerId ?? 0);
  if (input.customerCreatedOnUtc !== undefined) customer.createdOnUtc = input.customerCreatedOnUtc;
  const lines = input.items ?? [{ productId: firstProductId(state) }];
  if (lines.length === 0) return invalid("an order needs at least one item");

  const taxRate = pct(input.taxRatePercent ?? "0");
  const { id, orderGuid } = deps.orders.nextOrderIdentity();
  const items: NopOrderItem[] = [];
  for (const line of lines) {
    const product = state.products.get(line.productId);
    if (!product || product.deleted) return notFound("product", line.productId);
    const quantity = line.quantity ?? 1;
    const unitExcl = toFixed(line.unitPrice ?? product.price);
    const unitIncl = roundFixed(unitExcl + multiply(unitExcl, taxRate));
    items.push({
      id: state.nextId("OrderItem") as NopOrderItemId,
      orderItemGuid: crypto.randomUUID(),
      productId: product.id,
      productName: product.name,
      sku: product.sku,
      quantity,
      unitPriceInclTax: fromFixed(unitIncl),
      unitPriceExclTax: fromFixed(unitExcl),
      priceInclTax: fromFixed(multiply(unitIncl, fromInt(quantity))),
      priceExclTax: fromFixed(multiply(unitExcl, fromInt(quantity))),
      discountAmountInclTax: fromFixed(0n),
      discountAmountExclTax: fromFixed(0n),
      attributeDescription: null,
      isRecurring: product.isRecurring,
    });
  }
  const ships = items.some((i) => state.products.get(i.productId)?.isShipEnabled);
  const subtotalIncl = add(...items.map((i) => toFixed(i.priceInclTax)));
  const subtotalExcl = add(...items.map((i) => toFixed(i.priceExclTax)));
  const shipping = toFixed(input.shippingFee ?? (ships ? "5.00" : "0"));
  const discount = toFixed(input.discount ?? "0");
  if (discount > subtotalIncl + shipping) return invalid("discount exceeds the order amount");
  const zero = fromFixed(0n);
  const billing =
    customer.billingAddress ??
    makeAddress(state, {
      email: customer.email,
      firstName: customer.firstName ?? "Jane",
      lastName: customer.lastName ?? "Doe",
    });
  const primary = state.settings.primaryStoreCurrencyCode;
  const paymentStatusId = PaymentStatus[input.paymentStatus ?? "Pending"];

  const order: SimOrder = {
    refundIds: new Set(),
    detail: {
      id,
      orderGuid,
      customOrderNumber: String(id),
      storeId: state.settings.storeId,
      customerId: customer.id,
      customer: {
        id: customer.id,
        customerGuid: customer.customerGuid,
        email: customer.email,
        firstName: customer.firstName,
        lastName: customer.lastName,
        isGuest: !customer.customerRoleSystemNames.includes("Registered"),
        createdOnUtc: customer.createdOnUtc,
      },
      orderStatusId: OrderStatus.Pending,
      paymentStatusId,
      shippingStatusId: ships ? ShippingStatus.NotYetShipped : ShippingStatus.ShippingNotRequired,
      paymentMethodSystemName: input.paymentMethodSystemName ?? "Payments.StripeSidecar",
      primaryStoreCurrencyCode: primary,
      customerCurrencyCode: input.customerCurrencyCode ?? primary,
      currencyRate: fromFixed(toFixed(input.currencyRate ?? "1")),
      orderSubtotalInclTax: fromFixed(subtotalIncl),
      orderSubtotalExclTax: fromFixed(subtotalExcl),
      orderSubTotalDiscountInclTax: zero,
      orderSubTotalDiscountExclTax: zero,
      orderShippingInclTax: fromFixed(shipping),
      orderShippingExclTax: fromFixed(shipping),
      paymentMethodAdditionalFeeInclTax: zero,
      paymentMethodAdditionalFeeExclTax: zero,
      orderTax: fromFixed(subtotalIncl - subtotalExcl),
      orderDiscount: fromFixed(discount),
      orderTotal: fromFixed(subtotalIncl + shipping - discount),
      refundedAmount: zero,
      authorizationTransactionId: input.authorizationTransactionId ?? null,
      captureTransactionId: input.captureTransactionId ?? null,
      subscriptionTransactionId: null,
      paidDateUtc: null,
      shippingMethod: ships ? "Ground" : null,
      pickupInStore: false,
      billingAddress: billing,
      shippingAddress: ships ? { ...billing, id: state.nextId("Address") } : null,
      items,
      createdOnUtc: state.isoNow(),
      customerIp: input.customerIp === undefined ? documentationIpOf(customer.id) : input.customerIp,
      notes: [],
      shipments: [],
    },
  };

  for (const item of items) {
    const product = state.products.get(item.productId)!;
    deps.catalog.adjustInventory(
      product,
      -item.quantity,
      `The stock quantity has been reduced by placing the order #${id}`,
    );
  }
  const recurringProduct = items.map((i) => state.products.get(i.productId)!).find((p) => p.isRecurring);
  if (recurringProduct)
    deps.recurring.createFor(order, {
      cycleLength: recurringProduct.recurringCycleLength,
      cyclePeriodId: recurringProduct.recurringCyclePeriodId,
      totalCycles: recurringProduct.recurringTotalCycles,
      productId: recurringProduct.id,
      silent: input.silentRecurringPayment === true,
    });
  // The recurring payment references the order before OrderPlacedEvent, as in PlaceOrderAsync.
  deps.orders.insertPlaced(order);
  return ok(structuredClone(order.detail));
}

/** A customer's orders come from one address, different customers' mostly from different ones (RFC 5737). */
const documentationIpOf = (customerId: number): string => `203.0.113.${(customerId % 254) + 1}`;

function firstProductId(state: SimState): number {
  for (const p of state.products.values()) if (!p.deleted) return p.id;
  return 0;
}
