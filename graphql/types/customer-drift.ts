import type { CustomerDriftReport } from "../../sidecar/src/flows/customers/drift-check.js";
import type { CustomerDriftView } from "../../sidecar/src/flows/customers/read-model.js";
import { adminOnly, operationsData } from "../access.js";
import { isStorableText } from "../arguments.js";
import { builder } from "../builder.js";
import { pageSize, parseAfter, toConnection } from "../pagination.js";
import { customersOf } from "./customers.js";

// The customers drift check: its rows (flows/customers/read-model.ts) and running it now (the flow).

const DriftStatusEnum = builder.enumType("CustomerDriftStatus", {
  values: {
    OPEN: { value: "open", description: "Found by the latest check of the customer" },
    CLEARED: { value: "cleared", description: "Not found again by a later check" },
  } as const,
});

const CustomerDriftRef = builder.objectRef<CustomerDriftView>("CustomerDrift").implement({
  description: "A field on which a nopCommerce customer and its Stripe customer differed when the check read both",
  fields: (t) => ({
    id: t.exposeID("id", { description: "cusdrift:<customer guid>:<field>, the same on every check" }),
    customerId: t.exposeString("customerGuid", { description: "The nopCommerce customer GUID" }),
    field: t.exposeString("field", {
      description: "email, name, phone, address, shipping; customer: one side has none",
    }),
    nopValue: t.field({ type: "JSON", nullable: true, resolve: (d) => d.nopValue }),
    stripeValue: t.field({ type: "JSON", nullable: true, resolve: (d) => d.stripeValue }),
    status: t.field({ type: DriftStatusEnum, resolve: (d) => d.status }),
    firstSeenAt: t.expose("firstSeenAt", { type: "DateTime" }),
    lastSeenAt: t.expose("lastSeenAt", { type: "DateTime" }),
    clearedAt: t.expose("clearedAt", { type: "DateTime", nullable: true }),
  }),
});

const CustomerDriftReportRef = builder.objectRef<CustomerDriftReport>("CustomerDriftReport").implement({
  description: "One run of the drift check; the rows are in customerDrifts",
  fields: (t) => ({
    checked: t.exposeInt("checked"),
    found: t.exposeInt("found", { description: "Differences found (new or still open)" }),
    opened: t.exposeInt("opened", { description: "Differences not open before this run" }),
    cleared: t.exposeInt("cleared", { description: "Open differences this run did not find again" }),
  }),
});

builder.queryFields((t) => ({
  customerDrifts: t.connection({
    type: CustomerDriftRef,
    authScopes: operationsData,
    description: "What the customers drift check found, most recently seen first",
    args: {
      status: t.arg({ type: DriftStatusEnum }),
      customerId: t.arg.id({ description: "One nopCommerce customer, by GUID" }),
    },
    resolve: async (_root, args, context) => {
      const size = pageSize(args);
      const after = parseAfter(args.after, isStorableText) ?? undefined;
      const page = await customersOf(context).view.drifts({
        ...(args.status ? { status: args.status } : {}),
        ...(args.customerId ? { customerGuid: String(args.customerId) } : {}),
        ...(after ? { after } : {}),
        limit: size,
      });
      return toConnection(page, size, (d) => d.lastSeenAt);
    },
  }),
}));

builder.mutationFields((t) => ({
  checkCustomerDrift: t.field({
    type: CustomerDriftReportRef,
    authScopes: adminOnly,
    description:
      "Runs the customers drift check now (it also runs every CUSTOMERS_DRIFT_CHECK_MS): each linked customer in " +
      "nopCommerce against its Stripe customer; differences become customerDrifts rows and are synced by the policy",
    resolve: (_root, _args, context) => customersOf(context).checkDrift(),
  }),
}));
