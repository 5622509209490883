import type { OrderGuid } from "../../domain/ids.js";
import type { RiskAdvice } from "../../domain/risk/risk-advice.js";
import type { RiskBand, RiskFacts, RiskRuleHit, RiskSignal } from "../../domain/risk/risk-facts.js";
import type { ModelFailure } from "../../llm/structured-model.js";
import type { ReviewNote, ReviewStatus, RiskReview, RiskStore } from "./risk-store.js";

/** What the reviewer sees of one review: the review, and the decision record that sent the order there. */
export interface RiskReviewView {
  id: string;
  orderGuid: OrderGuid;
  /** The order's store (null until known): store-limited tokens see their stores' reviews only. */
  storeId: number | null;
  status: ReviewStatus;
  source: "score" | "radar";
  radarReviewId: string | null;
  radarClosedReason: string | null;
  /** When the authorization expires: the queue's order. */
  captureBefore: Date | null;
  openedAt: Date;
  claim: { by: string; expiresAt: Date; active: boolean } | null;
  decidedBy: string | null;
  decidedAt: Date | null;
  notes: ReviewNote[];
  decision: {
    score: number;
    scoreBand: RiskBand;
    band: RiskBand;
    model: { name: string; version: number };
    signals: RiskSignal[];
    rulesHit: RiskRuleHit[];
    narrative: string;
    advice: RiskAdvice | null;
    adviceFailure: ModelFailure | null;
    history: RiskFacts["history"];
    decidedAt: Date;
  } | null;
}

/** The queue as GraphQL shows it: reviews with their decision records, the authorization soonest to expire first. */
export class RiskReadModel {
  constructor(
    private readonly store: Pick<RiskStore, "listReviews" | "load">,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async list(status: ReviewStatus, limit: number, after?: string): Promise<RiskReviewView[]> {
    const reviews = await this.store.listReviews(status, limit, after ? { orderGuid: after } : undefined);
    return Promise.all(reviews.map((r) => this.viewOf(r)));
  }

  async byOrder(orderGuid: OrderGuid): Promise<RiskReviewView | undefined> {
    const { review } = await this.store.load(orderGuid);
    return review ? this.viewOf(review) : undefined;
  }

  private async viewOf(review: RiskReview): Promise<RiskReviewView> {
    const riskCase = (await this.store.load(review.orderGuid)).riskCase;
    const decision = riskCase?.decision ?? null;
    const { claimedBy, claimExpiresAt } = review;
    return {
      id: review.orderGuid,
      orderGuid: review.orderGuid,
      storeId: riskCase?.storeId ?? null,
      status: review.status,
      source: decision ? "score" : "radar",
      radarReviewId: review.radarReviewId,
      radarClosedReason: review.radarClosedReason,
      captureBefore: review.captureBefore,
      openedAt: review.openedAt,
      claim:
        claimedBy && claimExpiresAt
          ? {
              by: claimedBy,
              expiresAt: claimExpiresAt,
              active: claimExpiresAt > this.now() && review.status === "open",
            }
          : null,
      decidedBy: review.decidedBy,
      decidedAt: review.decidedAt,
      notes: review.notes,
      decision: decision
        ? {
            score: decision.assessment.score,
            scoreBand: decision.assessment.band,
            band: decision.band,
            model: decision.assessment.model,
            signals: decision.assessment.signals,
            rulesHit: decision.assessment.rulesHit,
            narrative: decision.narrative,
            advice: decision.advice,
            adviceFailure: decision.adviceFailure,
            history: decision.history,
            decidedAt: decision.decidedAt,
          }
        : null,
    };
  }
}
