import { orderGuid } from "../../sidecar/src/domain/ids.js";
import type { BalancedEntry, JournalLine } from "../../sidecar/src/domain/ledger/journal-entry.js";
import type { CategoryTotal } from "../../sidecar/src/domain/ledger/reconcile-payout.js";
import type { TrialBalanceRow } from "../../sidecar/src/domain/ledger/trial-balance.js";
import { storedTrialBalance } from "../../sidecar/src/ledger-reads/ledger-exports.js";
import type {
  EntryFilter,
  ExceptionView,
  LinePosition,
  PayoutLineView,
  PayoutView,
} from "../../sidecar/src/ledger-reads/ledger-reads.js";
import { payoutStatuses } from "../../sidecar/src/ledger-reads/ledger-reads.js";
import { ledgerData } from "../access.js";
import { badArgument, isStorableText } from "../arguments.js";
import { builder } from "../builder.js";
import { pageSize, parseAfter, toConnection } from "../pagination.js";
import { MoneyRef } from "./money.js";
import { UnifiedOrderRef } from "./order.js";

// The ledger for finance (issue 17): reads through ledger-reads' port, this file only maps. The resolution
// mutations are the payouts flow's (payout-resolutions.ts); they may return ReconciliationExceptionRef.

const isoDate = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

/** An accounting period from the from/to arguments (YYYY-MM-DD, both inclusive), or none. */
function periodOf(from: string | null | undefined, to: string | null | undefined) {
  if (from == null && to == null) return undefined;
  if (from == null || to == null) throw badArgument(from == null ? "from" : "to", "is needed with the other");
  for (const [name, value] of [
    ["from", from],
    ["to", to],
  ] as const)
    if (!isoDate.test(value)) throw badArgument(name, "is not a date YYYY-MM-DD");
  if (from > to) throw badArgument("from", "is after to");
  return { from, to };
}

const PayoutStatusEnum = builder.enumType("PayoutReconciliationStatus", {
  description: "Ours: reconciling, matched (residual 0, no open exception), exceptions, posted (in the ERP), reversed",
  values: payoutStatuses,
});

const CategoryTotalRef = builder.objectRef<CategoryTotal>("PayoutCategoryTotal").implement({
  description: "A row of Stripe's itemized payout reconciliation report: one reporting category's totals",
  fields: (t) => ({
    category: t.exposeString("category", { description: "Stripe's reporting_category" }),
    count: t.exposeInt("count"),
    gross: t.field({ type: MoneyRef, resolve: (c) => c.gross }),
    fee: t.field({ type: MoneyRef, resolve: (c) => c.fee }),
    net: t.field({ type: MoneyRef, resolve: (c) => c.net }),
  }),
});

export const ReconciliationExceptionRef = builder.objectRef<ExceptionView>("ReconciliationException").implement({
  description: "Something reconciliation or the drift check could not explain; finance resolves it",
  fields: (t) => ({
    id: t.exposeID("id", { description: "Deterministic: <source>:<kind>:<subject>" }),
    payoutId: t.exposeString("payoutId", { nullable: true, description: "null for one the drift check found" }),
    kind: t.exposeString("kind"),
    reason: t.exposeString("reason"),
    suggestedAction: t.exposeString("suggestedAction"),
    resolutions: t.exposeStringList("resolutions", { description: "Offered: link_order, write_off, resync" }),
    balanceTransaction: t.exposeString("balanceTransaction", { nullable: true }),
    orderGuid: t.exposeString("orderGuid", { nullable: true }),
    amount: t.field({ type: MoneyRef, nullable: true, resolve: (e) => e.amount }),
    status: t.exposeString("status", { description: "open or resolved" }),
    resolution: t.exposeString("resolution", { nullable: true }),
    resolutionNote: t.exposeString("resolutionNote", { nullable: true }),
    resolutionEntryKey: t.exposeString("resolutionEntryKey", { nullable: true }),
    resolvedBy: t.exposeString("resolvedBy", { nullable: true }),
    resolvedAt: t.expose("resolvedAt", { type: "DateTime", nullable: true }),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
  }),
});

