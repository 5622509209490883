import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Database, openDatabase } from "../db/database.js";
import { erpSalesOrderMappingV1 } from "../domain/mapping/erp-sales-order-mapping.js";
import { MappingVersionTaken } from "./mapping-versions.js";
import { diffSpecs } from "./spec-diff.js";
import { SqlMappingVersions } from "./sql-mapping-versions.js";

const name = erpSalesOrderMappingV1.name;
const versionOf = (version: number, notes: string) => ({
  ...erpSalesOrderMappingV1,
  version,
  fields: { ...erpSalesOrderMappingV1.fields, notes: { const: notes } },
});

// Stored versions on the embedded database: the highest is in force, the built-in one until one is stored.
describe("SqlMappingVersions", () => {
  let db: Database;
  let versions: SqlMappingVersions;
  beforeAll(async () => {
    db = await openDatabase({ dataDir: "memory://" });
    versions = new SqlMappingVersions(db.sql);
  });
  afterAll(() => db?.close());

  it("the built-in version is in force until a version is stored, then the highest", async () => {
    expect(await versions.active(name)).toEqual(erpSalesOrderMappingV1);
    expect((await versions.list(name)).map((v) => [v.version, v.createdBy])).toEqual([[1, "built-in"]]);

    const two = versionOf(2, "two");
    const changes = diffSpecs(erpSalesOrderMappingV1, two).filter((c) => c.path !== "version");
    const stored = await versions.add({ spec: two, createdBy: "ada", reason: "why not", changes, deadLetterId: null });
    expect(stored).toMatchObject({ name, version: 2, createdBy: "ada", reason: "why not", deadLetterId: null });
    expect(stored.createdAt).toBeInstanceOf(Date);
    // Leaf by leaf: the rule's from and transform went, a const came.
    expect(stored.changes).toEqual([
      { path: "fields.notes.from", before: "order.paymentStatusId" },
      {
        path: "fields.notes.transform",
        before: (erpSalesOrderMappingV1.fields.notes as { transform: unknown }).transform,
      },
      { path: "fields.notes.const", after: "two" },
    ]);
    await versions.add({ spec: versionOf(3, "three"), createdBy: "bob", reason: "r", changes: [], deadLetterId: null });

    expect((await versions.active(name)).fields.notes).toEqual({ const: "three" });
    expect((await versions.list(name)).map((v) => v.version)).toEqual([3, 2, 1]);
  });

  it("a version stored meanwhile is not overwritten", async () => {
    const again = versions.add({
      spec: versionOf(3, "other"),
      createdBy: "eve",
      reason: "r",
      changes: [],
      deadLetterId: null,
    });
    await expect(again).rejects.toBeInstanceOf(MappingVersionTaken);
    expect((await versions.active(name)).fields.notes).toEqual({ const: "three" });
  });

  it("refuses a name it has no built-in version of", async () => {
    await expect(versions.active("no-such-mapping")).rejects.toThrow(/no built-in mapping named no-such-mapping/);
  });
});
