import { z } from "zod";
import { defineJob } from "../../flow-kit/typed-job.js";

/**
 * The scheduled drift check, one job per time slot: every process that starts schedules the same slot's job (one
 * id, so queued once), and each run schedules the next slot.
 */
export const driftCheckJob = defineJob("subscriptions.drift-check", z.object({ slot: z.number().int().min(0) }));
