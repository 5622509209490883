import { z } from "zod";

/** What an admin's backfill job carries (GraphQL): its checkpoint's name and the page size. */
export const backfillJobPayload = z.object({
  name: z.string().min(1).max(100),
  pageSize: z.number().int().min(1).max(500),
});
