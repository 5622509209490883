import { z } from "zod";
import { disputeIdSchema } from "../../domain/ids.js";
import { defineJob } from "../../flow-kit/typed-job.js";

/**
 * Wakes a dispute's reconciler when its evidence due date nears (the plan then alerts if nothing was submitted).
 * One per dispute and due date: a due date Stripe moves makes a new timer.
 */
export const disputeDueSoonJob = defineJob("disputes.due-soon", z.object({ disputeId: disputeIdSchema }));

/** Runs a dispute's reconciler (after its evidence was approved, or by hand). */
export const advanceDisputeJob = defineJob("disputes.advance", z.object({ disputeId: disputeIdSchema }));
