import type { JobSpec } from "../../jobs/job-queue.js";

export const unknownOrderJob = "order-to-cash.unknown-order";

/**
 * The delayed check set off when Stripe holds money for an order nopCommerce has not described (its
 * order.placed may still be on its way, so only after `delayMs`). One per order: the job id is the order's.
 */
export const unknownOrderCheck = (orderGuid: string, delayMs: number): JobSpec => ({
  id: `${unknownOrderJob}~${orderGuid.toLowerCase()}`,
  name: unknownOrderJob,
  data: { orderGuid: orderGuid.toLowerCase() },
  delayMs,
});
