import type { JobSpec } from "../../jobs/job-queue.js";

export const advanceOrderJob = "order-to-cash.advance";

/** A job that runs AdvanceOrder for one order; `cause` keeps one job per triggering fact. */
export function advanceJob(orderGuid: string, cause: string): JobSpec {
  return {
    // BullMQ refuses ":" in custom job ids.
    id: `${advanceOrderJob}~${orderGuid.toLowerCase()}~${cause}`.replaceAll(":", "-"),
    name: advanceOrderJob,
    data: { orderGuid: orderGuid.toLowerCase() },
  };
}
