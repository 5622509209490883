import { type Money, money, toDecimalString } from "../money.js";
import { type CsvValues, csvTable } from "./csv.js";
import { type BalancedEntry, type ForeignExchange, type LineLinks, lineAmount } from "./journal-entry.js";
import type { PayoutReconciliation } from "./reconcile-payout.js";
import { PAYOUT_CATEGORY, type SettledTransaction } from "./settled-transaction.js";
import { inPeriod, type Period } from "./trial-balance.js";

/** Decimals in major units appear only here, at the file's edge, written by money.ts. */
const decimal = (value: Money | null | undefined): string => (value ? toDecimalString(value) : "");

const LINK_COLUMNS = [
  "order_guid",
  "payment_intent",
  "charge",
  "refund",
  "dispute",
  "balance_transaction",
  "payout",
] as const;

const linkFields = (links: LineLinks) => [
  links.orderGuid,
  links.paymentIntent,
  links.charge,
  links.refund,
  links.dispute,
  links.balanceTransaction,
  links.payout,
];

const fxFields = (fx: ForeignExchange | null | undefined) => [
  decimal(fx?.presentment),
  fx?.presentment.currency.toUpperCase(),
  fx?.exchangeRate,
];

export const JOURNAL_CSV_HEADER = [
  "entry_key",
  "date",
  "entry_memo",
  "reverses",
  "account",
  "currency",
  "debit",
  "credit",
  "line_memo",
  ...LINK_COLUMNS,
  "presentment_amount",
  "presentment_currency",
  "exchange_rate",
] as const;

/** The journal CSV's records of one entry, a record per line (for writers that stream entries). */
export function* journalRecords(entry: BalancedEntry): Generator<CsvValues> {
  for (const line of entry.lines)
    yield [
      entry.key,
      entry.date,
      entry.memo,
      entry.reverses,
      line.account,
      lineAmount(line).currency.toUpperCase(),
      decimal(line.debit),
      decimal(line.credit),
      line.memo,
      ...linkFields(line.links),
      ...fxFields(line.fx),
    ];
}

/** One record per line; debit and credit as decimals in the line's currency; dates ISO. */
export function journalCsv(entries: Iterable<BalancedEntry>, period?: Period): string {
  const records = function* () {
    for (const entry of entries) if (inPeriod(entry, period)) yield* journalRecords(entry);
  };
  return csvTable(JOURNAL_CSV_HEADER, records());
}

/** Column names follow Stripe's itemized payout reconciliation report where one exists. */
export const RECONCILIATION_CSV_HEADER = [
  "automatic_payout_id",
  "payout_arrival_date",
  "balance_transaction_id",
  "created_utc",
  "reporting_category",
  "type",
  "currency",
  "gross",
  "fee",
  "net",
  "customer_facing_amount",
  "customer_facing_currency",
  "exchange_rate",
  "order_guid",
  "payment_intent_id",
  "charge_id",
  "refund_id",
  "dispute_id",
  "exceptions",
] as const;

type ReconciliationColumn = (typeof RECONCILIATION_CSV_HEADER)[number];
const recordOf = (values: Partial<Record<ReconciliationColumn, string>>) =>
  RECONCILIATION_CSV_HEADER.map((column) => values[column]);

/** The payout a reconciliation record belongs to. */
export interface ReportedPayout {
  readonly id: string;
  readonly arrivalDate: string;
}

/** One balance transaction's record of the itemized report, with the kinds of its exceptions. */
export function reconciliationRecord(
  payout: ReportedPayout,
  t: SettledTransaction,
  orderGuid: string | null | undefined,
  exceptionKinds: readonly string[],
): CsvValues {
  return [
    payout.id,
    payout.arrivalDate,
    t.id,
    t.created,
    t.category,
    t.type,
    t.gross.currency.toUpperCase(),
    decimal(t.gross),
    decimal(t.fee),
    decimal(t.net),
    ...fxFields(t.fx),
    orderGuid,
    t.sources.paymentIntent,
    t.sources.charge,
    t.sources.refund,
    t.sources.dispute,
    exceptionKinds.join(" "),
  ];
}

/** The last record of a payout's report: the residual, so the file's net column sums to the payout amount. */
export function residualRecord(payout: ReportedPayout, residual: Money): CsvValues {
  return recordOf({
    automatic_payout_id: payout.id,
    payout_arrival_date: payout.arrivalDate,
    reporting_category: "residual",
    currency: residual.currency.toUpperCase(),
    gross: decimal(residual),
    fee: decimal(money(0, residual.currency)),
    net: decimal(residual),
    exceptions: residual.amount === 0 ? "" : "residual",
  });
}

/**
 * The itemized report of one payout: a record per balance transaction with its exceptions (the payout's own
 * transaction left out, as Stripe's report does), then one for the residual (category `residual`), so the
 * file's net column sums to the payout amount.
 */
export function reconciliationCsv(reconciliation: PayoutReconciliation): string {
  const { payout, residual } = reconciliation;
  const kindsByTransaction = new Map<string, string[]>();
  for (const e of reconciliation.exceptions)
    if (e.balanceTransaction)
      kindsByTransaction.set(e.balanceTransaction, [...(kindsByTransaction.get(e.balanceTransaction) ?? []), e.kind]);
  const itemized = reconciliation.transactions.filter((m) => m.transaction.category !== PAYOUT_CATEGORY);
  const records = itemized.map(({ transaction: t, order }) =>
    reconciliationRecord(payout, t, order?.orderGuid, kindsByTransaction.get(t.id) ?? []),
  );
  return csvTable(RECONCILIATION_CSV_HEADER, [...records, residualRecord(payout, residual)]);
}
