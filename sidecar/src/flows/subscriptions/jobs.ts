import { backfillJobPayload } from "../../backfill/backfill-job.js";
import { defineScheduledJob } from "../../flow-kit/scheduled-job.js";
import { defineJob } from "../../flow-kit/typed-job.js";

/**
 * The scheduled drift check, one job per time slot: every process that starts schedules the same slot's job (one
 * id, so queued once), and each run schedules the next slot.
 */
export const driftCheckJob = defineScheduledJob("subscriptions.drift-check");

/** A backfill started by an admin (GraphQL): resumes from its checkpoint when retried after a crash. */
export const backfillJob = defineJob("subscriptions.backfill", backfillJobPayload);
