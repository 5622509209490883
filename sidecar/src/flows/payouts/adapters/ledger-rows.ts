import type { BalancedEntry } from "../../../domain/ledger/journal-entry.js";

/** LedgerEntry and LedgerLine rows of entries, as one JSON document for a data-modifying WITH. */
export function ledgerRows(entries: readonly BalancedEntry[], payoutId: string | null) {
  return {
    entries: entries.map((e) => ({ key: e.key, date: e.date, memo: e.memo, reverses: e.reverses ?? null, payoutId })),
    ledgerLines: entries.flatMap((e) =>
      e.lines.map((l, lineNo) => ({
        entryKey: e.key,
        lineNo,
        account: l.account,
        debitMinor: l.debit?.amount ?? null,
        creditMinor: l.credit?.amount ?? null,
        currency: (l.debit ?? l.credit)!.currency,
        memo: l.memo,
        links: l.links,
        fx: l.fx || l.settlementEquivalent ? { ...l.fx, settlementEquivalent: l.settlementEquivalent } : null,
        orderGuid: l.links.orderGuid ?? null,
      })),
    ),
  };
}

/**
 * CTEs inserting the entries and lines of `ledgerRows` found in the jsonb parameter `doc` (ending with a comma).
 * An entry already stored is left as it is (the database refuses to change it anyway).
 */
export const insertLedgerCtes = (doc: string) => `
  ledger_entries AS (INSERT INTO "LedgerEntry" (key, date, memo, reverses, "payoutId")
    SELECT key, date, memo, reverses, "payoutId" FROM jsonb_to_recordset(${doc}->'entries')
      AS e(key text, date text, memo text, reverses text, "payoutId" text)
    ON CONFLICT (key) DO NOTHING RETURNING key),
  ledger_lines AS (INSERT INTO "LedgerLine" ("entryKey", "lineNo", account, "debitMinor", "creditMinor", currency, memo,
      links, fx, "orderGuid")
    SELECT l."entryKey", l."lineNo", l.account, l."debitMinor", l."creditMinor", l.currency, l.memo, l.links, l.fx,
      l."orderGuid" FROM jsonb_to_recordset(${doc}->'ledgerLines') AS l("entryKey" text, "lineNo" int, account text,
      "debitMinor" bigint, "creditMinor" bigint, currency text, memo text, links jsonb, fx jsonb, "orderGuid" text)
    WHERE l."entryKey" IN (SELECT key FROM ledger_entries)),`;
