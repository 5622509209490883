import type { SqlRunner } from "../../../db/migrate.js";
import type { ChargeId, OrderGuid, PaymentIntentId } from "../../../domain/ids.js";
import type { VelocityCount, VelocityKey } from "../../../domain/risk/risk-facts.js";
import { type ActionLog, doneKeysSql, type LogEntry, loggedWith } from "../../../flow-kit/action-log.js";
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

/** Rows as they travel (to_jsonb): times as ISO text, amounts as numbers. */
interface CaseRow {
  orderGuid: string;
  paymentIntentId: string;
  chargeId: string | null;
  storeId: number | null;
  amountMinor: number;
  currency: string;
  captureBefore: string;
  decision: (Omit<RiskDecision, "decidedAt"> & { decidedAt: string }) | null;
}

interface ReviewRow {
  orderGuid: string;
  paymentIntentId: string | null;
  status: ReviewStatus;
  radarReviewId: string | null;
  radarClosedReason: string | null;
  claimedBy: string | null;
  claimExpiresAt: string | null;
  decidedBy: string | null;
  decidedAt: string | null;
  notes: Array<Omit<ReviewNote, "at"> & { at: string }>;
  captureBefore: string | null;
  openedAt: string;
}

const caseColumns = `"orderGuid", "paymentIntentId", "chargeId", "storeId", "amountMinor", currency, "captureBefore", decision`;
const reviewColumns = `"orderGuid", "paymentIntentId", status, "radarReviewId", "radarClosedReason", "claimedBy",
  "claimExpiresAt", "decidedBy", "decidedAt", notes, "captureBefore", "openedAt"`;
const date = (text: string | null) => (text === null ? null : new Date(text));

function caseOf(row: CaseRow): RiskCase {
  return {
    orderGuid: row.orderGuid as OrderGuid,
    paymentIntentId: row.paymentIntentId as PaymentIntentId,
    chargeId: row.chargeId as ChargeId | null,
    storeId: row.storeId,
    amountMinor: Number(row.amountMinor),
    currency: row.currency,
    captureBefore: new Date(row.captureBefore),
    decision: row.decision ? { ...row.decision, decidedAt: new Date(row.decision.decidedAt) } : null,
  };
}

export function reviewOf(row: ReviewRow): RiskReview {
  return {
    orderGuid: row.orderGuid as OrderGuid,
    paymentIntentId: row.paymentIntentId as PaymentIntentId | null,
    status: row.status,
    radarReviewId: row.radarReviewId,
    radarClosedReason: row.radarClosedReason,
    claimedBy: row.claimedBy,
    claimExpiresAt: date(row.claimExpiresAt),
    decidedBy: row.decidedBy,
    decidedAt: date(row.decidedAt),
    notes: row.notes.map((n) => ({ ...n, at: new Date(n.at) })),
    captureBefore: date(row.captureBefore),
    openedAt: new Date(row.openedAt),
  };
}

const patchColumns = {
  status: "status",
  claimedBy: '"claimedBy"',
  claimExpiresAt: '"claimExpiresAt"',
  decidedBy: '"decidedBy"',
  decidedAt: '"decidedAt"',
  radarClosedReason: '"radarClosedReason"',
} as const satisfies Record<keyof ReviewPatch, string>;

const identityColumns = {
  customer: '"customerKey"',
  email: '"emailHash"',
  ip: '"ipHash"',
  card: '"cardFingerprint"',
} as const satisfies Record<VelocityKey, string>;

const identityEntries = (identities: PaymentIdentities) =>
  (Object.keys(identityColumns) as VelocityKey[])
    .map((kind) => ({ kind, value: identities[kind] }))
    .filter((e): e is { kind: VelocityKey; value: string } => e.value !== null);

/** The flow's store in SQL on both backends; each change and its log entry in one statement. */
export class SqlRiskStore implements RiskStore {
  private readonly flow: string;

  constructor(
    private readonly sql: SqlRunner,
    private readonly log: ActionLog,
  ) {
    this.flow = log.flow;
  }

  async load(orderGuid: OrderGuid) {
    const { rows } = await this.sql.query(
      `SELECT (SELECT to_jsonb(r) FROM (SELECT ${caseColumns} FROM "RiskCase" WHERE "orderGuid" = $1) r) AS c,
         (SELECT to_jsonb(r) FROM (SELECT ${reviewColumns} FROM "RiskReview" WHERE "orderGuid" = $1) r) AS v,
         ${doneKeysSql("$2", "$1")} AS done`,
      [orderGuid, this.flow],
    );
    const row = rows[0] as { c: CaseRow | null; v: ReviewRow | null; done: string[] };
    return {
      riskCase: row.c ? caseOf(row.c) : null,
      review: row.v ? reviewOf(row.v) : null,
      done: new Set(row.done),
    };
  }

