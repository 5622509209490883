import { describe, expect, it } from "vitest";
import { ItemFailure, MicroBatcher } from "./micro-batcher.js";

describe("MicroBatcher", () => {
  it("serves concurrent calls with one flush and gives each caller its own result", async () => {
    const batches: number[][] = [];
    const batcher = new MicroBatcher<number, number>(async (items) => {
      batches.push(items);
      return items.map((n) => n * 10);
    });
    const results = await Promise.all([1, 2, 3].map((n) => batcher.add(n)));
    expect(results).toEqual([10, 20, 30]);
    expect(batches).toEqual([[1, 2, 3]]);
  });

  it("rejects only the items the flush reports as failed", async () => {
    const batcher = new MicroBatcher<number, number>(async (items) =>
      items.map((n) => (n === 2 ? new ItemFailure(new Error("refused 2")) : n)),
    );
    const results = await Promise.allSettled([1, 2, 3].map((n) => batcher.add(n)));
    expect(results.map((r) => (r.status === "fulfilled" ? r.value : (r.reason as Error).message))).toEqual([
      1,
      "refused 2",
      3,
    ]);
  });

  it("splits at the size limit", async () => {
    const batches: number[][] = [];
    const batcher = new MicroBatcher<number, number>(
      async (items) => {
        batches.push(items);
        return items;
      },
      { maxBatch: 2 },
    );
    await Promise.all([1, 2, 3, 4, 5].map((n) => batcher.add(n)));
    expect(batches).toEqual([[1, 2], [3, 4], [5]]);
  });

  it("lets items wait for a free slot while the in-flight limit is reached, so later batches are larger", async () => {
    const batches: number[][] = [];
    const release: (() => void)[] = [];
    const batcher = new MicroBatcher<number, number>(
      (items) => {
        batches.push(items);
        return new Promise((resolve) => release.push(() => resolve(items)));
      },
      { maxInFlight: 1 },
    );
    const first = batcher.add(1);
    await new Promise((r) => setImmediate(r));
    const rest = [2, 3, 4].map((n) => batcher.add(n));
    await new Promise((r) => setImmediate(r));
    expect(batches).toEqual([[1]]); // 2, 3 and 4 wait: one batch in flight
    release.shift()?.();
    expect(await first).toBe(1);
    await new Promise((r) => setImmediate(r));
    expect(batches).toEqual([[1], [2, 3, 4]]);
    release.shift()?.();
    expect(await Promise.all(rest)).toEqual([2, 3, 4]);
  });

  it("rejects every caller of a failed flush, and later batches still work", async () => {
    let fail = true;
    const batcher = new MicroBatcher<number, number>(async (items) => {
      if (fail) throw new Error("database down");
      return items;
    });
    const failed = await Promise.allSettled([batcher.add(1), batcher.add(2)]);
    expect(failed.map((r) => r.status)).toEqual(["rejected", "rejected"]);
    fail = false;
    expect(await batcher.add(3)).toBe(3);
  });
});
