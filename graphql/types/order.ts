import { canSeeStore, isStoreScoped } from "../../sidecar/src/auth/actor.js";
import { orderGuidSchema } from "../../sidecar/src/domain/ids.js";
import { OrderStatus, PaymentStatus } from "../../sidecar/src/domain/nop-statuses.js";
import type {
  ChargeView,
  ErpDocumentView,
  OrderKey,
  OrderView,
  PaymentIntentView,
  ShipmentView,
  TimelineEntryView,
} from "../../sidecar/src/flows/order-to-cash/read-model.js";
import { anyToken, customerData } from "../access.js";
import { badArgument, badUserInput, isStorableText } from "../arguments.js";
import { builder } from "../builder.js";
import { pageSize, parseAfter, toConnection } from "../pagination.js";
import { MoneyRef } from "./money.js";

// Reads only, through the flow's read model (flows/order-to-cash/read-model.ts), which owns what an order view
// holds and when the systems disagree; this file maps its answers. A store-limited token sees only its stores'
// orders: the queries filter, and the Order type refuses any other as a second line.

/** Exported for other connections of orders (the customer view's). */
export const NopPaymentStatusEnum = builder.enumType("NopPaymentStatus", {
  description: "nopCommerce PaymentStatus (the integer values of Nop.Core.Domain.Payments.PaymentStatus)",
  values: Object.fromEntries(Object.entries(PaymentStatus).map(([name, value]) => [name, { value }])) as {
    [K in keyof typeof PaymentStatus]: { value: (typeof PaymentStatus)[K] };
  },
});

const NopOrderStatusEnum = builder.enumType("NopOrderStatus", {
  description: "nopCommerce OrderStatus (the integer values of Nop.Core.Domain.Orders.OrderStatus)",
  values: Object.fromEntries(Object.entries(OrderStatus).map(([name, value]) => [name, { value }])) as {
    [K in keyof typeof OrderStatus]: { value: (typeof OrderStatus)[K] };
  },
});

const ChargeRef = builder.objectRef<ChargeView>("OrderCharge").implement({
  description: "A charge of the PaymentIntent as the flow stored it: the failed attempts and the latest charge",
  fields: (t) => ({
    id: t.exposeString("id"),
    status: t.exposeString("status", {
      description: "failed, or for the latest charge: succeeded (captured) or authorized (awaiting capture)",
    }),
    failureCode: t.exposeString("failureCode", { nullable: true }),
    declineCode: t.exposeString("declineCode", { nullable: true }),
    message: t.exposeString("message", { nullable: true }),
  }),
});

const PaymentIntentRef = builder.objectRef<PaymentIntentView>("OrderPaymentIntent").implement({
  description: "A PaymentIntent as the flow last stored it (monotonic: a late failure never undoes a payment)",
  fields: (t) => ({
    id: t.exposeString("id"),
    status: t.exposeString("status"),
    captureMethod: t.exposeString("captureMethod"),
    currency: t.string({ description: "Lower-case ISO 4217, as Stripe writes it", resolve: (p) => p.amount.currency }),
    amount: t.float({ description: "Minor units (integer)", resolve: (p) => p.amount.amount }),
    amountCapturable: t.float({ description: "Minor units (integer)", resolve: (p) => p.amountCapturable.amount }),
    amountReceived: t.float({ description: "Minor units (integer)", resolve: (p) => p.amountReceived.amount }),
    latestChargeId: t.exposeString("latestChargeId", { nullable: true }),
    charges: t.field({ type: [ChargeRef], resolve: (p) => p.charges }),
    updatedAt: t.expose("updatedAt", { type: "DateTime" }),
  }),
});

const ErpDocumentRef = builder.objectRef<ErpDocumentView>("OrderErpDocument").implement({
  description: "The ERP sales order created for the order",
  fields: (t) => ({
    salesOrderId: t.exposeString("salesOrderId"),
    documentNumber: t.exposeString("documentNumber"),
    total: t.float({
      nullable: true,
      description: "Minor units sent to the ERP",
      resolve: (d) => d.total?.amount ?? null,
    }),
    currency: t.exposeString("documentCurrency", { nullable: true }),
    mapping: t.exposeString("mapping", { nullable: true, description: "Mapping name@version used" }),
    createdAt: t.expose("createdAt", { type: "DateTime", nullable: true }),
  }),
});

const WmsRequestRef = builder.objectRef<NonNullable<OrderView["wmsRequest"]>>("OrderWmsRequest").implement({
  description: "The warehouse fulfillment request",
  fields: (t) => ({
    id: t.exposeString("id"),
    requestedAt: t.expose("requestedAt", { type: "DateTime", nullable: true }),
  }),
});

