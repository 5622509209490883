import { beforeEach, describe, expect, it } from "vitest";
import { defaultDisputeRules } from "../../domain/dispute-rules.js";
import { InMemoryHost } from "../../flow-kit/test-support/in-memory-host.js";
import { advanceDispute } from "./advance-dispute.js";
import { FakeErp, FakeNop, FakeNotifier, FakeOrderPayments, FakeWms } from "./test-support/fake-systems.js";
import { disputeId, now, observation, reinstatement, withdrawal } from "./test-support/fixtures.js";
import { InMemoryDisputesStore } from "./test-support/in-memory-store.js";

function setUp() {
  const store = new InMemoryDisputesStore();
  const nop = new FakeNop();
  const erp = new FakeErp();
  const wms = new FakeWms();
  const notifier = new FakeNotifier();
  const submitted: string[] = [];
  const host = new InMemoryHost("disputes");
  const advance = advanceDispute(host, {
    store,
    nop,
    erp,
    wms,
    notifier,
    enqueue: host.enqueue,
    disputes: {
      submitEvidence: async (_id, _evidence, key) => {
        submitted.push(key);
        throw new Error("not used here");
      },
    },
    orders: new FakeOrderPayments(),
    failures: host.failures,
    rules: defaultDisputeRules,
    now: () => now,
  });
  return { store, nop, erp, wms, notifier, advance, submitted };
}

describe("advancing a dispute (planner, executor and lock, on in-memory fakes)", () => {
  let t: ReturnType<typeof setUp>;
  beforeEach(() => {
    t = setUp();
  });

  it("an ERP outage mid-run: the retry finishes the plan, and nothing done before is done again", async () => {
    await t.store.observe(observation({ withdrawal }));
    t.erp.failNext = 1;
    await expect(t.advance.run(disputeId)).rejects.toThrow("503 injected");
    await t.advance.run(disputeId);
    await t.advance.run(disputeId);
    expect(t.store.actions(disputeId)).toEqual([
      "hold-fulfillment",
      "note-opened",
      "alert-opened",
      "erp-withdrawal",
      "draft-evidence",
    ]);
    expect(t.wms.calls).toEqual(["hold"]);
    expect(t.nop.notes).toHaveLength(1);
    expect(t.notifier.alerts.map((a) => a.code)).toEqual(["dispute.opened"]);
    expect(t.erp.posted.size).toBe(1);
  });

  it("the WMS says it shipped: noted as shipped, never released or cancelled; lost: recorded once, not cancelled", async () => {
    t.wms.shipped = true;
    await t.store.observe(observation({ withdrawal }));
    await t.advance.run(disputeId);
    expect(t.nop.notes[0]).toContain("already shipped");
    await t.store.observe(observation({ status: "lost", withdrawal }));
    await Promise.all([t.advance.run(disputeId), t.advance.run(disputeId)]); // concurrent runs: one at a time
    expect(t.wms.calls).toEqual(["hold"]);
    expect(t.nop.cancels).toBe(0);
    expect(t.nop.refunds).toEqual([disputeId]);
    expect(t.nop.order.refundedAmount).toBe("100.00");
    expect(t.nop.notes.filter((n) => n.includes("lost"))).toHaveLength(1);
    expect([...t.erp.posted.keys()]).toEqual([`du:${disputeId}:erp-withdrawal`, `du:${disputeId}:erp-loss`]);
  });

  it("won after a hold: released, reinstated; a late 'needs_response' changes nothing", async () => {
    await t.store.observe(observation({ withdrawal }));
    await t.advance.run(disputeId);
    await t.store.observe(observation({ status: "won", withdrawal, reinstatement }));
    await t.advance.run(disputeId);
    await t.store.observe(observation({ status: "needs_response" }));
    await t.advance.run(disputeId);
    expect(t.wms.calls).toEqual(["hold", "release"]);
    expect(t.store.actions(disputeId).slice(-3)).toEqual(["erp-reinstatement", "release-fulfillment", "note-closed"]);
    expect((await t.store.get(disputeId))?.status).toBe("won");
    expect(t.submitted).toEqual([]);
  });
});
