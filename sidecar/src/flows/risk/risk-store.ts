import type { NopOrder } from "@nop-stripe/contract/nop-entities.js";
import type { ChargeId, OrderGuid, PaymentIntentId } from "../../domain/ids.js";
import type { RiskAdvice } from "../../domain/risk/risk-advice.js";
import type { RiskAssessment, RiskBand, RiskFacts } from "../../domain/risk/risk-facts.js";
import type { StoreRiskRules } from "../../domain/risk/risk-rules.js";
import type { LogEntry } from "../../flow-kit/action-log.js";
import type { ModelFailure } from "../../llm/structured-model.js";

/** The identifiers a blocklist entry can name; values are hashes or Stripe/nop ids, never raw personal data. */
export type BlocklistKind = RiskFacts["blocklisted"][number];

/** This payment's identifiers as the blocklist and velocity see them (e-mail and IP hashed). */
export interface PaymentIdentities {
  customer: string | null;
  email: string | null;
  ip: string | null;
  card: string | null;
}

/** The decision record: what was scored, what the advisor said (or why it did not), and the band applied. */
export interface RiskDecision {
  assessment: RiskAssessment;
  advice: RiskAdvice | null;
  adviceFailure: ModelFailure | null;
  /** The band applied: the score's, or review when the advisor asked for a look at a low one. */
  band: RiskBand;
  /** The advisor's narrative, or one built from the reasons. */
  narrative: string;
  /** The customer's history as the reviewer sees it (from order-to-cash's orders). */
  history: RiskFacts["history"];
  identities: PaymentIdentities;
  decidedAt: Date;
}

/** One authorization decided by the score: a PaymentIntent made with `sidecar_risk: decide`. */
export interface RiskCase {
  orderGuid: OrderGuid;
  paymentIntentId: PaymentIntentId;
  chargeId: ChargeId | null;
  storeId: number | null;
  /** The amount authorized, in minor units of `currency` (lowercase ISO). */
  amountMinor: number;
  currency: string;
  /** When the uncaptured authorization expires (Stripe's capture_before, else 7 days after authorization). */
  captureBefore: Date;
  decision: RiskDecision | null;
}

export type ReviewStatus = "open" | "approved" | "rejected" | "expired" | "closed";

export interface ReviewNote {
  by: string;
  text: string;
  at: Date;
}

/** One review in the queue: from the score's review band, or a Stripe Radar review on the order's payment. */
export interface RiskReview {
  orderGuid: OrderGuid;
  paymentIntentId: PaymentIntentId | null;
  status: ReviewStatus;
  radarReviewId: string | null;
  /** Open while Stripe's review is open; closed there with this reason (approved, refunded, ...). */
  radarClosedReason: string | null;
  claimedBy: string | null;
  claimExpiresAt: Date | null;
  decidedBy: string | null;
  decidedAt: Date | null;
  notes: ReviewNote[];
  /** The authorization's expiry: the queue's order. Null for a Radar review on a payment not decided here. */
  captureBefore: Date | null;
  openedAt: Date;
}

/** Everything the plan reads about one order, in one go. */
export interface RiskState {
  riskCase: RiskCase | null;
  review: RiskReview | null;
  /** The order as order-to-cash stored it; undefined until nopCommerce described it. */
  order: NopOrder | undefined;
  done: ReadonlySet<string>;
  /** The store's risk rules (RISK_RULES). */
  rules: StoreRiskRules;
  now: Date;
}

export type ReviewPatch = Partial<
  Pick<RiskReview, "status" | "claimedBy" | "claimExpiresAt" | "decidedBy" | "decidedAt" | "radarClosedReason">
>;

/** The flow's storage port; the SQL adapter implements it (and test-support an in-memory one). */
export interface RiskStore {
  load(
    orderGuid: OrderGuid,
  ): Promise<{ riskCase: RiskCase | null; review: RiskReview | null; done: ReadonlySet<string> }>;
  /** First sight of an authorization to decide; a later sight changes nothing. */
  openCase(riskCase: Omit<RiskCase, "decision">, event?: LogEntry): Promise<void>;
  /** Stores the decision (and the authorization's expiry as the charge said it) with its log entry, once. */
  saveDecision(orderGuid: OrderGuid, decision: RiskDecision, captureBefore: Date, entry: LogEntry): Promise<void>;
  /** Inserts the review once; a second insert (a Radar review for the same order) links the Radar review to it. */
  openReview(review: RiskReview, entry?: LogEntry): Promise<RiskReview>;
  /** Compare-and-set on the status it expects (a claim, a decision): false when another change came first. */
  updateReview(
    orderGuid: OrderGuid,
    expected: { status: ReviewStatus; claimedBy?: string | null },
    patch: ReviewPatch,
    entry?: LogEntry,
  ): Promise<boolean>;
  addNote(orderGuid: OrderGuid, note: ReviewNote): Promise<boolean>;
  reviewOfRadar(radarReviewId: string): Promise<RiskReview | undefined>;
  /** Open reviews (or of a status), the authorization soonest to expire first; keyset after (captureBefore, guid). */
  listReviews(status: ReviewStatus, limit: number, after?: { orderGuid: string }): Promise<RiskReview[]>;
  record(entry: LogEntry): Promise<boolean>;
  /** Records this payment attempt once and counts the others per identity in each window before it. */
  velocity(
    attempt: { paymentIntentId: PaymentIntentId; orderGuid: OrderGuid; at: Date; identities: PaymentIdentities },
    windowsMs: readonly number[],
  ): Promise<RiskFacts["velocity"]>;
  blocklisted(identities: PaymentIdentities): Promise<BlocklistKind[]>;
  addToBlocklist(
    entries: Array<{ kind: BlocklistKind; value: string }>,
    by: string,
    orderGuid: OrderGuid,
  ): Promise<void>;
}

/** A review as it enters the queue: open, unclaimed, undecided, without notes. */
export function newOpenReview(
  fields: Pick<RiskReview, "orderGuid" | "paymentIntentId" | "radarReviewId" | "captureBefore" | "openedAt">,
): RiskReview {
  return {
    ...fields,
    status: "open",
    radarClosedReason: null,
    claimedBy: null,
    claimExpiresAt: null,
    decidedBy: null,
    decidedAt: null,
    notes: [],
  };
}
