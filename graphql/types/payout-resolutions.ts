import { orderGuidSchema } from "../../sidecar/src/domain/ids.js";
import { type ExceptionRecord, ResolutionRefused } from "../../sidecar/src/flows/payouts/index.js";
import { refundMoney } from "../access.js";
import { badArgument, badUserInput, isStorableDate, isStorableText } from "../arguments.js";
import { builder } from "../builder.js";
import type { GraphqlContext } from "../context.js";
import { MoneyRef } from "./money.js";

// The payouts flow's writes (flows/payouts/): finance resolves reconciliation exceptions, an admin backfills
// payouts from before the sidecar. The read-only payout, journal and trial-balance queries live elsewhere; every
// mutation is audited by auditMutations (graphql/audit-mutations.ts).

/** Money of every store moves in a payout: finance or admin, with a token for all stores. */
const payoutFinance = refundMoney;

const ResolutionEnum = builder.enumType("ReconciliationResolution", {
  description:
    "LINK_ORDER: the transaction belongs to orderGuid (its amount leaves suspense for that order's receivable); WRITE_OFF: what waits in suspense, or the order's difference, goes to account; RESYNC: the order's sync runs again, then the transaction is checked again",
  values: { LINK_ORDER: { value: "link_order" }, WRITE_OFF: { value: "write_off" }, RESYNC: { value: "resync" } },
});

const ResolvedExceptionRef = builder.objectRef<ExceptionRecord>("ResolvedReconciliationException").implement({
  description: "A reconciliation exception after a resolution was asked for",
  fields: (t) => ({
    id: t.exposeID("id"),
    kind: t.exposeString("kind"),
    status: t.exposeString("status", { description: "open | resolved" }),
    payoutId: t.exposeString("payoutId", { nullable: true }),
    orderGuid: t.exposeString("orderGuid", { nullable: true }),
    amount: t.field({ type: MoneyRef, nullable: true, resolve: (e) => e.amount }),
  }),
});

const payoutsOf = (context: GraphqlContext) => {
  const payouts = context.flows.payouts;
  if (!payouts) throw badUserInput("payout reconciliation is not enabled in this sidecar");
  return payouts;
};

const unixSeconds = (name: string, value: Date | null | undefined) => {
  if (!value) return undefined;
  if (!isStorableDate(value)) throw badArgument(name, "is out of range");
  return Math.floor(value.getTime() / 1000);
};

builder.mutationFields((t) => ({
  resolveReconciliationException: t.field({
    type: ResolvedExceptionRef,
    authScopes: payoutFinance,
    description:
      "Resolves an open reconciliation exception with one of the resolutions it offers; the entry it posts (ledger:resolution:<id>) goes to the ERP like the payout's. Resolving a resolved exception answers it unchanged.",
    args: {
      id: t.arg.id({ required: true }),
      resolution: t.arg({ type: ResolutionEnum, required: true }),
      orderGuid: t.arg.string({ description: "LINK_ORDER: the order the transaction belongs to" }),
      account: t.arg.string({ description: "WRITE_OFF: the account code it goes to" }),
      note: t.arg.string({ description: "Why, for the audit trail and the exception" }),
    },
    resolve: async (_root, args, context) => {
      const payouts = payoutsOf(context);
      const request = requestOf(args);
      if (args.note != null && !isStorableText(args.note)) throw badArgument("note", "is not storable text");
      try {
        return await payouts.resolveException({
          id: String(args.id),
          request,
          note: args.note ?? null,
          actor: `token:${context.actor.tokenId} (${context.actor.name})`,
        });
      } catch (error) {
        if (error instanceof ResolutionRefused) throw badUserInput(error.message);
        throw error;
      }
    },
  }),
  backfillPayouts: t.boolean({
    authScopes: { admin: true },
    description:
      "Queues payouts.backfill: Stripe's paid payouts created in the range (inclusive; default all) are reconciled, journaled and posted, each once; those already known are skipped.",
    args: {
      createdFrom: t.arg({ type: "DateTime" }),
      createdTo: t.arg({ type: "DateTime" }),
    },
    resolve: async (_root, args, context) => {
      const createdFrom = unixSeconds("createdFrom", args.createdFrom);
      const createdTo = unixSeconds("createdTo", args.createdTo);
      if (createdFrom !== undefined && createdTo !== undefined && createdFrom > createdTo)
        throw badArgument("createdFrom", "is after createdTo");
      await payoutsOf(context).backfill({
        ...(createdFrom === undefined ? {} : { createdFrom }),
        ...(createdTo === undefined ? {} : { createdTo }),
      });
      return true;
    },
  }),
}));

function requestOf(args: {
  resolution: "link_order" | "write_off" | "resync";
  orderGuid?: string | null;
  account?: string | null;
}) {
  switch (args.resolution) {
    case "link_order": {
      const guid = orderGuidSchema.safeParse(args.orderGuid ?? "");
      if (!guid.success) throw badArgument("orderGuid", "is required for LINK_ORDER and must be an order GUID");
      return { resolution: "link_order" as const, orderGuid: guid.data };
    }
    case "write_off": {
      const account = args.account?.trim() ?? "";
      if (account === "" || !isStorableText(account)) throw badArgument("account", "is required for WRITE_OFF");
      return { resolution: "write_off" as const, account };
    }
    case "resync":
      return { resolution: "resync" as const };
  }
}
