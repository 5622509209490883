import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { paymentEventTypes } from "../../sidecar/src/domain/payment-state.js";

// The README tells merchants which Stripe events to send; a flow that starts handling a new type must say so there.
describe("README: connecting Stripe", () => {
  it("lists exactly the Stripe event types the flows handle", () => {
    const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
    const paragraph = readme.slice(readme.indexOf("Connect Stripe by adding a webhook endpoint"));
    const listed = paragraph.slice(0, paragraph.indexOf("Subscribing to all events")).match(/`[a-z_.]+\.[a-z_]+`/g);
    expect(listed?.map((t) => t.slice(1, -1)).sort()).toEqual([...paymentEventTypes].sort());
  });
});
