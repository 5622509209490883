import { PGlite } from "@electric-sql/pglite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyMigrations, migrationsDir } from "./migrate.js";

// The database itself refuses to change a posted journal entry, whatever code asks: corrections are reversals.
describe("posted ledger entries", () => {
  const db = new PGlite();
  beforeAll(async () => {
    await applyMigrations(db, migrationsDir);
    await db.query(
      `INSERT INTO "LedgerEntry" (key, date, memo) VALUES ('ledger:payout:po_1:0:charge', '2026-12-01', 'charges')`,
    );
    await db.query(
      `INSERT INTO "LedgerLine" ("entryKey", "lineNo", account, "debitMinor", currency, memo, links)
       VALUES ('ledger:payout:po_1:0:charge', 0, '1050', 1000, 'usd', 'net', '{}')`,
    );
  });
  afterAll(() => db.close());

  it("take the ERP's receipt once", async () => {
    await db.query(`UPDATE "LedgerEntry" SET "erpEntryId" = 'JE-1', "erpPostedAt" = now()`);
    const { rows } = await db.query<{ erpEntryId: string }>(`SELECT "erpEntryId" FROM "LedgerEntry"`);
    expect(rows).toEqual([{ erpEntryId: "JE-1" }]);
    await expect(db.query(`UPDATE "LedgerEntry" SET "erpEntryId" = 'JE-2'`)).rejects.toThrow(/immutable/);
  });

  it("cannot be edited or deleted, lines or entry", async () => {
    await expect(db.query(`UPDATE "LedgerEntry" SET memo = 'changed'`)).rejects.toThrow(/reversing entry/);
    await expect(db.query(`UPDATE "LedgerLine" SET "debitMinor" = 1`)).rejects.toThrow(/immutable/);
    await expect(db.query(`DELETE FROM "LedgerLine"`)).rejects.toThrow(/immutable/);
    await expect(db.query(`DELETE FROM "LedgerEntry"`)).rejects.toThrow(/immutable/);
    const { rows } = await db.query<{ debitMinor: number; memo: string }>(
      `SELECT l."debitMinor"::int AS "debitMinor", e.memo FROM "LedgerLine" l JOIN "LedgerEntry" e ON e.key = l."entryKey"`,
    );
    expect(rows).toEqual([{ debitMinor: 1000, memo: "charges" }]);
  });
});
