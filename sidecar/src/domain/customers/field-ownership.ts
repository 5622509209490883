import { z } from "zod";

/** The customer fields both systems hold, in Stripe's names (the sync compares them in Stripe's form). */
export const syncedFields = ["email", "name", "phone", "address", "shipping"] as const;
export type SyncedField = (typeof syncedFields)[number];

/** Who decides a field: always nopCommerce, always Stripe, or whichever side changed it last. */
export type FieldOwner = "nop" | "stripe" | "newest";

export type FieldOwnership = Record<SyncedField, FieldOwner>;

/**
 * The default: the e-mail is nopCommerce's (it is the store's login and must stay unique there); what the customer
 * edits in the billing portal (name, phone, addresses) goes by the newest change.
 */
export const defaultFieldOwnership: FieldOwnership = {
  email: "nop",
  name: "newest",
  phone: "newest",
  address: "newest",
  shipping: "newest",
};

const owner = z.enum(["nop", "stripe", "newest"]);

/** Checked at start-up: only known fields, only known owners; a field left out keeps its default. */
export const fieldOwnershipSchema = z
  .strictObject(
    Object.fromEntries(syncedFields.map((f) => [f, owner.optional()])) as Record<
      SyncedField,
      z.ZodOptional<typeof owner>
    >,
  )
  .transform((given): FieldOwnership => ({ ...defaultFieldOwnership, ...stripUndefined(given) }));

const stripUndefined = <T extends object>(o: T) =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;

/** Which side's value a field takes, given what changed since the last sync. */
export type Winner = "nop" | "stripe" | "unchanged";

export interface FieldChange {
  nopChanged: boolean;
  stripeChanged: boolean;
  /** When each side last changed (ms); for `newest`. */
  nopAt: number;
  stripeAt: number;
}

/**
 * Pure: one side changed it, that side wins unless the other owns the field; both changed it (a conflict), the
 * owner wins, `newest` the later change (nopCommerce on a tie: it is the store of record).
 */
export function winnerOf(owner: FieldOwner, change: FieldChange): Winner {
  const { nopChanged, stripeChanged } = change;
  if (!nopChanged && !stripeChanged) return "unchanged";
  switch (owner) {
    case "nop":
      return "nop";
    case "stripe":
      return "stripe";
    case "newest":
      if (nopChanged && stripeChanged) return change.stripeAt > change.nopAt ? "stripe" : "nop";
      return nopChanged ? "nop" : "stripe";
  }
}

/** The policy from configuration, or an error naming what is wrong (thrown at start-up). */
export function parseFieldOwnership(input: unknown): FieldOwnership {
  const parsed = fieldOwnershipSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new Error(`customer field ownership: ${issue?.path.join(".") || "(root)"}: ${issue?.message ?? "invalid"}`);
}