  async openCase(c: Omit<RiskCase, "decision">, event?: LogEntry): Promise<void> {
    const logged = loggedWith(this.flow, event, 8);
    await this.sql.query(
      `${logged.with} INSERT INTO "RiskCase" ("orderGuid", "paymentIntentId", "chargeId", "storeId", "amountMinor",
         currency, "captureBefore", "updatedAt")
       VALUES ($1, $2, $3, $4::int, $5::bigint, $6, $7::timestamptz, now())
       ON CONFLICT ("orderGuid") DO UPDATE SET "chargeId" = coalesce("RiskCase"."chargeId", excluded."chargeId")`,
      [
        c.orderGuid,
        c.paymentIntentId,
        c.chargeId,
        c.storeId,
        c.amountMinor,
        c.currency,
        c.captureBefore.toISOString(),
        ...logged.params,
      ],
    );
  }

  async saveDecision(orderGuid: OrderGuid, decision: RiskDecision, captureBefore: Date, entry: LogEntry) {
    const logged = loggedWith(this.flow, entry, 4);
    await this.sql.query(
      `${logged.with} UPDATE "RiskCase" SET decision = $2::jsonb, "captureBefore" = $3::timestamptz, "updatedAt" = now()
       WHERE "orderGuid" = $1 AND decision IS NULL`,
      [orderGuid, JSON.stringify(decision), captureBefore.toISOString(), ...logged.params],
    );
  }

  async openReview(review: RiskReview, entry?: LogEntry): Promise<RiskReview> {
    const logged = loggedWith(this.flow, entry, 7);
    const { rows } = await this.sql.query(
      `${logged.with} INSERT INTO "RiskReview" ("orderGuid", "paymentIntentId", status, "radarReviewId",
         "captureBefore", "openedAt", "updatedAt")
       VALUES ($1, $2, $3, $4, $5::timestamptz, $6::timestamptz, now())
       ON CONFLICT ("orderGuid") DO UPDATE SET "radarReviewId" = coalesce("RiskReview"."radarReviewId",
         excluded."radarReviewId"), "captureBefore" = coalesce("RiskReview"."captureBefore", excluded."captureBefore")
       RETURNING (SELECT to_jsonb(r) FROM (SELECT "RiskReview".*) r) AS v`,
      [
        review.orderGuid,
        review.paymentIntentId,
        review.status,
        review.radarReviewId,
        review.captureBefore?.toISOString() ?? null,
        review.openedAt.toISOString(),
        ...logged.params,
      ],
    );
    return reviewOf((rows[0] as { v: ReviewRow }).v);
  }

  async updateReview(
    orderGuid: OrderGuid,
    expected: { status: ReviewStatus; claimedBy?: string | null },
    patch: ReviewPatch,
    entry?: LogEntry,
  ): Promise<boolean> {
    const entries = Object.entries(patch).filter(([, value]) => value !== undefined);
    const sets = entries.map(([field], i) => `${patchColumns[field as keyof ReviewPatch]} = $${i + 4}, `);
    const values = entries.map(([, value]) => (value instanceof Date ? value.toISOString() : value));
    // $3 is the claim expected, or null (and unchecked) when any claim will do.
    const claimGuard =
      expected.claimedBy === undefined ? "AND $3::text IS NULL" : `AND "claimedBy" IS NOT DISTINCT FROM $3::text`;
    const logged = loggedWith(this.flow, entry, entries.length + 4);
    const p = (i: number) => `$${entries.length + 4 + i}`;
    // The log entry is written only when the row changed: a lost compare-and-set leaves no trace.
    const logIfChanged = entry
      ? `, logged AS (INSERT INTO "ActionLogEntry" (id, key, flow, aggregate, kind, name, detail, at)
           SELECT ${p(0)}::uuid, ${p(1)}, ${p(2)}, ${p(3)}, ${p(4)}, ${p(5)}, ${p(6)}::jsonb,
             coalesce(${p(7)}::timestamptz, now()) FROM changed ON CONFLICT (key) DO NOTHING)`
      : "";
    const { rows } = await this.sql.query(
      `WITH changed AS (UPDATE "RiskReview" SET ${sets.join("")}"updatedAt" = now()
         WHERE "orderGuid" = $1 AND status = $2 ${claimGuard} RETURNING 1)${logIfChanged}
       SELECT count(*)::int AS n FROM changed`,
      [orderGuid, expected.status, expected.claimedBy ?? null, ...values, ...logged.params],
    );
    return (rows[0] as { n: number }).n === 1;
  }

  async addNote(orderGuid: OrderGuid, note: ReviewNote): Promise<boolean> {
    const { rows } = await this.sql.query(
      `UPDATE "RiskReview" SET notes = notes || jsonb_build_array($2::jsonb), "updatedAt" = now()
       WHERE "orderGuid" = $1 RETURNING 1`,
      [orderGuid, JSON.stringify({ ...note, at: note.at.toISOString() })],
    );
    return rows.length === 1;
  }

