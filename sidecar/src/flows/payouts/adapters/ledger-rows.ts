import type { BalancedEntry, JournalLine } from "../../../domain/ledger/journal-entry.js";
import { journalEntry } from "../../../domain/ledger/journal-entry.js";
import { type Money, money } from "../../../domain/money.js";

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

interface StoredLine {
  account: string;
  debitMinor: number | string | null;
  creditMinor: number | string | null;
  currency: string;
  memo: string;
  links: JournalLine["links"];
  fx: { presentment?: Money; exchangeRate?: number; settlementEquivalent?: Money } | null;
}

export interface StoredEntry {
  key: string;
  date: string;
  memo: string;
  reverses: string | null;
  lines: StoredLine[];
}

/** A stored entry made balanced again through the one door (it was balanced when stored). */
export function entryFromRows(stored: StoredEntry): BalancedEntry {
  const lines = stored.lines.map((l): JournalLine => {
    const side = (minor: number | string) => money(Number(minor), l.currency);
    const fx = l.fx?.presentment
      ? {
          fx: {
            presentment: money(l.fx.presentment.amount, l.fx.presentment.currency),
            exchangeRate: l.fx.exchangeRate!,
          },
        }
      : {};
    const equivalent = l.fx?.settlementEquivalent
      ? { settlementEquivalent: money(l.fx.settlementEquivalent.amount, l.fx.settlementEquivalent.currency) }
      : {};
    const base = { account: l.account, memo: l.memo, links: l.links, ...fx, ...equivalent };
    return l.debitMinor !== null ? { ...base, debit: side(l.debitMinor) } : { ...base, credit: side(l.creditMinor!) };
  });
  const made = journalEntry({
    key: stored.key,
    date: stored.date,
    memo: stored.memo,
    lines,
    ...(stored.reverses ? { reverses: stored.reverses as BalancedEntry["key"] } : {}),
  });
  if (!made.ok) throw new Error(`stored entry ${stored.key} no longer balances: ${made.error.message}`);
  return made.value;
}
