import { canSeeStore } from "../../sidecar/src/auth/actor.js";
import { type OrderGuid, orderGuidSchema } from "../../sidecar/src/domain/ids.js";
import { type BlocklistKind, ReviewRefused, type RiskReviewView } from "../../sidecar/src/flows/risk/index.js";
import { riskReview } from "../access.js";
import { badArgument, badUserInput } from "../arguments.js";
import { builder } from "../builder.js";
import type { GraphqlContext } from "../context.js";
import { pageSize, parseAfter, toConnection } from "../pagination.js";
import { UnifiedOrderRef } from "./order.js";

// The risk flow's review queue (flows/risk/read-model.ts) and the reviewers' commands (flows/risk/review-commands.ts);
// this file maps. Every mutation is audited by auditMutations (graphql/audit-mutations.ts).

const RiskReviewStatusEnum = builder.enumType("RiskReviewStatus", {
  description:
    "open: waiting for a reviewer; approved / rejected: a reviewer decided; expired: the store's rule decided at the authorization's expiry; closed: closed in Stripe (Radar)",
  values: ["open", "approved", "rejected", "expired", "closed"] as const,
});

const RiskBandEnum = builder.enumType("RiskBand", {
  description: "low: captured at once; review: the review queue; high: cancelled as fraudulent",
  values: ["low", "review", "high"] as const,
});

const BlocklistKindEnum = builder.enumType("RiskBlocklistKind", {
  description:
    "Which of the payment's identifiers to block: its e-mail (hashed), IP (hashed), card fingerprint, customer",
  values: ["email", "ip", "card", "customer"] as const,
});

type Decision = NonNullable<RiskReviewView["decision"]>;

const SignalRef = builder.objectRef<Decision["signals"][number]>("RiskSignal").implement({
  description: "One thing that moved the score, with the reason a reviewer reads",
  fields: (t) => ({
    name: t.exposeString("name"),
    value: t.field({ type: "JSON", nullable: true, resolve: (s) => s.value }),
    weight: t.exposeFloat("weight", { description: "The model's weight (0 for a deterministic rule)" }),
    contribution: t.exposeFloat("contribution", { description: "What it added to the model's log-odds" }),
    reason: t.exposeString("reason"),
  }),
});

const RuleHitRef = builder.objectRef<Decision["rulesHit"][number]>("RiskRuleHit").implement({
  description: "A deterministic rule that fired and the band it set at least",
  fields: (t) => ({
    rule: t.exposeString("rule"),
    band: t.field({ type: RiskBandEnum, resolve: (r) => r.band }),
    reason: t.exposeString("reason"),
  }),
});

const HistoryRef = builder.objectRef<Decision["history"]>("RiskCustomerHistory").implement({
  description: "The customer's paid orders with the store before this one (zeros for a guest or a first order)",
  fields: (t) => ({
    paidOrders: t.exposeInt("paidOrders"),
    meanPaidMinor: t.exposeFloat("meanPaidMinor", { nullable: true }),
    maxPaidMinor: t.exposeFloat("maxPaidMinor", { nullable: true }),
    refundedOrDisputed: t.exposeInt("refundedOrDisputed"),
  }),
});

const AdviceRef = builder.objectRef<NonNullable<Decision["advice"]>>("RiskAdvice").implement({
  description: "The language model's advice (advisory: it never captured or cancelled anything)",
  fields: (t) => ({
    narrative: t.exposeString("narrative"),
    weighedSignals: t.exposeStringList("weighedSignals"),
    recommendedAction: t.exposeString("recommendedAction"),
    model: t.exposeString("model"),
  }),
});