  async reviewOfRadar(radarReviewId: string): Promise<RiskReview | undefined> {
    const { rows } = await this.sql.query(
      `SELECT (SELECT to_jsonb(r) FROM (SELECT ${reviewColumns} FROM "RiskReview" WHERE "radarReviewId" = $1) r) AS v`,
      [radarReviewId],
    );
    const row = (rows[0] as { v: ReviewRow | null }).v;
    return row ? reviewOf(row) : undefined;
  }

  async listReviews(status: ReviewStatus, limit: number, after?: { orderGuid: string }): Promise<RiskReview[]> {
    // Soonest expiry first; reviews without an authorization to expire last.
    const { rows } = await this.sql.query(
      `WITH ordered AS (SELECT ${reviewColumns}, coalesce("captureBefore", 'infinity'::timestamptz) AS k
         FROM "RiskReview" WHERE status = $1)
       SELECT coalesce(jsonb_agg(to_jsonb(r) - 'k' ORDER BY r.k, r."orderGuid"), '[]') AS list FROM (
         SELECT * FROM ordered o WHERE $3::text IS NULL OR (o.k, o."orderGuid") >
           (SELECT a.k, a."orderGuid" FROM ordered a WHERE a."orderGuid" = $3)
         ORDER BY o.k, o."orderGuid" LIMIT $2) r`,
      [status, limit, after?.orderGuid ?? null],
    );
    return (rows[0] as { list: ReviewRow[] }).list.map(reviewOf);
  }

  record(entry: LogEntry): Promise<boolean> {
    return this.log.record(entry);
  }

  async velocity(
    attempt: { paymentIntentId: PaymentIntentId; orderGuid: OrderGuid; at: Date; identities: PaymentIdentities },
    windowsMs: readonly number[],
  ): Promise<VelocityCount[]> {
    const { identities } = attempt;
    // The first sight's time stands: a replay counts the same attempts.
    await this.sql.query(
      `INSERT INTO "RiskPaymentAttempt" ("paymentIntentId", "orderGuid", "customerKey", "emailHash", "ipHash",
         "cardFingerprint", at) VALUES ($1, $2, $3, $4, $5, $6, $7::timestamptz) ON CONFLICT ("paymentIntentId") DO NOTHING`,
      [
        attempt.paymentIntentId,
        attempt.orderGuid,
        identities.customer,
        identities.email,
        identities.ip,
        identities.card,
        attempt.at.toISOString(),
      ],
    );
    const counts: VelocityCount[] = [];
    for (const { kind, value } of identityEntries(identities)) {
      const { rows } = await this.sql.query(
        `SELECT coalesce(jsonb_agg((SELECT count(*) FROM "RiskPaymentAttempt" o WHERE o.${identityColumns[kind]} = $2
           AND o."paymentIntentId" <> $1 AND o.at <= me.at AND o.at > me.at - w * interval '1 millisecond')
           ORDER BY ord), '[]') AS counts
         FROM "RiskPaymentAttempt" me, unnest($3::bigint[]) WITH ORDINALITY AS windows(w, ord)
         WHERE me."paymentIntentId" = $1`,
        [attempt.paymentIntentId, value, windowsMs],
      );
      const perWindow = (rows[0] as { counts: number[] }).counts;
      for (const [i, windowMs] of windowsMs.entries())
        counts.push({ key: kind, windowMs, count: Number(perWindow[i] ?? 0) });
    }
    return counts;
  }

  async blocklisted(identities: PaymentIdentities): Promise<BlocklistKind[]> {
    const entries = identityEntries(identities);
    if (entries.length === 0) return [];
    const { rows } = await this.sql.query(
      `SELECT coalesce(jsonb_agg(kind ORDER BY kind), '[]') AS kinds FROM "RiskBlocklist"
       WHERE (kind, value) IN (SELECT * FROM unnest($1::text[], $2::text[]))`,
      [entries.map((e) => e.kind), entries.map((e) => e.value)],
    );
    return (rows[0] as { kinds: BlocklistKind[] }).kinds;
  }

  async addToBlocklist(entries: Array<{ kind: BlocklistKind; value: string }>, by: string, orderGuid: OrderGuid) {
    if (entries.length === 0) return;
    await this.sql.query(
      `INSERT INTO "RiskBlocklist" (kind, value, "addedBy", "orderGuid")
       SELECT kind, value, $3, $4 FROM unnest($1::text[], $2::text[]) AS e(kind, value)
       ON CONFLICT (kind, value) DO NOTHING`,
      [entries.map((e) => e.kind), entries.map((e) => e.value), by, orderGuid],
    );
  }
}
