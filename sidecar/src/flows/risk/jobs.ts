import { z } from "zod";
import { orderGuidSchema } from "../../domain/ids.js";
import { defineJob } from "../../flow-kit/typed-job.js";

/**
 * Wakes an order's risk reconciler at its open review's alert time and again at its expiry time (the plan then
 * alerts, or applies the store's atExpiry rule). One per order, deadline and kind.
 */
export const reviewTimerJob = defineJob("risk.review-timer", z.object({ orderGuid: orderGuidSchema }));

/** Runs an order's risk reconciler (after a reviewer's decision, or by hand). */
export const advanceRiskJob = defineJob("risk.advance", z.object({ orderGuid: orderGuidSchema }));
