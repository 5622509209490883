import { OrderStatus, PaymentStatus } from "@nop-stripe/contract/nop-enums.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { StripeCustomerId } from "../../sidecar/src/domain/ids.js";
import { bearer } from "../support/api-tokens.js";
import { backends } from "../support/backends.js";
import { linkStripeCustomer } from "../support/link-stripe-customer.js";
import { waitFor } from "../support/wait-for.js";
import {
  alertsOf,
  type DisputesHarness,
  decide,
  entries,
  openDispute,
  paidOrder,
  refundPolicy,
  settle,
  startDisputes,
  wmsRequest,
} from "./disputes-harness.js";

interface DisputeView {
  id: string;
  status: string;
  outcome: string;
  reason: string;
  orderGuid: string;
  amount: { minor: number; currency: string; decimal: string };
  fee: { minor: number; decimal: string } | null;
  reinstated: { minor: number } | null;
  dueBy: string;
  fulfillment: string;
  evidenceState: string;
  evidenceApprovedBy: string | null;
  submissionCount: number;
  evidence: Record<string, string | null> | null;
}

const disputeFields = `id status outcome reason orderGuid amount { minor currency decimal } fee { minor decimal }
  reinstated { minor } dueBy fulfillment evidenceState evidenceApprovedBy submissionCount
  evidence { product_description customer_name customer_email_address billing_address shipping_address
    shipping_carrier shipping_tracking_number shipping_date refund_policy_disclosure uncategorized_text }`;

