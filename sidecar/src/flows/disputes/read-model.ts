import { type DisputeStatus, disputeOutcome } from "../../domain/dispute-state.js";
import type { DisputeId } from "../../domain/ids.js";
import type { Money } from "../../domain/money.js";
import { ActionLog, type StoredLogEntry } from "../../flow-kit/action-log.js";
import type { FlowSql } from "../../flow-kit/flow-host.js";
import { type DisputeRow, disputeColumns, disputeOf } from "./adapters/sql-disputes-store.js";
import { disputesFlow } from "./dispute-actions.js";
import type { DisputeRecord } from "./disputes-store.js";

/** A dispute as GraphQL shows it: Stripe's state, the money as Money, what the flow did, the evidence. */
export interface DisputeView extends DisputeRecord {
  orderGuid: string | null;
  storeId: number | null;
  outcome: "open" | "kept" | "lost";
  /** The dispute fee Stripe took (from the withdrawal), when funds were withdrawn. */
  fee: Money | null;
  updatedAt: Date;
}

export interface DisputeFilter {
  statuses?: readonly DisputeStatus[];
  /** Only these stores (a store-limited token). */
  storeIds?: readonly number[];
  openedAfter?: Date;
  openedBefore?: Date;
  /** Keyset: disputes opened before this one (newest first). */
  after?: { at: Date; id: string };
  limit: number;
}

type Row = DisputeRow & { orderGuid: string | null; storeId: number | null; updatedAt: string };

const viewOf = (row: Row): DisputeView => {
  const record = disputeOf(row);
  return {
    ...record,
    orderGuid: row.orderGuid,
    storeId: row.storeId,
    outcome: disputeOutcome(record.status),
    fee: record.withdrawal?.fee ?? null,
    updatedAt: new Date(row.updatedAt),
  };
};

const select = `SELECT coalesce(jsonb_agg(to_jsonb(r) ORDER BY r."openedAt" DESC, r."disputeId" DESC), '[]') AS rows
  FROM (SELECT ${disputeColumns}, "orderGuid", "storeId", "updatedAt" FROM "Dispute"`;

/** What GraphQL reads of disputes; GraphQL only maps it. */
export class DisputesReadModel {
  private readonly log: ActionLog;

  constructor(private readonly sql: FlowSql) {
    this.log = new ActionLog(sql, disputesFlow);
  }

  private async rows(where: string, params: unknown[], tail = ""): Promise<DisputeView[]> {
    const { rows } = await this.sql.query(`${select} WHERE ${where} ${tail}) r`, params);
    return (rows[0] as { rows: Row[] }).rows.map(viewOf);
  }

  async byId(disputeId: DisputeId): Promise<DisputeView | undefined> {
    return (await this.rows(`"disputeId" = $1`, [disputeId]))[0];
  }

  forOrder(orderGuid: string): Promise<DisputeView[]> {
    return this.rows(`"orderGuid" = $1`, [orderGuid]);
  }

  /** Newest first; `limit + 1` rows tell the caller whether there is a next page. */
  list(filter: DisputeFilter): Promise<DisputeView[]> {
    const params: unknown[] = [];
    const p = (value: unknown, cast = "") => {
      params.push(value);
      return `$${params.length}${cast}`;
    };
    const where = ["TRUE"];
    if (filter.statuses?.length) where.push(`status = ANY(${p(filter.statuses, "::text[]")})`);
    if (filter.storeIds) where.push(`"storeId" = ANY(${p(filter.storeIds, "::int[]")})`);
    if (filter.openedAfter) where.push(`"openedAt" >= ${p(filter.openedAfter.toISOString(), "::timestamptz")}`);
    if (filter.openedBefore) where.push(`"openedAt" < ${p(filter.openedBefore.toISOString(), "::timestamptz")}`);
    if (filter.after)
      where.push(
        `("openedAt", "disputeId") < (${p(filter.after.at.toISOString(), "::timestamptz")}, ${p(filter.after.id)})`,
      );
    return this.rows(
      where.join(" AND "),
      params,
      `ORDER BY "openedAt" DESC, "disputeId" DESC LIMIT ${p(filter.limit + 1, "::int")}`,
    );
  }

  /** What the flow did about the dispute, oldest first. */
  timeline(disputeId: DisputeId): Promise<StoredLogEntry[]> {
    return this.log.entries([disputeId]);
  }
}