const ShipmentRef = builder.objectRef<ShipmentView>("OrderShipment").implement({
  description: "A shipment the WMS reported, and when nopCommerce was told",
  fields: (t) => ({
    nopShipmentId: t.exposeInt("nopShipmentId", { nullable: true }),
    trackingNumber: t.exposeString("trackingNumber"),
    carrier: t.exposeString("carrier"),
    shippedAt: t.expose("shippedAt", {
      type: "DateTime",
      nullable: true,
      description: "When the shipment was added in nopCommerce",
    }),
    deliveredAt: t.expose("deliveredAt", {
      type: "DateTime",
      nullable: true,
      description: "When nopCommerce was told it was delivered",
    }),
  }),
});

const TimelineEntryRef = builder.objectRef<TimelineEntryView>("OrderTimelineEntry").implement({
  description: "An event received or an action performed for the order",
  fields: (t) => ({
    key: t.exposeString("key", { description: "Unique: the action's idempotency key, or event:<source>:<id>" }),
    kind: t.exposeString("kind", { description: "event, action or decision" }),
    name: t.exposeString("name"),
    detail: t.expose("detail", { type: "JSON" }),
    at: t.expose("at", { type: "DateTime" }),
  }),
});

type PaymentStatusValue = (typeof PaymentStatus)[keyof typeof PaymentStatus];
type OrderStatusValue = (typeof OrderStatus)[keyof typeof OrderStatus];

export const UnifiedOrderRef = builder.objectRef<OrderView>("Order").implement({
  description: "One nopCommerce order as the order-to-cash flow sees it in every system",
  authScopes: (order, { actor }) => canSeeStore(actor, order.storeId),
  fields: (t) => ({
    id: t.id({ description: "The order GUID (lower case)", resolve: (o) => o.orderGuid }),
    orderGuid: t.exposeString("orderGuid"),
    nopOrderId: t.exposeInt("nopOrderId", { nullable: true }),
    storeId: t.exposeInt("storeId", { nullable: true }),
    customOrderNumber: t.exposeString("customOrderNumber", { nullable: true }),
    customerId: t.exposeInt("customerId", { nullable: true }),
    currency: t.string({
      nullable: true,
      description: "Lower-case ISO 4217",
      resolve: (o) => o.total?.currency ?? null,
    }),
    orderTotal: t.exposeString("orderTotal", {
      nullable: true,
      description: "nopCommerce OrderTotal as a decimal string",
    }),
    totalMinor: t.float({
      nullable: true,
      description: "OrderTotal in the currency's minor unit (integer; Float because GraphQL Int is 32-bit)",
      resolve: (o) => o.total?.amount ?? null,
    }),
    total: t.field({ type: MoneyRef, nullable: true, description: "OrderTotal as Money", resolve: (o) => o.total }),
    paymentStatus: t.field({
      type: NopPaymentStatusEnum,
      nullable: true,
      resolve: (o) => o.paymentStatusId as PaymentStatusValue | null,
    }),
    orderStatus: t.field({
      type: NopOrderStatusEnum,
      nullable: true,
      resolve: (o) => o.orderStatusId as OrderStatusValue | null,
    }),
    nopOrder: t.field({
      type: "JSON",
      nullable: true,
      authScopes: customerData,
      description: "The latest nopCommerce order snapshot the flow stored (bridge event or write-back answer)",
      resolve: (o) => o.nopOrder,
    }),
    paymentIntentId: t.exposeString("paymentIntentId", { nullable: true }),
    paymentIntents: t.field({ type: [PaymentIntentRef], resolve: (o) => o.paymentIntents }),
    erpDocument: t.field({ type: ErpDocumentRef, nullable: true, resolve: (o) => o.erpDocument }),
    wmsRequest: t.field({ type: WmsRequestRef, nullable: true, resolve: (o) => o.wmsRequest }),
    shipments: t.field({ type: [ShipmentRef], resolve: (o) => o.shipments }),
    timeline: t.field({
      type: [TimelineEntryRef],
      description: "Every event and action, oldest first",
      resolve: (o) => o.timeline,
    }),
    mismatches: t.stringList({
      description:
        "Why the systems disagree (empty when they agree); see `orders(mismatch:)` for the definition and grace time",
      resolve: (o) => o.mismatches,
    }),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
    updatedAt: t.expose("updatedAt", { type: "DateTime" }),
  }),
});

/** The default grace time of the mismatch rule, in minutes (exported for other connections of orders). */
export const defaultGraceMinutes = 5;

/** A page of orders (fetched with limit = size + 1) as a connection, newest first; the customer view's too. */
export const ordersConnection = (page: OrderView[], size: number) =>
  toConnection(
    page.map((o) => ({ ...o, id: o.orderGuid })),
    size,
    (o) => o.createdAt,
  );

const decimal = /^-?\d+(\.\d+)?$/;

