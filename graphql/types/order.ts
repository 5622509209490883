import { canSeeStore, isStoreScoped } from "../../sidecar/src/auth/actor.js";
import { OrderStatus, PaymentStatus } from "../../sidecar/src/connectors/nop/nop-enums.js";
import { holdsMoney, isPaymentIntentStatus, moneyHeldStatuses } from "../../sidecar/src/domain/payment-state.js";
import {
  type ActionLogEntry,
  type OrderToCashOrder,
  type OrderToCashPayment,
  type OrderToCashShipmentNotice,
  Prisma,
} from "../../sidecar/src/generated/prisma/client.js";
import { anyToken, customerData } from "../access.js";
import { badArgument, badUserInput, isStorableText } from "../arguments.js";
import { builder } from "../builder.js";
import type { GraphqlContext } from "../context.js";
import { pageSize, parseAfter, toConnection } from "../pagination.js";

// Reads only: everything here comes from the order-to-cash tables the flow writes. A store-limited token sees
// only its stores' orders: the queries filter, and the Order type refuses any other as a second line.

const paidStatuses = [PaymentStatus.Paid, PaymentStatus.PartiallyRefunded, PaymentStatus.Refunded];

const NopPaymentStatusEnum = builder.enumType("NopPaymentStatus", {
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

interface Charge {
  id: string;
  status: string;
  failureCode: string | null;
  declineCode: string | null;
  message: string | null;
}

interface Decline {
  id: string;
  code: string | null;
  declineCode: string | null;
  message: string;
}

const ChargeRef = builder.objectRef<Charge>("OrderCharge").implement({
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

const minor = (value: bigint) => Number(value);

const PaymentIntentRef = builder.objectRef<OrderToCashPayment>("OrderPaymentIntent").implement({
  description: "A PaymentIntent as the flow last stored it (monotonic: a late failure never undoes a payment)",
  fields: (t) => ({
    id: t.exposeString("paymentIntentId"),
    status: t.exposeString("status"),
    captureMethod: t.exposeString("captureMethod"),
    currency: t.exposeString("currency", { description: "Lower-case ISO 4217, as Stripe writes it" }),
    amount: t.float({ description: "Minor units (integer)", resolve: (p) => minor(p.amount) }),
    amountCapturable: t.float({ description: "Minor units (integer)", resolve: (p) => minor(p.amountCapturable) }),
    amountReceived: t.float({ description: "Minor units (integer)", resolve: (p) => minor(p.amountReceived) }),
    latestChargeId: t.exposeString("latestChargeId", { nullable: true }),
    charges: t.field({
      type: [ChargeRef],
      resolve: (p) => {
        const declines = (p.declines as unknown as Decline[] | null) ?? [];
        const charges: Charge[] = declines.map((d) => ({
          id: d.id,
          status: "failed",
          failureCode: d.code,
          declineCode: d.declineCode,
          message: d.message,
        }));
        if (p.latestChargeId && !declines.some((d) => d.id === p.latestChargeId)) {
          const status =
            p.status === "succeeded" ? "succeeded" : p.status === "requires_capture" ? "authorized" : p.status;
          charges.push({ id: p.latestChargeId, status, failureCode: null, declineCode: null, message: null });
        }
        return charges;
      },
    }),
    updatedAt: t.expose("updatedAt", { type: "DateTime" }),
  }),
});

interface ErpDocument {
  salesOrderId: string;
  documentNumber: string;
  total: number | null;
  currency: string | null;
  mapping: string | null;
  createdAt: Date | null;
}

const ErpDocumentRef = builder.objectRef<ErpDocument>("OrderErpDocument").implement({
  description: "The ERP sales order created for the order",
  fields: (t) => ({
    salesOrderId: t.exposeString("salesOrderId"),
    documentNumber: t.exposeString("documentNumber"),
    total: t.float({ nullable: true, description: "Minor units sent to the ERP", resolve: (d) => d.total }),
    currency: t.exposeString("currency", { nullable: true }),
    mapping: t.exposeString("mapping", { nullable: true, description: "Mapping name@version used" }),
    createdAt: t.expose("createdAt", { type: "DateTime", nullable: true }),
  }),
});

interface WmsRequest {
  id: string;
  requestedAt: Date | null;
}

const WmsRequestRef = builder.objectRef<WmsRequest>("OrderWmsRequest").implement({
  description: "The warehouse fulfillment request",
  fields: (t) => ({
    id: t.exposeString("id"),
    requestedAt: t.expose("requestedAt", { type: "DateTime", nullable: true }),
  }),
});

interface Shipment {
  nopShipmentId: number | null;
  trackingNumber: string;
  carrier: string;
  shippedAt: Date | null;
  deliveredAt: Date | null;
}

const ShipmentRef = builder.objectRef<Shipment>("OrderShipment").implement({
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

const TimelineEntryRef = builder.objectRef<ActionLogEntry>("OrderTimelineEntry").implement({
  description: "An event received or an action performed for the order",
  fields: (t) => ({
    key: t.exposeString("key", { description: "Unique: the action's idempotency key, or event:<source>:<id>" }),
    kind: t.exposeString("kind", { description: "event, action or decision" }),
    name: t.exposeString("name"),
    detail: t.expose("detail", { type: "JSON" }),
    at: t.expose("at", { type: "DateTime" }),
  }),
});

/** The order row with everything else the flow stored about it, loaded once per order. */
interface UnifiedOrder {
  row: OrderToCashOrder;
  payments: OrderToCashPayment[];
  timeline: ActionLogEntry[];
  notices: OrderToCashShipmentNotice[];
}

// Entries written in the same millisecond are shown in the flow's order of work.
const step = (e: ActionLogEntry) => {
  if (e.kind === "event") return 0;
  const order = ["payment-intent", "mark-authorized", "mark-paid", "partial-capture", "erp-sales-order", "erp-note"];
  const at = order.indexOf(e.name);
  return at === -1 ? order.length + (e.name === "wms-request" ? 0 : e.name === "ship" ? 1 : 2) : at + 1;
};

async function load(prisma: GraphqlContext["prisma"], rows: OrderToCashOrder[]): Promise<UnifiedOrder[]> {
  if (rows.length === 0) return [];
  const guids = rows.map((r) => r.orderGuid);
  const intents = rows.flatMap((r) => (r.paymentIntentId ? [r.paymentIntentId] : []));
  const [payments, timeline, notices] = await Promise.all([
    prisma.orderToCashPayment.findMany({
      where: { OR: [{ orderGuid: { in: guids } }, { paymentIntentId: { in: intents } }] },
      orderBy: { updatedAt: "asc" },
    }),
    prisma.actionLogEntry.findMany({
      where: { flow: "order-to-cash", aggregate: { in: guids } },
      orderBy: { at: "asc" },
    }),
    prisma.orderToCashShipmentNotice.findMany({ where: { orderGuid: { in: guids } }, orderBy: { receivedAt: "asc" } }),
  ]);
  return rows.map((row) => ({
    row,
    payments: payments.filter((p) => p.orderGuid === row.orderGuid || p.paymentIntentId === row.paymentIntentId),
    timeline: timeline
      .filter((e) => e.aggregate === row.orderGuid)
      .sort((a, b) => a.at.getTime() - b.at.getTime() || step(a) - step(b)),
    notices: notices.filter((n) => n.orderGuid === row.orderGuid),
  }));
}

const action = (o: UnifiedOrder, name: string) => o.timeline.find((e) => e.kind === "action" && e.name === name);

/** The reasons the systems disagree, from the stored state (see the `mismatch` argument of `orders`). */
function mismatchReasons(o: UnifiedOrder, graceMs: number, now: number): string[] {
  const { row } = o;
  const settled = now - row.updatedAt.getTime() >= graceMs;
  const payment = o.payments.find((p) => p.paymentIntentId === row.paymentIntentId);
  const nopPaid = row.nopPaymentStatusId !== null && (paidStatuses as number[]).includes(row.nopPaymentStatusId);
  const reasons: string[] = [];
  if (!settled) return reasons;
  if (row.nopPaymentStatusId === null) {
    // Money taken or held for an order nopCommerce has not described (by now its order.placed would be here).
    if (payment && isPaymentIntentStatus(payment.status) && holdsMoney(payment.status))
      reasons.push("stripe_paid_order_unknown");
    return reasons;
  }
  if (payment?.status === "succeeded" && !nopPaid) reasons.push("stripe_succeeded_nop_not_paid");
  if (nopPaid && payment && payment.status !== "succeeded") reasons.push("nop_paid_stripe_not_succeeded");
  if (nopPaid && row.erpDocumentNumber === null) reasons.push("paid_without_erp_document");
  if (payment && row.totalMinor !== null && payment.amount !== row.totalMinor) reasons.push("amount_differs");
  return reasons;
}

const UnifiedOrderRef = builder.objectRef<UnifiedOrder & { graceMs: number }>("Order").implement({
  description: "One nopCommerce order as the order-to-cash flow sees it in every system",
  authScopes: (order, { actor }) => canSeeStore(actor, order.row.storeId),
  fields: (t) => ({
    id: t.id({ description: "The order GUID (lower case)", resolve: (o) => o.row.orderGuid }),
    orderGuid: t.string({ resolve: (o) => o.row.orderGuid }),
    nopOrderId: t.int({ nullable: true, resolve: (o) => o.row.nopOrderId }),
    storeId: t.int({ nullable: true, resolve: (o) => o.row.storeId }),
    customOrderNumber: t.string({ nullable: true, resolve: (o) => o.row.customOrderNumber }),
    customerId: t.int({ nullable: true, resolve: (o) => o.row.customerId }),
    currency: t.string({ nullable: true, description: "Lower-case ISO 4217", resolve: (o) => o.row.currency }),
    orderTotal: t.string({
      nullable: true,
      description: "nopCommerce OrderTotal as a decimal string",
      resolve: (o) => (o.row.nopOrder as { orderTotal?: string } | null)?.orderTotal ?? null,
    }),
    totalMinor: t.float({
      nullable: true,
      description: "OrderTotal in the currency's minor unit (integer; Float because GraphQL Int is 32-bit)",
      resolve: (o) => (o.row.totalMinor === null ? null : Number(o.row.totalMinor)),
    }),
    paymentStatus: t.field({
      type: NopPaymentStatusEnum,
      nullable: true,
      resolve: (o) => o.row.nopPaymentStatusId as (typeof PaymentStatus)[keyof typeof PaymentStatus] | null,
    }),
    orderStatus: t.field({
      type: NopOrderStatusEnum,
      nullable: true,
      resolve: (o) => o.row.nopOrderStatusId as (typeof OrderStatus)[keyof typeof OrderStatus] | null,
    }),
    nopOrder: t.field({
      type: "JSON",
      nullable: true,
      authScopes: customerData,
      description: "The latest nopCommerce order snapshot the flow stored (bridge event or write-back answer)",
      resolve: (o) => o.row.nopOrder,
    }),
    paymentIntentId: t.string({ nullable: true, resolve: (o) => o.row.paymentIntentId }),
    paymentIntents: t.field({ type: [PaymentIntentRef], resolve: (o) => o.payments }),
    erpDocument: t.field({
      type: ErpDocumentRef,
      nullable: true,
      resolve: (o) => {
        if (!o.row.erpSalesOrderId || !o.row.erpDocumentNumber) return null;
        const created = action(o, "erp-sales-order");
        const detail = (created?.detail ?? {}) as { total?: number; currency?: string; mapping?: string };
        return {
          salesOrderId: o.row.erpSalesOrderId,
          documentNumber: o.row.erpDocumentNumber,
          total: detail.total ?? null,
          currency: detail.currency ?? null,
          mapping: detail.mapping ?? null,
          createdAt: created?.at ?? null,
        };
      },
    }),
    wmsRequest: t.field({
      type: WmsRequestRef,
      nullable: true,
      resolve: (o) =>
        o.row.wmsRequestId ? { id: o.row.wmsRequestId, requestedAt: action(o, "wms-request")?.at ?? null } : null,
    }),
    shipments: t.field({
      type: [ShipmentRef],
      resolve: (o) => {
        const first = o.notices[0];
        if (!first && o.row.nopShipmentId === null) return [];
        return [
          {
            nopShipmentId: o.row.nopShipmentId,
            trackingNumber: o.row.trackingNumber ?? first?.trackingNumber ?? "",
            carrier: first?.carrier ?? "",
            shippedAt: action(o, "ship")?.at ?? null,
            deliveredAt: action(o, "deliver")?.at ?? null,
          },
        ];
      },
    }),
    timeline: t.field({
      type: [TimelineEntryRef],
      description: "Every event and action, oldest first",
      resolve: (o) => o.timeline,
    }),
    mismatches: t.stringList({
      description:
        "Why the systems disagree (empty when they agree); see `orders(mismatch:)` for the definition and grace time",
      resolve: (o) => mismatchReasons(o, o.graceMs, Date.now()),
    }),
    createdAt: t.field({ type: "DateTime", resolve: (o) => o.row.createdAt }),
    updatedAt: t.field({ type: "DateTime", resolve: (o) => o.row.updatedAt }),
  }),
});

const defaultGraceMinutes = 5;

async function findOrderRow(
  prisma: GraphqlContext["prisma"],
  args: { nopOrderId?: number | null; guid?: string | null; paymentIntentId?: string | null },
): Promise<OrderToCashOrder | null> {
  if (args.guid) return prisma.orderToCashOrder.findUnique({ where: { orderGuid: args.guid.toLowerCase() } });
  if (args.nopOrderId != null) return prisma.orderToCashOrder.findFirst({ where: { nopOrderId: args.nopOrderId } });
  if (args.paymentIntentId) {
    const direct = await prisma.orderToCashOrder.findUnique({ where: { paymentIntentId: args.paymentIntentId } });
    if (direct) return direct;
    // An earlier PaymentIntent of the order (e.g. replaced after a decline) still leads to it.
    const payment = await prisma.orderToCashPayment.findUnique({ where: { paymentIntentId: args.paymentIntentId } });
    return payment?.orderGuid ? prisma.orderToCashOrder.findUnique({ where: { orderGuid: payment.orderGuid } }) : null;
  }
  return null;
}

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
    resolve: async (_root, args, { prisma, actor }) => {
      if ([args.nopOrderId, args.guid, args.paymentIntentId].filter((a) => a != null).length !== 1)
        throw badUserInput("give exactly one of nopOrderId, guid, paymentIntentId");
      const row = await findOrderRow(prisma, args);
      if (!row || !canSeeStore(actor, row.storeId)) return null;
      const [loaded] = await load(prisma, [row]);
      return loaded ? { ...loaded, graceMs: defaultGraceMinutes * 60_000 } : null;
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
    resolve: async (_root, args, { prisma, actor }) => {
      const size = pageSize(args);
      const graceMinutes = Math.max(args.mismatchAfterMinutes ?? defaultGraceMinutes, 0);
      for (const [name, value] of [
        ["minAmount", args.minAmount],
        ["maxAmount", args.maxAmount],
      ] as const)
        if (value != null && !decimal.test(value)) throw badArgument(name, "must be a decimal such as 12.50");
      // Order GUIDs are text: any the flow could have stored.
      const cursor = parseAfter(args.after, isStorableText);
      const paidIn = Prisma.join(paidStatuses);
      const disagree = Prisma.sql`(o."updatedAt" <= now() - make_interval(mins => ${graceMinutes}::int) AND (
        (o."nopPaymentStatusId" IS NOT NULL AND (
          (p.status = 'succeeded' AND o."nopPaymentStatusId" NOT IN (${paidIn}))
          OR (o."nopPaymentStatusId" IN (${paidIn}) AND p."paymentIntentId" IS NOT NULL AND p.status <> 'succeeded')
          OR (o."nopPaymentStatusId" IN (${paidIn}) AND o."erpDocumentNumber" IS NULL)
          OR (p."paymentIntentId" IS NOT NULL AND o."totalMinor" IS NOT NULL AND p.amount <> o."totalMinor")))
        OR (o."nopPaymentStatusId" IS NULL AND p.status IN (${Prisma.join(moneyHeldStatuses)}))))`;
      const conditions: Prisma.Sql[] = [Prisma.sql`TRUE`];
      if (isStoreScoped(actor)) conditions.push(Prisma.sql`o."storeId" IN (${Prisma.join(actor.storeIds)})`);
      if (args.paymentStatus?.length)
        conditions.push(Prisma.sql`o."nopPaymentStatusId" IN (${Prisma.join(args.paymentStatus)})`);
      if (args.orderStatus?.length)
        conditions.push(Prisma.sql`o."nopOrderStatusId" IN (${Prisma.join(args.orderStatus)})`);
      if (args.paymentIntentStatus?.length)
        conditions.push(Prisma.sql`p.status IN (${Prisma.join(args.paymentIntentStatus)})`);
      if (args.createdAfter) conditions.push(Prisma.sql`o."createdAt" >= ${args.createdAfter}`);
      if (args.createdBefore) conditions.push(Prisma.sql`o."createdAt" < ${args.createdBefore}`);
      if (args.minAmount != null)
        conditions.push(Prisma.sql`(o."nopOrder"->>'orderTotal')::numeric >= ${args.minAmount}::numeric`);
      if (args.maxAmount != null)
        conditions.push(Prisma.sql`(o."nopOrder"->>'orderTotal')::numeric <= ${args.maxAmount}::numeric`);
      if (args.currency) conditions.push(Prisma.sql`o.currency = ${args.currency.toLowerCase()}`);
      if (args.mismatch === true) conditions.push(disagree);
      if (args.mismatch === false) conditions.push(Prisma.sql`NOT ${disagree}`);
      if (cursor)
        conditions.push(
          Prisma.sql`(o."createdAt" < ${cursor.at} OR (o."createdAt" = ${cursor.at} AND o."orderGuid" < ${cursor.id}))`,
        );
      const keys = await prisma.$queryRaw<{ orderGuid: string }[]>`
        SELECT o."orderGuid" FROM "OrderToCashOrder" o
        LEFT JOIN "OrderToCashPayment" p ON p."paymentIntentId" = o."paymentIntentId"
        WHERE ${Prisma.join(conditions, " AND ")}
        ORDER BY o."createdAt" DESC, o."orderGuid" DESC
        LIMIT ${size + 1}`;
      const rows = await prisma.orderToCashOrder.findMany({
        where: { orderGuid: { in: keys.map((k) => k.orderGuid) } },
      });
      const byGuid = new Map(rows.map((r) => [r.orderGuid, r]));
      const ordered = keys.flatMap((k) => byGuid.get(k.orderGuid) ?? []);
      const loaded = await load(prisma, ordered);
      return toConnection(
        loaded.map((o) => ({ ...o, id: o.row.orderGuid, graceMs: graceMinutes * 60_000 })),
        size,
        (o) => o.row.createdAt,
      );
    },
  }),
}));
