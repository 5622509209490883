import type { SqlRunner } from "../../../db/migrate.js";
import type { DisputeStatus } from "../../../domain/dispute-state.js";
import type { ChargeId, DisputeId, PaymentIntentId } from "../../../domain/ids.js";
import { money } from "../../../domain/money.js";
import { type ActionLog, doneKeysSql, type LogEntry, loggedWith } from "../../../flow-kit/action-log.js";
import type { DisputeBalanceMove } from "../../../ports/stripe-disputes.js";
import { mergeDispute, newDisputeRecord } from "../dispute-observation.js";
import type { DisputeObservation, DisputePatch, DisputeRecord, DisputesStore } from "../disputes-store.js";

/** A balance movement as stored: minor units of one currency. */
interface StoredMove {
  balanceTransactionId: string;
  amount: number;
  fee: number;
  currency: string;
}

/** A row as it travels (to_jsonb): amounts as minor units, times as ISO text. */
export interface DisputeRow {
  disputeId: string;
  chargeId: string;
  paymentIntentId: string | null;
  status: string;
  reason: string;
  currency: string;
  amount: number;
  openedAt: string;
  dueBy: string | null;
  hasEvidence: boolean;
  submissionCount: number;
  pastDue: boolean;
  withdrawal: StoredMove | null;
  reinstatement: StoredMove | null;
  fulfillment: DisputeRecord["fulfillment"];
  evidence: DisputeRecord["evidence"];
  evidenceState: DisputeRecord["evidenceState"];
  evidenceApprovedBy: string | null;
  revision: number;
}

export const disputeColumns = `"disputeId", "chargeId", "paymentIntentId", status, reason, currency, amount,
  "openedAt", "dueBy", "hasEvidence", "submissionCount", "pastDue", withdrawal, reinstatement, fulfillment, evidence,
  "evidenceState", "evidenceApprovedBy", revision`;

const patchColumns = {
  fulfillment: "fulfillment",
  evidence: "evidence",
  evidenceState: '"evidenceState"',
  evidenceApprovedBy: '"evidenceApprovedBy"',
} as const satisfies Record<keyof DisputePatch, string>;

const moveOf = (m: StoredMove | null): DisputeBalanceMove | null =>
  m
    ? {
        balanceTransactionId: m.balanceTransactionId,
        amount: money(m.amount, m.currency),
        fee: money(m.fee, m.currency),
      }
    : null;

const storedMove = (m: DisputeBalanceMove | null): string | null =>
  m
    ? JSON.stringify({
        balanceTransactionId: m.balanceTransactionId,
        amount: m.amount.amount,
        fee: m.fee.amount,
        currency: m.amount.currency,
      })
    : null;

export function disputeOf(row: DisputeRow): DisputeRecord {
  return {
    disputeId: row.disputeId as DisputeId,
    chargeId: row.chargeId as ChargeId,
    paymentIntentId: row.paymentIntentId as PaymentIntentId | null,
    status: row.status as DisputeStatus,
    reason: row.reason,
    amount: money(row.amount, row.currency),
    openedAt: new Date(row.openedAt),
    dueBy: row.dueBy ? new Date(row.dueBy) : null,
    hasEvidence: row.hasEvidence,
    submissionCount: row.submissionCount,
    pastDue: row.pastDue,
    withdrawal: moveOf(row.withdrawal),
    reinstatement: moveOf(row.reinstatement),
    fulfillment: row.fulfillment,
    evidence: row.evidence,
    evidenceState: row.evidenceState,
    evidenceApprovedBy: row.evidenceApprovedBy,
  };
}

const stripeValues = (d: DisputeRecord) => [
  d.disputeId,
  d.chargeId,
  d.paymentIntentId,
  d.status,
  d.reason,
  d.amount.currency,
  d.amount.amount,
  d.openedAt.toISOString(),
  d.dueBy?.toISOString() ?? null,
  d.hasEvidence,
  d.submissionCount,
  d.pastDue,
  storedMove(d.withdrawal),
  storedMove(d.reinstatement),
];

/**
 * The flow's store in SQL on both backends. Stripe's side is merged forward in TypeScript (mergeDispute) and
 * written by compare-and-set on the revision, so two events about one dispute at once both count.
 */
export class SqlDisputesStore implements DisputesStore {
  private readonly flow: string;

  constructor(
    private readonly sql: SqlRunner,
    private readonly log: ActionLog,
  ) {
    this.flow = log.flow;
  }

