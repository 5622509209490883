import { OrderStatus } from "@nop-stripe/contract/nop-enums.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { orderGuid } from "../../sidecar/src/domain/ids.js";
import { hashIdentifier } from "../../sidecar/src/flows/risk/gather-facts.js";
import { nopOrder, notesOf } from "../order-to-cash/o2c-harness.js";
import { backends } from "../support/backends.js";
import { waitFor } from "../support/wait-for.js";
import { decidedReview, placeAndAuthorize, type RiskHarness, startRisk } from "./risk-harness.js";

describe.each(backends)("the order's IP in risk decisions on $name", (backend) => {
  let t: RiskHarness;
  beforeAll(async () => {
    t = await startRisk(backend);
  });
  afterAll(() => t?.close());

  const intentOf = (id: string) => t.systems.stripe.paymentIntents.retrieve(id);
  const attemptsFrom = (ip: string) =>
    t.sidecar.db.prisma.riskPaymentAttempt.findMany({ where: { ipHash: hashIdentifier(ip) } });

  it("rejected with the IP blocklisted: the next order from that IP, by another e-mail, is high risk; the IP is stored hashed only", async () => {
    const ip = "198.51.100.23";
    const first = await placeAndAuthorize(t, "pm_card_riskLevelElevated", undefined, { customerIp: ip });
    const firstGuid = orderGuid(first.order.orderGuid);
    await decidedReview(t.flows.risk, firstGuid);
    const attempts = await attemptsFrom(ip);
    expect(attempts.map((a) => a.orderGuid)).toEqual([first.order.orderGuid]);
    expect(JSON.stringify(attempts)).not.toContain(ip);

    await t.flows.risk.reviews.reject(firstGuid, "reviewer:ann", ["ip"]);
    await waitFor(async () => (await intentOf(first.intent.id)).status === "canceled");
    const blocked = await t.sidecar.db.prisma.riskBlocklist.findMany({ where: { orderGuid: first.order.orderGuid } });
    expect(blocked).toEqual([expect.objectContaining({ kind: "ip", value: hashIdentifier(ip) })]);

    const second = await placeAndAuthorize(t, "pm_card_visa", undefined, { customerIp: ip });
    await waitFor(async () => (await intentOf(second.intent.id)).status === "canceled");
    expect((await intentOf(second.intent.id)).cancellation_reason).toBe("fraudulent");
    await waitFor(() => nopOrder(t, second.order.id).orderStatusId === OrderStatus.Cancelled);
    await waitFor(() => notesOf(t, second.order.id, "Payment cancelled as fraudulent by the risk score").length > 0);
    // Both attempts count towards the IP's velocity.
    expect((await attemptsFrom(ip)).map((a) => a.orderGuid).sort()).toEqual(
      [first.order.orderGuid, second.order.orderGuid].sort(),
    );

    const elsewhere = await placeAndAuthorize(t, "pm_card_visa", undefined, { customerIp: "198.51.100.24" });
    await waitFor(async () => (await intentOf(elsewhere.intent.id)).status === "succeeded");
  });
});