const PayoutLineRef = builder.objectRef<PayoutLineView>("PayoutLine").implement({
  description: "One balance transaction of a payout and the order it was matched to",
  fields: (t) => ({
    balanceTransaction: t.string({ resolve: (l) => l.transaction.id }),
    payoutId: t.exposeString("payoutId"),
    category: t.string({ description: "Stripe's reporting_category", resolve: (l) => l.transaction.category }),
    type: t.string({ resolve: (l) => l.transaction.type }),
    gross: t.field({ type: MoneyRef, resolve: (l) => l.transaction.gross }),
    fee: t.field({ type: MoneyRef, resolve: (l) => l.transaction.fee }),
    net: t.field({ type: MoneyRef, resolve: (l) => l.transaction.net }),
    customerFacing: t.field({
      type: MoneyRef,
      nullable: true,
      description: "What the customer paid, when in another currency than the settlement one",
      resolve: (l) => l.transaction.fx?.presentment ?? null,
    }),
    exchangeRate: t.float({ nullable: true, resolve: (l) => l.transaction.fx?.exchangeRate ?? null }),
    created: t.string({ description: "ISO 8601, UTC", resolve: (l) => l.transaction.created }),
    description: t.string({ nullable: true, resolve: (l) => l.transaction.description }),
    paymentIntentId: t.string({ nullable: true, resolve: (l) => l.transaction.sources.paymentIntent ?? null }),
    chargeId: t.string({ nullable: true, resolve: (l) => l.transaction.sources.charge ?? null }),
    refundId: t.string({ nullable: true, resolve: (l) => l.transaction.sources.refund ?? null }),
    disputeId: t.string({ nullable: true, resolve: (l) => l.transaction.sources.dispute ?? null }),
    orderGuid: t.exposeString("orderGuid", { nullable: true }),
    order: t.field({
      type: UnifiedOrderRef,
      nullable: true,
      resolve: (l, _args, { orders }) => (l.orderGuid ? orders.find({ guid: orderGuid(l.orderGuid) }, 5) : null),
    }),
    cursor: t.string({
      description: "Pass as `after` for the lines that follow",
      resolve: (l) => lineCursor(l.position),
    }),
  }),
});

const lineCursor = ({ page, position }: LinePosition) => `${page}.${position}`;
function parseLineCursor(after: string | null | undefined): LinePosition | undefined {
  if (!after) return undefined;
  const match = /^(\d{1,9})\.(\d{1,9})$/.exec(after);
  if (!match) throw badArgument("after", "is not a line cursor this API issued");
  return { page: Number(match[1]), position: Number(match[2]) };
}

const PayoutRef = builder.objectRef<PayoutView>("Payout").implement({
  description: "A Stripe payout as reconciled: its category totals, residual, exceptions and lines",
  fields: (t) => ({
    id: t.exposeID("id", { description: "Stripe's po_… id" }),
    amount: t.field({ type: MoneyRef, resolve: (p) => p.amount }),
    arrivalDate: t.exposeString("arrivalDate", { description: "YYYY-MM-DD: the accounting date of its entries" }),
    stripeStatus: t.exposeString("stripeStatus"),
    status: t.exposeString("status", { description: "reconciling, matched, exceptions, posted or reversed" }),
    transactionCount: t.exposeInt("transactionCount"),
    residual: t.field({
      type: MoneyRef,
      nullable: true,
      description: "Payout amount − Σ net of every named category: zero, or there is a residual exception",
      resolve: (p) => p.residual,
    }),
    categories: t.field({ type: [CategoryTotalRef], nullable: true, resolve: (p) => p.categories }),
    openExceptions: t.exposeInt("openExceptions"),
    reconciledAt: t.expose("reconciledAt", { type: "DateTime", nullable: true }),
    exceptions: t.field({
      type: [ReconciliationExceptionRef],
      args: { status: t.arg.string({ description: "open or resolved; all when unset" }) },
      resolve: (p, args, { ledger }) =>
        ledger.exceptions({ payoutId: p.id, ...exceptionStatus(args.status) }, { limit: 1000 }),
    }),
    lines: t.field({
      type: [PayoutLineRef],
      description: "Its balance transactions in Stripe's order, a page at a time (at most 500)",
      args: { first: t.arg.int({ defaultValue: 100 }), after: t.arg.string() },
      resolve: (p, args, { ledger }) => {
        const first = args.first ?? 100;
        if (first < 1 || first > 500) throw badArgument("first", "is between 1 and 500");
        return ledger.payoutLinePage(p.id, first, parseLineCursor(args.after));
      },
    }),
  }),
});

