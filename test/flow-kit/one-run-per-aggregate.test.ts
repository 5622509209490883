// The kit's promise that matters most for ledgers: two runs about one aggregate never overlap, whichever
// process each runs in. On PostgreSQL two database handles (two pools, as two processes have) share one
// database; the embedded database belongs to one process, so both runs share its handle there.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Database, openDatabase } from "../../sidecar/src/db/database.js";
import { Reconciler } from "../../sidecar/src/flow-kit/reconciler.js";
import { backends, type Isolated } from "../support/backends.js";

type Interval = { who: string; id: string; from: number; to: number };

function slowReconciler(db: Database, who: string, intervals: Interval[]) {
  return new Reconciler<string, { id: string; done: boolean }, "work">("kit-test", db.aggregateLock, {
    load: async (id) => ({ id, done: false }),
    plan: (state) => (state.done ? [] : ["work"]),
    execute: async (_action, state) => {
      const from = performance.now();
      await db.sql.query("SELECT pg_sleep(0.1)");
      intervals.push({ who, id: state.id, from, to: performance.now() });
      return { ...state, done: true };
    },
    identify: (action) => action,
  });
}

const overlap = (a: Interval, b: Interval) => a.from < b.to && b.from < a.to;

describe.each(backends)("one run per aggregate on $name", (backend) => {
  let isolated: Isolated;
  let first: Database;
  let second: Database;
  beforeAll(async () => {
    isolated = await backend.isolate();
    const { DATABASE_URL, DATA_DIR = "memory://" } = isolated.overrides;
    first = await openDatabase({ databaseUrl: DATABASE_URL, dataDir: DATA_DIR });
    second = DATABASE_URL ? await openDatabase({ databaseUrl: DATABASE_URL, dataDir: DATA_DIR }) : first;
  });
  afterAll(async () => {
    if (second !== first) await second?.close();
    await first?.close();
    await isolated?.cleanup();
  });

  it("runs two runs of one aggregate one after the other, from two database handles", async () => {
    const intervals: Interval[] = [];
    const a = slowReconciler(first, "first", intervals);
    const b = slowReconciler(second, "second", intervals);
    await Promise.all([a.run("order-1"), b.run("order-1"), a.run("order-2")]);
    const one = intervals.filter((i) => i.id === "order-1");
    expect(one.map((i) => i.who).sort()).toEqual(["first", "second"]);
    expect(overlap(one[0]!, one[1]!)).toBe(false);
    // Another aggregate is not held up: it ran beside the first run of order-1.
    const two = intervals.find((i) => i.id === "order-2")!;
    expect(one.some((i) => overlap(i, two))).toBe(true);
  });

  it("releases the lock when a run fails, so the next run of that aggregate goes ahead", async () => {
    const failing = new Reconciler<string, object, "fail">("kit-test", first.aggregateLock, {
      load: async () => ({}),
      plan: () => ["fail"],
      execute: async () => {
        throw new Error("ERP down");
      },
      identify: (action) => action,
    });
    await expect(failing.run("order-3")).rejects.toThrow("ERP down");
    const intervals: Interval[] = [];
    await slowReconciler(second, "second", intervals).run("order-3");
    expect(intervals).toHaveLength(1);
  });
});
