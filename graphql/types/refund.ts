import { orderGuidSchema } from "../../sidecar/src/domain/ids.js";
import { fromDecimalString, money } from "../../sidecar/src/domain/money.js";
import type { RefundView } from "../../sidecar/src/flows/refunds/index.js";
import { refundMoney } from "../access.js";
import { badArgument, badUserInput, isStorableText } from "../arguments.js";
import { builder } from "../builder.js";
import type { GraphqlContext } from "../context.js";
import { pageSize, parseAfter, toConnection } from "../pagination.js";
import { MoneyRef } from "./money.js";
import { UnifiedOrderRef } from "./order.js";

// Refunds through the refunds flow's read model (flows/refunds/read-model.ts) and its entry point; this file maps.

const refundStates = ["pending", "requires_action", "succeeded", "failed", "canceled", "refused"] as const;

const RefundStateEnum = builder.enumType("RefundState", {
  description: "Stripe's refund status, or refused: Stripe would not refund, nothing moved",
  values: refundStates,
});

const RefundOriginEnum = builder.enumType("RefundOrigin", {
  description: "Where the refund started",
  values: ["rma", "admin", "graphql", "dashboard"] as const,
});

const NopRefundStateEnum = builder.enumType("NopRefundState", {
  description:
    "recorded: the flow recorded it (RefundOffline / PartiallyRefundOffline); recorded_by_nopcommerce: an admin button refund nopCommerce recorded itself; refused: nopCommerce refused to record it; not_recorded: not (yet)",
  values: ["recorded", "recorded_by_nopcommerce", "refused", "not_recorded"] as const,
});

const RefundRef = builder.objectRef<RefundView>("Refund").implement({
  description: "One refund of an order and where it stands in Stripe, nopCommerce and the ERP",
  fields: (t) => ({
    id: t.id({
      description: "The refund's key: rma:<id>, admin:<request id>, graphql:<id> or stripe:<refund id>",
      resolve: (r) => r.key,
    }),
    orderGuid: t.exposeString("orderGuid"),
    origin: t.field({ type: RefundOriginEnum, resolve: (r) => r.origin }),
    amount: t.field({ type: MoneyRef, resolve: (r) => r.amount }),
    reason: t.exposeString("reason", { nullable: true }),
    returnRequestId: t.exposeInt("returnRequestId", { nullable: true }),
    stripeRefundId: t.exposeString("stripeRefundId", { nullable: true }),
    stripeState: t.field({ type: RefundStateEnum, nullable: true, resolve: (r) => r.stripeState }),
    failureReason: t.exposeString("failureReason", { nullable: true }),
    nopState: t.field({ type: NopRefundStateEnum, resolve: (r) => r.nopState }),
    erpCreditMemo: t.exposeString("erpCreditMemo", { nullable: true, description: "The ERP credit memo's number" }),
    requestedBy: t.exposeString("requestedBy", { nullable: true }),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
    updatedAt: t.expose("updatedAt", { type: "DateTime" }),
  }),
});

const refundsOf = (context: GraphqlContext) => {
  const refunds = context.flows.refunds;
  if (!refunds) throw badUserInput("refunds are not enabled in this sidecar");
  return refunds;
};

builder.objectField(UnifiedOrderRef, "refunds", (t) =>
  t.field({
    type: [RefundRef],
    description: "The order's refunds, oldest first, wherever they started",
    resolve: async (order, _args, { flows }) =>
      // A sidecar without the refunds flow has no refunds to show.
      flows.refunds ? (await flows.refunds.readModel.forOrder(orderGuidSchema.parse(order.orderGuid))).reverse() : [],
  }),
);

builder.queryFields((t) => ({
  refunds: t.connection({
    type: RefundRef,
    authScopes: refundMoney,
    description: "Refunds of every order, newest first",
    args: {
      state: t.arg({ type: [RefundStateEnum], description: "Any of" }),
      createdAfter: t.arg({ type: "DateTime", description: "Inclusive" }),
      createdBefore: t.arg({ type: "DateTime", description: "Exclusive" }),
    },
    resolve: async (_root, args, context) => {
      const size = pageSize(args);
      const after = parseAfter(args.after, isStorableText);
      const rows =
        size === 0
          ? []
          : await refundsOf(context).readModel.list(
              {
                ...(args.state ? { states: args.state } : {}),
                ...(args.createdAfter ? { from: args.createdAfter } : {}),
                ...(args.createdBefore ? { to: args.createdBefore } : {}),
              },
              size + 1,
              after ? { createdAt: after.at, key: after.id } : undefined,
            );
      return toConnection(
        rows.map((r) => ({ ...r, id: r.key })),
        size,
        (r) => r.createdAt,
      );
    },
  }),
}));

