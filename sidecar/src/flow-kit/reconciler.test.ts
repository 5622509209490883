import { describe, expect, it } from "vitest";
import { ProcessLock } from "./aggregate-lock.js";
import { Reconciler } from "./reconciler.js";

/** A counter aggregate: the plan asks for "increment" until the count reaches the target. */
function counter(target: number, lock = new ProcessLock(), bound: { maxSteps?: number } = {}) {
  const counts = new Map<string, number>();
  const log: string[] = [];
  const reconciler = new Reconciler<string, { id: string; count: number }, { name: "increment"; to: number }>(
    "counter",
    lock,
    {
      load: async (id) => ({ id, count: counts.get(id) ?? 0 }),
      plan: (state) => (state.count < target ? [{ name: "increment", to: state.count + 1 }] : []),
      execute: async (action, state) => {
        log.push(`${state.id}:start:${action.to}`);
        await new Promise((resolve) => setTimeout(resolve, 5));
        counts.set(state.id, action.to);
        log.push(`${state.id}:end:${action.to}`);
        return { ...state, count: action.to };
      },
      identify: (action) => `increment:${action.to}`,
      ...bound,
    },
  );
  return { reconciler, counts, log };
}

describe("Reconciler", () => {
  it("plans again after each action until the plan is empty", async () => {
    const { reconciler, counts } = counter(3);
    await reconciler.run("a");
    expect(counts.get("a")).toBe(3);
  });

  it("runs one aggregate's runs one after the other, and different aggregates side by side", async () => {
    const { reconciler, log } = counter(2);
    await Promise.all([reconciler.run("a"), reconciler.run("a"), reconciler.run("b")]);
    const forA = log.filter((l) => l.startsWith("a:"));
    // The second run of "a" found the work done: no action of "a" twice, none overlapping.
    expect(forA).toEqual(["a:start:1", "a:end:1", "a:start:2", "a:end:2"]);
    expect(log.indexOf("b:start:1")).toBeLessThan(log.indexOf("a:end:1"));
  });

  it("stops a run at 100 steps unless the spec raises the bound for work that grows with the aggregate", async () => {
    const bounded = counter(101);
    await expect(bounded.reconciler.run("a")).rejects.toThrow(/did not converge in 100 steps/);
    expect(bounded.counts.get("a")).toBe(100);
    const raised = counter(101, new ProcessLock(), { maxSteps: 1000 });
    await raised.reconciler.run("a");
    expect(raised.counts.get("a")).toBe(101);
  });

  it("never performs one action twice in a run, even when the plan keeps asking for it", async () => {
    let executed = 0;
    const reconciler = new Reconciler<string, object, { name: "notify" }>("stuck", new ProcessLock(), {
      load: async () => ({}),
      plan: () => [{ name: "notify" }],
      execute: async (_action, state) => {
        executed++;
        return state;
      },
      identify: (action) => action.name,
    });
    await reconciler.run("a");
    expect(executed).toBe(1);
  });

  it("lets the next run in after a run that failed", async () => {
    const lock = new ProcessLock();
    await expect(lock.run("a", async () => Promise.reject(new Error("down")))).rejects.toThrow("down");
    expect(await lock.run("a", async () => "next")).toBe("next");
  });
});
