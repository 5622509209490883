import type { OrderGuid } from "../../domain/ids.js";
import { type RiskRules, riskRulesForStore } from "../../domain/risk/risk-rules.js";
import type { JobSpec } from "../../jobs/job-queue.js";
import type { AdvanceRisk } from "./advance-risk.js";
import { advanceRiskJob } from "./jobs.js";
import { riskKey } from "./risk-actions.js";
import type { BlocklistKind, RiskReview, RiskStore } from "./risk-store.js";

/** A reviewer's command the queue refuses: the message says why (GraphQL shows it as it is). */
export class ReviewRefused extends Error {
  override name = "ReviewRefused";
}

const maxNoteLength = 2000;

/**
 * What a reviewer does to a review: claim it (one reviewer at a time, until the claim expires), approve (the flow
 * captures, and approves Stripe's Radar review), reject (the flow cancels as fraudulent and notes it; the payment's
 * identifiers may go on the blocklist), add a note. Decisions are compare-and-set on the open review, recorded in
 * the action log; GraphQL audits the mutation itself.
 */
export class ReviewCommands {
  constructor(
    private readonly store: RiskStore,
    private readonly advance: AdvanceRisk,
    private readonly rules: RiskRules,
    private readonly now: () => Date,
    private readonly enqueue: (jobs: JobSpec[]) => Promise<void> = async () => {},
  ) {}

  async claim(orderGuid: OrderGuid, reviewer: string): Promise<RiskReview> {
    const review = await this.open(orderGuid);
    this.refuseOthersClaim(review, reviewer);
    const storeRules = riskRulesForStore(this.rules, await this.storeOf(orderGuid));
    const claimExpiresAt = new Date(this.now().getTime() + storeRules.claimForMs);
    const claimed = await this.store.updateReview(
      orderGuid,
      { status: "open", claimedBy: review.claimedBy },
      { claimedBy: reviewer, claimExpiresAt },
      {
        key: riskKey(orderGuid, "claim", reviewer, String(claimExpiresAt.getTime())),
        aggregate: orderGuid,
        kind: "decision",
        name: "claim",
        detail: { reviewer, claimExpiresAt: claimExpiresAt.toISOString() },
      },
    );
    if (!claimed) throw new ReviewRefused(`review of order ${orderGuid} changed meanwhile; read it again`);
    return (await this.reviewOf(orderGuid))!;
  }

  approve(orderGuid: OrderGuid, reviewer: string): Promise<RiskReview> {
    return this.decide(orderGuid, reviewer, "approved", []);
  }

  async reject(orderGuid: OrderGuid, reviewer: string, blocklist: BlocklistKind[]): Promise<RiskReview> {
    return this.decide(orderGuid, reviewer, "rejected", blocklist);
  }

  async note(orderGuid: OrderGuid, reviewer: string, text: string): Promise<RiskReview> {
    const trimmed = text.trim();
    if (!trimmed || trimmed.length > maxNoteLength)
      throw new ReviewRefused(`a note is 1 to ${maxNoteLength} characters`);
    if (!(await this.store.addNote(orderGuid, { by: reviewer, text: trimmed, at: this.now() })))
      throw new ReviewRefused(`order ${orderGuid} has no risk review`);
    return (await this.reviewOf(orderGuid))!;
  }

  private async decide(
    orderGuid: OrderGuid,
    reviewer: string,
    status: "approved" | "rejected",
    blocklist: BlocklistKind[],
  ): Promise<RiskReview> {
    const review = await this.open(orderGuid);
    this.refuseOthersClaim(review, reviewer);
    const { riskCase } = await this.store.load(orderGuid);
    const identities = riskCase?.decision?.identities;
    const entries = blocklist.flatMap((kind) => {
      const value = identities?.[kind];
      return value ? [{ kind, value }] : [];
    });
    if (entries.length < blocklist.length)
      throw new ReviewRefused(`this payment has no ${blocklist.filter((k) => !identities?.[k]).join(", ")} to block`);
    const decided = await this.store.updateReview(
      orderGuid,
      { status: "open", claimedBy: review.claimedBy },
      { status, decidedBy: reviewer, decidedAt: this.now(), claimedBy: reviewer },
      {
        key: riskKey(orderGuid, "review-decision"),
        aggregate: orderGuid,
        kind: "decision",
        name: status === "approved" ? "approve" : "reject",
        detail: { reviewer, status, blocklist },
      },
    );
    if (!decided) throw new ReviewRefused(`review of order ${orderGuid} changed meanwhile; read it again`);
    await this.store.addToBlocklist(entries, reviewer, orderGuid);
    // The decision stands once stored: a job applies it if this run cannot (Stripe or nopCommerce down).
    await this.enqueue([advanceRiskJob.with({ orderGuid }, { idParts: [orderGuid, status] })]);
    await this.advance.run(orderGuid).catch(() => {});
    return (await this.reviewOf(orderGuid))!;
  }

  private async open(orderGuid: OrderGuid): Promise<RiskReview> {
    const review = await this.reviewOf(orderGuid);
    if (!review) throw new ReviewRefused(`order ${orderGuid} has no risk review`);
    if (review.status !== "open")
      throw new ReviewRefused(
        `review of order ${orderGuid} is ${review.status}${review.decidedBy ? ` by ${review.decidedBy}` : ""}`,
      );
    return review;
  }

  private refuseOthersClaim(review: RiskReview, reviewer: string) {
    const held = review.claimedBy && review.claimExpiresAt && review.claimExpiresAt > this.now();
    if (held && review.claimedBy !== reviewer)
      throw new ReviewRefused(
        `review of order ${review.orderGuid} is claimed by ${review.claimedBy} until ${review.claimExpiresAt!.toISOString()}`,
      );
  }

  private async reviewOf(orderGuid: OrderGuid) {
    return (await this.store.load(orderGuid)).review ?? undefined;
  }

  private async storeOf(orderGuid: OrderGuid): Promise<number> {
    return (await this.store.load(orderGuid)).riskCase?.storeId ?? 0;
  }
}
