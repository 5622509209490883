import {
  type FieldOwnership,
  type SyncedField,
  syncedFields,
  type Winner,
  winnerOf,
} from "../../domain/customers/field-ownership.js";
import type { StripeCustomerValues } from "../../ports/stripe.js";

/** The synced fields of a customer in Stripe's form (no metadata). */
export type SyncValues = Omit<StripeCustomerValues, "metadata">;

export interface Conflict {
  field: SyncedField;
  nopValue: unknown;
  stripeValue: unknown;
  winner: Exclude<Winner, "unchanged">;
}

export interface SyncPlan {
  /** Fields Stripe must take from nopCommerce. */
  toStripe: Partial<SyncValues>;
  /** Fields nopCommerce must take from Stripe. */
  toNop: Partial<SyncValues>;
  /** Fields both sides changed (to different values) since the last sync. */
  conflicts: Conflict[];
  /** What both hold afterwards: the next sync's base. */
  merged: SyncValues;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/**
 * Pure: brings both sides together field by field against the values they last agreed on (`base`; none: nop's
 * values stand, it is the store of record). A field only one side changed goes that way unless the other side
 * owns it; a field both changed is a conflict, decided by the policy. Values already equal move nowhere, so a
 * sync that follows our own write sees nothing to do: no loop.
 */
export function planSync(
  nop: SyncValues,
  stripe: SyncValues,
  base: SyncValues | null,
  ownership: FieldOwnership,
  times: { nopAt: number; stripeAt: number },
): SyncPlan {
  const plan: SyncPlan = { toStripe: {}, toNop: {}, conflicts: [], merged: { ...nop } };
  const set = <F extends SyncedField>(target: Partial<SyncValues>, field: F, value: SyncValues[F]) => {
    target[field] = value;
  };
  for (const field of syncedFields) {
    if (same(nop[field], stripe[field])) continue;
    const from = base ?? stripe;
    const nopChanged = !same(nop[field], from[field]);
    const stripeChanged = base !== null && !same(stripe[field], from[field]);
    const winner = winnerOf(ownership[field], { nopChanged, stripeChanged, ...times });
    if (nopChanged && stripeChanged)
      plan.conflicts.push({
        field,
        nopValue: nop[field],
        stripeValue: stripe[field],
        winner: winner === "stripe" ? "stripe" : "nop",
      });
    if (winner === "stripe") {
      set(plan.toNop, field, stripe[field]);
      set(plan.merged, field, stripe[field]);
    } else {
      set(plan.toStripe, field, nop[field]);
    }
  }
  return plan;
}
