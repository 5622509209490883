import type { NopCustomer } from "@nop-stripe/contract/nop-entities.js";
import type { FlowSql } from "../../flow-kit/flow-host.js";
import type { StripeCustomerFields } from "../../ports/stripe.js";
import { stripeValuesOf } from "./stripe-customer-values.js";

/** A conflict as GraphQL shows it. */
export interface ConflictView {
  id: string;
  field: string;
  nopValue: unknown;
  stripeValue: unknown;
  winner: "nop" | "stripe";
  policy: string;
  at: Date;
}

/** A customer as GraphQL shows it: nopCommerce's side and what both sides last agreed on, side by side. */
export interface CustomerView {
  customerGuid: string;
  nopCustomerId: number;
  storeId: number;
  stripeCustomerId: string | null;
  /** nopCommerce's newest description, in Stripe's form (addresses standardized), so the two compare. */
  nop: StripeCustomerFields | null;
  /** The values both sides agreed on at the last sync (what Stripe holds unless it changed since). */
  synced: StripeCustomerFields | null;
  nopVersion: number | null;
  syncedVersion: number | null;
  /** A change made in Stripe not yet brought over. */
  stripeChangePending: boolean;
  conflictCount: number;
  updatedAt: Date;
}

/** A difference the drift check found, as GraphQL shows it. */
export interface CustomerDriftView {
  id: string;
  customerGuid: string;
  field: string;
  nopValue: unknown;
  stripeValue: unknown;
  status: "open" | "cleared";
  firstSeenAt: Date;
  lastSeenAt: Date;
  clearedAt: Date | null;
}

export interface DriftFilter {
  status?: "open" | "cleared";
  customerGuid?: string;
  /** Newest last seen first, after this position. */
  after?: { at: Date; id: string };
  limit: number;
}

export interface CustomerFilter {
  storeIds?: readonly number[];
  withConflicts?: boolean;
  after?: { at: Date; id: string };
  limit: number;
}

type DriftRow = Omit<CustomerDriftView, "firstSeenAt" | "lastSeenAt" | "clearedAt"> & {
  firstSeenAt: string;
  lastSeenAt: string;
  clearedAt: string | null;
};

type Row = Omit<CustomerView, "nop" | "updatedAt"> & { nopCustomer: NopCustomer | null; updatedAt: string };

const select = `SELECT l."customerGuid", coalesce(s."nopCustomerId", l."nopCustomerId") AS "nopCustomerId",
    coalesce(s."storeId", l."storeId") AS "storeId", l."stripeCustomerId", s."nopCustomer", s."syncedValues" AS synced,
    s."nopVersion", s."pushedVersion" AS "syncedVersion", s."stripeChangedAt" IS NOT NULL AS "stripeChangePending",
    (SELECT count(*)::int FROM "CustomerConflict" c WHERE c."customerGuid" = l."customerGuid") AS "conflictCount",
    greatest(l."createdAt", s."updatedAt") AS "updatedAt"
  FROM "CustomerLink" l LEFT JOIN "CustomerSync" s ON s."customerGuid" = l."customerGuid"`;

/** What GraphQL shows of customers; it only maps this. */
export class CustomersReadModel {
  constructor(private readonly sql: FlowSql) {}

  async byGuid(customerGuid: string): Promise<CustomerView | undefined> {
    const { rows } = await this.sql.query(`SELECT to_jsonb(r) AS r FROM (${select} WHERE l."customerGuid" = $1) r`, [
      customerGuid.toLowerCase(),
    ]);
    const row = (rows[0] as { r: Row } | undefined)?.r;
    return row ? view(row) : undefined;
  }

  /** Newest change first; `after` continues a page. */
  async list(filter: CustomerFilter): Promise<CustomerView[]> {
    const { rows } = await this.sql.query(
      `SELECT to_jsonb(r) AS r FROM (${select}) r
       WHERE ($1::int[] IS NULL OR r."storeId" = ANY($1::int[]))
         AND (NOT $2::boolean OR r."conflictCount" > 0)
         AND ($3::timestamptz IS NULL OR (r."updatedAt", r."customerGuid") < ($3::timestamptz, $4::text))
       ORDER BY r."updatedAt" DESC, r."customerGuid" DESC LIMIT $5`,
      [
        filter.storeIds ?? null,
        filter.withConflicts === true,
        filter.after?.at.toISOString() ?? null,
        filter.after?.id ?? "",
        filter.limit + 1,
      ],
    );
    return rows.map((r) => view((r as { r: Row }).r));
  }

  async conflictsOf(customerGuid: string): Promise<ConflictView[]> {
    const { rows } = await this.sql.query(
      `SELECT to_jsonb(c) AS c FROM (SELECT id, field, "nopValue", "stripeValue", winner, policy, at
         FROM "CustomerConflict" WHERE "customerGuid" = $1 ORDER BY at DESC) c`,
      [customerGuid.toLowerCase()],
    );
    return rows.map((r) => {
      const c = (r as { c: ConflictView & { at: string } }).c;
      return { ...c, at: new Date(c.at) };
    });
  }

  /** The drift check's rows, newest last seen first; `limit + 1` rows tell whether there is a next page. */
  async drifts(filter: DriftFilter): Promise<CustomerDriftView[]> {
    const { rows } = await this.sql.query(
      `SELECT to_jsonb(d) AS d FROM "CustomerDrift" d
       WHERE ($1::text IS NULL OR d.status = $1) AND ($2::text IS NULL OR d."customerGuid" = $2)
         AND ($3::timestamptz IS NULL OR (d."lastSeenAt", d.id) < ($3::timestamptz, $4::text))
       ORDER BY d."lastSeenAt" DESC, d.id DESC LIMIT $5`,
      [
        filter.status ?? null,
        filter.customerGuid?.toLowerCase() ?? null,
        filter.after?.at.toISOString() ?? null,
        filter.after?.id ?? "",
        filter.limit + 1,
      ],
    );
    return rows.map((r) => {
      const d = (r as { d: DriftRow }).d;
      const clearedAt = d.clearedAt === null ? null : new Date(d.clearedAt);
      return { ...d, firstSeenAt: new Date(d.firstSeenAt), lastSeenAt: new Date(d.lastSeenAt), clearedAt };
    });
  }
}

function view(row: Row): CustomerView {
  const { nopCustomer, updatedAt, ...rest } = row;
  const nop = nopCustomer ? (({ metadata: _, ...fields }) => fields)(stripeValuesOf(nopCustomer, null)) : null;
  return { ...rest, nop, updatedAt: new Date(updatedAt) };
}
