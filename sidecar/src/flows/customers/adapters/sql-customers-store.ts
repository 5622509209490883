import { SqlBackfillCheckpoints } from "../../../backfill/sql-backfill-checkpoints.js";
import type { SqlRunner } from "../../../db/migrate.js";
import { type CustomerGuid, type StripeCustomerId, stripeCustomerIdSchema } from "../../../domain/ids.js";
import { type LogEntry, loggedWith } from "../../../flow-kit/action-log.js";
import type {
  BackfillCheckpoint,
  CustomerState,
  CustomersStore,
  LinkCreate,
  NopCustomerVersion,
  StripeCustomerLink,
  SyncOutcome,
} from "../customers-store.js";

// Rows travel as jsonb (to_jsonb), so bigints come back as JSON numbers on both drivers (pg and PGlite).
const linkJson = `(SELECT to_jsonb(l) FROM (SELECT "customerGuid", "nopCustomerId", "storeId", "stripeCustomerId"
  FROM "CustomerLink" WHERE "customerGuid" = $1 AND "stripeCustomerId" IS NOT NULL) l)`;
const syncJson = `(SELECT to_jsonb(s) FROM (SELECT "nopCustomer" AS customer, "nopVersion" AS version, "pushedVersion",
  "syncedValues" AS synced, (extract(epoch FROM "stripeChangedAt") * 1000)::float8 AS "stripeChangedAt"
  FROM "CustomerSync" WHERE "customerGuid" = $1) s)`;

type SyncRow = NopCustomerVersion & Pick<CustomerState, "pushedVersion" | "synced" | "stripeChangedAt">;

/** The flow's store in SQL through the driver, on both backends; each method is one statement. */
export class SqlCustomersStore implements CustomersStore {
  constructor(
    private readonly sql: SqlRunner,
    private readonly flow: string,
  ) {}

  async load(customerGuid: CustomerGuid): Promise<CustomerState | undefined> {
    const { rows } = await this.sql.query(`SELECT ${linkJson} AS link, ${syncJson} AS sync`, [customerGuid]);
    const row = rows[0] as { link: StripeCustomerLink | null; sync: SyncRow | null };
    if (!row.link && !row.sync) return undefined;
    return {
      customerGuid,
      link: row.link ? parseLink(row.link) : null,
      nop: row.sync ? { customer: row.sync.customer, version: row.sync.version } : null,
      pushedVersion: row.sync?.pushedVersion ?? null,
      synced: row.sync?.synced ?? null,
      stripeChangedAt: row.sync?.stripeChangedAt ?? null,
    };
  }

  async linkOf(customerGuid: CustomerGuid): Promise<StripeCustomerLink | undefined> {
    const { rows } = await this.sql.query(`SELECT ${linkJson} AS link`, [customerGuid]);
    const link = (rows[0] as { link: StripeCustomerLink | null }).link;
    return link ? parseLink(link) : undefined;
  }

  async recordNop(nop: NopCustomerVersion, entry: LogEntry, options: { inStripe?: boolean } = {}): Promise<boolean> {
    const logged = loggedWith(this.flow, entry, 7);
    const { rows } = await this.sql.query(
      `${logged.with} INSERT INTO "CustomerSync" ("customerGuid", "nopCustomerId", "storeId", "nopCustomer",
         "nopVersion", "pushedVersion", "updatedAt")
       VALUES ($1, $2, $3, $4::jsonb, $5, CASE WHEN $6::boolean THEN $5::bigint END, now())
       ON CONFLICT ("customerGuid") DO UPDATE SET "nopCustomer" = excluded."nopCustomer",
         "nopVersion" = excluded."nopVersion", "updatedAt" = now(),
         "pushedVersion" = CASE WHEN $6::boolean THEN excluded."nopVersion" ELSE "CustomerSync"."pushedVersion" END
       WHERE "CustomerSync"."nopVersion" < excluded."nopVersion"
       RETURNING 1 AS kept`,
      [
        entry.aggregate,
        nop.customer.id,
        nop.customer.registeredInStoreId,
        JSON.stringify(nop.customer),
        nop.version,
        options.inStripe === true,
        ...logged.params,
      ],
    );
    return rows.length === 1;
  }