const DecisionRef = builder.objectRef<Decision>("RiskDecision").implement({
  description: "What the score decided, with everything it read and why",
  fields: (t) => ({
    score: t.exposeInt("score", { description: "0..100" }),
    scoreBand: t.field({ type: RiskBandEnum, description: "The score's band", resolve: (d) => d.scoreBand }),
    band: t.field({
      type: RiskBandEnum,
      description: "The band applied (the advisor may raise low to review)",
      resolve: (d) => d.band,
    }),
    model: t.string({
      description: "The weights file that scored it, name@version",
      resolve: (d) => `${d.model.name}@${d.model.version}`,
    }),
    signals: t.field({ type: [SignalRef], resolve: (d) => d.signals }),
    rulesHit: t.field({ type: [RuleHitRef], resolve: (d) => d.rulesHit }),
    narrative: t.exposeString("narrative", { description: "The advisor's, or one built from the reasons" }),
    advice: t.field({ type: AdviceRef, nullable: true, resolve: (d) => d.advice }),
    adviceFailure: t.string({
      nullable: true,
      description: "Why the advisor did not help (timeout, unreachable, invalid answer...); the rules decided alone",
      resolve: (d) => (d.adviceFailure ? `${d.adviceFailure.kind}: ${d.adviceFailure.message}` : null),
    }),
    customerHistory: t.field({ type: HistoryRef, resolve: (d) => d.history }),
    decidedAt: t.expose("decidedAt", { type: "DateTime" }),
  }),
});

const ClaimRef = builder.objectRef<NonNullable<RiskReviewView["claim"]>>("RiskReviewClaim").implement({
  description: "Who is looking at the review; others may not decide it until the claim expires",
  fields: (t) => ({
    by: t.exposeString("by"),
    expiresAt: t.expose("expiresAt", { type: "DateTime" }),
    active: t.exposeBoolean("active"),
  }),
});

const NoteRef = builder.objectRef<RiskReviewView["notes"][number]>("RiskReviewNote").implement({
  fields: (t) => ({
    by: t.exposeString("by"),
    text: t.exposeString("text"),
    at: t.expose("at", { type: "DateTime" }),
  }),
});

const RiskReviewRef = builder.objectRef<RiskReviewView>("RiskReview").implement({
  description: "An order's payment in the fraud review queue: its order, the decision record and the review",
  fields: (t) => ({
    id: t.id({ description: "The order's GUID", resolve: (r) => r.orderGuid }),
    orderGuid: t.exposeString("orderGuid"),
    order: t.field({
      type: UnifiedOrderRef,
      nullable: true,
      resolve: (r, _args, { orders }) => orders.find({ guid: r.orderGuid }, 5),
    }),
    status: t.field({ type: RiskReviewStatusEnum, resolve: (r) => r.status }),
    source: t.string({
      description: "score (the risk score's review band) or radar (a Stripe Radar review)",
      resolve: (r) => r.source,
    }),
    radarReviewId: t.exposeString("radarReviewId", { nullable: true }),
    radarClosedReason: t.exposeString("radarClosedReason", { nullable: true }),
    authorizationExpiresAt: t.field({
      type: "DateTime",
      nullable: true,
      description: "When the uncaptured authorization expires (the queue's order, soonest first)",
      resolve: (r) => r.captureBefore,
    }),
    openedAt: t.expose("openedAt", { type: "DateTime" }),
    claim: t.field({ type: ClaimRef, nullable: true, resolve: (r) => r.claim }),
    decidedBy: t.exposeString("decidedBy", { nullable: true }),
    decidedAt: t.expose("decidedAt", { type: "DateTime", nullable: true }),
    notes: t.field({ type: [NoteRef], resolve: (r) => r.notes }),
    decision: t.field({ type: DecisionRef, nullable: true, resolve: (r) => r.decision }),
  }),
});

const riskOf = (context: GraphqlContext) => {
  const risk = context.flows.risk;
  if (!risk) throw badUserInput("the risk flow is not enabled in this sidecar");
  return risk;
};

const guidOf = (raw: string): OrderGuid => {
  const parsed = orderGuidSchema.safeParse(raw);
  if (!parsed.success) throw badArgument("orderGuid", "is not an order GUID");
  return parsed.data;
};

/** The review, if the token's stores cover it (a store-limited token is told no such review otherwise). */
async function visibleReview(context: GraphqlContext, orderGuid: OrderGuid): Promise<RiskReviewView> {
  const review = await riskOf(context).readModel.byOrder(orderGuid);
  if (!review || !canSeeStore(context.actor, review.storeId))
    throw badUserInput(`order ${orderGuid} has no risk review`);
  return review;
}

