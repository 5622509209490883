import { z } from "zod";
import { payoutIdSchema } from "../../domain/ids.js";
import { defineJob } from "../../flow-kit/typed-job.js";

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
