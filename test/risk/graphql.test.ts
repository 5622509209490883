import { PaymentStatus } from "@nop-stripe/contract/nop-enums.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { orderGuid } from "../../sidecar/src/domain/ids.js";
import { erpOrdersFor, nopOrder } from "../order-to-cash/o2c-harness.js";
import { createTestToken, graphqlAs } from "../support/api-tokens.js";
import { backends } from "../support/backends.js";
import { waitFor } from "../support/wait-for.js";
import { decidedReview, placeAndAuthorize, type RiskHarness, startRisk } from "./risk-harness.js";

const queue = `query Q($after: String) { riskReviews(first: 50, after: $after) {
  edges { cursor node { orderGuid status source authorizationExpiresAt claim { by active }
    order { orderGuid nopOrderId }
    decision { score band scoreBand model narrative adviceFailure signals { name weight contribution reason }
      rulesHit { rule band reason } customerHistory { paidOrders } } } }
  pageInfo { hasNextPage endCursor } } }`;

const review = (
  name: string,
  extra = "",
) => `mutation M($orderGuid: String!${extra ? ", $blocklist: [RiskBlocklistKind!]" : ""}) {
  ${name}(orderGuid: $orderGuid${extra}) { orderGuid status decidedBy claim { by active } notes { by text } } }`;

describe.each(backends)("the fraud review queue in GraphQL on $name", (backend) => {
  let t: RiskHarness;
  let reviewer: string;
  let other: string;
  let readOnly: string;
  beforeAll(async () => {
    t = await startRisk(backend);
    reviewer = await createTestToken(t.sidecar, "reviewer");
    other = await createTestToken(t.sidecar, "reviewer");
    readOnly = await createTestToken(t.sidecar, "read_only");
  });
  afterAll(() => t?.close());

  it("lists open reviews soonest-expiring first; claim, note and approve are audited and capture once", async () => {
    const { order, intent } = await placeAndAuthorize(t, "pm_card_riskLevelElevated");
    const guid = orderGuid(order.orderGuid);
    await decidedReview(t.flows.risk, guid);

    const listed = await graphqlAs(t.url, reviewer, queue, {});
    expect(listed.body.errors).toBeUndefined();
    type Edge = {
      node: {
        orderGuid: string;
        authorizationExpiresAt: string;
        decision: { band: string; signals: unknown[]; narrative: string; model: string };
      };
    };
    const edges = (listed.body.data?.riskReviews as { edges: Edge[] } | undefined)?.edges ?? [];
    const mine = edges.find((e) => e.node.orderGuid === guid)!;
    expect(mine.node).toMatchObject({ decision: { band: "review", model: expect.stringMatching(/@\d+$/) } });
    expect(mine.node.decision.signals.length).toBeGreaterThan(0);
    const expiries = edges.map((e) => Date.parse(e.node.authorizationExpiresAt));
    expect(expiries).toEqual([...expiries].sort((a, b) => a - b));

    const denied = await graphqlAs(t.url, readOnly, queue, {});
    expect(denied.body.errors?.[0]?.message).toMatch(/not allowed/);

    const claimed = await graphqlAs(t.url, reviewer, review("claimRiskReview"), { orderGuid: guid });
    expect(claimed.body.data?.claimRiskReview).toMatchObject({ status: "open", claim: { active: true } });
    const stolen = await graphqlAs(t.url, other, review("approveRiskReview"), { orderGuid: guid });
    expect(stolen.body.errors?.[0]).toMatchObject({
      message: expect.stringMatching(/is claimed by/),
      extensions: { code: "BAD_USER_INPUT" },
    });
    const noted = await graphqlAs(
      t.url,
      reviewer,
      `mutation { noteRiskReview(orderGuid: "${guid}", text: "Called the customer: genuine") { notes { text } } }`,
    );
    expect(noted.body.data?.noteRiskReview).toEqual({ notes: [{ text: "Called the customer: genuine" }] });
    const approved = await graphqlAs(t.url, reviewer, review("approveRiskReview"), { orderGuid: guid });
    expect(approved.body.errors).toBeUndefined();
    expect(approved.body.data?.approveRiskReview).toMatchObject({ status: "approved" });

    await waitFor(
      () => nopOrder(t, order.id).paymentStatusId === PaymentStatus.Paid && erpOrdersFor(t, order.orderGuid).length > 0,
    );
    expect((await t.systems.stripe.paymentIntents.retrieve(intent.id)).status).toBe("succeeded");
    const entries = await t.sidecar.db.prisma.auditEntry.findMany({
      where: { action: { contains: "RiskReview" } },
      orderBy: { id: "asc" },
    });
    const audit = entries.filter((a) => (a.detail as { args?: { orderGuid?: string } }).args?.orderGuid === guid);
    expect(audit.map((a) => [a.action, a.outcome])).toEqual([
      ["graphql:claimRiskReview", "ok"],
      ["graphql:approveRiskReview", "error"],
      ["graphql:noteRiskReview", "ok"],
      ["graphql:approveRiskReview", "ok"],
    ]);
  });

  it("reject with a blocklist: cancelled, audited, and the queue no longer lists it as open", async () => {
    const { order, intent } = await placeAndAuthorize(t, "pm_card_riskLevelElevated");
    const guid = orderGuid(order.orderGuid);
    await decidedReview(t.flows.risk, guid);
    const rejected = await graphqlAs(t.url, reviewer, review("rejectRiskReview", ", blocklist: $blocklist"), {
      orderGuid: guid,
      blocklist: ["email"],
    });
    expect(rejected.body.errors).toBeUndefined();
    expect(rejected.body.data?.rejectRiskReview).toMatchObject({ status: "rejected" });
    await waitFor(async () => (await t.systems.stripe.paymentIntents.retrieve(intent.id)).status === "canceled");
    const listed = await graphqlAs(t.url, reviewer, queue, {});
    const open = (listed.body.data?.riskReviews as { edges: { node: { orderGuid: string } }[] } | undefined)?.edges;
    expect(open).toBeDefined();
    expect(open?.map((e) => e.node.orderGuid)).not.toContain(guid);
  });
});
