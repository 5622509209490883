import { enumName, RecurringPaymentType, RecurringProductCyclePeriod } from "@nop-stripe/contract/nop-enums.js";
import { backfillJobPayload } from "../../sidecar/src/backfill/backfill-job.js";
import type { BackfillCheckpoint } from "../../sidecar/src/backfill/paged-backfill.js";
import type { Drift, DriftReport, SubscriptionView } from "../../sidecar/src/flows/subscriptions/index.js";
import type { SubscriptionSync } from "../../sidecar/src/flows/subscriptions/read-model.js";
import type { StripeSide } from "../../sidecar/src/flows/subscriptions/subscriptions-store.js";
import { adminOnly, everyStore } from "../access.js";
import { badUserInput } from "../arguments.js";
import { builder } from "../builder.js";
import type { GraphqlContext } from "../context.js";
import { pageSize, parseAfter, toConnection } from "../pagination.js";
import { MoneyRef } from "./money.js";

// The subscriptions flow's read model (flows/subscriptions/read-model.ts), mapped; the drift check goes through the
// flow. Recurring payments are not limited to a store here: store-limited tokens do not see them.

/** Exported for the customer view's subscriptions. */
export const SyncEnum = builder.enumType("SubscriptionSync", {
  description: "Where both sides stand together",
  values: {
    BILLING: { value: "billing", description: "Stripe bills it and nopCommerce has it active" },
    NOT_BILLED: { value: "not-billed", description: "Stripe must not bill it (Manual payment method, one cycle...)" },
    WAITING: { value: "waiting", description: "Waiting for the first order's payment" },
    ENDED: { value: "ended", description: "Both sides stopped" },
    DRIFTING: { value: "drifting", description: "One side stopped and the other not yet" },
  } as const,
});

const NopSideRef = builder.objectRef<SubscriptionView>("RecurringPaymentNopSide").implement({
  description: "The nopCommerce recurring payment, as its bridge events said",
  fields: (t) => ({
    recurringPaymentId: t.exposeInt("recurringPaymentId"),
    customerId: t.exposeInt("nopCustomerId"),
    initialOrderGuid: t.exposeString("initialOrderGuid"),
    active: t.exposeBoolean("nopActive"),
    cancelledBy: t.exposeString("nopCancelledBy", { nullable: true, description: "nopcommerce or stripe" }),
    cycleLength: t.int({ resolve: (v) => v.cycle.cycleLength }),
    cyclePeriod: t.string({
      description: "Days, Weeks, Months or Years",
      resolve: (v) => enumName(RecurringProductCyclePeriod, v.cycle.cyclePeriodId),
    }),
    totalCycles: t.int({ resolve: (v) => v.cycle.totalCycles }),
    paymentType: t.string({
      description: "RecurringPaymentType: Automatic ones Stripe bills, Manual ones nopCommerce bills",
      resolve: (v) => enumName(RecurringPaymentType, v.recurringPaymentTypeId),
    }),
    startDate: t.expose("startDate", { type: "DateTime" }),
  }),
});

const StripeSideRef = builder.objectRef<StripeSide>("RecurringPaymentStripeSide").implement({
  description: "The Stripe subscription that bills it, as Stripe last said",
  fields: (t) => ({
    subscriptionId: t.exposeString("subscriptionId"),
    customerId: t.exposeString("customerId"),
    priceId: t.exposeString("priceId", { nullable: true }),
    status: t.exposeString("status", { description: "Stripe's status: trialing, active, past_due, canceled..." }),
    cancelAt: t.expose("cancelAt", { type: "DateTime", nullable: true }),
    endedAt: t.expose("endedAt", { type: "DateTime", nullable: true }),
  }),
});

/** Exported so the customer view can list a customer's subscriptions. */
export const SubscriptionRef = builder.objectRef<SubscriptionView>("RecurringSubscription").implement({
  description: "A nopCommerce recurring payment and the Stripe subscription that bills it, side by side",
  fields: (t) => ({
    id: t.id({ description: "The nopCommerce recurring payment id", resolve: (v) => String(v.recurringPaymentId) }),
    sync: t.field({ type: SyncEnum, resolve: (v) => v.sync }),
    nop: t.field({ type: NopSideRef, resolve: (v) => v }),
    stripe: t.field({ type: StripeSideRef, nullable: true, resolve: (v) => v.stripe }),
    price: t.field({ type: MoneyRef, nullable: true, description: "Per cycle", resolve: (v) => v.price }),
    notBilledReason: t.exposeString("notBilledReason", { nullable: true }),
    paidInvoices: t.exposeInt("paidInvoices", { description: "Invoices Stripe reported paid (the trial's included)" }),
    failedAttempts: t.exposeInt("failedAttempts"),
    updatedAt: t.expose("updatedAt", { type: "DateTime" }),
  }),
});

