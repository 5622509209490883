import { z } from "zod";
import { orderGuidSchema } from "../../domain/ids.js";
import { defineJob } from "../../flow-kit/typed-job.js";

/** Runs an order's refunds again (after an admin refund whose other systems were not reachable at once). */
export const advanceRefundsJob = defineJob("refunds.advance", z.object({ orderGuid: orderGuidSchema }));
