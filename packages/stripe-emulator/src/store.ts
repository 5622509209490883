import { resourceMissing } from "./errors.js";
import { PayoutIndex } from "./payout-index.js";
import type { TestCard } from "./test-cards.js";

export interface StripeObjectLike {
  id: string;
  object: string;
}

/** Internal bookkeeping Stripe keeps but does not expose on the charge object. */
export interface ChargeInternals {
  card: TestCard;
  /** Uncaptured amount released by a partial capture or a cancellation. */
  released: number;
}

/** Confirmation options Stripe keeps on a PaymentIntent without exposing them. */
export interface IntentOptions {
  offSession: boolean;
  returnUrl: string | null;
  errorOnRequiresAction: boolean;
}

/**
 * In-memory state of the emulated account. Objects are kept exactly as returned by the API (ids for
 * references); ordering uses an insertion sequence so that lists are stable within one second.
 */
export class Store {
  private readonly objects = new Map<string, { value: StripeObjectLike; seq: number }>();
  /** Ids by object type, so listing one type costs the same however many objects of other types exist. */
  private readonly idsByType = new Map<string, Set<string>>();
  private nextSeq = 0;

  readonly cards = new Map<string, TestCard>();
  readonly charges = new Map<string, ChargeInternals>();
  readonly payouts = new PayoutIndex();
  /** Balance transactions still `pending` (see refreshAvailability). */
  readonly pendingFunds = new Set<string>();
  readonly webhookSecrets = new Map<string, string>();
  readonly intentOptions = new Map<string, IntentOptions>();
  /** PaymentMethods that paid without being attached to a customer: Stripe never lets them be used again. */
  readonly consumedPaymentMethods = new Set<string>();

  insert<T extends StripeObjectLike>(value: T): T {
    const existing = this.objects.get(value.id);
    this.objects.set(value.id, { value, seq: existing?.seq ?? this.nextSeq++ });
    if (!existing) {
      const ids = this.idsByType.get(value.object) ?? new Set<string>();
      this.idsByType.set(value.object, ids.add(value.id));
    }
    return value;
  }

  get(id: string): StripeObjectLike | undefined {
    return this.objects.get(id)?.value;
  }

  /** Returns the object when it exists with the given `object` type. */
  find<T>(id: string, objectType: string): T | undefined {
    const value = this.objects.get(id)?.value;
    if (!value || value.object !== objectType || (value as { deleted?: boolean }).deleted) return undefined;
    return value as T;
  }

  /** Like find, but a missing object is Stripe's 404 resource_missing (`No such <kind>: '<id>'`) on `param`. */
  findOrMissing<T>(id: string, objectType: string, param = "id", kind = objectType): T {
    const found = this.find<T>(id, objectType);
    if (!found) throw resourceMissing(kind, id, param);
    return found;
  }

  all<T>(objectType: string): T[] {
    const out: T[] = [];
    for (const id of this.idsByType.get(objectType) ?? []) {
      const value = this.objects.get(id)?.value;
      if (value?.object === objectType && !(value as { deleted?: boolean }).deleted) out.push(value as T);
    }
    return out;
  }

  seqOf(id: string): number {
    return this.objects.get(id)?.seq ?? -1;
  }

  clear(): void {
    this.objects.clear();
    this.idsByType.clear();
    this.cards.clear();
    this.charges.clear();
    this.payouts.clear();
    this.pendingFunds.clear();
    this.webhookSecrets.clear();
    this.intentOptions.clear();
    this.consumedPaymentMethods.clear();
  }
}
