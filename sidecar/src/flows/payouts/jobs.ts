import { z } from "zod";
import { type PayoutId, payoutIdSchema } from "../../domain/ids.js";
import { defineJob } from "../../flow-kit/typed-job.js";
import type { JobSpec } from "../../jobs/job-queue.js";

/**
 * `payouts.reconcile`: reconciles, journals and posts one payout (fetched from Stripe first when it is not stored
 * yet, as in the backfill). Webhooks, the backfill and the bench all queue this one job.
 */
export const reconcilePayoutJob = defineJob("payouts.reconcile", z.object({ payoutId: payoutIdSchema }));

/** `payouts.backfill`: pages through Stripe's paid payouts created in a range and queues a reconcile for each new one. */
export const backfillPayoutsJob = defineJob(
  "payouts.backfill",
  z.object({
    createdFrom: z.number().int().optional(),
    createdTo: z.number().int().optional(),
    startingAfter: payoutIdSchema.optional(),
  }),
);

/** The backfill's job for one page of the range: the same range and page make the same job. */
export function backfillJob(range: { createdFrom?: number; createdTo?: number }, startingAfter?: PayoutId): JobSpec {
  const parts = [String(range.createdFrom ?? "start"), String(range.createdTo ?? "now"), startingAfter ?? "first"];
  return backfillPayoutsJob.with({ ...range, ...(startingAfter ? { startingAfter } : {}) }, { idParts: parts });
}