function exceptionStatus(status: string | null | undefined): { status?: "open" | "resolved" } {
  if (status == null) return {};
  if (status !== "open" && status !== "resolved") throw badArgument("status", "is open or resolved");
  return { status };
}

const JournalLineRef = builder.objectRef<JournalLine>("JournalLine").implement({
  description: "One side of a journal entry: a debit or a credit on an account, and what it is about",
  fields: (t) => ({
    account: t.string({ resolve: (l) => l.account }),
    debit: t.field({ type: MoneyRef, nullable: true, resolve: (l) => l.debit ?? null }),
    credit: t.field({ type: MoneyRef, nullable: true, resolve: (l) => l.credit ?? null }),
    memo: t.string({ resolve: (l) => l.memo }),
    orderGuid: t.string({ nullable: true, resolve: (l) => l.links.orderGuid ?? null }),
    paymentIntentId: t.string({ nullable: true, resolve: (l) => l.links.paymentIntent ?? null }),
    chargeId: t.string({ nullable: true, resolve: (l) => l.links.charge ?? null }),
    refundId: t.string({ nullable: true, resolve: (l) => l.links.refund ?? null }),
    disputeId: t.string({ nullable: true, resolve: (l) => l.links.dispute ?? null }),
    balanceTransaction: t.string({ nullable: true, resolve: (l) => l.links.balanceTransaction ?? null }),
    payoutId: t.string({ nullable: true, resolve: (l) => l.links.payout ?? null }),
    presentment: t.field({ type: MoneyRef, nullable: true, resolve: (l) => l.fx?.presentment ?? null }),
    exchangeRate: t.float({ nullable: true, resolve: (l) => l.fx?.exchangeRate ?? null }),
    settlementEquivalent: t.field({ type: MoneyRef, nullable: true, resolve: (l) => l.settlementEquivalent ?? null }),
  }),
});

interface EntryNode {
  id: string;
  entry: BalancedEntry;
  payoutId: string | null;
  createdAt: Date;
}

const JournalEntryRef = builder.objectRef<EntryNode>("JournalEntry").implement({
  description: "A posted journal entry: balanced per currency, immutable (corrections are reversing entries)",
  fields: (t) => ({
    key: t.string({
      description: "ledger:<kind>:<id…>, also the ERP posting's idempotency key",
      resolve: (n) => n.entry.key,
    }),
    date: t.string({ description: "The accounting date, YYYY-MM-DD", resolve: (n) => n.entry.date }),
    memo: t.string({ resolve: (n) => n.entry.memo }),
    reverses: t.string({ nullable: true, resolve: (n) => n.entry.reverses ?? null }),
    payoutId: t.exposeString("payoutId", { nullable: true }),
    lines: t.field({ type: [JournalLineRef], resolve: (n) => [...n.entry.lines] }),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
  }),
});

const TrialBalanceRowRef = builder.objectRef<TrialBalanceRow>("TrialBalanceRow").implement({
  description: "One account in one currency: debits, credits and balance (debits − credits; currencies never added)",
  fields: (t) => ({
    account: t.exposeString("account"),
    currency: t.string({ resolve: (r) => r.currency }),
    debits: t.field({ type: MoneyRef, resolve: (r) => r.debits }),
    credits: t.field({ type: MoneyRef, resolve: (r) => r.credits }),
    balance: t.field({ type: MoneyRef, resolve: (r) => r.balance }),
  }),
});

