import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Database, openDatabase } from "../../db/database.js";
import { orderGuid } from "../../domain/ids.js";
import { OrderToCashReadModel } from "./read-model.js";

// The one mismatch rule, each reason from stored rows, on the embedded database.
describe("OrderToCashReadModel mismatches", () => {
  let db: Database;
  let orders: OrderToCashReadModel;
  beforeAll(async () => {
    db = await openDatabase({ dataDir: "memory://" });
    orders = new OrderToCashReadModel(db.sql);
    const order = (
      guid: string,
      nopPaymentStatusId: number | null,
      erp: string | null,
      totalMinor: number,
      pi: string,
    ) =>
      db.sql.query(
        `INSERT INTO "OrderToCashOrder" ("orderGuid", "storeId", currency, "totalMinor", "nopPaymentStatusId",
           "erpDocumentNumber", "paymentIntentId", "createdAt", "updatedAt")
         VALUES ($1, 1, 'usd', $2, $3, $4, $5, now() - interval '1 hour', now() - interval '1 hour')`,
        [guid, totalMinor, nopPaymentStatusId, erp, pi],
      );
    const payment = (pi: string, status: string, amount: number) =>
      db.sql.query(
        `INSERT INTO "OrderToCashPayment" ("paymentIntentId", status, "captureMethod", currency, amount, "updatedAt")
         VALUES ($1, $2, 'automatic', 'usd', $3, now())`,
        [pi, status, amount],
      );
    await order("agree", 30, "SO-1", 1000, "pi_agree");
    await payment("pi_agree", "succeeded", 1000);
    await order("not-paid-in-nop", 10, null, 1000, "pi_b");
    await payment("pi_b", "succeeded", 1000);
    await order("paid-in-nop-only", 30, "SO-2", 1000, "pi_c");
    await payment("pi_c", "requires_payment_method", 1000);
    await order("no-erp", 30, null, 1000, "pi_d");
    await payment("pi_d", "succeeded", 1000);
    await order("amounts", 30, "SO-3", 1000, "pi_e");
    await payment("pi_e", "succeeded", 999);
    await order("unknown", null, null, 1000, "pi_f");
    await payment("pi_f", "requires_capture", 1000);
  });
  afterAll(() => db?.close());

  const reasons = async (guid: string, graceMinutes = 5) =>
    (await orders.find({ guid: orderGuid(guid) }, graceMinutes))?.mismatches;

  it("names each way the systems can disagree", async () => {
    expect(await reasons("agree")).toEqual([]);
    expect(await reasons("not-paid-in-nop")).toEqual(["stripe_succeeded_nop_not_paid"]);
    expect(await reasons("paid-in-nop-only")).toEqual(["nop_paid_stripe_not_succeeded"]);
    expect(await reasons("no-erp")).toEqual(["paid_without_erp_document"]);
    expect(await reasons("amounts")).toEqual(["amount_differs"]);
    expect(await reasons("unknown")).toEqual(["stripe_paid_order_unknown"]);
  });

  it("gives an order still changing its grace time", async () => {
    expect(await reasons("no-erp", 120)).toEqual([]);
  });

  it("filters by the same rule it lists", async () => {
    const page = async (mismatch: boolean) =>
      (await orders.list({ mismatch, graceMinutes: 5, limit: 50 })).map((o) => o.orderGuid).sort();
    expect(await page(true)).toEqual(["amounts", "no-erp", "not-paid-in-nop", "paid-in-nop-only", "unknown"]);
    expect(await page(false)).toEqual(["agree"]);
  });
});
