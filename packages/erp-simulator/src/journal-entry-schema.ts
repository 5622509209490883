import { currencyCode } from "@nop-stripe/simulator-support/address-schema.js";
import { z } from "zod";

const positiveMinorUnits = z.number().int().positive();

const lineSchema = z
  .object({
    account: z.string().min(1),
    debit: positiveMinorUnits.optional(),
    credit: positiveMinorUnits.optional(),
    currency: currencyCode,
    memo: z.string().optional(),
  })
  .refine((l) => (l.debit === undefined) !== (l.credit === undefined), {
    message: "a line has exactly one of debit or credit",
    path: ["debit"],
  });

/** POST /journal-entries. Amounts are positive integers in the currency's minor unit. */
export const journalEntryRequestSchema = z.object({
  /** Groups entries of one source, e.g. a Stripe payout id; searchable with ?reference=. */
  reference: z.string().min(1),
  date: z.iso.date(),
  memo: z.string().optional(),
  lines: z.array(lineSchema).min(2),
});

export type JournalEntryRequest = z.output<typeof journalEntryRequestSchema>;

export interface JournalEntry extends JournalEntryRequest {
  id: string;
  entryNumber: string;
  status: "posted";
  createdAt: string;
}