builder.queryFields((t) => ({
  order: t.field({
    type: UnifiedOrderRef,
    nullable: true,
    authScopes: anyToken,
    description:
      "One order by exactly one of: nopCommerce order id, order GUID, PaymentIntent id (null when not found or in a store the token does not cover)",
    args: {
      nopOrderId: t.arg.int(),
      guid: t.arg.string(),
      paymentIntentId: t.arg.string(),
    },
    resolve: async (_root, args, { orders, actor }) => {
      const { nopOrderId, guid, paymentIntentId } = args;
      if ([nopOrderId, guid, paymentIntentId].filter((a) => a != null).length !== 1)
        throw badUserInput("give exactly one of nopOrderId, guid, paymentIntentId");
      let key: OrderKey;
      if (nopOrderId != null) key = { nopOrderId };
      else if (paymentIntentId != null) key = { paymentIntentId };
      else {
        // Any case finds the order: its GUID is made once, here, as the flow stores it.
        const parsed = orderGuidSchema.safeParse(guid);
        if (!parsed.success) return null;
        key = { guid: parsed.data };
      }
      const order = await orders.find(key, defaultGraceMinutes);
      return order && canSeeStore(actor, order.storeId) ? order : null;
    },
  }),
  orders: t.connection({
    type: UnifiedOrderRef,
    authScopes: anyToken,
    description: "Orders known to the order-to-cash flow, newest first (by when the flow first heard of them)",
    args: {
      paymentStatus: t.arg({ type: [NopPaymentStatusEnum], description: "nopCommerce PaymentStatus, any of" }),
      orderStatus: t.arg({ type: [NopOrderStatusEnum], description: "nopCommerce OrderStatus, any of" }),
      paymentIntentStatus: t.arg.stringList({ description: "Stored PaymentIntent status, any of" }),
      createdAfter: t.arg({ type: "DateTime", description: "Inclusive" }),
      createdBefore: t.arg({ type: "DateTime", description: "Exclusive" }),
      minAmount: t.arg.string({ description: "Decimal, inclusive, compared with nopCommerce OrderTotal" }),
      maxAmount: t.arg.string({ description: "Decimal, inclusive, compared with nopCommerce OrderTotal" }),
      currency: t.arg.string({ description: "ISO 4217 (any case)" }),
      mismatch: t.arg.boolean({
        description:
          "true: only orders whose systems disagree; false: only those that agree. An order disagrees when it " +
          "has been unchanged for `mismatchAfterMinutes` and, from the stored state: its PaymentIntent succeeded " +
          "but nopCommerce is not Paid/PartiallyRefunded/Refunded (stripe_succeeded_nop_not_paid); or nopCommerce " +
          "is paid but its PaymentIntent did not succeed (nop_paid_stripe_not_succeeded); or nopCommerce is paid " +
          "but no ERP sales order exists (paid_without_erp_document); or the PaymentIntent amount differs from " +
          "the order total in minor units (amount_differs); or nopCommerce has not described the order while its " +
          "PaymentIntent succeeded or awaits capture (stripe_paid_order_unknown).",
      }),
      mismatchAfterMinutes: t.arg.int({
        description: `Grace time for \`mismatch\` (default ${defaultGraceMinutes}): an order still changing is not a mismatch yet`,
      }),
    },
    resolve: async (_root, args, { orders, actor }) => {
      const size = pageSize(args);
      const graceMinutes = Math.max(args.mismatchAfterMinutes ?? defaultGraceMinutes, 0);
      for (const [name, value] of [
        ["minAmount", args.minAmount],
        ["maxAmount", args.maxAmount],
      ] as const)
        if (value != null && !decimal.test(value)) throw badArgument(name, "must be a decimal such as 12.50");
      // Order GUIDs are text: any the flow could have stored.
      const after = parseAfter(args.after, isStorableText) ?? undefined;
      const page = await orders.list({
        ...(isStoreScoped(actor) ? { storeIds: actor.storeIds } : {}),
        ...(args.paymentStatus ? { paymentStatusIds: args.paymentStatus } : {}),
        ...(args.orderStatus ? { orderStatusIds: args.orderStatus } : {}),
        ...(args.paymentIntentStatus ? { paymentIntentStatuses: args.paymentIntentStatus } : {}),
        ...(args.createdAfter ? { createdAfter: args.createdAfter } : {}),
        ...(args.createdBefore ? { createdBefore: args.createdBefore } : {}),
        ...(args.minAmount != null ? { minAmount: args.minAmount } : {}),
        ...(args.maxAmount != null ? { maxAmount: args.maxAmount } : {}),
        ...(args.currency ? { currency: args.currency } : {}),
        ...(args.mismatch != null ? { mismatch: args.mismatch } : {}),
        graceMinutes,
        ...(after ? { after } : {}),
        limit: size + 1,
      });
      return ordersConnection(page, size);
    },
  }),
}));
