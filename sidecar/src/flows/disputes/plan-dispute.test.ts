import { describe, expect, it } from "vitest";
import { defaultDisputeRules } from "../../domain/dispute-rules.js";
import type { DisputeActionName } from "./dispute-actions.js";
import { planDispute } from "./plan-dispute.js";
import { now, paidOrder, reinstatement, stateOf, withdrawal } from "./test-support/fixtures.js";

const plan = (...args: Parameters<typeof stateOf>) =>
  planDispute(stateOf(...args), defaultDisputeRules).map((a) => a.name);
const opened: DisputeActionName[] = [
  "hold-fulfillment",
  "note-opened",
  "alert-opened",
  "erp-withdrawal",
  "draft-evidence",
];

describe("planDispute", () => {
  it("holds the fulfillment first: the opening note says what became of it", () => {
    expect(plan({ withdrawal })).toEqual(["hold-fulfillment", "erp-withdrawal", "draft-evidence"]);
    expect(plan({ withdrawal, fulfillment: "held" }, ["hold-fulfillment"])).toEqual([
      "note-opened",
      "alert-opened",
      "erp-withdrawal",
      "draft-evidence",
    ]);
  });

  it("books the withdrawal only once Stripe's balance transaction is known (its fee is on it)", () => {
    expect(plan({ fulfillment: "shipped" }, ["hold-fulfillment"])).not.toContain("erp-withdrawal");
  });

  it("plans nothing more once everything for an open dispute is done", () => {
    expect(plan({ withdrawal, fulfillment: "held", evidenceState: "drafted" }, opened)).toEqual([]);
  });

  it("submits approved evidence once, and never for a closed dispute", () => {
    const approved = { withdrawal, fulfillment: "held" as const, evidenceState: "approved" as const };
    expect(plan(approved, opened)).toEqual(["submit-evidence"]);
    expect(plan(approved, [...opened, "submit-evidence"])).toEqual([]);
    expect(plan({ ...approved, evidenceState: "submitted" }, [...opened, "submit-evidence"])).toEqual([
      "note-submitted",
    ]);
    expect(plan({ ...approved, status: "lost" }, opened)).not.toContain("submit-evidence");
  });

  it("alerts when the due date is within the window and nothing was submitted", () => {
    const soon = new Date(now.getTime() + 48 * 3600 * 1000);
    const base = { withdrawal, fulfillment: "held" as const, evidenceState: "drafted" as const, dueBy: soon };
    expect(plan(base, opened)).toEqual(["due-soon-alert"]);
    expect(plan({ ...base, evidenceState: "submitted" }, [...opened, "note-submitted"])).toEqual([]);
    expect(plan({ ...base, submissionCount: 1 }, opened)).toEqual([]);
    expect(plan({ ...base, dueBy: new Date(now.getTime() + 80 * 3600 * 1000) }, opened)).toEqual([]);
    expect(plan(base, [...opened, "due-soon-alert"])).toEqual([]);
  });

  it("won: books the reinstatement and releases the hold, then a closing note", () => {
    expect(plan({ status: "won", withdrawal, reinstatement, fulfillment: "held" }, opened)).toEqual([
      "erp-reinstatement",
      "release-fulfillment",
      "note-closed",
    ]);
  });

  it("lost while held: writes the amount off, cancels the request and the order, records the loss", () => {
    expect(plan({ status: "lost", withdrawal, fulfillment: "held" }, opened)).toEqual([
      "erp-loss",
      "cancel-fulfillment",
      "nop-cancel",
      "nop-record-loss",
      "note-closed",
    ]);
  });

  it("lost after shipping: never cancels the order (its stock is not restored), records the loss", () => {
    expect(plan({ status: "lost", withdrawal, fulfillment: "shipped" }, opened)).toEqual([
      "erp-loss",
      "nop-record-loss",
      "note-closed",
    ]);
    const noRefund = { ...defaultDisputeRules, recordLossAsRefund: false };
    expect(
      planDispute(stateOf({ status: "lost", withdrawal, fulfillment: "shipped" }, opened), noRefund).map((a) => a.name),
    ).toEqual(["erp-loss", "note-closed"]);
  });

  it("an inquiry closed without withdrawal: no hold, no ERP entry, notes only", () => {
    expect(plan({ status: "warning_closed" })).toEqual(["note-opened", "alert-opened", "note-closed"]);
  });

  it("first seen closed and lost (events late): still holds first, so an unshipped order is cancelled", () => {
    expect(plan({ status: "lost", withdrawal })[0]).toBe("hold-fulfillment");
  });

  it("disputed before order-to-cash asked the warehouse: holds the request once it exists, unless it shipped", () => {
    const early = { withdrawal, fulfillment: "no-request" as const };
    expect(plan(early, [...opened], paidOrder({ wmsRequestId: null }))).toEqual([]);
    expect(plan(early, [...opened])).toEqual(["hold-late-request"]);
    expect(plan(early, [...opened, "hold-late-request"])).toEqual([]);
    const shipment = {
      fulfillmentRequestId: "FR-1",
      carrier: "DHL",
      trackingNumber: "T",
      shippedAt: "",
      deliveredAt: null,
    };
    expect(plan(early, [...opened], paidOrder({ shipment }))).toEqual([]);
  });

  it("a payment no order is known for: one alert; an order nop has not described yet: waits", () => {
    expect(plan({}, [], null)).toEqual(["unknown-order-alert"]);
    expect(plan({}, ["unknown-order-alert"], null)).toEqual([]);
    expect(plan({}, [], paidOrder({ nopOrderId: null }))).toEqual([]);
  });
});