  async beginLink(create: LinkCreate): Promise<LinkCreate & { stripeCustomerId: StripeCustomerId | null }> {
    await this.sql.query(
      `INSERT INTO "CustomerLink" ("customerGuid", "nopCustomerId", "storeId", "createParams", "createVersion")
       VALUES ($1, $2, $3, $4::jsonb, $5) ON CONFLICT ("customerGuid") DO NOTHING`,
      [create.customerGuid, create.nopCustomerId, create.storeId, JSON.stringify(create.values), create.version],
    );
    const { rows } = await this.sql.query(
      `SELECT to_jsonb(l) AS l FROM (SELECT "customerGuid", "nopCustomerId", "storeId", "stripeCustomerId",
         "createParams" AS values, "createVersion" AS version FROM "CustomerLink" WHERE "customerGuid" = $1) l`,
      [create.customerGuid],
    );
    const stored = (rows[0] as { l: LinkCreate & { stripeCustomerId: string | null } }).l;
    return {
      ...stored,
      stripeCustomerId: stored.stripeCustomerId === null ? null : stripeCustomerIdSchema.parse(stored.stripeCustomerId),
    };
  }

  async completeLink(customerGuid: CustomerGuid, stripeCustomerId: StripeCustomerId, entry: LogEntry): Promise<void> {
    const logged = loggedWith(this.flow, entry, 3);
    await this.sql.query(`${logged.with} UPDATE "CustomerLink" SET "stripeCustomerId" = $2 WHERE "customerGuid" = $1`, [
      customerGuid,
      stripeCustomerId,
      ...logged.params,
    ]);
  }

  async saveSync(customerGuid: CustomerGuid, outcome: SyncOutcome, entry: LogEntry): Promise<void> {
    const logged = loggedWith(this.flow, entry, 6);
    await this.sql.query(
      `WITH ${logged.cte} conflicts AS (
         INSERT INTO "CustomerConflict" (id, "customerGuid", field, "nopValue", "stripeValue", winner, policy)
         SELECT gen_random_uuid(), $1, c->>'field', c->'nopValue', c->'stripeValue', c->>'winner', c->>'policy'
         FROM jsonb_array_elements($5::jsonb) c)
       UPDATE "CustomerSync" SET "pushedVersion" = greatest(coalesce("pushedVersion", 0), $2::bigint),
         "syncedValues" = $3::jsonb, "updatedAt" = now(),
         "stripeChangedAt" = CASE WHEN "stripeChangedAt" <= to_timestamp($4::float8 / 1000) THEN NULL
           ELSE "stripeChangedAt" END
       WHERE "customerGuid" = $1`,
      [
        customerGuid,
        outcome.version,
        JSON.stringify(outcome.merged),
        outcome.stripeSeenAt ?? 0,
        JSON.stringify(outcome.conflicts),
        ...logged.params,
      ],
    );
  }

  async markStripeChanged(customerGuid: CustomerGuid, at: number, entry: LogEntry): Promise<boolean> {
    const logged = loggedWith(this.flow, entry, 3);
    const { rows } = await this.sql.query(
      `${logged.with} UPDATE "CustomerSync" SET "stripeChangedAt" =
         greatest(coalesce("stripeChangedAt", to_timestamp($2::float8 / 1000)), to_timestamp($2::float8 / 1000))
       WHERE "customerGuid" = $1 RETURNING 1 AS marked`,
      [customerGuid, at, ...logged.params],
    );
    return rows.length === 1;
  }

  checkpoint(name: string): Promise<BackfillCheckpoint | undefined> {
    return new SqlBackfillCheckpoints(this.sql, "CustomerBackfill").checkpoint(name);
  }

  saveCheckpoint(checkpoint: BackfillCheckpoint): Promise<void> {
    return new SqlBackfillCheckpoints(this.sql, "CustomerBackfill").saveCheckpoint(checkpoint);
  }
}

const parseLink = (link: StripeCustomerLink): StripeCustomerLink => ({
  ...link,
  stripeCustomerId: stripeCustomerIdSchema.parse(link.stripeCustomerId),
});
