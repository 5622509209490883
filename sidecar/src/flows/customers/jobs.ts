import { backfillJobPayload } from "../../backfill/backfill-job.js";
import { defineScheduledJob } from "../../flow-kit/scheduled-job.js";
import { defineJob } from "../../flow-kit/typed-job.js";

/** A backfill started by an admin (GraphQL): resumes from its checkpoint when retried after a crash. */
export const backfillJob = defineJob("customers.backfill", backfillJobPayload);

/** The scheduled drift check, one job per time slot (flow-kit/scheduled-job.ts). */
export const driftCheckJob = defineScheduledJob("customers.drift-check");