  private async row(disputeId: DisputeId): Promise<DisputeRow | undefined> {
    const { rows } = await this.sql.query(
      `SELECT (SELECT to_jsonb(r) FROM (SELECT ${disputeColumns} FROM "Dispute" WHERE "disputeId" = $1) r) AS d`,
      [disputeId],
    );
    return (rows[0] as { d: DisputeRow | null } | undefined)?.d ?? undefined;
  }

  async get(disputeId: DisputeId): Promise<DisputeRecord | undefined> {
    const row = await this.row(disputeId);
    return row ? disputeOf(row) : undefined;
  }

  async load(disputeId: DisputeId) {
    const { rows } = await this.sql.query(
      `SELECT (SELECT to_jsonb(r) FROM (SELECT ${disputeColumns} FROM "Dispute" WHERE "disputeId" = $1) r) AS d,
         ${doneKeysSql("$2", "$1")} AS done`,
      [disputeId, this.flow],
    );
    const row = rows[0] as { d: DisputeRow | null; done: string[] } | undefined;
    return row?.d ? { dispute: disputeOf(row.d), done: new Set(row.done) } : undefined;
  }

  async observe(observation: DisputeObservation, event?: LogEntry): Promise<DisputeRecord> {
    if (event) await this.log.record(event);
    for (let attempt = 0; attempt < 20; attempt++) {
      const row = await this.row(observation.disputeId);
      if (!row) {
        const record = newDisputeRecord(observation);
        if (await this.insert(record)) return record;
        continue; // a concurrent first sight: merge into it
      }
      const { next, changed } = mergeDispute(disputeOf(row), observation);
      if (!changed || (await this.updateStripeSide(next, row.revision))) return next;
    }
    throw new Error(`dispute ${observation.disputeId}: too many concurrent updates`);
  }

  private async insert(d: DisputeRecord): Promise<boolean> {
    const { rows } = await this.sql.query(
      `INSERT INTO "Dispute" ("disputeId", "chargeId", "paymentIntentId", status, reason, currency, amount, "openedAt",
         "dueBy", "hasEvidence", "submissionCount", "pastDue", withdrawal, reinstatement, "updatedAt")
       VALUES ($1, $2, $3, $4, $5, $6, $7::bigint, $8::timestamptz, $9::timestamptz, $10, $11::int, $12, $13::jsonb,
         $14::jsonb, now())
       ON CONFLICT ("disputeId") DO NOTHING RETURNING 1 AS inserted`,
      stripeValues(d),
    );
    return rows.length === 1;
  }

  private async updateStripeSide(d: DisputeRecord, revision: number): Promise<boolean> {
    const { rows } = await this.sql.query(
      `UPDATE "Dispute" SET "chargeId" = $2, "paymentIntentId" = $3, status = $4, reason = $5, currency = $6,
         amount = $7::bigint, "openedAt" = $8::timestamptz, "dueBy" = $9::timestamptz, "hasEvidence" = $10,
         "submissionCount" = $11::int, "pastDue" = $12, withdrawal = $13::jsonb, reinstatement = $14::jsonb,
         revision = revision + 1, "updatedAt" = now()
       WHERE "disputeId" = $1 AND revision = $15::int RETURNING 1 AS updated`,
      [...stripeValues(d), revision],
    );
    return rows.length === 1;
  }

  async update(disputeId: DisputeId, patch: DisputePatch, entry?: LogEntry): Promise<void> {
    const entries = Object.entries(patch).filter(([, value]) => value !== undefined);
    const sets = entries.map(([field], i) => {
      const cast = field === "evidence" ? "::jsonb" : "";
      return `${patchColumns[field as keyof DisputePatch]} = $${i + 2}${cast}, `;
    });
    const values = entries.map(([field, value]) => (field === "evidence" ? JSON.stringify(value) : value));
    const logged = loggedWith(this.flow, entry, entries.length + 2);
    await this.sql.query(
      `${logged.with} UPDATE "Dispute" SET ${sets.join("")}revision = revision + 1, "updatedAt" = now()
       WHERE "disputeId" = $1`,
      [disputeId, ...values, ...logged.params],
    );
  }

  async linkOrder(disputeId: DisputeId, orderGuid: string, storeId: number | null): Promise<void> {
    await this.sql.query(
      `UPDATE "Dispute" SET "orderGuid" = $2, "storeId" = coalesce($3::int, "storeId")
       WHERE "disputeId" = $1 AND ("orderGuid" IS DISTINCT FROM $2 OR ("storeId" IS NULL AND $3::int IS NOT NULL))`,
      [disputeId, orderGuid, storeId],
    );
  }

  record(entry: LogEntry): Promise<boolean> {
    return this.log.record(entry);
  }
}
