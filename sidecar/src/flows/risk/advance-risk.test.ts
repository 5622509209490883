import { describe, expect, it } from "vitest";
import type { RiskAdvisor } from "../../domain/risk/risk-advice.js";
import { defaultRiskRules } from "../../domain/risk/risk-rules.js";
import { riskKey } from "./risk-actions.js";
import { orderGuidOf, riskOnFakes } from "./test-support/fake-risk-systems.js";

const minute = 60_000;
const hour = 60 * minute;

/** An advisor that answers `action` (or fails) and counts how often it was asked. */
function advisorSaying(action: "capture" | "review" | "cancel" | "fail" | "throw") {
  const asked: unknown[] = [];
  const advisor: RiskAdvisor = {
    advise: async (input) => {
      asked.push(input);
      if (action === "throw") throw new Error("socket hang up");
      if (action === "fail")
        return { ok: false, error: { kind: "invalid_answer", message: "the answer did not fit the schema" } };
      return {
        ok: true,
        value: {
          narrative: `advisor: ${action}`,
          weighedSignals: ["radar_risk_score"],
          recommendedAction: action,
          model: "gpt-test",
        },
      };
    },
  };
  return { advisor, asked };
}

describe("the risk flow on in-memory fakes", () => {
  it("low risk: one decision, one capture under the order's key, however often it runs", async () => {
    const { advisor, asked } = advisorSaying("capture");
    const t = riskOnFakes({ band: "low", advisor });
    await t.authorize();
    await t.advance.run(orderGuidOf);
    await t.advance.run(orderGuidOf);
    expect(t.calls.captures).toEqual([orderGuidOf]);
    expect(t.calls.assessed).toBe(1);
    expect(asked).toHaveLength(1);
    const { riskCase } = await t.store.load(orderGuidOf);
    expect(riskCase?.decision).toMatchObject({
      band: "low",
      advice: { recommendedAction: "capture" },
      adviceFailure: null,
    });
    expect(t.store.log.get(riskKey(orderGuidOf, "decide"))?.detail).toMatchObject({
      band: "low",
      score: 10,
      model: { name: "test-model", version: 3 },
    });
  });

  it("the advisor may send a low one to review: a review opens, with its timers, and nothing is captured", async () => {
    const t = riskOnFakes({ band: "low", advisor: advisorSaying("cancel").advisor });
    await t.authorize();
    expect(t.calls.captures).toEqual([]);
    expect(t.calls.cancels).toEqual([]);
    const { review, riskCase } = await t.store.load(orderGuidOf);
    expect(review?.status).toBe("open");
    expect(riskCase?.decision?.narrative).toBe("advisor: cancel");
    expect(t.host.enqueued.map((j) => j.name)).toEqual(["risk.review-timer", "risk.review-timer"]);
  });

  it("the advisor never captures what the rules sent to review", async () => {
    const t = riskOnFakes({ band: "review", advisor: advisorSaying("capture").advisor });
    await t.authorize();
    expect(t.calls.captures).toEqual([]);
    expect((await t.store.load(orderGuidOf)).review?.status).toBe("open");
  });

  it("an advisor that fails or throws changes no decision; the failure is stored and noted in the narrative", async () => {
    for (const [action, text] of [
      ["fail", "did not fit the schema"],
      ["throw", "socket hang up"],
    ] as const) {
      const t = riskOnFakes({ band: "high", advisor: advisorSaying(action).advisor });
      await t.authorize();
      const decision = (await t.store.load(orderGuidOf)).riskCase?.decision;
      expect(decision?.band).toBe("high");
      expect(decision?.adviceFailure?.message).toContain(text);
      expect(decision?.narrative).toContain(text);
      expect(t.calls.cancels).toEqual([{ id: "pi_risk_1", key: riskKey(orderGuidOf, "cancel"), reason: "fraudulent" }]);
      expect(t.calls.nopCancels).toEqual([riskKey(orderGuidOf, "cancel-order")]);
      expect(t.calls.notes).toHaveLength(1);
      expect(t.calls.notes[0]).toMatch(/^Payment cancelled as fraudulent by the risk score/);
    }
  });

  it("an approval when the authorization has nearly expired still captures", async () => {
    const t = riskOnFakes({ band: "review" });
    await t.authorize(new Date(Date.parse("2026-12-06T12:00:00Z") + 20 * minute));
    t.clock.now = new Date(t.clock.now.getTime() + 14 * minute);
    await t.reviews.claim(orderGuidOf, "ann");
    const approved = await t.reviews.approve(orderGuidOf, "ann");
    expect(approved.status).toBe("approved");
    expect(t.calls.captures).toEqual([orderGuidOf]);
  });

  it("an approval stands when Stripe is down: a job applies it once Stripe answers", async () => {
    const t = riskOnFakes({ band: "review" });
    await t.authorize();
    const capture = t.ports.capture;
    t.ports.capture = async () => {
      throw new Error("stripe unreachable");
    };
    expect((await t.reviews.approve(orderGuidOf, "ann")).status).toBe("approved");
    expect(t.host.enqueued.map((j) => j.name)).toContain("risk.advance");
    t.ports.capture = capture;
    await t.advance.run(orderGuidOf);
    expect(t.calls.captures).toEqual([orderGuidOf]);
  });

  it("one reviewer at a time: a claim holds until it expires, then another may take it", async () => {
    const t = riskOnFakes({ band: "review" });
    await t.authorize();
    await t.reviews.claim(orderGuidOf, "ann");
    await expect(t.reviews.claim(orderGuidOf, "bob")).rejects.toThrow(/claimed by ann/);
    await expect(t.reviews.reject(orderGuidOf, "bob", [])).rejects.toThrow(/claimed by ann/);
    t.clock.now = new Date(t.clock.now.getTime() + defaultRiskRules.defaults.claimForMs + 1);
    const taken = await t.reviews.claim(orderGuidOf, "bob");
    expect(taken.claimedBy).toBe("bob");
    await t.reviews.note(orderGuidOf, "bob", "  looks like card testing  ");
    const rejected = await t.reviews.reject(orderGuidOf, "bob", ["email", "card"]);
    expect(rejected).toMatchObject({
      status: "rejected",
      decidedBy: "bob",
      notes: [{ by: "bob", text: "looks like card testing" }],
    });
    expect([...t.store.blocklist.values()].map((e) => e.kind).sort()).toEqual(["card", "email"]);
    expect(t.calls.cancels).toHaveLength(1);
    expect(t.calls.notes[0]).toBe("Payment cancelled as fraudulent: rejected in risk review by bob.");
    await expect(t.reviews.approve(orderGuidOf, "bob")).rejects.toThrow(/is rejected by bob/);
  });

  it("a blocklisted payment is scored with it: the facts name what is blocked", async () => {
    const t = riskOnFakes({ band: "low" });
    await t.store.addToBlocklist([{ kind: "card", value: "fp_card_1" }], "ann");
    let seen: unknown;
    t.ports.assess = ((facts: { blocklisted: unknown }) => {
      seen = facts.blocklisted;
      return { score: 10, band: "low", signals: [], rulesHit: [], model: { name: "m", version: 1 } };
    }) as never;
    await t.authorize();
    expect(seen).toEqual(["card"]);
  });

  it("an open review: one alert before expiry, then the store's rule (cancel) at expiry; a late approval is refused", async () => {
    const t = riskOnFakes({ band: "review" });
    const expiry = new Date(Date.parse("2026-12-06T12:00:00Z") + 48 * hour);
    await t.authorize(expiry);
    const [alertTimer, expireTimer] = t.host.enqueued;
    expect(alertTimer?.delayMs).toBe(24 * hour);
    expect(expireTimer?.delayMs).toBe(48 * hour - 5 * minute);
    t.clock.now = new Date(expiry.getTime() - 23 * hour);
    await t.advance.run(orderGuidOf);
    await t.advance.run(orderGuidOf);
    expect(t.calls.alerts.map((a) => a.code)).toEqual(["risk.review_expiring"]);
    t.clock.now = new Date(expiry.getTime() - 5 * minute);
    await t.advance.run(orderGuidOf);
    expect((await t.store.load(orderGuidOf)).review).toMatchObject({
      status: "expired",
      decidedBy: "rule:atExpiry=cancel",
    });
    expect(t.calls.cancels).toHaveLength(1);
    expect(t.calls.captures).toEqual([]);
    expect(t.calls.notes[0]).toMatch(/still open when the authorization was about to expire/);
    await expect(t.reviews.approve(orderGuidOf, "ann")).rejects.toThrow(/is expired/);
  });

  it("at expiry with atExpiry capture: captured", async () => {
    const rules = {
      ...defaultRiskRules,
      defaults: { ...defaultRiskRules.defaults, decide: "all" as const, atExpiry: "capture" as const },
    };
    const t = riskOnFakes({ band: "review", rules });
    const expiry = new Date(Date.parse("2026-12-06T12:00:00Z") + hour);
    await t.authorize(expiry);
    t.clock.now = expiry;
    await t.advance.run(orderGuidOf);
    expect(t.calls.captures).toEqual([orderGuidOf]);
    expect(t.calls.cancels).toEqual([]);
  });
});