/** A reviewer's command: the queue's refusals are the client's to read; anything else stays masked. */
async function command(
  context: GraphqlContext,
  rawGuid: string,
  run: (guid: OrderGuid, reviewer: string) => Promise<unknown>,
) {
  const guid = guidOf(rawGuid);
  await visibleReview(context, guid);
  try {
    await run(guid, `${context.actor.name} (token:${context.actor.tokenId})`);
  } catch (error) {
    if (error instanceof ReviewRefused) throw badUserInput(error.message);
    throw error;
  }
  return visibleReview(context, guid);
}

builder.queryFields((t) => ({
  riskReviews: t.connection({
    type: RiskReviewRef,
    authScopes: riskReview,
    description:
      "The fraud review queue: reviews of a status (default open), the authorization soonest to expire first",
    args: { status: t.arg({ type: RiskReviewStatusEnum, description: "Default open" }) },
    resolve: async (_root, args, context) => {
      const size = pageSize(args);
      const after = parseAfter(args.after, (id) => orderGuidSchema.safeParse(id).success);
      const rows = size === 0 ? [] : await riskOf(context).readModel.list(args.status ?? "open", size + 1, after?.id);
      const visible = rows.filter((r) => canSeeStore(context.actor, r.storeId));
      // Reviews without an authorization to expire sort last; their cursor's time is far ahead.
      return toConnection(visible, size, (r) => r.captureBefore ?? new Date("9999-12-31T00:00:00Z"));
    },
  }),
}));

builder.objectField(UnifiedOrderRef, "riskReview", (t) =>
  t.field({
    type: RiskReviewRef,
    nullable: true,
    authScopes: riskReview,
    description: "The order's fraud review, if it was sent to one",
    resolve: (o, _args, { flows }) =>
      flows.risk ? flows.risk.readModel.byOrder(orderGuidSchema.parse(o.orderGuid)) : null,
  }),
);

builder.mutationFields((t) => ({
  claimRiskReview: t.field({
    type: RiskReviewRef,
    authScopes: riskReview,
    description:
      "Claims an open review for the caller (RISK_RULES claimForMs); refused while another reviewer's claim holds",
    args: { orderGuid: t.arg.string({ required: true }) },
    resolve: (_root, { orderGuid }, context) =>
      command(context, orderGuid, (guid, reviewer) => riskOf(context).reviews.claim(guid, reviewer)),
  }),
  approveRiskReview: t.field({
    type: RiskReviewRef,
    authScopes: riskReview,
    description:
      "Approves the payment: captured through order-to-cash (the order goes Paid), and Stripe's Radar review approved too",
    args: { orderGuid: t.arg.string({ required: true }) },
    resolve: (_root, { orderGuid }, context) =>
      command(context, orderGuid, (guid, reviewer) => riskOf(context).reviews.approve(guid, reviewer)),
  }),
  rejectRiskReview: t.field({
    type: RiskReviewRef,
    authScopes: riskReview,
    description:
      "Rejects the payment: the PaymentIntent cancelled as fraudulent, the nopCommerce order cancelled with a note; the identifiers named go on the blocklist",
    args: {
      orderGuid: t.arg.string({ required: true }),
      blocklist: t.arg({ type: [BlocklistKindEnum], description: "Identifiers of this payment to block from now on" }),
    },
    resolve: (_root, { orderGuid, blocklist }, context) =>
      command(context, orderGuid, (guid, reviewer) =>
        riskOf(context).reviews.reject(guid, reviewer, [...new Set(blocklist ?? [])] as BlocklistKind[]),
      ),
  }),
  noteRiskReview: t.field({
    type: RiskReviewRef,
    authScopes: riskReview,
    description: "Adds a reviewer's note to the review",
    args: { orderGuid: t.arg.string({ required: true }), text: t.arg.string({ required: true }) },
    resolve: (_root, { orderGuid, text }, context) =>
      command(context, orderGuid, (guid, reviewer) => riskOf(context).reviews.note(guid, reviewer, text)),
  }),
}));
