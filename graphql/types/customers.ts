import { canSeeStore, isStoreScoped } from "../../sidecar/src/auth/actor.js";
import type { Customers } from "../../sidecar/src/flows/customers/index.js";
import type { ConflictView, CustomerView } from "../../sidecar/src/flows/customers/read-model.js";
import type { StripeCustomerFields } from "../../sidecar/src/ports/stripe.js";
import { adminOnly, customerData } from "../access.js";
import { badUserInput, isStorableText } from "../arguments.js";
import { builder } from "../builder.js";
import type { GraphqlContext } from "../context.js";
import { pageSize, parseAfter, toConnection } from "../pagination.js";

// Customers through the customers flow's read model (flows/customers/read-model.ts); this file only maps it.
// Names, e-mails and addresses: customer data, not for read-only tokens.

/** The customers flow of this process (the customer view's and the drift check's files use it too). */
export function customersOf(context: GraphqlContext): Customers {
  const customers = context.flows.customers;
  if (!customers) throw badUserInput("the customers flow is not running in this process");
  return customers;
}

const CustomerFieldsRef = builder.objectRef<StripeCustomerFields>("CustomerFields").implement({
  description: "A customer's synchronised fields, in Stripe's form (addresses standardized)",
  fields: (t) => ({
    email: t.exposeString("email", { nullable: true }),
    name: t.exposeString("name", { nullable: true }),
    phone: t.exposeString("phone", { nullable: true }),
    address: t.field({ type: "JSON", nullable: true, resolve: (c) => c.address }),
    shipping: t.field({ type: "JSON", nullable: true, resolve: (c) => c.shipping }),
  }),
});

const CustomerConflictRef = builder.objectRef<ConflictView>("CustomerConflict").implement({
  description: "A field both systems changed since the last sync, and whose value the ownership policy kept",
  fields: (t) => ({
    id: t.exposeID("id"),
    field: t.exposeString("field"),
    nopValue: t.field({ type: "JSON", nullable: true, resolve: (c) => c.nopValue }),
    stripeValue: t.field({ type: "JSON", nullable: true, resolve: (c) => c.stripeValue }),
    winner: t.exposeString("winner", { description: "nop or stripe: whose value both now hold" }),
    policy: t.exposeString("policy", { description: "The field's owner in the policy: nop, stripe or newest" }),
    at: t.field({ type: "DateTime", resolve: (c) => c.at }),
  }),
});

/**
 * The customer view. Exported so other flows' types attach fields to it (the subscriptions flow's
 * `subscriptions`, with `builder.objectField(CustomerRef, ...)`).
 */
export const CustomerRef = builder.objectRef<CustomerView>("Customer").implement({
  description: "A nopCommerce customer and its Stripe customer, side by side",
  fields: (t) => ({
    id: t.id({ resolve: (c) => c.customerGuid, description: "The nopCommerce customer GUID (lower case)" }),
    nopCustomerId: t.exposeInt("nopCustomerId"),
    storeId: t.exposeInt("storeId"),
    stripeCustomerId: t.exposeString("stripeCustomerId", { nullable: true }),
    nop: t.field({
      type: CustomerFieldsRef,
      nullable: true,
      authScopes: customerData,
      description: "nopCommerce's newest values (null: known only from an order)",
      resolve: (c) => c.nop,
    }),
    synced: t.field({
      type: CustomerFieldsRef,
      nullable: true,
      authScopes: customerData,
      description: "The values both systems agreed on at the last sync (Stripe's, unless it changed since)",
      resolve: (c) => c.synced,
    }),
    nopVersion: t.exposeInt("nopVersion", { nullable: true }),
    syncedVersion: t.exposeInt("syncedVersion", { nullable: true }),
    stripeChangePending: t.exposeBoolean("stripeChangePending"),
    conflicts: t.field({
      type: [CustomerConflictRef],
      authScopes: customerData,
      resolve: (c, _args, context) => customersOf(context).view.conflictsOf(c.customerGuid),
    }),
    updatedAt: t.field({ type: "DateTime", resolve: (c) => c.updatedAt }),
  }),
});

const CustomerBackfillRef = builder
  .objectRef<{ name: string; nextPageIndex: number; processed: number; totalCount: number | null; finished: boolean }>(
    "CustomerBackfill",
  )
  .implement({
    description: "Where a customers backfill is (its checkpoint)",
    fields: (t) => ({
      name: t.exposeString("name"),
      nextPageIndex: t.exposeInt("nextPageIndex"),
      processed: t.exposeInt("processed"),
      totalCount: t.exposeInt("totalCount", { nullable: true }),
      finished: t.exposeBoolean("finished"),
    }),
  });

builder.queryFields((t) => ({
  customer: t.field({
    type: CustomerRef,
    nullable: true,
    authScopes: customerData,
    description: "One customer by its nopCommerce GUID (null when unknown or in a store the token does not cover)",
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_root, { id }, context) => {
      const found = await customersOf(context).view.byGuid(String(id));
      return found && canSeeStore(context.actor, found.storeId) ? found : null;
    },
  }),
  customers: t.connection({
    type: CustomerRef,
    authScopes: customerData,
    description: "Customers, most recently changed first",
    args: { withConflicts: t.arg.boolean({ description: "Only customers with a recorded conflict" }) },
    resolve: async (_root, args, context) => {
      const size = pageSize(args);
      const after = parseAfter(args.after, isStorableText) ?? undefined;
      const { actor } = context;
      const page = await customersOf(context).view.list({
        ...(isStoreScoped(actor) ? { storeIds: actor.storeIds } : {}),
        ...(args.withConflicts ? { withConflicts: true } : {}),
        ...(after ? { after } : {}),
        limit: size,
      });
      return toConnection(
        page.map((c) => ({ ...c, id: c.customerGuid })),
        size,
        (c) => c.updatedAt,
      );
    },
  }),
  customerBackfill: t.field({
    type: CustomerBackfillRef,
    nullable: true,
    authScopes: adminOnly,
    args: { name: t.arg.string({ defaultValue: "customers" }) },
    resolve: async (_root, { name }, context) => (await customersOf(context).checkpoint(name ?? "customers")) ?? null,
  }),
}));

builder.mutationFields((t) => ({
  startCustomerBackfill: t.field({
    type: "Boolean",
    authScopes: adminOnly,
    description:
      "Brings nopCommerce's registered customers to Stripe in pages, each once, at the configured rate, as a job; " +
      "a backfill of the same name resumes from its checkpoint. Follow it with customerBackfill.",
    args: {
      name: t.arg.string({ defaultValue: "customers" }),
      pageSize: t.arg.int({ defaultValue: 100 }),
    },
    resolve: async (_root, { name, pageSize: size }, context) => {
      const backfillName = name ?? "customers";
      if (!/^[\w-]{1,100}$/.test(backfillName)) throw badUserInput("name: letters, digits, - and _, at most 100");
      if (!size || size < 1 || size > 500) throw badUserInput("pageSize must be between 1 and 500");
      await customersOf(context).startBackfill({ name: backfillName, pageSize: size });
      return true;
    },
  }),
}));
