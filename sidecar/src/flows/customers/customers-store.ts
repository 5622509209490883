import type { NopCustomer } from "@nop-stripe/contract/nop-entities.js";
import type { BackfillCheckpoints } from "../../backfill/paged-backfill.js";
import type { CustomerGuid, StripeCustomerId } from "../../domain/ids.js";
import type { LogEntry } from "../../flow-kit/action-log.js";
import type { StripeCustomerFields, StripeCustomerValues } from "../../ports/stripe.js";

/** A nopCommerce customer's one Stripe customer. */
export interface StripeCustomerLink {
  customerGuid: CustomerGuid;
  nopCustomerId: number;
  storeId: number;
  stripeCustomerId: StripeCustomerId;
}

/** The Stripe create of a customer's link, as it is (or was) sent. */
export interface LinkCreate {
  customerGuid: CustomerGuid;
  nopCustomerId: number;
  storeId: number;
  values: StripeCustomerValues;
  /** The nop version the values came from; null: from an order only. */
  version: number | null;
}

/** The newest description of a customer nopCommerce gave, with its version (the plugin's outbox sequence). */
export interface NopCustomerVersion {
  customer: NopCustomer;
  version: number;
}

/** Everything the plan reads about one customer. */
export interface CustomerState {
  customerGuid: CustomerGuid;
  link: StripeCustomerLink | null;
  /** Null: known only from an order (order-to-cash asked for the link), not from a customer event or a backfill. */
  nop: NopCustomerVersion | null;
  /** The nop version both sides were last brought together at; null: not yet. */
  pushedVersion: number | null;
  /** The values both sides agreed on then; null: never synced. */
  synced: StripeCustomerFields | null;
  /** When the latest change in Stripe not yet brought over was made (ms); null: none pending. */
  stripeChangedAt: number | null;
}

/** A conflict as recorded: a field both sides changed, and whose value won by the policy. */
export interface RecordedConflict {
  field: string;
  nopValue: unknown;
  stripeValue: unknown;
  winner: "nop" | "stripe";
  policy: string;
}

/** What a sync leaves: the version both sides now match, their values, what was in conflict. */
export interface SyncOutcome {
  version: number;
  merged: StripeCustomerFields;
  /** The Stripe change this sync took in (a later one stays pending). */
  stripeSeenAt: number | null;
  conflicts: RecordedConflict[];
}

export type { BackfillCheckpoint } from "../../backfill/paged-backfill.js";

export interface CustomersStore extends BackfillCheckpoints {
  load(customerGuid: CustomerGuid): Promise<CustomerState | undefined>;
  linkOf(customerGuid: CustomerGuid): Promise<StripeCustomerLink | undefined>;
  /**
   * Keeps this description when it is newer than the stored one; false: an older or the same version (a
   * duplicate or a late event), nothing changed. `inStripe`: its values are Stripe's already (a change written
   * back from Stripe), so it is not pushed back.
   */
  recordNop(nop: NopCustomerVersion, entry: LogEntry, options?: { inStripe?: boolean }): Promise<boolean>;
  /**
   * Stores the create's request before it is sent, once: a create begun earlier (then a crash) stands and is
   * returned, so its retry sends the same parameters under the same key.
   */
  beginLink(create: LinkCreate): Promise<LinkCreate & { stripeCustomerId: StripeCustomerId | null }>;
  /** Writes the Stripe customer's id on the begun link, with its log entry. */
  completeLink(customerGuid: CustomerGuid, stripeCustomerId: StripeCustomerId, entry: LogEntry): Promise<void>;
  /** Stores a sync's outcome with its log entry (and its conflicts), in one statement. */
  saveSync(customerGuid: CustomerGuid, outcome: SyncOutcome, entry: LogEntry): Promise<void>;
  /** A change made in Stripe (portal, dashboard) at `at`: the customer is to be synced. False: not a customer of ours. */
  markStripeChanged(customerGuid: CustomerGuid, at: number, entry: LogEntry): Promise<boolean>;
}
