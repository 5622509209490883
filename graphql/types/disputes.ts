import { canSeeStore, isStoreScoped } from "../../sidecar/src/auth/actor.js";
import { type DisputeStatus, disputeStatuses } from "../../sidecar/src/domain/dispute-state.js";
import { type DisputeId, disputeIdSchema } from "../../sidecar/src/domain/ids.js";
import type { DisputeView } from "../../sidecar/src/flows/disputes/index.js";
import { type DisputeEvidence, evidenceFields } from "../../sidecar/src/ports/stripe-disputes.js";
import { adminOnly, anyToken, customerData } from "../access.js";
import { badArgument, badUserInput, isStorableText } from "../arguments.js";
import { builder } from "../builder.js";
import type { GraphqlContext } from "../context.js";
import { pageSize, parseAfter, toConnection } from "../pagination.js";
import { MoneyRef } from "./money.js";
import { UnifiedOrderRef } from "./order.js";

// Reads through the disputes flow's read model, writes through its evidence commands; this file only maps them.
// Evidence holds the customer's name, e-mail and addresses: not for read-only tokens.

const DisputeStatusEnum = builder.enumType("DisputeStatus", {
  description: "Stripe's dispute status (warning_* are inquiries)",
  values: disputeStatuses,
});

const EvidenceRef = builder.objectRef<DisputeEvidence>("DisputeEvidence").implement({
  description: "Evidence as Stripe's text fields; drafted by the sidecar, edited and approved by an admin",
  fields: (t) =>
    Object.fromEntries(
      evidenceFields.map((f) => [f, t.string({ nullable: true, resolve: (e: DisputeEvidence) => e[f] ?? null })]),
    ),
});

const EvidenceInput = builder.inputType("DisputeEvidenceInput", {
  description: "Fields of the evidence to set; an empty string removes one; fields left out stay as they are",
  fields: (t) => Object.fromEntries(evidenceFields.map((f) => [f, t.string({ required: false })])),
});

const DisputeRef = builder.objectRef<DisputeView>("Dispute").implement({
  description: "A Stripe dispute and what the sidecar did about it in each system",
  fields: (t) => ({
    id: t.id({ description: "Stripe's dispute id", resolve: (d) => d.disputeId }),
    chargeId: t.exposeString("chargeId"),
    paymentIntentId: t.exposeString("paymentIntentId", { nullable: true }),
    orderGuid: t.exposeString("orderGuid", { nullable: true }),
    status: t.field({ type: DisputeStatusEnum, resolve: (d) => d.status }),
    outcome: t.exposeString("outcome", { description: "open, kept (won, inquiry closed, prevented) or lost" }),
    reason: t.exposeString("reason"),
    amount: t.field({ type: MoneyRef, description: "The disputed amount", resolve: (d) => d.amount }),
    fee: t.field({ type: MoneyRef, nullable: true, description: "The dispute fee Stripe took", resolve: (d) => d.fee }),
    withdrawn: t.field({ type: MoneyRef, nullable: true, resolve: (d) => d.withdrawal?.amount ?? null }),
    reinstated: t.field({ type: MoneyRef, nullable: true, resolve: (d) => d.reinstatement?.amount ?? null }),
    openedAt: t.expose("openedAt", { type: "DateTime" }),
    dueBy: t.expose("dueBy", { type: "DateTime", nullable: true, description: "Evidence due by (Stripe's due_by)" }),
    fulfillment: t.exposeString("fulfillment", {
      nullable: true,
      description: "held, shipped (not held: it had left), no-request, released or cancelled",
    }),
    evidenceState: t.exposeString("evidenceState", { description: "none, drafted, approved or submitted" }),
    evidence: t.field({ type: EvidenceRef, nullable: true, authScopes: customerData, resolve: (d) => d.evidence }),
    evidenceApprovedBy: t.exposeString("evidenceApprovedBy", { nullable: true }),
    hasEvidence: t.exposeBoolean("hasEvidence", { description: "Stripe's evidence_details.has_evidence" }),
    submissionCount: t.exposeInt("submissionCount"),
    pastDue: t.exposeBoolean("pastDue", { description: "Stripe: the last submission came after the due date" }),
    updatedAt: t.expose("updatedAt", { type: "DateTime" }),
  }),
});

