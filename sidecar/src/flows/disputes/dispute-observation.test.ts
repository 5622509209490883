import { describe, expect, it } from "vitest";
import { money } from "../../domain/money.js";
import { mergeDispute, newDisputeRecord } from "./dispute-observation.js";
import type { DisputeRecord } from "./disputes-store.js";
import { observation, reinstatement, withdrawal } from "./test-support/fixtures.js";

describe("mergeDispute", () => {
  it("never moves a closed dispute back to open, whatever arrives late", () => {
    const won = newDisputeRecord(observation({ status: "won", withdrawal, reinstatement }));
    const late = mergeDispute(won, observation({ status: "needs_response", withdrawal: null }));
    expect(late.changed).toBe(false);
    expect(late.next.status).toBe("won");
    expect(late.next.reinstatement).toEqual(reinstatement);
  });

  it("takes the later status and keeps what was seen of the money, in any order", () => {
    const events = [
      observation({ status: "needs_response" }),
      observation({ status: "needs_response", withdrawal }),
      observation({ status: "under_review", submissionCount: 1, hasEvidence: true }),
      observation({ status: "won", withdrawal }),
      observation({ status: "won", withdrawal, reinstatement }),
    ];
    const finals = [events, [...events].reverse(), [events[3]!, events[0]!, events[4]!, events[2]!, events[1]!]].map(
      (order) =>
        order.slice(1).reduce((record: DisputeRecord, o) => mergeDispute(record, o).next, newDisputeRecord(order[0]!)),
    );
    for (const final of finals)
      expect(final).toMatchObject({ status: "won", withdrawal, reinstatement, submissionCount: 1, hasEvidence: true });
  });

  it("an inquiry may escalate to a chargeback, with its amount", () => {
    const inquiry = newDisputeRecord(observation({ status: "warning_needs_response", amount: money(5000, "usd") }));
    const { next } = mergeDispute(inquiry, observation({ status: "needs_response", amount: money(6000, "usd") }));
    expect(next.status).toBe("needs_response");
    expect(next.amount.amount).toBe(6000);
  });
});
