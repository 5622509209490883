import { describe, expect, it } from "vitest";
import { orderGuid } from "../../domain/ids.js";
import { defaultChartOfAccounts } from "../../domain/ledger/chart-of-accounts.js";
import type { SettledTransaction } from "../../domain/ledger/settled-transaction.js";
import { money } from "../../domain/money.js";
import { type ExceptionRecord, resolutionEntry } from "./plan-resolution.js";

const usd = (minor: number) => money(minor, "usd");
const charge: SettledTransaction = {
  id: "txn_1",
  category: "charge",
  type: "charge",
  gross: usd(1500),
  fee: usd(74),
  net: usd(1426),
  fx: null,
  created: "2026-12-06T00:00:00.000Z",
  description: null,
  sources: {},
};
const exception = (over: Partial<ExceptionRecord>): ExceptionRecord => ({
  id: "payout:no_order:txn_1",
  payoutId: "po_1",
  kind: "no_order",
  status: "open",
  resolutions: ["link_order", "write_off"],
  orderGuid: null,
  amount: usd(1500),
  line: charge,
  ...over,
});
const order = orderGuid("8a1c0f6e-0000-4000-8000-000000000001");
const lines = (made: ReturnType<typeof resolutionEntry>) =>
  made.ok ? made.value?.lines.map((l) => [l.account, l.debit?.amount ?? 0, l.credit?.amount ?? 0]) : made.error;

describe("resolutionEntry", () => {
  it("link_order: a charge with no order leaves suspense for the order's receivable, under its own key", () => {
    const made = resolutionEntry(
      exception({}),
      { resolution: "link_order", orderGuid: order },
      defaultChartOfAccounts,
      "2026-12-07",
    );
    expect(lines(made)).toEqual([
      ["9999", 1500, 0],
      ["1100", 0, 1500],
    ]);
    expect(made.ok && made.value?.key).toBe("ledger:resolution:payout:no_order:txn_1");
    expect(made.ok && made.value?.lines[1]?.links.orderGuid).toBe(order);
  });

  it("write_off: what waits in suspense (a residual too) goes to the account; an order's difference leaves its receivable", () => {
    const toAccount = { resolution: "write_off", account: "6900" } as const;
    expect(lines(resolutionEntry(exception({}), toAccount, defaultChartOfAccounts, "2026-12-07"))).toEqual([
      ["9999", 1500, 0],
      ["6900", 0, 1500],
    ]);
    const residual = exception({
      kind: "residual",
      line: null,
      amount: usd(-25),
      resolutions: ["resync", "write_off"],
    });
    expect(lines(resolutionEntry(residual, toAccount, defaultChartOfAccounts, "2026-12-07"))).toEqual([
      ["9999", 0, 25],
      ["6900", 25, 0],
    ]);
    const differs = exception({
      kind: "amount_differs",
      orderGuid: order,
      amount: usd(100),
      resolutions: ["resync", "write_off", "link_order"],
    });
    expect(lines(resolutionEntry(differs, toAccount, defaultChartOfAccounts, "2026-12-07"))).toEqual([
      ["6900", 100, 0],
      ["1100", 0, 100],
    ]);
  });

  it("refuses a resolution the exception does not offer, and a write-off of what is not in suspense; resync posts nothing", () => {
    expect(lines(resolutionEntry(exception({}), { resolution: "resync" }, defaultChartOfAccounts, "2026-12-07"))).toBe(
      "a no_order exception is resolved by link_order, write_off, not resync",
    );
    const unrecorded = exception({
      kind: "refund_not_recorded",
      orderGuid: order,
      resolutions: ["resync", "write_off"],
    });
    expect(
      lines(
        resolutionEntry(unrecorded, { resolution: "write_off", account: "6900" }, defaultChartOfAccounts, "2026-12-07"),
      ),
    ).toContain("nothing of this refund_not_recorded exception waits in suspense");
    expect(resolutionEntry(unrecorded, { resolution: "resync" }, defaultChartOfAccounts, "2026-12-07")).toEqual({
      ok: true,
      value: null,
    });
  });
});
