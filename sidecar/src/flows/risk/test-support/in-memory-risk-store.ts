import type { OrderGuid, PaymentIntentId } from "../../../domain/ids.js";
import type { VelocityCount } from "../../../domain/risk/risk-facts.js";
import type { LogEntry } from "../../../flow-kit/action-log.js";
import type {
  BlocklistKind,
  PaymentIdentities,
  ReviewNote,
  ReviewPatch,
  ReviewStatus,
  RiskCase,
  RiskDecision,
  RiskReview,
  RiskStore,
} from "../risk-store.js";

/** The store port in memory, for the flow's unit tests: the same rules as the SQL adapter, no database. */
export class InMemoryRiskStore implements RiskStore {
  readonly cases = new Map<string, RiskCase>();
  readonly reviews = new Map<string, RiskReview>();
  readonly log = new Map<string, LogEntry>();
  readonly attempts: Array<{ paymentIntentId: PaymentIntentId; at: Date; identities: PaymentIdentities }> = [];
  readonly blocklist = new Map<string, { kind: BlocklistKind; value: string; by: string }>();

  async load(orderGuid: OrderGuid) {
    const done = [...this.log.values()]
      .filter((e) => e.aggregate === orderGuid && e.kind === "action")
      .map((e) => e.key);
    return {
      riskCase: structuredClone(this.cases.get(orderGuid) ?? null),
      review: structuredClone(this.reviews.get(orderGuid) ?? null),
      done: new Set<string>(done),
    };
  }

  async openCase(c: Omit<RiskCase, "decision">, event?: LogEntry) {
    if (!this.cases.has(c.orderGuid)) this.cases.set(c.orderGuid, { ...c, decision: null });
    if (event) await this.record(event);
  }

  async saveDecision(orderGuid: OrderGuid, decision: RiskDecision, captureBefore: Date, entry: LogEntry) {
    const c = this.cases.get(orderGuid);
    if (!c || c.decision) return;
    this.cases.set(orderGuid, { ...c, decision: structuredClone(decision), captureBefore });
    await this.record(entry);
  }

  async openReview(review: RiskReview, entry?: LogEntry) {
    const known = this.reviews.get(review.orderGuid);
    const stored = known
      ? {
          ...known,
          radarReviewId: known.radarReviewId ?? review.radarReviewId,
          captureBefore: known.captureBefore ?? review.captureBefore,
        }
      : review;
    this.reviews.set(review.orderGuid, structuredClone(stored));
    if (entry) await this.record(entry);
    return structuredClone(stored);
  }

  async updateReview(
    orderGuid: OrderGuid,
    expected: { status: ReviewStatus; claimedBy?: string | null },
    patch: ReviewPatch,
    entry?: LogEntry,
  ) {
    const review = this.reviews.get(orderGuid);
    if (!review || review.status !== expected.status) return false;
    if (expected.claimedBy !== undefined && review.claimedBy !== expected.claimedBy) return false;
    this.reviews.set(orderGuid, { ...review, ...patch });
    if (entry) await this.record(entry);
    return true;
  }

  async addNote(orderGuid: OrderGuid, note: ReviewNote) {
    const review = this.reviews.get(orderGuid);
    if (!review) return false;
    review.notes.push(note);
    return true;
  }

  async reviewOfRadar(radarReviewId: string) {
    return [...this.reviews.values()].find((r) => r.radarReviewId === radarReviewId);
  }

  async listReviews(status: ReviewStatus, limit: number, after?: { orderGuid: string }) {
    const key = (r: RiskReview) => [r.captureBefore?.getTime() ?? Number.POSITIVE_INFINITY, r.orderGuid] as const;
    const sorted = [...this.reviews.values()]
      .filter((r) => r.status === status)
      .sort((a, b) => key(a)[0] - key(b)[0] || key(a)[1].localeCompare(key(b)[1]));
    const start = after ? sorted.findIndex((r) => r.orderGuid === after.orderGuid) + 1 : 0;
    return sorted.slice(start, start + limit);
  }

  async record(entry: LogEntry) {
    if (this.log.has(entry.key)) return false;
    this.log.set(entry.key, entry);
    return true;
  }

  async velocity(
    attempt: { paymentIntentId: PaymentIntentId; orderGuid: OrderGuid; at: Date; identities: PaymentIdentities },
    windowsMs: readonly number[],
  ): Promise<VelocityCount[]> {
    if (!this.attempts.some((a) => a.paymentIntentId === attempt.paymentIntentId)) this.attempts.push(attempt);
    const me = this.attempts.find((a) => a.paymentIntentId === attempt.paymentIntentId)!;
    const keys = (["customer", "email", "ip", "card"] as const).filter((k) => me.identities[k] !== null);
    return keys.flatMap((key) =>
      windowsMs.map((windowMs) => ({
        key,
        windowMs,
        count: this.attempts.filter(
          (a) =>
            a.paymentIntentId !== me.paymentIntentId &&
            a.identities[key] === me.identities[key] &&
            a.at <= me.at &&
            a.at.getTime() > me.at.getTime() - windowMs,
        ).length,
      })),
    );
  }

  async blocklisted(identities: PaymentIdentities) {
    return [...this.blocklist.values()]
      .filter((e) => identities[e.kind] === e.value)
      .map((e) => e.kind)
      .sort();
  }

  async addToBlocklist(entries: Array<{ kind: BlocklistKind; value: string }>, by: string) {
    for (const e of entries)
      if (!this.blocklist.has(`${e.kind}:${e.value}`)) this.blocklist.set(`${e.kind}:${e.value}`, { ...e, by });
  }
}