async function gql<T>(t: DisputesHarness, query: string, variables: Record<string, unknown> = {}) {
  const res = await fetch(`${t.url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", ...bearer(t.adminToken) },
    body: JSON.stringify({ query, variables }),
  });
  return (await res.json()) as { data?: T; errors?: { message: string }[] };
}

const disputeOf = async (t: DisputesHarness, id: string) =>
  (await gql<{ dispute: DisputeView | null }>(t, `query($id: ID!) { dispute(id: $id) { ${disputeFields} } }`, { id }))
    .data?.dispute ?? null;

describe.each(backends)("dispute evidence and GraphQL on $name", (backend) => {
  let t: DisputesHarness;
  beforeAll(async () => {
    t = await startDisputes(backend);
  });
  afterAll(() => t?.close());

  it("drafts the evidence from what the sidecar knows; an admin edits and approves it; it is submitted once", async () => {
    const { order, intent, requestId } = await paidOrder(t);
    t.sandbox.wms.deliver(requestId);
    await waitFor(() => t.sandbox.nop.getOrder(order.id)!.shipments[0]?.deliveryDateUtc);
    const shipment = wmsRequest(t, requestId).shipment!;
    const dispute = await openDispute(t, intent);

    const drafted = await waitFor(async () => {
      const view = await disputeOf(t, dispute.id);
      return view?.evidenceState === "drafted" ? view : undefined;
    });
    const item = order.items[0]!;
    expect(drafted.evidence).toMatchObject({
      product_description: expect.stringContaining(`1 x ${item.productName}`),
      customer_email_address: order.customer.email,
      shipping_carrier: "DHL",
      shipping_tracking_number: shipment.trackingNumber,
      shipping_date: shipment.shippedAt.slice(0, 10),
      refund_policy_disclosure: refundPolicy,
      uncategorized_text: expect.stringContaining(`Order ${order.customOrderNumber}`),
    });
    expect(drafted.evidence!.uncategorized_text).toContain(`Delivered ${shipment.deliveredAt!.slice(0, 10)}`);
    expect(drafted.evidence!.billing_address).toContain(order.billingAddress.city!);
    expect(drafted).toMatchObject({
      status: "needs_response",
      outcome: "open",
      orderGuid: order.orderGuid.toLowerCase(),
      amount: { minor: intent.amount, currency: "usd" },
      fee: { minor: 1500, decimal: "15.00" },
      fulfillment: "shipped",
      submissionCount: 0,
    });

    // The emulator decides by the text, as Stripe's test mode does: winning_evidence wins.
    const edit = `mutation($id: ID!, $e: DisputeEvidenceInput!) { updateDisputeEvidence(id: $id, evidence: $e) { ${disputeFields} } }`;
    const edited = await gql<{ updateDisputeEvidence: DisputeView }>(t, edit, {
      id: dispute.id,
      e: { uncategorized_text: "The customer signed for the parcel. winning_evidence", customer_name: "" },
    });
    expect(edited.errors).toBeUndefined();
    expect(edited.data!.updateDisputeEvidence.evidence).toMatchObject({
      uncategorized_text: "The customer signed for the parcel. winning_evidence",
      customer_name: null,
      shipping_carrier: "DHL",
    });

    const approve = `mutation($id: ID!) { approveDisputeEvidence(id: $id) { ${disputeFields} } }`;
    const approved = await gql<{ approveDisputeEvidence: DisputeView }>(t, approve, { id: dispute.id });
    expect(approved.data!.approveDisputeEvidence).toMatchObject({
      evidenceState: "approved",
      evidenceApprovedBy: "test admin",
    });
    const again = await gql(t, approve, { id: dispute.id });
    expect(again.errors?.[0]?.message).toMatch(/only a draft can be edited or approved|can no longer change/);

    const won = await waitFor(async () => {
      const view = await disputeOf(t, dispute.id);
      return view?.evidenceState === "submitted" && view.status === "won" && view.reinstated ? view : undefined;
    });
    expect(won).toMatchObject({ outcome: "kept", submissionCount: 1, reinstated: { minor: intent.amount } });
    await settle(t);
    const atStripe = await t.systems.stripe.disputes.retrieve(dispute.id);
    expect(atStripe.evidence_details.submission_count).toBe(1);
    expect(atStripe.evidence.shipping_tracking_number).toBe(shipment.trackingNumber);
    expect(atStripe.evidence.customer_name).toBeNull();
    const submittedNotes = t.sandbox.nop
      .getOrder(order.id)!
      .notes.filter((n) =>
        n.note.startsWith(`Evidence for Stripe dispute ${dispute.id} submitted (approved by test admin)`),
      );
    expect(submittedNotes).toHaveLength(1);
    expect(submittedNotes[0]!.displayToCustomer).toBe(false);
    const late = await gql(t, edit, { id: dispute.id, e: { uncategorized_text: "more" } });
    expect(late.errors?.[0]?.message).toContain("can no longer change");

    const audit = await t.sidecar.db.prisma.auditEntry.findMany({
      where: { action: { in: ["graphql:approveDisputeEvidence", "graphql:updateDisputeEvidence"] } },
    });
    expect(audit.map((a) => [a.action, a.outcome]).sort()).toEqual(
      [
        ["graphql:approveDisputeEvidence", "error"],
        ["graphql:approveDisputeEvidence", "ok"],
        ["graphql:updateDisputeEvidence", "error"],
        ["graphql:updateDisputeEvidence", "ok"],
      ].sort(),
    );
    expect(audit.every((a) => a.target === dispute.id)).toBe(true);
  });

  it("alerts when the due date nears with nothing submitted (a test clock); a lost dispute is consistent in nop, the ERP and GraphQL", async () => {
    const sixDaysAgo = Math.floor(Date.now() / 1000) - 6 * 24 * 3600;
    const clock = await t.systems.stripe.testHelpers.testClocks.create({ frozen_time: sixDaysAgo });
    const { order, intent } = await paidOrder(t, async (placed) => {
      // The order's customer is linked to a Stripe customer living on the test clock.
      const onClock = await t.systems.stripe.customers.create({
        test_clock: clock.id,
        email: placed.customer.email ?? undefined,
      });
      const customer = { ...placed.customer, id: placed.customerId, storeId: placed.storeId };
      await linkStripeCustomer(t.sidecar.db.sql, customer, onClock.id as StripeCustomerId);
    });
    const dispute = await openDispute(t, intent);
    expect(dispute.created).toBe(sixDaysAgo);
    expect(dispute.evidence_details.due_by! * 1000 - Date.now()).toBeLessThan(72 * 3600 * 1000);

    await waitFor(() => alertsOf(t, "dispute.evidence_due_soon", dispute.id).length === 1);
    await settle(t);
    expect(alertsOf(t, "dispute.evidence_due_soon", dispute.id)).toHaveLength(1);
    expect(alertsOf(t, "dispute.evidence_due_soon", dispute.id)[0]!.severity).toBe("critical");

    await decide(t, dispute.id, "lost");
    await waitFor(async () => (await disputeOf(t, dispute.id))?.fulfillment === "cancelled");
    await settle(t);
    const lost = (await disputeOf(t, dispute.id))!;
    const nop = t.sandbox.nop.getOrder(order.id)!;
    expect(nop.paymentStatusId).toBe(PaymentStatus.Refunded);
    expect(nop.orderStatusId).toBe(OrderStatus.Cancelled);
    expect(lost).toMatchObject({ status: "lost", fulfillment: "cancelled", amount: { decimal: nop.orderTotal } });
    const [withdrawal, loss] = entries(t, dispute.id);
    const debits = (e: typeof withdrawal) => e!.lines.reduce((s, l) => s + (l.debit ?? 0), 0);
    expect(debits(withdrawal)).toBe(lost.amount.minor + lost.fee!.minor);
    expect(debits(loss)).toBe(lost.amount.minor);

    const onOrder = await gql<{ order: { disputes: DisputeView[] } }>(
      t,
      `query($guid: String) { order(guid: $guid) { disputes { id status outcome fee { minor } } } }`,
      { guid: order.orderGuid },
    );
    expect(onOrder.data!.order.disputes).toEqual([
      { id: dispute.id, status: "lost", outcome: "lost", fee: { minor: 1500 } },
    ]);
    const list = await gql<{ disputes: { edges: { node: { id: string } }[] } }>(
      t,
      `query($s: [DisputeStatus!]) { disputes(status: $s, first: 50) { edges { node { id } } } }`,
      { s: ["lost"] },
    );
    expect(list.data!.disputes.edges.map((e) => e.node.id)).toContain(dispute.id);
    const open = await gql<{ disputes: { edges: { node: { id: string } }[] } }>(
      t,
      `query($s: [DisputeStatus!]) { disputes(status: $s) { edges { node { id } } } }`,
      { s: ["needs_response", "under_review"] },
    );
    expect(open.data!.disputes.edges.map((e) => e.node.id)).not.toContain(dispute.id);

    // Pages newest first by opening time, like the other lists: this dispute opened six days ago (its clock), so
    // the earlier test's dispute comes first.
    type Page = {
      disputes: { edges: { node: { id: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string } };
    };
    const page = `query($after: String) { disputes(first: 1, after: $after) { edges { node { id } } pageInfo { hasNextPage endCursor } } }`;
    const first = (await gql<Page>(t, page)).data!.disputes;
    expect(first.edges).toHaveLength(1);
    expect(first.edges[0]!.node.id).not.toBe(dispute.id);
    expect(first.pageInfo.hasNextPage).toBe(true);
    const second = (await gql<Page>(t, page, { after: first.pageInfo.endCursor })).data!.disputes;
    expect(second.edges.map((e) => e.node.id)).toEqual([dispute.id]);
    expect(second.pageInfo.hasNextPage).toBe(false);
    const later = await gql<Page>(
      t,
      `query { disputes(openedAfter: "${new Date(Date.now() + 60_000).toISOString()}") { edges { node { id } } } }`,
    );
    expect(later.data!.disputes.edges).toEqual([]);
  });
});
