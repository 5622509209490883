import { cp, mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { describe, expect, it } from "vitest";
import { applyMigrations, migrationsDir } from "./migrate.js";

const flowKit = "20261206000000_flow_kit";

describe(`migration ${flowKit}`, () => {
  it("carries every order-to-cash timeline row into the action log, and inbox sources stay as they were", async () => {
    const before = await mkdtemp(join(tmpdir(), "migrations-"));
    const db = new PGlite();
    try {
      for (const name of await readdir(migrationsDir, { withFileTypes: true }))
        if (name.isDirectory() && name.name < flowKit)
          await cp(join(migrationsDir, name.name), join(before, name.name), { recursive: true });
      await applyMigrations(db, before);
      await db.query(
        `INSERT INTO "OrderToCashTimelineEntry" (id, key, "orderGuid", kind, name, detail, at) VALUES
           ('00000000-0000-4000-8000-000000000001', 'o2c:g1:mark-paid', 'g1', 'action', 'mark-paid', '{"amount":1}',
            '2026-11-30T10:00:00Z'),
           ('00000000-0000-4000-8000-000000000002', 'event:stripe:evt_1', 'g1', 'event', 'payment_intent.succeeded',
            '{}', '2026-11-30T09:59:59Z')`,
      );
      await db.query(
        `INSERT INTO "InboxEvent" (id, source, "eventId", type, payload) VALUES
           ('00000000-0000-4000-8000-000000000003', 'bridge', 'b1', 'order.placed', '{}')`,
      );

      // This migration first, then any that came after it.
      expect((await applyMigrations(db))[0]).toBe(flowKit);

      const { rows } = await db.query(
        `SELECT id, key, flow, aggregate, kind, name, detail, at FROM "ActionLogEntry" ORDER BY at`,
      );
      expect(rows).toEqual([
        {
          id: "00000000-0000-4000-8000-000000000002",
          key: "event:stripe:evt_1",
          flow: "order-to-cash",
          aggregate: "g1",
          kind: "event",
          name: "payment_intent.succeeded",
          detail: {},
          at: new Date("2026-11-30T09:59:59Z"),
        },
        {
          id: "00000000-0000-4000-8000-000000000001",
          key: "o2c:g1:mark-paid",
          flow: "order-to-cash",
          aggregate: "g1",
          kind: "action",
          name: "mark-paid",
          detail: { amount: 1 },
          at: new Date("2026-11-30T10:00:00Z"),
        },
      ]);
      const inbox = await db.query(`SELECT source FROM "InboxEvent"`);
      expect(inbox.rows).toEqual([{ source: "bridge" }]);
      // Any source now, still once per (source, event id).
      await db.query(`INSERT INTO "InboxEvent" (id, source, "eventId", type, payload)
        VALUES ('00000000-0000-4000-8000-000000000004', 'wms', 'b1', 'shipment.shipped', '{}')`);
      await expect(
        db.query(`INSERT INTO "InboxEvent" (id, source, "eventId", type, payload)
          VALUES ('00000000-0000-4000-8000-000000000005', 'wms', 'b1', 'shipment.shipped', '{}')`),
      ).rejects.toThrow(/unique/);
    } finally {
      await db.close();
      await rm(before, { recursive: true, force: true });
    }
  });
});