builder.queryFields((t) => ({
  payout: t.field({
    type: PayoutRef,
    nullable: true,
    authScopes: ledgerData,
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, { id }, { ledger }) => ledger.payout(String(id)),
  }),
  payouts: t.connection({
    type: PayoutRef,
    authScopes: ledgerData,
    description: "Payouts, newest first",
    args: {
      status: t.arg({ type: [PayoutStatusEnum], description: "Any of" }),
      from: t.arg.string({ description: "Arrival date from, YYYY-MM-DD inclusive" }),
      to: t.arg.string({ description: "Arrival date to, YYYY-MM-DD inclusive" }),
    },
    resolve: async (_root, args, { ledger }) => {
      const size = pageSize(args);
      const after = parseAfter(args.after, isStorableText) ?? undefined;
      const period = periodOf(args.from, args.to);
      const rows = await ledger.payouts(
        { ...(args.status ? { statuses: args.status } : {}), ...(period ? { period } : {}) },
        { limit: size, ...(after ? { after } : {}) },
      );
      return toConnection(rows, size, (p) => p.createdAt);
    },
  }),
  reconciliationExceptions: t.connection({
    type: ReconciliationExceptionRef,
    authScopes: ledgerData,
    description: "Exceptions, newest first; drift: true for the drift check's (no payout)",
    args: {
      status: t.arg.string({ description: "open or resolved; all when unset" }),
      payoutId: t.arg.string(),
      kind: t.arg.stringList({ description: "Any of: no_order, amount_differs, …, drift_*" }),
    },
    resolve: async (_root, args, { ledger }) => {
      const size = pageSize(args);
      const after = parseAfter(args.after, isStorableText) ?? undefined;
      const rows = await ledger.exceptions(
        {
          ...exceptionStatus(args.status),
          ...(args.payoutId ? { payoutId: args.payoutId } : {}),
          ...(args.kind ? { kinds: args.kind } : {}),
        },
        { limit: size, ...(after ? { after } : {}) },
      );
      return toConnection(rows, size, (e) => e.createdAt);
    },
  }),
  journalEntries: t.connection({
    type: JournalEntryRef,
    authScopes: ledgerData,
    description: "Journal entries with their lines, newest first, by period, payout or account",
    args: { from: t.arg.string(), to: t.arg.string(), payoutId: t.arg.string(), account: t.arg.string() },
    resolve: async (_root, args, { ledger }) => {
      const size = pageSize(args);
      const after = parseAfter(args.after, isStorableText) ?? undefined;
      const rows = await ledger.entryPage(entryFilter(args), { limit: size, ...(after ? { after } : {}) });
      return toConnection(
        rows.map((r) => ({ ...r, id: r.entry.key })),
        size,
        (n) => n.createdAt,
      );
    },
  }),
  trialBalance: t.field({
    type: [TrialBalanceRowRef],
    authScopes: ledgerData,
    description: "Per account and currency for the period (every posted entry when unset)",
    args: { from: t.arg.string(), to: t.arg.string(), payoutId: t.arg.string(), account: t.arg.string() },
    resolve: (_root, args, { ledger }) => storedTrialBalance(ledger, entryFilter(args)),
  }),
}));

function entryFilter(args: {
  from?: string | null;
  to?: string | null;
  payoutId?: string | null;
  account?: string | null;
}): EntryFilter {
  const period = periodOf(args.from, args.to);
  return {
    ...(period ? { period } : {}),
    ...(args.payoutId ? { payoutId: args.payoutId } : {}),
    ...(args.account ? { account: args.account } : {}),
  };
}

builder.objectField(UnifiedOrderRef, "payoutLines", (t) =>
  t.field({
    type: [PayoutLineRef],
    authScopes: ledgerData,
    description: "The payout lines matched to this order (its charge, refunds, disputes): where its money was paid out",
    resolve: (order, _args, { ledger }) => ledger.linesOfOrder(order.orderGuid),
  }),
);
