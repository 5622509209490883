import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { journalCsv, reconciliationCsv } from "../../sidecar/src/domain/ledger/ledger-csv.js";
import { trialBalance } from "../../sidecar/src/domain/ledger/trial-balance.js";
import { xeroManualJournalFiles } from "../../sidecar/src/domain/ledger/xero-manual-journal.js";
import { toDecimalString } from "../../sidecar/src/domain/money.js";
import { SqlLedgerReads } from "../../sidecar/src/ledger-reads/sql-ledger-reads.js";
import { seedMixedPayout } from "../../sidecar/src/ledger-reads/test-support/seed-ledger.js";
import { startWithFlows } from "../order-to-cash/o2c-harness.js";
import { bearer, createTestToken, graphqlAs } from "../support/api-tokens.js";
import { backends } from "../support/backends.js";
import type { SandboxSidecar } from "../support/sandbox-sidecar.js";

// Finance's exports and GraphQL over seeded ledger rows (made by the domain's own functions), through a
// sandbox sidecar with every flow registered, on each backend.

describe.each(backends)("ledger exports and GraphQL on $name", (backend) => {
  let t: SandboxSidecar;
  let finance: string;
  let readOnly: string;
  let seeded: Awaited<ReturnType<typeof seedMixedPayout>>;
  const byKey = () => [...seeded.entries].sort((a, b) => a.key.localeCompare(b.key));

  beforeAll(async () => {
    t = await startWithFlows(backend);
    seeded = await seedMixedPayout(t.sidecar.db.sql);
    finance = await createTestToken(t.sidecar, "finance");
    readOnly = await createTestToken(t.sidecar, "read_only");
  });
  afterAll(() => t?.close());

  const get = (path: string, token: string | null = finance) =>
    fetch(`${t.url}${path}`, { headers: token ? bearer(token) : {} });

  it("streams the journal by payout and by period as the domain's CSV, with a filename", async () => {
    const res = await get("/ledger/journal.csv?payout=po_test");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("content-disposition")).toBe('attachment; filename="journal_po_test.csv"');
    expect(await res.text()).toBe(journalCsv(byKey()));
    const period = await get("/ledger/journal.csv?from=2026-12-01&to=2026-12-31");
    expect(period.headers.get("content-disposition")).toBe('attachment; filename="journal_2026-12-01_2026-12-31.csv"');
    expect(await period.text()).toBe(journalCsv(byKey()));
    const empty = await get("/ledger/journal.csv?from=2027-01-01&to=2027-01-31");
    expect((await empty.text()).split("\r\n").filter(Boolean)).toHaveLength(1);
  });

  it("serves the reconciliation report whose net column sums to the payout", async () => {
    const res = await get("/ledger/reconciliation.csv?payout=po_test");
    expect(res.status).toBe(200);
    expect(await res.text()).toBe(reconciliationCsv(seeded.reconciliation));
    expect((await get("/ledger/reconciliation.csv?from=2026-12-02&to=2026-12-02")).status).toBe(200);
    expect((await get("/ledger/reconciliation.csv?payout=po_unknown")).status).toBe(404);
  });

  it("serves the trial balance and Xero's manual journal import", async () => {
    const tb = await (await get("/ledger/trial-balance.csv?from=2026-12-01&to=2026-12-31")).text();
    const bank = trialBalance(seeded.entries).find((r) => r.account === "1000");
    if (!bank) throw new Error("no bank line");
    expect(tb).toContain(
      `1000,USD,${toDecimalString(bank.debits)},0.00,${toDecimalString(bank.balance)},2026-12-01,2026-12-31`,
    );
    const xero = await get("/ledger/xero-manual-journal.csv?payout=po_test");
    expect(xero.status).toBe(200);
    expect(xero.headers.get("x-file-count")).toBe("1");
    const expected = xeroManualJournalFiles(byKey(), { baseCurrency: "usd", taxRate: "Tax Exempt" });
    expect(expected.ok && (await xero.text()) === expected.value[0]).toBe(true);
    expect((await get("/ledger/xero-manual-journal.csv?payout=po_test&part=2")).status).toBe(404);
  });

  it("refuses without a token, for a read-only token, and for a bad scope (nothing served)", async () => {
    expect((await get("/ledger/journal.csv?payout=po_test", null)).status).toBe(401);
    expect((await get("/ledger/journal.csv?payout=po_test", readOnly)).status).toBe(403);
    expect((await get("/ledger/journal.csv?payout=po_test", t.adminToken)).status).toBe(200);
    const bad = await get("/ledger/journal.csv?from=2026-12-31&to=2026-12-01");
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({ error: { reason: "bad_request", message: "from is after to" } });
    expect((await get("/ledger/journal.csv")).status).toBe(400);
    expect((await get("/ledger/journal.csv?from=2026-12-01")).status).toBe(400);
  });

  it("GraphQL: payouts with status, residual, categories, lines with their order, exceptions", async () => {
    const query = `{ payouts(first: 5, status: [posted, exceptions], from: "2026-12-01", to: "2026-12-31") {
      edges { node { id status transactionCount residual { minor currency } openExceptions
        amount { minor currency decimal } categories { category count net { minor } }
        lines(first: 3) { balanceTransaction category gross { minor } orderGuid order { id } cursor }
        exceptions { kind } } } } }`;
    const answer = await graphqlAs<{ payouts: { edges: { node: Record<string, unknown> }[] } }>(t.url, finance, query);
    expect(answer.body.errors).toBeUndefined();
    const [edge] = answer.body.data?.payouts.edges ?? [];
    const node = edge?.node as {
      residual: { minor: number };
      categories: { category: string }[];
      lines: { balanceTransaction: string; cursor: string }[];
      amount: { minor: number };
    };
    expect(node.residual.minor).toBe(0);
    expect(node.amount.minor).toBe(seeded.reconciliation.payout.amount.amount);
    expect(node.categories.map((c) => c.category)).toEqual(seeded.reconciliation.categories.map((c) => c.category));
    const txns = seeded.reconciliation.transactions.map((m) => m.transaction.id);
    expect(node.lines.map((l) => l.balanceTransaction)).toEqual(txns.slice(0, 3));
    const next = await graphqlAs<{ payout: { lines: { balanceTransaction: string }[] } }>(
      t.url,
      finance,
      `query($after: String) { payout(id: "po_test") { lines(first: 2, after: $after) { balanceTransaction } } }`,
      { after: node.lines[2]?.cursor },
    );
    expect(next.body.data?.payout.lines.map((l) => l.balanceTransaction)).toEqual(txns.slice(3, 5));
  });

  it("reads an order's payout lines (where its money was paid out), oldest first", async () => {
    const reads = new SqlLedgerReads(t.sidecar.db.sql);
    const guid = seeded.reconciliation.transactions[0]?.order?.orderGuid ?? "";
    const lines = await reads.linesOfOrder(guid.toUpperCase());
    expect(lines.map((l) => [l.payoutId, l.transaction.category])).toEqual([
      ["po_test", "charge"],
      ["po_test", "refund"],
    ]);
  });

  it("GraphQL: journal entries with their lines, and a trial balance that balances per currency", async () => {
    const entries = await graphqlAs<{
      journalEntries: { edges: { node: { key: string; lines: { debit: { minor: number } | null }[] } }[] };
    }>(
      t.url,
      finance,
      `{ journalEntries(first: 50, payoutId: "po_test", account: "1000") { edges { node { key date
        lines { account debit { minor } credit { minor } orderGuid } } } } }`,
    );
    expect(entries.body.errors).toBeUndefined();
    expect(entries.body.data?.journalEntries.edges.map((e) => e.node.key)).toEqual(["ledger:payout:po_test:arrival"]);
    const tb = await graphqlAs<{ trialBalance: { account: string; currency: string; balance: { minor: number } }[] }>(
      t.url,
      finance,
      `{ trialBalance(from: "2026-12-01", to: "2026-12-31") { account currency balance { minor } } }`,
    );
    const rows = tb.body.data?.trialBalance ?? [];
    expect(rows.map((r) => [r.account, r.currency, r.balance.minor])).toEqual(
      trialBalance(seeded.entries).map((r) => [r.account, r.currency, r.balance.amount]),
    );
    for (const currency of new Set(rows.map((r) => r.currency)))
      expect(rows.filter((r) => r.currency === currency).reduce((s, r) => s + r.balance.minor, 0)).toBe(0);
  });

  it("GraphQL: the ledger is for finance and admins; a bad period is BAD_USER_INPUT", async () => {
    const refused = await graphqlAs(t.url, readOnly, `{ trialBalance { account } }`);
    expect(refused.body.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    const bad = await graphqlAs(t.url, finance, `{ trialBalance(from: "2026-12-01") { account } }`);
    expect(bad.body.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    const exceptions = await graphqlAs<{ reconciliationExceptions: { edges: unknown[] } }>(
      t.url,
      finance,
      `{ reconciliationExceptions(first: 10, status: "open") { edges { node { id kind reason suggestedAction resolutions } } } }`,
    );
    expect(exceptions.body.errors).toBeUndefined();
    expect(exceptions.body.data?.reconciliationExceptions.edges).toHaveLength(seeded.reconciliation.exceptions.length);
  });
});