const DriftRef = builder.objectRef<Drift>("SubscriptionDrift").implement({
  fields: (t) => ({
    recurringPaymentId: t.exposeInt("recurringPaymentId"),
    subscriptionId: t.exposeString("subscriptionId"),
    nopActive: t.exposeBoolean("nopActive"),
    stripeStatus: t.exposeString("stripeStatus"),
    problem: t.exposeString("problem"),
  }),
});

const DriftReportRef = builder.objectRef<DriftReport>("SubscriptionDriftReport").implement({
  description: "Both sides read now; each difference is also being carried across by the flow",
  fields: (t) => ({
    checked: t.exposeInt("checked"),
    drifts: t.field({ type: [DriftRef], resolve: (r) => r.drifts }),
  }),
});

const isId = (id: string) => /^[1-9][0-9]{0,9}$/.test(id);

const flow = (context: GraphqlContext) => {
  const subscriptions = context.flows.subscriptions;
  if (!subscriptions) throw badUserInput("the subscriptions flow is not running in this process");
  return subscriptions;
};

/** A page of recurring payments, of one nopCommerce customer when given (the customer view uses it too). */
export async function subscriptionsPage(
  context: GraphqlContext,
  args: {
    first?: number | null;
    last?: number | null;
    before?: string | null;
    after?: string | null;
    sync?: SubscriptionSync | null;
  },
  nopCustomerId?: number,
) {
  const size = pageSize(args);
  const after = parseAfter(args.after, isId);
  const page = await flow(context).readModel.list({
    ...(nopCustomerId !== undefined ? { nopCustomerId } : {}),
    ...(args.sync ? { sync: args.sync } : {}),
    ...(after ? { after: Number(after.id) } : {}),
    limit: size,
  });
  return toConnection(
    page.map((v) => ({ ...v, id: String(v.recurringPaymentId) })),
    size,
    (v) => v.startDate,
  );
}

builder.queryFields((t) => ({
  subscription: t.field({
    type: SubscriptionRef,
    nullable: true,
    authScopes: everyStore,
    description: "One recurring payment and its subscription, by the nopCommerce recurring payment id",
    args: { recurringPaymentId: t.arg.int({ required: true }) },
    resolve: async (_root, { recurringPaymentId }, context) =>
      (await flow(context).readModel.byId(recurringPaymentId)) ?? null,
  }),
  subscriptions: t.connection({
    type: SubscriptionRef,
    authScopes: everyStore,
    description: "Recurring payments and their subscriptions, by recurring payment id",
    args: {
      customerId: t.arg.int({ description: "The nopCommerce customer" }),
      sync: t.arg({ type: SyncEnum }),
    },
    resolve: (_root, args, context) => subscriptionsPage(context, args, args.customerId ?? undefined),
  }),
}));

builder.mutationFields((t) => ({
  checkSubscriptionDrift: t.field({
    type: DriftReportRef,
    authScopes: adminOnly,
    description: "Runs the drift check now (it also runs on its schedule): Stripe's side against nopCommerce's",
    resolve: (_root, _args, context) => flow(context).checkDrift(),
  }),
}));

const SubscriptionBackfillRef = builder.objectRef<BackfillCheckpoint>("SubscriptionBackfill").implement({
  description: "Where a recurring payments backfill is (its checkpoint)",
  fields: (t) => ({
    name: t.exposeString("name"),
    nextPageIndex: t.exposeInt("nextPageIndex"),
    processed: t.exposeInt("processed", { description: "Recurring payments brought across (recorded or known)" }),
    totalCount: t.exposeInt("totalCount", { nullable: true }),
    finished: t.exposeBoolean("finished"),
  }),
});

const defaultBackfillName = "recurring-payments";

builder.queryFields((t) => ({
  subscriptionBackfill: t.field({
    type: SubscriptionBackfillRef,
    nullable: true,
    authScopes: adminOnly,
    args: { name: t.arg.string({ defaultValue: defaultBackfillName }) },
    resolve: async (_root, { name }, context) => (await flow(context).checkpoint(name ?? defaultBackfillName)) ?? null,
  }),
}));

builder.mutationFields((t) => ({
  startSubscriptionBackfill: t.field({
    type: "Boolean",
    authScopes: adminOnly,
    description:
      "Brings nopCommerce's existing recurring payments under the subscriptions flow in pages, each once, at the " +
      "configured rate, as a job; a backfill of the same name resumes from its checkpoint. Follow it with " +
      "subscriptionBackfill.",
    args: {
      name: t.arg.string({ defaultValue: defaultBackfillName }),
      pageSize: t.arg.int({ defaultValue: 100 }),
    },
    resolve: async (_root, args, context) => {
      const parsed = backfillJobPayload.safeParse({ name: args.name, pageSize: args.pageSize });
      if (!parsed.success || !/^[\w-]+$/.test(parsed.data.name))
        throw badUserInput("name: letters, digits, - and _, at most 100; pageSize must be between 1 and 500");
      await flow(context).startBackfill(parsed.data);
      return true;
    },
  }),
}));