builder.objectField(UnifiedOrderRef, "disputes", (t) =>
  t.field({
    type: [DisputeRef],
    description: "Disputes of the order's payment, newest first",
    resolve: (o, _args, { disputes }) => disputes.forOrder(o.orderGuid),
  }),
);

const disputeId = (raw: string): DisputeId => {
  const parsed = disputeIdSchema.safeParse(raw);
  if (!parsed.success) throw badArgument("id", "is not a Stripe dispute id (du_…)");
  return parsed.data;
};

const visible = (actor: GraphqlContext["actor"], d: DisputeView | undefined) =>
  d && canSeeStore(actor, d.storeId) ? d : null;

builder.queryFields((t) => ({
  dispute: t.field({
    type: DisputeRef,
    nullable: true,
    authScopes: anyToken,
    description: "One dispute by its Stripe id (null when not found or in a store the token does not cover)",
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_root, { id }, { disputes, actor }) => visible(actor, await disputes.byId(disputeId(String(id)))),
  }),
  disputes: t.connection({
    type: DisputeRef,
    authScopes: anyToken,
    description: "Disputes, newest first (by when they opened)",
    args: {
      status: t.arg({ type: [DisputeStatusEnum], description: "Any of" }),
      openedAfter: t.arg({ type: "DateTime", description: "Inclusive" }),
      openedBefore: t.arg({ type: "DateTime", description: "Exclusive" }),
    },
    resolve: async (_root, args, { disputes, actor }) => {
      const size = pageSize(args);
      const after = parseAfter(args.after, isStorableText) ?? undefined;
      const page = await disputes.list({
        ...(isStoreScoped(actor) ? { storeIds: actor.storeIds } : {}),
        ...(args.status ? { statuses: args.status as DisputeStatus[] } : {}),
        ...(args.openedAfter ? { openedAfter: args.openedAfter } : {}),
        ...(args.openedBefore ? { openedBefore: args.openedBefore } : {}),
        ...(after ? { after } : {}),
        limit: size,
      });
      return toConnection(
        page.map((d) => ({ ...d, id: d.disputeId })),
        size,
        (d) => d.openedAt,
      );
    },
  }),
}));

/** The command's answer, or its refusal as BAD_USER_INPUT (nothing changed). */
async function answer(
  actor: GraphqlContext["actor"],
  run: Promise<Awaited<ReturnType<GraphqlContext["disputeEvidence"]["approve"]>>>,
) {
  const result = await run;
  if (!result.ok) throw badUserInput(result.error.message);
  const view = visible(actor, result.value);
  if (!view) throw badUserInput("no such dispute in the stores this token covers");
  return view;
}

builder.mutationFields((t) => ({
  updateDisputeEvidence: t.field({
    type: DisputeRef,
    authScopes: adminOnly,
    description: "Edits the drafted evidence of an open dispute (refused once approved or submitted)",
    args: { id: t.arg.id({ required: true }), evidence: t.arg({ type: EvidenceInput, required: true }) },
    resolve: async (_root, { id, evidence }, { disputeEvidence, disputes, actor }) => {
      const target = disputeId(String(id));
      if (!visible(actor, await disputes.byId(target))) throw badUserInput(`no dispute ${target}`);
      const fields = Object.fromEntries(Object.entries(evidence).filter(([, v]) => v != null)) as DisputeEvidence;
      return answer(actor, disputeEvidence.edit(target, fields, actor.name));
    },
  }),
  approveDisputeEvidence: t.field({
    type: DisputeRef,
    authScopes: adminOnly,
    description: "Approves the drafted evidence; the sidecar then submits it to Stripe (once) before the due date",
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_root, { id }, { disputeEvidence, disputes, actor }) => {
      const target = disputeId(String(id));
      if (!visible(actor, await disputes.byId(target))) throw badUserInput(`no dispute ${target}`);
      return answer(actor, disputeEvidence.approve(target, actor.name));
    },
  }),
}));