const RefundItemInput = builder.inputType("RefundItemInput", {
  description: "An order item to refund and how many of it",
  fields: (t) => ({
    orderItemId: t.int({ required: true, description: "nopCommerce's order item id" }),
    quantity: t.int({ required: true, description: "At most what was ordered less what was refunded by item" }),
  }),
});

/** The money arguments: exactly one of amountMinor and amount, or neither when items say what to refund. */
function amountOf(
  args: { amountMinor?: number | null; amount?: string | null },
  currency: string,
  itemsGiven: boolean,
): ReturnType<typeof money> | undefined {
  if (args.amountMinor != null && args.amount != null) throw badUserInput("give at most one of amountMinor, amount");
  if (args.amountMinor == null && args.amount == null) {
    if (itemsGiven) return undefined;
    throw badUserInput("give one of amountMinor, amount, or items");
  }
  if (args.amountMinor != null) {
    if (!Number.isSafeInteger(args.amountMinor) || args.amountMinor <= 0)
      throw badArgument("amountMinor", "must be a whole number of minor units above zero");
    return money(args.amountMinor, currency);
  }
  const parsed = fromDecimalString(args.amount!, currency);
  if (!parsed.ok) throw badArgument("amount", parsed.error.message);
  return parsed.value;
}

builder.mutationFields((t) => ({
  refund: t.field({
    type: RefundRef,
    authScopes: refundMoney,
    description:
      "Refunds part or all of an order paid through Stripe, once per requestId (the same requestId again answers the same refund): an amount, or items (the amount then computed exactly as a return's: unit price incl. tax less the item's discount share, x quantity; shipping only with refundShipping). Refused before Stripe is called when it exceeds what is left, an item's quantity exceeds what is left of it, the amount disagrees with the items, or the order was paid another way.",
    args: {
      orderGuid: t.arg.string({ required: true }),
      amountMinor: t.arg.float({ description: "Integer minor units (give this, amount, or items)" }),
      amount: t.arg.string({ description: 'A decimal such as "12.50" (give this, amountMinor, or items)' }),
      items: t.arg({
        type: [RefundItemInput],
        description: "The order items given back; with an amount too, the amount must be what they come to",
      }),
      refundShipping: t.arg.boolean({ description: "With items: the order's shipping goes back too (default false)" }),
      currency: t.arg.string({ description: "ISO 4217; default the order's; another is refused" }),
      reason: t.arg.string(),
      requestId: t.arg.string({ required: true, description: "Your id for this refund: retries with it are safe" }),
    },
    resolve: async (_root, args, context) => {
      const refunds = refundsOf(context);
      const guid = orderGuidSchema.safeParse(args.orderGuid);
      if (!guid.success) throw badArgument("orderGuid", "is not an order GUID");
      if (args.refundShipping && !args.items) throw badArgument("refundShipping", "goes with items");
      const currency = args.currency ?? (await refunds.currencyOf(guid.data));
      if (!currency) throw badArgument("orderGuid", "is not an order this sidecar took a payment for");
      const amount = amountOf(args, currency, args.items != null);
      const items = args.items
        ? { lines: args.items.map((i) => ({ ...i })), refundShipping: args.refundShipping ?? false }
        : undefined;
      try {
        // `id` names the refund in the audit trail (audit-mutations.ts reads the result's id).
        const view = await refunds.refund({
          orderGuid: guid.data,
          ...(amount ? { amount } : {}),
          ...(items ? { items } : {}),
          reason: args.reason ?? null,
          requestId: args.requestId,
          actor: `token:${context.actor.tokenId} (${context.actor.name})`,
        });
        return { ...view, id: view.key };
      } catch (error) {
        if ((error as { problem?: { system?: string } }).problem?.system === "sidecar")
          throw badUserInput((error as Error).message);
        throw error;
      }
    },
  }),
}));
